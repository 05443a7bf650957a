"""Scoring a CSV end to end through `hearth survey`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hearth.cli import main
from hearth.engine.instruments import load_instrument
from hearth.engine.survey_csv import CsvInputError, format_number, score_csv

HEADER = "respondent,p1,p2,p3,p4,p5,p6,w1,w2,w3,w4,w5,w6,w7,c1,c2,c3,c4,c5,c6"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")
    monkeypatch.delenv("HEARTH_INSTRUMENT_DIRS", raising=False)


def _csv(tmp_path: Path, *rows: str, bom: bool = False) -> Path:
    path = tmp_path / "responses.csv"
    text = "\n".join([HEADER, *rows]) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


ROWS = (
    "a1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2",
    "a2,4,4,4,4,4,4,4,4,4,4,4,4,0,1,1,1,1,1,0",
    "a3,4,2,0,,,,1,1,1,,,,,,,,,,",
)
EXPECTED = (
    "respondent,personal,personal_band,work,work_band,client,client_band\n"
    "a1,50,moderate,50,moderate,50,moderate\n"
    "a2,100,severe,100,severe,20.83,low\n"
    "a3,50,moderate,,,,\n"
)


@pytest.mark.parametrize("bom", [False, True])
def test_survey_score_writes_scores_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bom: bool
) -> None:
    assert main(["survey", "score", "cbi", "--input", str(_csv(tmp_path, *ROWS, bom=bom))]) == 0
    assert capsys.readouterr().out == EXPECTED


def test_survey_score_writes_the_output_file(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    assert (
        main(
            ["survey", "score", "cbi", "--input", str(_csv(tmp_path, *ROWS)), "--output", str(out)]
        )
        == 0
    )
    assert out.read_text(encoding="utf-8") == EXPECTED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses.csv", "scores.csv"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            (
                "a1," + ",".join(["2"] * 19),
                "a2," + ",".join(["2"] * 12) + ",5," + ",".join(["2"] * 6),
            ),
            "responses.csv line 3, column w7: 5 is not a valid answer (0–4)",
        ),
        (("a1,x" + ",2" * 18,), "responses.csv line 2, column p1: 'x' is not a whole number"),
        (("a1,2,2",), "responses.csv line 2: has 3 fields, the header has 20"),
        ((",2" + ",2" * 18,), "responses.csv line 2, column respondent: is empty"),
        (
            ("a1" + ",2" * 19, "a1" + ",1" * 19),
            "responses.csv line 3, column respondent: 'a1' already appears on line 2",
        ),
    ],
)
def test_bad_rows_name_the_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "scores.csv"
    assert (
        main(
            ["survey", "score", "cbi", "--input", str(_csv(tmp_path, *rows)), "--output", str(out)]
        )
        == 1
    )
    assert capsys.readouterr().err == f"hearth survey: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses.csv"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("respondent,p1,p2,zz,w99", "responses.csv line 1: unknown column(s) for cbi: zz, w99"),
        ("id," + HEADER.split(",", 1)[1], "responses.csv line 1: there is no 'respondent' column"),
        ("respondent,p1", "responses.csv line 1: missing column(s) for cbi: p2, p3"),
    ],
)
def test_bad_headers_are_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, message: str
) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(header + "\n", encoding="utf-8")
    assert main(["survey", "score", "cbi", "--input", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"hearth survey: {message}")


def test_an_unknown_instrument_lists_the_ones_available(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["survey", "score", "mbi", "--input", str(_csv(tmp_path))]) == 1
    assert "unknown instrument 'mbi'; available: cbi, moaq_satisfaction" in capsys.readouterr().err


def test_a_missing_input_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["survey", "score", "cbi", "--input", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv: no such file" in capsys.readouterr().err


def test_survey_list_shows_every_instrument(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["survey", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ID", "Name", "Items"]
    assert [line.split()[0] for line in lines[1:]] == [
        "cbi",
        "moaq_satisfaction",
        "moaq_turnover",
        "single_item_burnout",
        "who5",
    ]
    assert "Copenhagen Burnout Inventory  19" in lines[1]


def test_survey_list_speaks_chinese_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HEARTH_LANG", "zh_Hans")
    assert main(["survey", "list"]) == 0
    assert "哥本哈根倦怠量表" in capsys.readouterr().out


def test_score_csv_reads_a_stream_and_counts_rows() -> None:
    source = io.StringIO("\ufeffrespondent,i1,i2,i3,i4,i5\nx,5,4,3,2,1\ny,5,,5,5,5\n")
    out = io.StringIO()
    assert score_csv(load_instrument("who5"), source, out) == 2
    assert out.getvalue() == "respondent,wellbeing,wellbeing_band\nx,60,good\ny,,\n"


def test_score_csv_raises_csv_input_error_for_a_stream() -> None:
    with pytest.raises(
        CsvInputError, match=r"^<input> line 2, column i1: 6 is not a valid answer \(0–5\)"
    ):
        score_csv(
            load_instrument("who5"),
            io.StringIO("respondent,i1,i2,i3,i4,i5\nx,6,4,3,2,1\n"),
            io.StringIO(),
        )


@pytest.mark.parametrize(
    ("value", "text"),
    [(50.0, "50"), (58.333333, "58.33"), (20.8333, "20.83"), (4.5, "4.5"), (None, ""), (0.0, "0")],
)
def test_numbers_have_at_most_two_decimals(value: float | None, text: str) -> None:
    assert format_number(value) == text
