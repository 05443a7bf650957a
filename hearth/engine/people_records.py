"""Read a people list (CSV or Excel, Chinese or English headers) into validated records.

Plain Python: no Django. Every bad row and every bad field is reported, with the row number a
person sees in their spreadsheet (the header is row 1) and the column header as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hearth.engine import i18n

Translate = Callable[[str], str]

# Canonical field → accepted headers (compared after _norm_header).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "name", "full name"),
    "employee_id": ("工号", "员工编号", "员工号", "employee_id", "employee id", "employee number", "staff id"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail"),
    "team": ("团队", "班组", "小组", "team"),
    "parent_team": ("上级团队", "上级班组", "parent_team", "parent team"),
    "roles": ("角色", "roles", "role"),
    "hire_date": ("入职日期", "hire_date", "hire date", "start date"),
    "languages": ("语言", "languages", "language"),
    "time_zone": ("时区", "time_zone", "time zone", "timezone"),
    "shift_pattern": ("班次", "shift_pattern", "shift pattern", "shift"),
    "helpdesk_accounts": ("客服账号", "helpdesk_accounts", "helpdesk accounts", "helpdesk account"),
    "status": ("状态", "在职状态", "status"),
    "leave_date": ("离职日期", "leave_date", "leave date"),
    "leave_reason": ("离职原因", "leave_reason", "leave reason"),
    "ui_language": ("界面语言", "ui_language", "ui language", "display language"),
}
REQUIRED_FIELDS = ("employee_id", "name")

ROLE_IDS = ("agent", "team_lead", "social_worker", "trainer", "hr", "manager", "admin")
ROLE_ALIASES: dict[str, str] = {
    "客服": "agent", "坐席": "agent", "客服专员": "agent",
    "组长": "team_lead", "班长": "team_lead", "teamlead": "team_lead", "lead": "team_lead",
    "社工": "social_worker", "咨询师": "social_worker", "socialworker": "social_worker",
    "培训": "trainer", "质检": "trainer", "培训师": "trainer", "qa": "trainer", "培训/质检": "trainer",
    "人事": "hr", "人力资源": "hr",
    "经理": "manager", "中心经理": "manager", "centre_manager": "manager", "center_manager": "manager",
    "管理员": "admin", "administrator": "admin",
}
SHIFT_ALIASES: dict[str, str] = {
    "day": "day", "evening": "evening", "night": "night", "rotating": "rotating",
    "白班": "day", "中班": "evening", "晚班": "evening", "夜班": "night", "轮班": "rotating",
}
STATUS_ALIASES: dict[str, str] = {
    "active": "active", "on_leave": "on_leave", "left": "left",
    "在职": "active", "休假": "on_leave", "离职": "left", "已离职": "left",
}
LANGUAGE_ALIASES: dict[str, str] = {
    "中文": "zh", "汉语": "zh", "普通话": "zh", "chinese": "zh", "mandarin": "zh",
    "粤语": "yue", "cantonese": "yue",
    "英语": "en", "英文": "en", "english": "en",
    "日语": "ja", "日文": "ja", "japanese": "ja",
    "韩语": "ko", "韩文": "ko", "korean": "ko",
    "西班牙语": "es", "spanish": "es",
    "法语": "fr", "french": "fr",
    "德语": "de", "german": "de",
    "俄语": "ru", "russian": "ru",
    "葡萄牙语": "pt", "portuguese": "pt",
    "意大利语": "it", "italian": "it",
    "阿拉伯语": "ar", "arabic": "ar",
    "泰语": "th", "thai": "th",
    "越南语": "vi", "vietnamese": "vi",
    "印尼语": "id", "indonesian": "id",
    "马来语": "ms", "malay": "ms",
}
UI_LANGUAGE_ALIASES: dict[str, str] = {
    "zh-hans": "zh-hans", "zh_hans": "zh-hans", "zh": "zh-hans", "zh-cn": "zh-hans",
    "中文": "zh-hans", "简体中文": "zh-hans", "chinese": "zh-hans",
    "en": "en", "english": "en", "英语": "en", "英文": "en",
}

_LIST_SPLIT = re.compile(r"[,，、;；|/\n]+")
_ROLE_SPLIT = re.compile(r"[,，、;；|\n]+")
_DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANG_CODE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class RowError:
    """One problem in a people file: where it is (row as seen in the spreadsheet, column as written) and what."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return format_error(self)


@dataclass(frozen=True)
class PersonRecord:
    """One validated row of a people file; empty strings/None mean the cell was blank."""

    row: int
    employee_id: str
    name: str
    email: str = ""
    team: str = ""
    parent_team: str = ""
    roles: tuple[str, ...] = ("agent",)
    hire_date: dt.date | None = None
    languages: tuple[str, ...] = ()
    time_zone: str = ""
    shift_pattern: str = ""
    helpdesk_accounts: tuple[tuple[str, str], ...] = ()
    status: str = ""
    leave_date: dt.date | None = None
    leave_reason: str = ""
    ui_language: str = ""


@dataclass(frozen=True)
class PeopleFile:
    """What a people file holds: the good records, every error, and which columns it has."""

    filename: str
    records: tuple[PersonRecord, ...]
    errors: tuple[RowError, ...]
    headers: dict[str, str] = field(default_factory=dict)  # canonical field → header as written

    @property
    def columns(self) -> frozenset[str]:
        """The canonical fields present as columns (absent ones must be left alone on import)."""
        return frozenset(self.headers)

    def header_for(self, field_name: str) -> str:
        """The column header as written in the file for a canonical field."""
        return self.headers.get(field_name, field_name)


def format_error(error: RowError, *, translate: Translate | None = None) -> str:
    """'FILE row N, column C: message', or 'FILE: message' for whole-file problems."""
    t = translate or i18n.gettext
    if error.row is None:
        return t("{file}: {message}").format(file=error.file, message=error.message)
    if error.column is None:
        return t("{file} row {row}: {message}").format(file=error.file, row=error.row, message=error.message)
    return t("{file} row {row}, column {column}: {message}").format(
        file=error.file, row=error.row, column=error.column, message=error.message
    )


def translator(language: str | None) -> Translate:
    """Engine translation into `language` ('en' or 'zh_Hans'); None means the command-line language."""
    if language is None:
        return i18n.gettext
    return i18n._catalog(language).gettext


def _norm_header(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lstrip("\ufeff").lower())


_HEADER_LOOKUP: dict[str, str] = {
    _norm_header(alias): field_name for field_name, aliases in HEADER_ALIASES.items() for alias in aliases
}


def _cell_text(value: object) -> str:
    """A cell as text: 1024.0 → '1024', dates → ISO, None → ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line and "，" not in first_line:
        for candidate in ("\t", ";"):
            if candidate in first_line:
                delimiter = candidate
                break
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx_rows(path: Path) -> list[list[object]]:
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_people_file(path: str | Path, *, filename: str | None = None, language: str | None = None) -> PeopleFile:
    """Read and validate a .csv or .xlsx people list; `filename` names it in errors (default: its name)."""
    path = Path(path)
    name = filename or path.name
    t = translator(language)
    # An upload is stored under a temporary name: its original name decides the format.
    suffix = Path(name).suffix.lower()

    def whole_file(message: str) -> PeopleFile:
        return PeopleFile(filename=name, records=(), errors=(RowError(name, None, None, message),))

    if suffix not in {".csv", ".xlsx"}:
        return whole_file(t("Unsupported file type: use a .csv or .xlsx file."))
    try:
        rows = _read_csv_rows(path.read_bytes()) if suffix == ".csv" else _read_xlsx_rows(path)
    except Exception:  # any unreadable file (bad zip, bad encoding, missing) is the same answer
        return whole_file(t("The file cannot be read; save it as CSV (UTF-8) or Excel (.xlsx) and try again."))
    return parse_people_rows(rows, filename=name, language=language)


def parse_people_rows(
    rows: Iterable[Iterable[object]], *, filename: str, language: str | None = None
) -> PeopleFile:
    """Validate rows already read from a file; the first row is the header."""
    t = translator(language)
    iterator: Iterator[list[object]] = (list(r) for r in rows)
    header_row: list[object] | None = None
    for candidate in iterator:
        if any(_cell_text(c) for c in candidate):
            header_row = candidate
            break
    if header_row is None:
        return PeopleFile(filename=filename, records=(), errors=(RowError(filename, None, None, t("The file is empty.")),))

    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, raw in enumerate(header_row):
        written = _cell_text(raw).lstrip("\ufeff")
        field_name = _HEADER_LOOKUP.get(_norm_header(written))
        if field_name is None:
            continue
        if field_name in headers:
            errors.append(RowError(filename, 1, written, t("This column appears twice.")))
            continue
        headers[field_name] = written
        positions[field_name] = index
    missing = [f for f in REQUIRED_FIELDS if f not in headers]
    if missing:
        names = " / ".join(HEADER_ALIASES[f][1 if f == "employee_id" else 0] + "/" + f for f in missing)
        message = t("Required column missing: {columns}.").format(columns=names)
        return PeopleFile(filename=filename, records=(), errors=(RowError(filename, None, None, message),), headers=headers)

    records: list[PersonRecord] = []
    first_row_for_id: dict[str, int] = {}
    for offset, raw_row in enumerate(iterator):
        row_number = offset + 2
        cells = {f: (raw_row[i] if i < len(raw_row) else None) for f, i in positions.items()}
        if not any(_cell_text(v) for v in cells.values()):
            continue
        record, row_errors = _parse_row(row_number, cells, headers, filename, t)
        errors.extend(row_errors)
        employee_id = _cell_text(cells["employee_id"])
        if employee_id:
            if employee_id in first_row_for_id:
                errors.append(
                    RowError(
                        filename, row_number, headers["employee_id"],
                        t("Employee id {id} already appears on row {row}.").format(
                            id=employee_id, row=first_row_for_id[employee_id]
                        ),
                    )
                )
                continue
            first_row_for_id[employee_id] = row_number
        if record is not None and not row_errors:
            records.append(record)
    return PeopleFile(filename=filename, records=tuple(records), errors=tuple(errors), headers=headers)


def _parse_date(value: object) -> dt.date | None:
    """A date from an Excel cell or text (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD); raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 200000:  # an Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    match = _DATE_RE.match(str(value).strip())
    if not match:
        raise ValueError(value)
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def _parse_row(
    row: int, cells: dict[str, object], headers: dict[str, str], filename: str, t: Translate
) -> tuple[PersonRecord | None, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, object] = {}

    def err(field_name: str, message: str) -> None:
        errors.append(RowError(filename, row, headers[field_name], message))

    text = {f: _cell_text(v) for f, v in cells.items()}

    for required in REQUIRED_FIELDS:
        if not text[required]:
            err(required, t("This value is required."))
    values["employee_id"] = text["employee_id"]
    values["name"] = text["name"]
    if len(text["employee_id"]) > 64:
        err("employee_id", t("Employee id is too long (at most 64 characters)."))
    if len(text["name"]) > 200:
        err("name", t("Name is too long (at most 200 characters)."))

    if text.get("email"):
        if _EMAIL_RE.match(text["email"]):
            values["email"] = text["email"]
        else:
            err("email", t("“{value}” is not an email address.").format(value=text["email"]))

    for simple in ("team", "parent_team", "leave_reason"):
        if text.get(simple):
            values[simple] = text[simple]
    if values.get("parent_team") and values.get("parent_team") == values.get("team"):
        err("parent_team", t("A team cannot be its own parent team."))

    if "roles" in text:
        roles: list[str] = []
        for part in _ROLE_SPLIT.split(text["roles"]):
            token = part.strip()
            if not token:
                continue
            key = re.sub(r"[\s\-]+", "_", token.lower())
            role = key if key in ROLE_IDS else ROLE_ALIASES.get(key) or ROLE_ALIASES.get(key.replace("_", ""))
            if role is None:
                err("roles", t("Unknown role “{value}” (use agent, team_lead, social_worker, trainer, hr, manager or admin).").format(value=token))
            elif role not in roles:
                roles.append(role)
        values["roles"] = tuple(roles) or ("agent",)

    for date_field in ("hire_date", "leave_date"):
        if date_field in cells:
            try:
                raw = cells[date_field]
                values[date_field] = _parse_date(text[date_field] if isinstance(raw, str) else raw)
            except ValueError:
                err(date_field, t("“{value}” is not a date (use YYYY-MM-DD).").format(value=text[date_field]))

    if text.get("languages"):
        codes: list[str] = []
        for part in _LIST_SPLIT.split(text["languages"]):
            token = part.strip()
            if not token:
                continue
            lowered = token.lower()
            code = LANGUAGE_ALIASES.get(lowered) or (lowered if _LANG_CODE_RE.match(lowered) else None)
            if code is None:
                err("languages", t("Unknown language “{value}” (use codes such as zh, en, ja).").format(value=token))
            elif code not in codes:
                codes.append(code)
        values["languages"] = tuple(codes)

    if text.get("time_zone"):
        zone = text["time_zone"]
        try:
            ZoneInfo(zone)
            values["time_zone"] = zone
        except (ZoneInfoNotFoundError, ValueError):
            err("time_zone", t("Unknown time zone “{value}” (use a name such as Asia/Shanghai).").format(value=zone))

    if text.get("shift_pattern"):
        shift = SHIFT_ALIASES.get(text["shift_pattern"].lower())
        if shift is None:
            err("shift_pattern", t("Unknown shift “{value}” (use day, evening, night or rotating).").format(value=text["shift_pattern"]))
        else:
            values["shift_pattern"] = shift

    if text.get("status"):
        status = STATUS_ALIASES.get(re.sub(r"[\s\-]+", "_", text["status"].lower()))
        if status is None:
            err("status", t("Unknown status “{value}” (use active, on_leave or left).").format(value=text["status"]))
        else:
            values["status"] = status

    if text.get("ui_language"):
        ui = UI_LANGUAGE_ALIASES.get(text["ui_language"].lower())
        if ui is None:
            err("ui_language", t("Unknown display language “{value}” (use zh-hans or en).").format(value=text["ui_language"]))
        else:
            values["ui_language"] = ui

    if text.get("helpdesk_accounts"):
        accounts: list[tuple[str, str]] = []
        for part in re.split(r"[,，;；|\n]+", text["helpdesk_accounts"]):
            token = part.strip()
            if not token:
                continue
            source, sep, external_id = token.partition(":")
            if not sep:
                source, external_id = "any", token
            source, external_id = source.strip().lower() or "any", external_id.strip()
            if not external_id:
                err("helpdesk_accounts", t("Helpdesk account “{value}” has no id.").format(value=token))
            elif (source, external_id) not in accounts:
                accounts.append((source, external_id))
        values["helpdesk_accounts"] = tuple(accounts)

    leave_date = values.get("leave_date")
    if values.get("status") == "left" and not text.get("leave_date"):
        target = "leave_date" if "leave_date" in headers else "status"
        err(target, t("A leave date is required for someone who has left."))
    hire_date = values.get("hire_date")
    if isinstance(leave_date, dt.date) and isinstance(hire_date, dt.date) and leave_date < hire_date:
        err("leave_date", t("The leave date is before the hire date."))

    if errors:
        return None, errors
    return PersonRecord(row=row, **values), errors  # type: ignore[arg-type]
