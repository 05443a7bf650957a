"""The helpdesk readers: Zendesk, Freshdesk, Chatwoot, Zammad — good, malformed, truncated, repeated."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hearth.engine.canonical import Conversation, Csat, Message
from hearth.engine.readers import ReaderError, read

FIXTURES = Path(__file__).parent / "fixtures"
T = datetime


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_zendesk_ticket_export() -> None:
    stream = read("zendesk", [FIXTURES / "zendesk_tickets.json"], strict=True)
    assert list(stream) == [
        Conversation(
            source="zendesk",
            conversation_id="101",
            channel="email",
            started_at=utc(2025, 3, 3, 8),
            ended_at=utc(2025, 3, 3, 10),
            assignees=("9001",),
            team="77",
            csat=Csat(0, 1, "slow"),
            tags=("refund",),
        ),
        Message("zendesk", "101", "1", utc(2025, 3, 3, 8), "customer", "Where is my refund?"),
        Message(
            "zendesk",
            "101",
            "2",
            utc(2025, 3, 3, 8, 5),
            "agent",
            "checking with billing",
            "9001",
            internal=True,
        ),
        Message(
            "zendesk", "101", "3", utc(2025, 3, 3, 8, 10), "agent", "Refund sent today.", "9002"
        ),
        Message("zendesk", "101", "4", utc(2025, 3, 3, 9), "system", "Ticket solved"),
    ]


def test_zendesk_comments_file_takes_the_ticket_from_its_name_and_people_from_a_tickets_file(
    tmp_path: Path,
) -> None:
    tickets = tmp_path / "tickets.json"
    tickets.write_text(
        json.dumps(
            {
                "tickets": [
                    {
                        "id": 55,
                        "requester_id": 1,
                        "assignee_id": 2,
                        "status": "open",
                        "created_at": "2025-01-01T00:00:00Z",
                    }
                ]
            }
        )
    )
    comments = tmp_path / "ticket_55_comments.json"
    comments.write_text(
        json.dumps(
            {
                "comments": [
                    {
                        "id": 1,
                        "author_id": 1,
                        "public": True,
                        "created_at": "2025-01-01T00:00:00Z",
                        "body": "hi",
                        "via": {"channel": "email"},
                    },
                    {
                        "id": 2,
                        "author_id": 2,
                        "public": True,
                        "created_at": "2025-01-01T00:01:00Z",
                        "body": "hello",
                        "via": {"channel": "email"},
                    },
                ],
                "next_page": None,
            }
        )
    )
    ratings = tmp_path / "ratings.json"
    ratings.write_text(
        json.dumps(
            {"satisfaction_ratings": [{"id": 1, "ticket_id": 55, "score": "good", "comment": ""}]}
        )
    )
    records = list(read("zendesk", [tickets, comments, ratings], strict=True))
    messages = [r for r in records if isinstance(r, Message)]
    assert [(m.conversation_id, m.author_role, m.agent_id) for m in messages] == [
        ("55", "customer", ""),
        ("55", "agent", "2"),
    ]
    assert records[-1] == Conversation(source="zendesk", conversation_id="55", csat=Csat(1, 1))


def test_freshdesk_tickets_with_conversations_and_ratings() -> None:
    records = list(read("freshdesk", [FIXTURES / "freshdesk_tickets.json"], strict=True))
    assert records == [
        Conversation(
            source="freshdesk",
            conversation_id="20",
            channel="chat",
            started_at=utc(2025, 3, 4, 2),
            ended_at=utc(2025, 3, 4, 3),
            assignees=("401",),
            team="5",
            tags=("login",),
        ),
        Message(
            "freshdesk", "20", "20-description", utc(2025, 3, 4, 2), "customer", "我登录不了账号"
        ),
        Message(
            "freshdesk", "20", "7001", utc(2025, 3, 4, 2, 3), "agent", "请您先清除缓存再试", "401"
        ),
        Message(
            "freshdesk",
            "20",
            "7002",
            utc(2025, 3, 4, 2, 4),
            "agent",
            "vip customer",
            "401",
            internal=True,
        ),
        Message("freshdesk", "20", "7003", utc(2025, 3, 4, 2, 10), "customer", "好了，谢谢"),
        Conversation(source="freshdesk", conversation_id="20", csat=Csat(6, 7, "fast")),
    ]


def test_chatwoot_messages_conversations_and_csat() -> None:
    paths = [
        FIXTURES / "chatwoot_conversations.json",
        FIXTURES / "chatwoot_messages.json",
        FIXTURES / "chatwoot_csat.json",
    ]
    records = list(read("chatwoot", paths, strict=True))
    assert records[0] == Conversation(
        source="chatwoot",
        conversation_id="42",
        channel="Channel::WebWidget",
        started_at=datetime.fromtimestamp(1741049990, tz=UTC),
        ended_at=datetime.fromtimestamp(1741050101, tz=UTC),
        assignees=("3",),
        team="Tier 1",
        tags=("shipping",),
    )
    messages = [r for r in records if isinstance(r, Message)]
    assert [(m.message_id, m.author_role, m.agent_id, m.internal) for m in messages] == [
        ("501", "customer", "", False),
        ("502", "agent", "3", False),
        ("503", "agent", "3", True),
        ("504", "system", "", False),
        ("505", "bot", "", False),
        ("506", "bot", "", False),
    ]
    assert messages[0].sent_at == datetime.fromtimestamp(1741050000, tz=UTC)
    assert records[-1] == Conversation(
        source="chatwoot", conversation_id="42", csat=Csat(2, 5, "too slow")
    )


def test_zammad_tickets_and_articles() -> None:
    records = list(
        read(
            "zammad",
            [FIXTURES / "zammad_tickets.json", FIXTURES / "zammad_articles.json"],
            strict=True,
        )
    )
    assert records == [
        Conversation(
            source="zammad",
            conversation_id="7",
            started_at=utc(2025, 3, 5, 7),
            ended_at=utc(2025, 3, 5, 9),
            assignees=("12",),
            team="Billing",
            tags=("invoice",),
        ),
        Conversation(
            source="zammad", conversation_id="8", started_at=utc(2025, 3, 5, 7, 30), team="2"
        ),
        Message("zammad", "7", "70", utc(2025, 3, 5, 7), "customer", "My invoice is wrong"),
        Message(
            "zammad",
            "7",
            "71",
            utc(2025, 3, 5, 7, 20),
            "agent",
            "Sorry about that & thanks!\nFixed.",
            "12",
        ),
        Message("zammad", "7", "72", utc(2025, 3, 5, 9), "system", "closed", internal=True),
    ]


# A malformed record per reader: (format, file name, JSON, where the first error is, how many good messages remain)
MALFORMED = [
    (
        "zendesk",
        "tickets.json",
        {
            "tickets": [
                {
                    "id": 1,
                    "requester_id": 5,
                    "created_at": "2025-01-01T00:00:00Z",
                    "comments": [
                        {
                            "id": 1,
                            "author_id": 5,
                            "created_at": "2025-01-01T00:00:00Z",
                            "body": "a",
                        },
                        {"id": 2, "author_id": 5, "created_at": "yesterday", "body": "b"},
                        {"author_id": 5, "created_at": "2025-01-01T00:00:00Z", "body": "c"},
                    ],
                },
                {"requester_id": 5},
                {
                    "id": 3,
                    "requester_id": 5,
                    "comments": [{"id": 9, "author_id": 5, "created_at": "2025-01-01T00:00:00Z"}],
                },
            ]
        },
        [(1, "comments[1].created_at"), (1, "comments[2].id"), (2, "id")],
        2,
    ),
    (
        "freshdesk",
        "tickets.json",
        [
            {
                "id": 1,
                "subject": "x",
                "created_at": "2025-01-01T00:00:00Z",
                "conversations": [
                    {"id": 1, "incoming": "maybe", "created_at": "2025-01-01T00:00:00Z"},
                    {
                        "id": 2,
                        "incoming": False,
                        "created_at": "2025-01-01T00:00:00Z",
                        "body_text": "no agent",
                    },
                    {
                        "id": 3,
                        "incoming": True,
                        "created_at": "2025-01-01T00:01:00Z",
                        "body_text": "ok",
                    },
                ],
            },
            {"id": 2, "ticket_id": 1, "ratings": {"default_question": 55}},
        ],
        [
            (1, "conversations[0].incoming"),
            (1, "conversations[1].user_id"),
            (2, "ratings.default_question"),
        ],
        1,
    ),
    (
        "chatwoot",
        "messages.json",
        {
            "payload": [
                {"id": 1, "message_type": 7, "created_at": 1741050000, "conversation_id": 1},
                {"id": 2, "message_type": 0, "created_at": "soon", "conversation_id": 1},
                {"message_type": 0, "created_at": 1741050000, "conversation_id": 1},
                {
                    "id": 4,
                    "message_type": 0,
                    "created_at": 1741050000,
                    "conversation_id": 1,
                    "content": "ok",
                },
            ]
        },
        [(1, "message_type"), (2, "created_at"), (3, "id")],
        1,
    ),
    (
        "zammad",
        "articles.json",
        [
            {"id": 1, "ticket_id": 1, "sender": "Boss", "created_at": "2025-01-01T00:00:00Z"},
            {"id": 2, "ticket_id": 1, "sender": "Agent", "created_at": "2025-01-01T00:00:00Z"},
            {"ticket_id": 1, "sender": "Customer", "created_at": "2025-01-01T00:00:00Z"},
            {"id": 4, "ticket_id": 1, "sender": "Customer", "created_at": "2025-01-01 00:00:00"},
            {
                "id": 5,
                "ticket_id": 1,
                "sender": "Customer",
                "created_at": "2025-01-01T00:00:00Z",
                "body": "ok",
            },
        ],
        [(1, "sender"), (2, "created_by_id"), (3, "id"), (4, "created_at")],
        1,
    ),
]


@pytest.mark.parametrize(
    ("fmt", "name", "content", "where", "good"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_malformed_records_are_reported_with_record_and_field(
    tmp_path: Path, fmt: str, name: str, content: object, where: list[tuple[int, str]], good: int
) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(content), encoding="utf-8")
    quarantine = tmp_path / "quarantine.jsonl"
    stream = read(fmt, [path], quarantine=quarantine)
    records = list(stream)
    assert [(e.file, e.record, e.field) for e in stream.errors] == [(name, r, f) for r, f in where]
    assert len([r for r in records if isinstance(r, Message)]) == good
    assert len(quarantine.read_text(encoding="utf-8").splitlines()) == len(where)
    with pytest.raises(ReaderError) as raised:
        list(read(fmt, [path], strict=True))
    assert (raised.value.error.record, raised.value.error.field) == where[0]


HELPDESK_FILES = [
    ("zendesk", "zendesk_tickets.json"),
    ("freshdesk", "freshdesk_tickets.json"),
    ("chatwoot", "chatwoot_messages.json"),
    ("zammad", "zammad_articles.json"),
]


@pytest.mark.parametrize(("fmt", "name"), HELPDESK_FILES)
def test_a_truncated_export_keeps_what_came_before_and_reports_the_tail(
    tmp_path: Path, fmt: str, name: str
) -> None:
    data = (FIXTURES / name).read_bytes()
    complete = list(read(fmt, [FIXTURES / name], strict=True))
    for cut in (len(data) * 3 // 4, len(data) - 5):
        path = tmp_path / name
        path.write_bytes(data[:cut])
        stream = read(fmt, [path])
        records = list(stream)
        assert len(stream.errors) == 1
        assert "truncated" in stream.errors[0].message
        assert records == complete[: len(records)]


@pytest.mark.parametrize(("fmt", "name"), HELPDESK_FILES)
def test_reading_an_export_twice_gives_identical_records(fmt: str, name: str) -> None:
    assert list(read(fmt, [FIXTURES / name])) == list(read(fmt, [FIXTURES / name]))


@pytest.mark.parametrize(("fmt", "name"), HELPDESK_FILES)
def test_an_export_as_jsonl_reads_the_same(tmp_path: Path, fmt: str, name: str) -> None:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    items = (
        data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    )
    path = tmp_path / "export.jsonl"
    path.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    assert list(read(fmt, [path], strict=True)) == list(read(fmt, [FIXTURES / name], strict=True))


def test_a_broken_json_export_stops_with_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '[{"id": 1, "ticket_id": 1, "sender": "Customer", "created_at": "2025-01-01T00:00:00Z"} {"id": 2}]'
    )
    stream = read("zammad", [path])
    assert len(list(stream)) == 1
    assert [(e.record, e.field) for e in stream.errors] == [(2, "")]


def test_the_json_splitter_handles_values_split_across_chunks(tmp_path: Path) -> None:
    long_text = "长" * 70_000 + '\\"quoted\\"'
    path = tmp_path / "articles.json"
    path.write_text(
        json.dumps(
            {
                "count": 123456789,
                "articles": [
                    {
                        "id": i,
                        "ticket_id": 1,
                        "sender": "Customer",
                        "created_at": "2025-01-01T00:00:00Z",
                        "body": long_text,
                    }
                    for i in range(3)
                ],
                "next": None,
            }
        ),
        encoding="utf-8",
    )
    records = list(read("zammad", [path], strict=True))
    assert [r.message_id for r in records] == ["0", "1", "2"]  # type: ignore[union-attr]
    assert records[0].text == long_text  # type: ignore[union-attr]
