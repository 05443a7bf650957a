"""table_export(): ?export=csv|xlsx answers a file; the export links keep the page's query."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from hearth.core.exports import table_export

HEADERS = ["团队", "Answered", "Mean score", "Opened", "Last import"]
ROWS: list[list[object]] = [
    ["一线客服 A 组", 12, 47.5, dt.date(2025, 3, 3), dt.datetime(2025, 3, 3, 1, 30, tzinfo=dt.UTC)],
    ["Night shift", -3, Decimal("-1.25"), None, None],
]
HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "plain"]


def _get(query: str = "") -> object:
    return RequestFactory().get(f"/teams/load/{query}")


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_it_returns_none_without_the_export_param() -> None:
    assert table_export(request=_get("?team=3"), filename="x", headers=HEADERS, rows=ROWS) is None


def test_it_returns_none_for_an_unknown_format() -> None:
    assert (
        table_export(request=_get("?export=pdf"), filename="x", headers=HEADERS, rows=ROWS) is None
    )


def test_csv_has_a_bom_and_chinese_round_trips() -> None:
    resp = table_export(
        request=_get("?export=csv"), filename="团队负荷", headers=HEADERS, rows=ROWS
    )
    assert resp is not None
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(resp.content)
    assert rows[0] == HEADERS
    assert rows[1][:4] == ["一线客服 A 组", "12", "47.5", "2025-03-03"]
    # Negative numbers stay numbers, not neutralised text.
    assert rows[2][:3] == ["Night shift", "-3", "-1.25"]
    assert rows[2][3:] == ["", ""]


def test_csv_datetimes_are_in_local_time() -> None:
    resp = table_export(request=_get("?export=csv"), filename="x", headers=HEADERS, rows=ROWS)
    assert resp is not None
    # Wall time in settings.TIME_ZONE (the centre's zone), without an offset.
    local = timezone.localtime(ROWS[0][4]).strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[arg-type]
    assert _csv_rows(resp.content)[1][4] == local


def test_csv_neutralises_formula_injection() -> None:
    resp = table_export(
        request=_get("?export=csv"), filename="x", headers=["=cmd"], rows=[[v] for v in HOSTILE]
    )
    assert resp is not None
    cells = [row[0] for row in _csv_rows(resp.content)]
    assert cells[0] == "'=cmd"
    assert cells[1:] == ["'" + v for v in HOSTILE[:-1]] + ["plain"]


def test_csv_names_the_file_in_utf8() -> None:
    resp = table_export(request=_get("?export=csv"), filename="团队负荷", headers=HEADERS, rows=[])
    assert resp is not None
    disposition = resp["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "团队负荷.csv"
    assert 'filename="' in disposition  # ASCII fallback for old clients
    assert resp["Cache-Control"] == "private, no-store"


def test_xlsx_opens_with_header_values_and_types() -> None:
    resp = table_export(
        request=_get("?export=xlsx"), filename="team-load.xlsx", headers=HEADERS, rows=ROWS
    )
    assert resp is not None
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "team-load.xlsx" in resp["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    assert ws is not None
    assert [c.value for c in ws[1]] == HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    name, answered, mean, opened, last = (c.value for c in ws[2])
    assert name == "一线客服 A 组"
    assert answered == 12 and isinstance(answered, int)
    assert mean == 47.5 and isinstance(mean, float)
    assert opened == dt.datetime(2025, 3, 3)  # openpyxl reads dates back as midnight datetimes
    assert ws.cell(row=2, column=4).is_date
    assert isinstance(last, dt.datetime) and last.tzinfo is None
    assert [c.value for c in ws[3]][:3] == ["Night shift", -3, -1.25]
    assert ws.column_dimensions["A"].width >= len("一线客服 A 组")


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    resp = table_export(
        request=_get("?export=xlsx"), filename="x", headers=["h"], rows=[[v] for v in HOSTILE]
    )
    assert resp is not None
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    assert ws is not None
    cells = [c for (c,) in ws.iter_rows(min_row=2)]
    # XML stores a lone CR as a line feed; the text is otherwise unchanged (no apostrophe needed).
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in HOSTILE]
    assert all(c.data_type == "s" for c in cells)


def _links(query: str) -> list[dict[str, list[str]]]:
    request = RequestFactory().get(f"/teams/load/{query}")
    html = render_to_string("core/_export_links.html", request=request)
    hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
    assert len(hrefs) == 2
    out = []
    for href in hrefs:
        url = urlsplit(href.replace("&amp;", "&"))
        assert url.path == "/teams/load/"
        out.append(parse_qs(url.query))
    return out


def test_export_links_keep_the_other_query_params() -> None:
    csv_q, xlsx_q = _links("?team=3&week=2025-W10&tag=a&tag=b%20c&export=xlsx")
    assert csv_q == {"team": ["3"], "week": ["2025-W10"], "tag": ["a", "b c"], "export": ["csv"]}
    assert xlsx_q == {"team": ["3"], "week": ["2025-W10"], "tag": ["a", "b c"], "export": ["xlsx"]}


def test_export_links_without_a_query() -> None:
    assert _links("") == [{"export": ["csv"]}, {"export": ["xlsx"]}]


@pytest.mark.parametrize(
    ("lang", "csv_text", "xlsx_text"),
    [("en", "Export CSV", "Export Excel"), ("zh-hans", "导出 CSV", "导出 Excel")],
)
def test_export_links_are_translated(lang: str, csv_text: str, xlsx_text: str) -> None:
    with translation.override(lang):
        html = render_to_string("core/_export_links.html", request=RequestFactory().get("/"))
    assert csv_text in html and xlsx_text in html
