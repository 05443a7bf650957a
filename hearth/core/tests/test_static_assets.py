"""Browser assets: Chart.js is vendored at the pinned version, nothing loads from the network, charts render."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

HEARTH = Path(__file__).resolve().parents[2]
REPO = HEARTH.parent
VENDOR = HEARTH / "core" / "static" / "vendor" / "chartjs"
SCRIPT = REPO / "scripts" / "vendor_static.sh"

# A reference to an asset on another host: http://, https:// or protocol-relative //.
_EXTERNAL = r"""\s*["']?\s*(?:https?:)?//"""
_ASSET_STARTS = (
    r"<script\b[^>]*\bsrc\s*=",
    r"<link\b[^>]*\bhref\s*=",
    r"@import\s+(?:url\()?",
    r"\burl\(",
)
EXTERNAL_ASSET = re.compile("|".join(start + _EXTERNAL for start in _ASSET_STARTS), re.IGNORECASE)


def _pinned_version() -> str:
    match = re.search(r'^CHARTJS_VERSION="([0-9.]+)"$', SCRIPT.read_text(), re.MULTILINE)
    assert match, "scripts/vendor_static.sh must pin CHARTJS_VERSION"
    return match.group(1)


def test_the_vendored_chartjs_is_the_pinned_version() -> None:
    head = (VENDOR / "chart.umd.js").read_text(encoding="utf-8")[:200]
    assert f"Chart.js v{_pinned_version()}\n" in head
    assert "MIT License" in (VENDOR / "LICENSE.md").read_text(encoding="utf-8")


def test_the_vendored_files_match_their_checksums() -> None:
    # Written by scripts/vendor_static.sh; a hand edit of the vendored file shows up here.
    for line in (VENDOR / "sha256sums.txt").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_the_chart_scripts_are_found_by_staticfiles() -> None:
    html = render_to_string("core/_chart_scripts.html")
    sources = re.findall(r'<script src="/static/([^"]+)" defer>', html)
    assert sources == ["vendor/chartjs/chart.umd.js", "hearth/charts.js"]
    assert all(finders.find(path) for path in sources)


@pytest.mark.parametrize(
    "text",
    [
        '<script src="https://cdn.example.com/x.js"></script>',
        "<script defer src='//cdn.example.com/x.js'></script>",
        '<link rel="stylesheet" href="http://fonts.example.com/a.css">',
        '@import url("https://fonts.example.com/css");',
        "@import 'https://fonts.example.com/css';",
        "body { background: url(https://example.com/bg.png); }",
    ],
)
def test_the_external_asset_check_catches(text: str) -> None:
    assert EXTERNAL_ASSET.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "<script src=\"{% static 'hearth/charts.js' %}\"></script>",
        '<a href="https://www.chartjs.org">Chart.js</a>',
        "background: url(data:image/svg+xml;base64,AAAA);",
    ],
)
def test_the_external_asset_check_allows(text: str) -> None:
    assert not EXTERNAL_ASSET.search(text)


def test_no_template_or_static_file_loads_from_another_host() -> None:
    files = [p for ext in ("html", "css", "js") for p in HEARTH.rglob(f"*.{ext}")]
    assert any(p.name == "base.html" for p in files) and any(p.name == "charts.js" for p in files)
    offenders = [
        f"{p.relative_to(REPO)}: {m.group(0).strip()}"
        for p in files
        for m in EXTERNAL_ASSET.finditer(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


CONFIG = {
    "kind": "line",
    "labels": ["W01", "W02", "W03"],
    "series": [
        {"label": "Exhaustion", "data": [42.5, None, 61], "level": "high"},
        {"label": "Cynicism </script>", "data": [30, 31, 0]},
    ],
    "max": 100,
    "unit": "%",
    "label_title": "Week",
    "thresholds": [{"label": "High", "value": 60, "level": "high"}],
}


def _render(**context: object) -> str:
    return render_to_string(
        "core/_chart.html", {"chart_id": "risk-trend", "config": CONFIG, **context}
    )


def test_the_chart_snippet_renders_a_labelled_canvas_and_its_config() -> None:
    html = _render(label="Risk by week")
    assert re.search(r'<canvas data-chart="risk-trend" role="img" aria-label="Risk by week">', html)
    match = re.search(
        r'<script id="risk-trend" type="application/json">(.*?)</script>', html, re.DOTALL
    )
    assert match, html
    assert json.loads(match.group(1)) == CONFIG  # json_script escapes the "</script>" in a label
    assert '<div class="chart">' in html


def test_the_chart_snippet_builds_the_table_from_the_config() -> None:
    html = _render(label="Risk by week")
    details = html[html.index("<details") :]
    assert "<table" in details and details.rstrip().endswith("</details>")
    rows = re.findall(r"<tr>(.*?)</tr>", details, re.DOTALL)
    assert len(rows) == 1 + 3
    assert "Week" in rows[0] and "Exhaustion" in rows[0] and "Cynicism &lt;/script&gt;" in rows[0]
    assert re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[1]) == ["W01", "42.5%", "30%"]
    assert re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[2]) == ["W02", "—", "31%"]
    assert re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[3]) == ["W03", "61%", "0%"]
    assert "High: 60%" in details


def test_the_chart_snippet_takes_a_table_of_its_own() -> None:
    html = _render(
        label="Risk by week",
        table_headers=["Week", "Exhaustion (mean)"],
        table_rows=[["W01", "42.5"], ["W02", None]],
    )
    details = html[html.index("<details") :]
    rows = re.findall(r"<tr>(.*?)</tr>", details, re.DOTALL)
    assert [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r) for r in rows] == [
        ["Week", "Exhaustion (mean)"],
        ["W01", "42.5"],
        ["W02", "—"],
    ]
    assert "High:" not in details
