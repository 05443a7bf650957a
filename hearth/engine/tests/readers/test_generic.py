"""The generic reader: JSONL and CSV, conversations files, encodings, errors and truncation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hearth.engine.canonical import Conversation, Csat, Message
from hearth.engine.readers import FORMATS, ReaderError, read

FIXTURES = Path(__file__).parent / "fixtures"
CST = timezone(timedelta(hours=8))


def test_formats_are_the_documented_ones() -> None:
    assert FORMATS == ("generic", "zendesk", "freshdesk", "chatwoot", "zammad", "mapping")


def test_it_reads_a_good_jsonl_file_into_exact_records() -> None:
    stream = read("generic", [FIXTURES / "messages.jsonl"])
    records = list(stream)
    assert records == [
        Conversation(
            source="generic",
            conversation_id="c1",
            channel="chat",
            team="售后一组",
            customer_locale="zh-CN",
        ),
        Message(
            "generic",
            "c1",
            "m1",
            datetime(2025, 3, 3, 9, 0, tzinfo=CST),
            "customer",
            "我的订单还没到",
        ),
        Conversation(
            source="generic",
            conversation_id="c1",
            channel="chat",
            team="售后一组",
            customer_locale="zh-CN",
            assignees=("a7",),
        ),
        Message(
            "generic",
            "c1",
            "m2",
            datetime(2025, 3, 3, 9, 1, 30, tzinfo=CST),
            "agent",
            "理解您的心情，我来帮您处理",
            "a7",
        ),
        Message(
            "generic",
            "c1",
            "m3",
            datetime(2025, 3, 3, 9, 2, tzinfo=CST),
            "agent",
            "check courier",
            "a7",
            internal=True,
        ),
        Conversation(
            source="shop", conversation_id="c2", csat=Csat(4, 5), tags=("delivery", "vip")
        ),
        Message(
            "shop", "c2", "m1", datetime(2025, 3, 3, 1, 5, tzinfo=UTC), "bot", "Hi! How can I help?"
        ),
    ]
    assert stream.errors == []
    assert (stream.counts.records, stream.counts.messages, stream.counts.conversations) == (7, 4, 3)
    assert stream.total_bytes == (FIXTURES / "messages.jsonl").stat().st_size
    assert stream.position.file == "messages.jsonl"


def test_reading_twice_gives_identical_records() -> None:
    paths = [FIXTURES / "messages.jsonl", FIXTURES / "conversations.csv"]
    assert list(read("generic", paths)) == list(read("generic", paths))


def test_a_conversations_file_is_read_first_and_merged() -> None:
    records = list(read("generic", [FIXTURES / "messages.jsonl", FIXTURES / "conversations.csv"]))
    first = records[0]
    assert first == Conversation(
        source="generic",
        conversation_id="c1",
        channel="chat",
        started_at=datetime(2025, 3, 3, 8, 59, tzinfo=CST),
        ended_at=datetime(2025, 3, 3, 9, 30, tzinfo=CST),
        assignees=("a7", "a9"),
        team="售后一组",
        csat=Csat(5, 5, "很好"),
        tags=("delivery", "refund"),
    )
    # The messages file's first line adds the customer's locale: the merged conversation again.
    assert records[1] == Conversation(**{**_fields(first), "customer_locale": "zh-CN"})
    assert isinstance(records[2], Message)


def test_conversations_path_is_read_too() -> None:
    stream = read(
        "generic", [FIXTURES / "messages.jsonl"], conversations_path=FIXTURES / "conversations.csv"
    )
    assert list(stream)[0].csat == Csat(5, 5, "很好")  # type: ignore[union-attr]


def _fields(conversation: Conversation) -> dict[str, object]:
    return {name: getattr(conversation, name) for name in conversation.__slots__}  # type: ignore[attr-defined]


CSV_TEXT = (
    "conversation_id,message_id,sent_at,author_role,agent_id,internal,text,team\n"
    "c9,1,2025-03-03T09:00:00+08:00,customer,,false,你们客服都是废物,售后二组\n"
    'c9,2,2025-03-03T09:02:00+08:00,agent,张伟,否,"非常抱歉，\n我来帮您处理",售后二组\n'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_it_reads_csv_in_utf8_with_or_without_bom_and_gb18030(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    records = list(read("generic", [path]))
    messages = [r for r in records if isinstance(r, Message)]
    assert [m.text for m in messages] == ["你们客服都是废物", "非常抱歉，\n我来帮您处理"]
    assert messages[1].agent_id == "张伟" and messages[1].internal is False
    assert records[0] == Conversation(source="generic", conversation_id="c9", team="售后二组")


def test_an_explicit_encoding_wins(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(CSV_TEXT.encode("gb18030"))
    stream = read("generic", [path], encoding="gb18030")
    assert len([r for r in stream if isinstance(r, Message)]) == 2


BAD_LINES = [
    {
        "conversation_id": "c1",
        "message_id": "m1",
        "sent_at": "yesterday",
        "author_role": "customer",
    },
    {
        "conversation_id": "c1",
        "message_id": "m2",
        "sent_at": "2025-03-03T09:00:00Z",
        "author_role": "boss",
    },
    {"conversation_id": "c1", "sent_at": "2025-03-03T09:00:00Z", "author_role": "customer"},
    {
        "conversation_id": "c1",
        "message_id": "m4",
        "sent_at": "2025-03-03T09:00:00",
        "author_role": "customer",
    },
    {
        "conversation_id": "c1",
        "message_id": "m5",
        "sent_at": "2025-03-03T09:00:00Z",
        "author_role": "agent",
    },
    {
        "conversation_id": "c1",
        "message_id": "m6",
        "sent_at": "2025-03-03T09:05:00Z",
        "author_role": "customer",
        "text": "ok",
    },
]


def _write_jsonl(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    return path


def test_lenient_reports_every_bad_line_quarantines_it_and_goes_on(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", BAD_LINES)
    quarantine = tmp_path / "q" / "quarantine.jsonl"
    stream = read("generic", [path], quarantine=quarantine)
    records = list(stream)
    assert [(e.file, e.record, e.field) for e in stream.errors] == [
        ("bad.jsonl", 1, "sent_at"),
        ("bad.jsonl", 2, "author_role"),
        ("bad.jsonl", 3, "message_id"),
        ("bad.jsonl", 4, "sent_at"),
        ("bad.jsonl", 5, "agent_id"),
    ]
    assert str(stream.errors[0]) == "bad.jsonl:1 [sent_at]: 'yesterday' is not a date-time"
    assert [r.message_id for r in records if isinstance(r, Message)] == ["m6"]
    assert stream.counts.errors == 5
    rows = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert [row["record"] for row in rows] == [1, 2, 3, 4, 5]
    assert set(rows[0]) == {"file", "record", "field", "error", "raw"}
    assert json.loads(rows[1]["raw"])["author_role"] == "boss"


def test_strict_raises_at_the_first_bad_line(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", BAD_LINES)
    with pytest.raises(ReaderError) as raised:
        list(read("generic", [path], strict=True))
    assert (raised.value.error.record, raised.value.error.field) == (1, "sent_at")


def test_a_naive_time_is_read_in_the_default_zone(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "naive.jsonl", [BAD_LINES[3]])
    records = list(read("generic", [path], default_tz="Asia/Shanghai", strict=True))
    assert records[-1].sent_at == datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # type: ignore[union-attr]


def test_a_jsonl_file_cut_mid_line_keeps_everything_before_it(tmp_path: Path) -> None:
    good = (FIXTURES / "messages.jsonl").read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(good[: len(good) - 40])
    stream = read("generic", [path])
    records = list(stream)
    assert [r.message_id for r in records if isinstance(r, Message)] == ["m1", "m2", "m3"]
    assert [(e.record, e.field) for e in stream.errors] == [(4, "")]
    assert "truncated" in stream.errors[0].message


def test_a_csv_file_cut_mid_row_is_an_error_for_the_tail(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(CSV_TEXT[:-25], encoding="utf-8")
    stream = read("generic", [path])
    records = list(stream)
    assert [r.message_id for r in records if isinstance(r, Message)] == ["1"]
    assert [e.record for e in stream.errors] == [3]


def test_a_csv_row_with_missing_columns_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(CSV_TEXT + "c9,3,2025-03-03T09:03:00+08:00\n", encoding="utf-8")
    stream = read("generic", [path])
    list(stream)
    assert [e.record for e in stream.errors] == [5]


def test_a_missing_file_is_an_error_before_reading() -> None:
    with pytest.raises(ReaderError):
        read("generic", [FIXTURES / "nope.jsonl"])
