"""Column mappings: Chinese CSV/XLSX exports read through a saved mapping."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from hearth.engine.canonical import Conversation, Message
from hearth.engine.readers import ColumnMapping, ReaderError, read

MAPPING = ColumnMapping(
    name="某电商平台导出",
    columns={
        "conversation_id": "会话ID",
        "message_id": "消息ID",
        "author_role": "发送方",
        "agent_id": "客服账号",
        "text": "内容",
        "team": "技能组",
    },
    roles={"买家": "customer", "客服": "agent", "机器人": "bot"},
    time_format="%Y/%m/%d %H:%M:%S",
    time_zone="Asia/Shanghai",
    date_time_columns={"sent_at": ("日期", "时间")},
    source="shop",
)

CSV_TEXT = (
    "会话ID,消息ID,日期,时间,发送方,客服账号,内容,技能组\n"
    "s1,1,2025/03/03,09:00:00,买家,,你是猪吗,售后\n"
    "s1,2,2025/03/03,09:00:05,机器人,,您好,售后\n"
    "s1,3,2025/03/03,09:01:00,客服,kf_li,理解您的心情,售后\n"
)


def test_it_reads_a_gb18030_csv_through_the_mapping(tmp_path: Path) -> None:
    path = tmp_path / "导出.csv"
    path.write_bytes(CSV_TEXT.encode("gb18030"))
    records = list(read("mapping", [path], mapping=MAPPING, strict=True))
    assert records == [
        Conversation(source="shop", conversation_id="s1", team="售后"),
        Message("shop", "s1", "1", datetime(2025, 3, 3, 1, 0, tzinfo=UTC), "customer", "你是猪吗"),
        Message("shop", "s1", "2", datetime(2025, 3, 3, 1, 0, 5, tzinfo=UTC), "bot", "您好"),
        Message(
            "shop",
            "s1",
            "3",
            datetime(2025, 3, 3, 1, 1, tzinfo=UTC),
            "agent",
            "理解您的心情",
            "kf_li",
        ),
    ]


def test_unknown_role_values_and_bad_times_are_errors_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        CSV_TEXT + "s1,4,2025/03/03,9点,买家,,x,售后\ns1,5,2025/03/03,09:02:00,老板,,x,售后\n",
        encoding="utf-8",
    )
    stream = read("mapping", [path], mapping=MAPPING)
    list(stream)
    assert [(e.record, e.field) for e in stream.errors] == [(5, "sent_at"), (6, "author_role")]
    with pytest.raises(ReaderError):
        list(read("mapping", [path], mapping=MAPPING, strict=True))


def test_a_file_without_a_mapped_column_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    stream = read("mapping", [path], mapping=MAPPING)
    assert list(stream) == []
    assert [(e.record, e.field) for e in stream.errors] == [(1, "")]


def test_it_reads_xlsx_with_real_date_cells_and_unix_times(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["会话", "编号", "时间", "角色", "坐席", "消息"])
    sheet.append(["x1", 1, datetime(2025, 3, 3, 9, 0), "客户", None, "在吗"])  # noqa: DTZ001
    sheet.append(["x1", 2, 1740963660, "坐席", "007", "在的"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    mapping = ColumnMapping(
        name="xlsx",
        columns={
            "conversation_id": "会话",
            "message_id": "编号",
            "sent_at": "时间",
            "author_role": "角色",
            "agent_id": "坐席",
            "text": "消息",
        },
        roles={"客户": "customer", "坐席": "agent"},
        time_format="unix",
        time_zone="Asia/Shanghai",
    )
    messages = [
        r for r in read("mapping", [path], mapping=mapping, strict=True) if isinstance(r, Message)
    ]
    assert [(m.message_id, m.sent_at, m.author_role, m.agent_id) for m in messages] == [
        ("1", datetime(2025, 3, 3, 1, 0, tzinfo=UTC), "customer", ""),
        ("2", datetime.fromtimestamp(1740963660, tz=UTC), "agent", "007"),
    ]


def test_the_mapping_round_trips_through_json() -> None:
    saved = json.loads(json.dumps(MAPPING.to_dict(), ensure_ascii=False))
    assert ColumnMapping.from_dict(saved) == MAPPING


@pytest.mark.parametrize(
    "change",
    [
        {
            "columns": {
                "conversation_id": "a",
                "message_id": "b",
                "sent_at": "c",
                "author_role": "d",
                "mood": "e",
            }
        },
        {"columns": {"conversation_id": "a"}},
        {"roles": {"买家": "buyer"}},
        {"time_zone": "Mars/Olympus"},
    ],
)
def test_an_invalid_mapping_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ColumnMapping.from_dict({**MAPPING.to_dict(), **change})
