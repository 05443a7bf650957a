"""Column mappings: any other CSV/XLSX export (Chinese platforms, CS SaaS tools) read through a saved mapping.

A `ColumnMapping` names, for each canonical field of the generic format, the source column; how
the source spells roles ({"买家": "customer", "客服": "agent"}); how it writes times ("iso",
"unix" seconds or milliseconds, "excel" serial days, or a strptime pattern such as
"%Y/%m/%d %H:%M:%S"); the zone of naive times; and optionally a field's date and time in two
columns (joined with a space before parsing). It is JSON-serialisable (`to_dict`/`from_dict`)
so the web side can save it by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hearth.engine.canonical import AUTHOR_ROLES, RecordError
from hearth.engine.i18n import gettext as _
from hearth.engine.readers.base import (
    Bad,
    Context,
    FieldError,
    Item,
    aware,
    display,
    each_file,
    parse_time,
    raw_json,
    zone,
)
from hearth.engine.readers.generic import FIELDS, Converter, iter_csv

TIME_FIELDS = ("sent_at", "started_at", "ended_at")
EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel serials are naive; the mapping's zone is applied


@dataclass(frozen=True)
class ColumnMapping:
    """How to read one kind of CSV/XLSX export into the generic format's fields."""

    name: str
    columns: Mapping[str, str]
    roles: Mapping[str, str] = field(default_factory=dict)
    time_format: str = "iso"
    time_zone: str = "UTC"
    date_time_columns: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    source: str = "mapping"
    sheet: str = ""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(FIELDS)) + sorted(
            set(self.date_time_columns) - set(TIME_FIELDS)
        )
        if unknown:
            raise ValueError(
                _("unknown field(s) in the mapping: {fields}").format(fields=", ".join(unknown))
            )
        for required in ("conversation_id", "message_id", "sent_at", "author_role"):
            if required not in self.columns and required not in self.date_time_columns:
                raise ValueError(_("the mapping needs a column for {field}").format(field=required))
        bad_roles = sorted({v for v in self.roles.values() if v not in AUTHOR_ROLES})
        if bad_roles:
            raise ValueError(
                _("{values} are not author roles (customer, agent, bot or system)").format(
                    values=", ".join(bad_roles)
                )
            )
        zone(self.time_zone)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict; from_dict(to_dict()) gives the same mapping."""
        return {
            "name": self.name,
            "columns": dict(self.columns),
            "roles": dict(self.roles),
            "time_format": self.time_format,
            "time_zone": self.time_zone,
            "date_time_columns": {k: list(v) for k, v in self.date_time_columns.items()},
            "source": self.source,
            "sheet": self.sheet,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """The mapping saved by to_dict (ValueError naming the problem if it is not one)."""
        try:
            return cls(
                name=str(data["name"]),
                columns={str(k): str(v) for k, v in dict(data["columns"]).items()},
                roles={str(k): str(v) for k, v in dict(data.get("roles") or {}).items()},
                time_format=str(data.get("time_format") or "iso"),
                time_zone=str(data.get("time_zone") or "UTC"),
                date_time_columns={
                    str(k): (str(v[0]), str(v[1]))
                    for k, v in dict(data.get("date_time_columns") or {}).items()
                },
                source=str(data.get("source") or "mapping"),
                sheet=str(data.get("sheet") or ""),
            )
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ValueError(_("not a column mapping: {error}").format(error=exc)) from exc

    def source_columns(self) -> set[str]:
        """Every source column the mapping reads."""
        return set(self.columns.values()) | {
            c for pair in self.date_time_columns.values() for c in pair
        }

    def canonical(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The row's cells under canonical field names."""
        values = {name: row.get(column) for name, column in self.columns.items()}
        for name, (date_column, time_column) in self.date_time_columns.items():
            date, time = row.get(date_column), row.get(time_column)
            if isinstance(date, datetime) and isinstance(time, datetime | type(None)):
                values[name] = date if time is None else datetime.combine(date.date(), time.time())
            elif date in (None, ""):
                values[name] = ""
            else:
                values[name] = f"{_cell_text(date)} {_cell_text(time)}".strip()
        return values

    def parse_time(self, value: object, field: str) -> datetime:
        """A cell as an aware datetime, per time_format and time_zone."""
        tz = zone(self.time_zone) or UTC
        if isinstance(value, datetime):
            return aware(value, field, tz)
        if value is None or value == "":
            raise FieldError(field, _("a date-time is missing"))
        text = _cell_text(value)
        try:
            if self.time_format == "iso":
                return parse_time(text, field, tz)
            if self.time_format == "unix":
                seconds = float(text)
                return datetime.fromtimestamp(seconds / 1000 if seconds > 1e11 else seconds, tz=UTC)
            if self.time_format == "excel":
                return (EXCEL_EPOCH + timedelta(days=float(text))).replace(tzinfo=tz)
            return aware(datetime.strptime(text, self.time_format), field, tz)  # noqa: DTZ007 - zone applied by aware()
        except (ValueError, OverflowError) as exc:
            if isinstance(exc, FieldError):
                raise
            raise FieldError(
                field,
                _("{value!r} is not a date-time in the format {format}").format(
                    value=text, format=self.time_format
                ),
            ) from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def read_mapped(paths: list[Path], ctx: Context, mapping: ColumnMapping) -> Iterator[Item]:
    """Records from CSV/XLSX files read through a column mapping."""
    converter = Converter(
        ctx, parse=mapping.parse_time, roles=mapping.roles, default_source=mapping.source
    )
    for path in each_file(paths, ctx):
        name = display(path)
        rows = (
            _xlsx_rows(path, ctx, mapping)
            if path.suffix.lower() in {".xlsx", ".xlsm"}
            else iter_csv(path, ctx)
        )
        checked = False
        for row in rows:
            if isinstance(row, Bad):
                yield row
                continue
            number_, cells, raw = row
            if not checked:
                missing = sorted(mapping.source_columns() - set(cells))
                if missing:
                    yield Bad(
                        RecordError(
                            name,
                            1,
                            "",
                            _("the file has no column(s) {columns}; it was not read").format(
                                columns=", ".join(missing)
                            ),
                        ),
                        "",
                    )
                    break
                checked = True
            yield from converter.records(
                mapping.canonical(cells), file=name, number_=number_, raw=raw
            )


def _xlsx_rows(
    path: Path, ctx: Context, mapping: ColumnMapping
) -> Iterator[tuple[int, dict[str, Any], str] | Bad]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    name = display(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or cut-short file
        yield Bad(
            RecordError(
                name, 0, "", _("not a readable XLSX file (cut short?): {error}").format(error=exc)
            ),
            "",
        )
        return
    try:
        sheet = workbook[mapping.sheet] if mapping.sheet else workbook.worksheets[0]
        header: list[str] | None = None
        for number_, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            ctx.position.record = number_
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            if header is None:
                header = [str(v).strip() if v is not None else "" for v in values]
                continue
            cells = dict(zip(header, values, strict=False))
            yield number_, cells, raw_json(list(values))
    except Exception as exc:  # a cut-short XLSX fails inside the zip stream
        yield Bad(
            RecordError(
                name,
                ctx.position.record,
                "",
                _("not a readable XLSX file (cut short?): {error}").format(error=exc),
            ),
            "",
        )
    finally:
        workbook.close()
