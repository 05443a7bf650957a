"""`hearth ingest`, `hearth map-account` and `hearth mapping` as an operator uses them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hearth.cli import main
from hearth.ingest.models import (
    AgentDay,
    ColumnMappingPreset,
    IngestRun,
    SourceMessage,
    UnknownAccount,
)
from hearth.people.models import HelpdeskAccount


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")


def write_export(path: Path, *, conversations: int = 4, bad_line: bool = False, agent: str = "zd-7") -> Path:
    start = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
    lines = []
    for c in range(conversations):
        at = start + timedelta(minutes=20 * c)
        lines.append({"source": "zendesk", "conversation_id": f"T{c}", "message_id": f"T{c}-1", "sent_at": at.isoformat(),
                      "author_role": "customer", "text": "你们客服都是废物" if c == 0 else "请问我的快递什么时候能到？", "team": "Night"})
        lines.append({"source": "zendesk", "conversation_id": f"T{c}", "message_id": f"T{c}-2",
                      "sent_at": (at + timedelta(minutes=2)).isoformat(), "author_role": "agent", "agent_id": agent,
                      "text": "理解您的心情，我来帮您处理"})
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    if bad_line:
        text += '{"conversation_id": "T9", "message_id": "T9-1", "sent_at": "yesterday", "author_role": "customer", "text": "x"}\n'
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_loads_an_export_computes_the_daily_load_and_a_second_run_changes_nothing(
    cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    HelpdeskAccount.objects.create(centre=cast.centre, person=cast.alice, source="zendesk", external_id="zd-7")
    export = write_export(tmp_path / "export.jsonl")
    assert main(["ingest", "generic", str(export), "--centre", cast.centre.name]) == 0
    out = capsys.readouterr().out
    assert "messages new 8" in out and "daily load recomputed" in out
    day = AgentDay.objects.get(person=cast.alice)
    assert day.features["conversations"] == 4 and day.features["hostile_messages"] == 1
    assert main(["ingest", "generic", str(export), "--centre", cast.centre.name]) == 0
    assert "messages new 0, already there 8" in capsys.readouterr().out
    assert SourceMessage.objects.count() == 8
    assert IngestRun.objects.filter(status="succeeded").count() == 2


def test_a_bad_record_is_quarantined_with_its_line_and_field_and_the_rest_is_loaded(
    cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = write_export(tmp_path / "export.jsonl", bad_line=True)
    quarantine = tmp_path / "bad.jsonl"
    assert main(["ingest", "generic", str(export), "--quarantine", str(quarantine), "--centre", cast.centre.name]) == 0
    out = capsys.readouterr().out
    assert "bad records 1" in out and "export.jsonl:9 [sent_at]" in out
    bad = json.loads(quarantine.read_text(encoding="utf-8").splitlines()[0])
    assert bad["record"] == 9 and bad["field"] == "sent_at"
    assert SourceMessage.objects.count() == 8


def test_strict_stops_at_the_first_bad_record(cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = write_export(tmp_path / "export.jsonl", bad_line=True)
    assert main(["ingest", "generic", str(export), "--strict", "--centre", cast.centre.name]) == 1
    assert "stopped at the first bad record" in capsys.readouterr().err
    assert IngestRun.objects.get().status == "failed"


def test_unknown_accounts_are_listed_and_map_account_attaches_them(cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = write_export(tmp_path / "export.jsonl", agent="zd-55")
    main(["ingest", "generic", str(export), "--centre", cast.centre.name])
    assert "zendesk zd-55" in capsys.readouterr().out
    assert UnknownAccount.objects.filter(external_id="zd-55").exists()
    assert main(["map-account", "zendesk", "zd-55", "bob", "--centre", cast.centre.name]) == 0
    assert "4 past messages attached" in capsys.readouterr().out
    assert AgentDay.objects.filter(person=cast.bob).exists()


def test_a_missing_file_is_an_error_that_names_it(cast: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "zendesk", "/nowhere/tickets.json"]) == 1
    assert "/nowhere/tickets.json: no such file" in capsys.readouterr().err


def test_a_column_mapping_is_saved_by_name_and_reused(cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = {"name": "某平台", "columns": {"conversation_id": "会话ID", "message_id": "消息ID", "author_role": "发送方",
               "agent_id": "客服账号", "text": "内容", "sent_at": "时间"},
               "roles": {"买家": "customer", "客服": "agent"}, "time_format": "%Y/%m/%d %H:%M:%S", "time_zone": "Asia/Shanghai",
               "source": "shop"}
    (tmp_path / "m.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    assert main(["mapping", "save", "platform-x", str(tmp_path / "m.json"), "--centre", cast.centre.name]) == 0
    assert ColumnMappingPreset.objects.filter(name="platform-x").exists()
    csv_path = tmp_path / "chats.csv"
    csv_path.write_text("会话ID,消息ID,发送方,客服账号,内容,时间\nS1,1,买家,,在吗,2026/11/02 14:00:00\nS1,2,客服,k9,在的亲,2026/11/02 14:01:00\n",
                        encoding="gb18030")
    assert main(["ingest", "mapping", str(csv_path), "--mapping", "platform-x", "--centre", cast.centre.name]) == 0
    assert "messages new 2" in capsys.readouterr().out
    reply = SourceMessage.objects.get(external_id="2")
    assert reply.agent_account == "k9" and reply.sent_at == datetime(2026, 11, 2, 6, 1, tzinfo=UTC)


def test_an_import_with_three_abusive_chats_in_twenty_minutes_alerts_the_lead_at_once(
    cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hearth.notices.models import Notice
    from hearth.radar.models import Alert, TeamAlert

    HelpdeskAccount.objects.create(centre=cast.centre, person=cast.alice, source="zendesk", external_id="zd-7")
    start = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
    lines = []
    for c, minutes in enumerate((0, 8, 17)):
        at = start + timedelta(minutes=minutes)
        lines.append({"source": "zendesk", "conversation_id": f"H{c}", "message_id": f"H{c}-1", "sent_at": at.isoformat(),
                      "author_role": "customer", "text": "你们客服都是废物，垃圾客服", "team": "Night"})
        lines.append({"source": "zendesk", "conversation_id": f"H{c}", "message_id": f"H{c}-2",
                      "sent_at": (at + timedelta(minutes=1)).isoformat(), "author_role": "agent", "agent_id": "zd-7",
                      "text": "理解您的心情，我来帮您处理"})
    export = tmp_path / "abuse.jsonl"
    export.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    assert main(["ingest", "generic", str(export), "--centre", cast.centre.name]) == 0
    assert "abusive-chat spikes: 1" in capsys.readouterr().out
    assert Alert.objects.get(kind="hostile_spike").person == cast.alice
    assert TeamAlert.objects.get(kind="hostile_burst").team == cast.night
    assert Notice.objects.filter(person=cast.carol, kind="team_hostile_burst").exists()
    # Loading the same file again raises nothing new.
    assert main(["ingest", "generic", str(export), "--centre", cast.centre.name]) == 0
    assert "abusive-chat spikes" not in capsys.readouterr().out
    assert Alert.objects.count() == 1
