"""Every table as a download: `?export=csv` or `?export=xlsx` on the page that shows it.

A view that shows a table adds one line before rendering:

    if resp := table_export(request=request, filename="team-load", headers=headers, rows=rows):
        return resp

and its template includes `core/_export_links.html`. Headers and rows are what the page shows
(already translated, already through the access and anonymity rules the page applies).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

EXPORT_PARAM = "export"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def table_export(
    *,
    request: HttpRequest,
    filename: str,
    headers: list[str],
    rows: Iterable[Sequence[object]],
) -> HttpResponse | None:
    """The table as CSV or XLSX when the request asks `?export=csv|xlsx`, else None."""
    kind = request.GET.get(EXPORT_PARAM)
    if kind == "csv":
        response = HttpResponse(_csv_bytes(headers, rows), content_type=CSV_TYPE)
    elif kind == "xlsx":
        response = HttpResponse(_xlsx_bytes(filename, headers, rows), content_type=XLSX_TYPE)
    else:
        return None
    response["Content-Disposition"] = _attachment(_with_suffix(filename, kind))
    # People's data: not for shared caches or the browser's back/forward cache.
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------------------------------- CSV


def _csv_bytes(headers: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM (so Excel reads Chinese right), CRLF line ends, neutralised formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> object:
    """One CSV cell: text that would start a formula gets a leading apostrophe; numbers stay."""
    if value is None:
        return ""
    if isinstance(value, str | Promise):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    if isinstance(value, dt.datetime):
        return _local_naive(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------------------ XLSX


def _xlsx_bytes(filename: str, headers: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet: bold frozen header row, filter, widths from content, typed cells."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_title(filename)
    widths = [_display_width(str(h)) for h in headers]

    ws.append([_xlsx_text(str(h)) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)

    for row in rows:
        values = [_xlsx_value(v) for v in row]
        ws.append(values)
        for i, value in enumerate(values):
            width = _display_width(_shown(value))
            if i < len(widths):
                widths[i] = max(widths[i], width)
            else:
                widths.append(width)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                # openpyxl takes any text starting with "=" for a formula; keep it text.
                cell.data_type = "s"

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(
            max(width + 2, _MIN_WIDTH), _MAX_WIDTH
        )
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = ws.dimensions

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_value(value: object) -> object:
    """A value openpyxl writes with the right type (Excel has no time zones: local wall time)."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return _local_naive(value)
    if isinstance(value, dt.date | dt.time):
        return value
    return _xlsx_text(str(value))


def _xlsx_text(text: str) -> str:
    """Text without the control characters XML cannot carry."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return "0000-00-00 00:00"
    if isinstance(value, dt.date):
        return "0000-00-00"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count twice."""
    longest = max((line for line in text.splitlines()), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _sheet_title(filename: str) -> str:
    """A valid sheet name: no []:*?/\\ and at most 31 characters."""
    title = re.sub(r"[\[\]:*?/\\]", " ", _strip_suffix(filename)).strip() or "Sheet"
    return title[:31]


# ---------------------------------------------------------------------------------------- shared


def _local_naive(value: dt.datetime) -> dt.datetime:
    """An aware datetime in the active time zone, without tzinfo (what a spreadsheet shows)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _strip_suffix(filename: str) -> str:
    return re.sub(r"\.(csv|xlsx)$", "", filename, flags=re.IGNORECASE)


def _with_suffix(filename: str, kind: str) -> str:
    return f"{_strip_suffix(filename)}.{kind}"


def _attachment(filename: str) -> str:
    """Content-Disposition with an ASCII fallback and the real (UTF-8) name for every browser."""
    clean = re.sub(r'[\x00-\x1f\x7f/\\"]', "_", filename)
    fallback = clean.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean, safe='')}"
