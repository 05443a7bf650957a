"""`hearth features`: the CSV contract (columns, order, empty cells) with the real readers and detectors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hearth.cli import main

CONTRACT = [
    "agent_id",
    "day",
    "conversations",
    "agent_messages",
    "customer_messages",
    "hostile_messages",
    "night_minutes",
    "first_response_seconds_mean",
]


def _write(path: Path, lines: list[dict[str, object]]) -> None:
    path.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "messages.jsonl"
    base = {
        "source": "generic",
        "conversation_id": "c1",
        "team": "north",
        "csat_score": 4,
        "csat_scale": 5,
    }
    _write(
        path,
        [
            {
                **base,
                "message_id": "1",
                "sent_at": "2024-03-01T23:50:00+08:00",
                "author_role": "customer",
                "text": "你们客服都是废物吗？",
            },
            {
                **base,
                "message_id": "2",
                "sent_at": "2024-03-02T00:20:00+08:00",
                "author_role": "agent",
                "agent_id": "li",
                "text": "理解您的心情，我来帮您处理。",
            },
            {
                "source": "generic",
                "conversation_id": "c2",
                "message_id": "1",
                "sent_at": "2024-03-02T09:00:00+00:00",
                "author_role": "agent",
                "agent_id": "sam",
                "text": "Hello, following up on your ticket.",
            },
        ],
    )
    return path


def test_it_writes_the_contract_columns_first(export: Path, tmp_path: Path) -> None:
    agents = tmp_path / "agents.csv"
    agents.write_text("agent_id,time_zone,team\nli,Asia/Shanghai,north\n", encoding="utf-8")
    out = tmp_path / "agent_days.csv"
    code = main(["features", "--input", str(export), "--agents", str(agents), "--output", str(out)])
    assert code == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        handle.seek(0)
        header = next(csv.reader(handle))
    assert header[: len(CONTRACT)] == CONTRACT
    assert "night_minutes_vs_self" in header and "engine_version" in header
    li, sam = rows
    assert (li["agent_id"], li["day"], li["conversations"], li["customer_messages"]) == (
        "li",
        "2024-03-02",
        "1",
        "0",
    )
    assert li["first_response_seconds_mean"] == "1800.0"
    assert li["csat_mean"] == "0.8"
    assert (sam["day"], sam["first_response_seconds_mean"], sam["time_zone"]) == (
        "2024-03-02",
        "",
        "UTC",
    )


def test_tz_sets_the_zone_of_unknown_agents(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "agent_days.csv"
    assert (
        main(["features", "--input", str(export), "--tz", "America/New_York", "--output", str(out)])
        == 0
    )
    with out.open(encoding="utf-8") as handle:
        rows = {row["agent_id"]: row for row in csv.DictReader(handle)}
    assert rows["li"]["day"] == "2024-03-01"
    assert rows["sam"]["day"] == "2024-03-02"


def test_it_is_deterministic(export: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("a.csv", "b.csv"):
        assert main(["features", "--input", str(export), "--output", str(tmp_path / name)]) == 0
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_it_refuses_an_unknown_zone(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "features",
                "--input",
                str(export),
                "--tz",
                "Mars/Olympus",
                "--output",
                str(tmp_path / "x.csv"),
            ]
        )
        == 1
    )
    assert "Mars/Olympus" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_it_reports_a_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "features",
                "--input",
                str(tmp_path / "nope.jsonl"),
                "--output",
                str(tmp_path / "x.csv"),
            ]
        )
        == 1
    )
    assert "nope.jsonl" in capsys.readouterr().err


def test_it_runs_without_django(export: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from hearth.cli import main\n"
        f"assert main(['features', '--input', {str(export)!r}, '--output', {str(tmp_path / 'o.csv')!r}]) == 0\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
