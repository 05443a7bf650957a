"""`hearth diary check` as an operator runs it: a real process, JSON lines in, JSON lines out, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEARTH = [sys.executable, "-m", "hearth.cli", "diary", "check"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env["HEARTH_LANG"] = "en"
    return env


def _run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [*HEARTH, *args], input=stdin, env=_env(), capture_output=True, text=True, timeout=60, check=False
    )


LINES = [
    json.dumps({"text": "这次差评肯定要被扣绩效了"}, ensure_ascii=False),
    "not json at all",
    json.dumps({"text": "They must think I'm stupid", "lang": "en"}),
    json.dumps({"lang": "zh"}),
    json.dumps({"text": "今天处理了三十个咨询，一切顺利。", "lang": "zh-Hans"}),
    json.dumps(["a list"]),
    json.dumps({"text": 42}),
    json.dumps({"text": "我的 order 又被投诉了, I always mess up everything"}, ensure_ascii=False),
]


def test_it_writes_one_line_per_input_line_in_order_with_traps_and_cues(tmp_path: Path) -> None:
    path = tmp_path / "thoughts.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = _run(["--input", str(path)])
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(LINES)
    assert out[0]["traps"] == ["fortune_telling"]
    assert out[0]["cues"] == {"fortune_telling": ["肯定要被扣绩效"]}
    assert out[0]["lang"] == "zh"
    assert out[2]["traps"] == ["mind_reading", "labeling"]
    assert out[2]["cues"]["labeling"] == ["I'm stupid"]
    assert out[4] == {"lang": "zh", "traps": [], "cues": {}}
    assert out[7]["lang"] == "mixed" and "overgeneralizing" in out[7]["traps"]
    assert "always" in out[7]["cues"]["overgeneralizing"]


def test_bad_lines_get_an_error_record_in_place_and_are_named_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "thoughts.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = _run(["--input", str(path)])
    assert result.returncode == 0  # like `hearth text score`: the run goes on
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [i for i, record in enumerate(out, start=1) if "error" in record] == [2, 4, 6, 7]
    assert all(set(out[i - 1]) == {"error"} for i in (2, 4, 6, 7))
    errors = result.stderr.splitlines()
    assert errors == [
        "line 2: json: not a JSON object",
        "line 4: text: no text field (a string)",
        "line 6: json: not a JSON object",
        "line 7: text: no text field (a string)",
    ]


def test_without_input_it_reads_standard_input() -> None:
    result = _run([], stdin=json.dumps({"text": "都是我的错"}, ensure_ascii=False) + "\n")
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout) == {"lang": "zh", "traps": ["personalizing"], "cues": {"personalizing": ["都是我的错"]}}


def test_a_missing_input_file_is_an_error_that_names_the_file(tmp_path: Path) -> None:
    result = _run(["--input", str(tmp_path / "nowhere.jsonl")])
    assert result.returncode == 1
    assert "nowhere.jsonl" in result.stderr and result.stdout == ""


def test_it_runs_without_django() -> None:
    code = (
        "import sys, io; from hearth.cli import main; sys.stdin = io.StringIO('');"
        "main(['diary', 'check', '--input', '/dev/null']);"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django loaded'"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
