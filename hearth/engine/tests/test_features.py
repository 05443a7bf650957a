"""Per-agent-day features on small hand-computed cases (fake detectors, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from hearth.engine.canonical import Conversation, Csat, Message
from hearth.engine.features import (
    ENGINE_VERSION,
    ConversationFacts,
    agent_day_features,
    score_messages,
    with_baselines,
)


def _customer(text: str) -> SimpleNamespace:
    return SimpleNamespace(
        lang="en",
        hostility=0.9 if "idiot" in text else 0.1,
        hostile="idiot" in text,
        negative_score=0.8 if "bad" in text else 0.1,
        negative="bad" in text,
        cues=[],
    )


def _agent(text: str) -> SimpleNamespace:
    return SimpleNamespace(
        lang="en", empathy="understand" in text, apology=False, ownership=False, cues=[]
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def cust(conv: str, mid: str, at: datetime, text: str = "hello") -> Message:
    return Message("t", conv, mid, at, "customer", text)


def agent(
    conv: str, mid: str, at: datetime, who: str = "a", text: str = "ok", **kw: Any
) -> Message:
    return Message("t", conv, mid, at, "agent", text, agent_id=who, **kw)


def features(
    records: list[Any], zones: dict[str, str] | None = None, **kw: Any
) -> dict[str, dict[str, Any]]:
    """{day: row} for agent `a` (or {agent/day: row} with every agent when several)."""
    facts = ConversationFacts()
    batches = list(
        score_messages(records, score_customer=_customer, score_agent=_agent, facts=facts)
    )
    messages = pa.Table.from_batches(batches)
    table = agent_day_features(messages, facts.table(), agent_zones=zones or {}, **kw)
    return {f"{r['agent_id']}/{r['day']}": r for r in table.to_pylist()}


def test_night_minutes_are_split_at_local_midnight() -> None:
    rows = features(
        [
            agent("c", "1", utc(2024, 3, 1, 23, 30)),
            agent("c", "2", utc(2024, 3, 1, 23, 50)),
            agent("c", "3", utc(2024, 3, 2, 0, 10)),
        ]
    )
    assert rows["a/2024-03-01"]["night_minutes"] == 30.0
    assert rows["a/2024-03-01"]["work_minutes"] == 30.0
    assert rows["a/2024-03-02"]["night_minutes"] == 15.0  # 00:00–00:10 plus the 5-minute tail


def test_night_minutes_count_real_time_across_spring_forward() -> None:
    # 01:50 EST and 03:10 EDT on 2024-03-10 are 20 real minutes apart: one session of 25 minutes.
    rows = features(
        [agent("c", "1", utc(2024, 3, 10, 6, 50)), agent("c", "2", utc(2024, 3, 10, 7, 10))],
        {"a": "America/New_York"},
    )
    assert rows["a/2024-03-10"]["night_minutes"] == 25.0


def test_night_minutes_count_real_time_across_fall_back() -> None:
    # 01:30 EDT, 01:55 EDT, 01:20 EST (after the clocks go back): 55 real minutes with the tail.
    rows = features(
        [
            agent("c", "1", utc(2024, 11, 3, 5, 30)),
            agent("c", "2", utc(2024, 11, 3, 5, 55)),
            agent("c", "3", utc(2024, 11, 3, 6, 20)),
        ],
        {"a": "America/New_York"},
    )
    assert rows["a/2024-11-03"]["night_minutes"] == 55.0


def test_day_time_work_is_not_night() -> None:
    rows = features(
        [agent("c", "1", utc(2024, 3, 1, 10)), agent("c", "2", utc(2024, 3, 1, 10, 20))]
    )
    assert rows["a/2024-03-01"]["night_minutes"] == 0.0
    assert rows["a/2024-03-01"]["work_minutes"] == 25.0


def test_first_response_goes_to_the_local_day_of_the_reply() -> None:
    # 23:50 in Shanghai on the 1st, the reply at 00:20 on the 2nd.
    rows = features(
        [cust("c", "1", utc(2024, 3, 1, 15, 50)), agent("c", "2", utc(2024, 3, 1, 16, 20))],
        {"a": "Asia/Shanghai"},
    )
    assert list(rows) == ["a/2024-03-02"]
    row = rows["a/2024-03-02"]
    assert row["first_response_seconds_mean"] == 1800.0
    assert row["customer_messages"] == 0
    assert row["conversations"] == 1


def test_unknown_agents_use_the_default_zone() -> None:
    rows = features(
        [cust("c", "1", utc(2024, 3, 1, 15, 50)), agent("c", "2", utc(2024, 3, 1, 16, 20))],
        default_tz="Asia/Shanghai",
    )
    assert rows["a/2024-03-02"]["time_zone"] == "Asia/Shanghai"


def test_bots_and_internal_notes_do_not_count() -> None:
    records = [
        cust("c", "1", utc(2024, 3, 1, 10), "you idiot, bad service"),
        Message("t", "c", "2", utc(2024, 3, 1, 10, 1), "bot", "auto reply"),
        agent("c", "3", utc(2024, 3, 1, 10, 2), internal=True),
        agent("c", "4", utc(2024, 3, 1, 10, 5), text="I understand"),
        cust("c", "5", utc(2024, 3, 1, 10, 6)),
        agent("c", "6", utc(2024, 3, 1, 10, 16)),
    ]
    row = features(records)["a/2024-03-01"]
    assert row["agent_messages"] == 2
    assert row["customer_messages"] == 2
    assert row["hostile_messages"] == 1
    assert row["hostile_conversations"] == 1
    assert row["negative_share"] == 1.0
    assert row["first_response_seconds_mean"] == 300.0
    assert row["response_seconds_mean"] == 450.0  # (300 + 600) / 2
    assert row["handle_seconds"] == 960.0  # 10:00 (the wait starts) to 10:16
    assert row["empathy_rate"] == 0.5


def test_business_hours_count_only_open_seconds() -> None:
    # Friday 17:00 → Monday 10:00 in Shanghai: one hour on Friday, one on Monday.
    shanghai = ZoneInfo("Asia/Shanghai")
    asked = datetime(2024, 3, 1, 17, tzinfo=shanghai)
    replied = datetime(2024, 3, 4, 10, tzinfo=shanghai)
    hours = {day: ("09:00", "18:00") for day in ("mon", "tue", "wed", "thu", "fri")}
    rows = features(
        [cust("c", "1", asked), agent("c", "2", replied)],
        {"a": "Asia/Shanghai"},
        business_hours=hours,
    )
    assert rows["a/2024-03-04"]["first_response_seconds_mean"] == 7200.0


def test_consecutive_days_and_quick_returns() -> None:
    records = [
        agent("c1", "1", utc(2024, 3, 1, 9)),
        agent("c1", "2", utc(2024, 3, 1, 17)),
        agent("c2", "1", utc(2024, 3, 2, 3)),
        agent("c3", "1", utc(2024, 3, 3, 12)),
        agent("c4", "1", utc(2024, 3, 5, 12)),
    ]
    rows = features(records)
    assert [r["consecutive_days"] for r in rows.values()] == [1, 2, 3, 1]
    assert [r["rest_hours_before"] for r in rows.values()] == [None, 10.0, 33.0, 48.0]
    assert [r["quick_return"] for r in rows.values()] == [None, True, False, False]


def test_csat_goes_to_the_agent_of_the_last_reply() -> None:
    records = [
        Conversation("t", "c1", csat=Csat(4, 5)),
        Conversation("t", "c2", csat=Csat(2, 5)),
        Conversation("t", "c3", csat=Csat(10, 10)),
        agent("c1", "1", utc(2024, 3, 1, 9)),
        agent("c2", "1", utc(2024, 3, 1, 10)),
        agent("c3", "1", utc(2024, 3, 1, 11)),
        agent("c3", "2", utc(2024, 3, 1, 12), who="b"),
    ]
    rows = features(records)
    assert rows["a/2024-03-01"]["csat_mean"] == pytest.approx(0.6)
    assert rows["a/2024-03-01"]["csat_count"] == 2
    assert rows["b/2024-03-01"]["csat_mean"] == 1.0


def test_rosters_give_outside_roster_minutes() -> None:
    shift = [(utc(2024, 3, 1, 9), utc(2024, 3, 1, 10))]
    records = [agent("c", "1", utc(2024, 3, 1, 9, 50)), agent("c", "2", utc(2024, 3, 1, 10, 10))]
    rows = features(records, rosters={"a": shift})
    assert rows["a/2024-03-01"]["outside_roster_minutes"] == 15.0
    assert features(records)["a/2024-03-01"]["outside_roster_minutes"] is None


def _table(rows: list[tuple[str, str, str, float | None]]) -> pa.Table:
    return pa.table(
        {
            "agent_id": [r[0] for r in rows],
            "day": [r[1] for r in rows],
            "team": [r[2] for r in rows],
            "night_minutes": pa.array([r[3] for r in rows], pa.float64()),
        }
    )


def test_baselines_against_self_use_the_previous_eight_weeks() -> None:
    table = with_baselines(
        _table(
            [
                ("a", "2024-01-01", "t", 100.0),  # within 8 weeks of Feb 21, not of Mar 1
                ("a", "2024-02-20", "t", 10.0),
                ("a", "2024-02-21", "t", 20.0),
                ("a", "2024-03-01", "t", 45.0),
            ]
        )
    )
    assert table.column("night_minutes_vs_self").to_pylist() == [None, -90.0, -35.0, 30.0]


def test_baselines_against_the_team_median_that_day() -> None:
    table = with_baselines(
        _table(
            [
                ("a", "2024-03-01", "t", 10.0),
                ("b", "2024-03-01", "t", 20.0),
                ("c", "2024-03-01", "t", 60.0),
                ("d", "2024-03-01", "u", None),
                ("e", "2024-03-01", "", 5.0),
            ]
        )
    )
    assert table.column("night_minutes_vs_team").to_pylist() == [-10.0, 0.0, 40.0, None, None]


def test_the_same_input_gives_the_same_table() -> None:
    base = utc(2024, 3, 1, 8)
    records = []
    for i in range(40):
        records.append(cust(f"c{i % 7}", f"q{i}", base + timedelta(minutes=37 * i), "bad"))
        records.append(
            agent(f"c{i % 7}", f"r{i}", base + timedelta(minutes=37 * i + 3), who=f"a{i % 3}")
        )
    assert features(records) == features(list(records))


def test_engine_version_names_the_parts() -> None:
    assert "detectors-" in ENGINE_VERSION and "features-" in ENGINE_VERSION


def test_chunks_never_split_a_conversation() -> None:
    from hearth.engine.features import _conversation_chunks

    records = [
        cust(f"c{i % 5}", f"m{i}", utc(2024, 3, 1, 8) + timedelta(minutes=i)) for i in range(23)
    ]
    facts = ConversationFacts()
    table = pa.Table.from_batches(
        list(score_messages(records, score_customer=_customer, score_agent=_agent, facts=facts))
    )
    chunks = list(_conversation_chunks(table, rows=3))
    ids = [set(chunk.column("conversation_id").to_pylist()) for chunk in chunks]
    assert sum(chunk.num_rows for chunk in chunks) == 23
    assert all(not (a & b) for i, a in enumerate(ids) for b in ids[i + 1 :])


def test_conversation_records_merge_and_teams_come_from_conversations() -> None:
    from hearth.engine.features import conversation_teams

    facts = ConversationFacts()
    records = [
        Conversation("t", "c1", team="north", csat=Csat(3, 5)),
        Conversation("t", "c1", channel="chat"),  # announced again without team or rating
        Conversation("t", "c2", team="south"),
        Conversation("t", "c3", team="south"),
        agent("c1", "1", utc(2024, 3, 1, 9)),
        agent("c2", "1", utc(2024, 3, 1, 10)),
        agent("c3", "1", utc(2024, 3, 1, 11)),
        agent("c1", "2", utc(2024, 3, 1, 12), who="b"),
    ]
    batches = list(
        score_messages(records, score_customer=_customer, score_agent=_agent, facts=facts)
    )
    conversations = facts.table()
    assert conversations.column("team").to_pylist() == ["north", "south", "south"]
    assert conversations.column("csat").to_pylist() == [0.6, None, None]
    assert conversation_teams(pa.Table.from_batches(batches), conversations) == {
        "a": "south",
        "b": "north",
    }


def test_a_message_repeated_by_overlapping_exports_counts_once() -> None:
    records = [
        cust("c", "1", utc(2024, 3, 1, 10)),
        agent("c", "2", utc(2024, 3, 1, 10, 5)),
        cust("c", "1", utc(2024, 3, 1, 10)),
        agent("c", "2", utc(2024, 3, 1, 10, 5)),
    ]
    row = features(records)["a/2024-03-01"]
    assert (row["agent_messages"], row["customer_messages"]) == (1, 1)
    assert row["response_seconds_mean"] == 300.0


def test_a_night_shift_with_a_lull_is_one_shift_and_its_tail_is_not_a_new_working_day() -> None:
    # Nights of 21:00–06:00 (UTC here) on the 1st and 2nd, a night off on the 3rd, then the 4th.
    records = []
    for n, night in enumerate((1, 2, 4)):
        start = utc(2024, 3, night, 21)
        for minutes in (0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 270, 295, 320, 345, 370, 395, 420, 445, 470, 495, 520, 540):
            # 225 → 270: a 45-minute lull after midnight, inside the shift
            records.append(agent(f"c{n}-{minutes}", "1", start + timedelta(minutes=minutes)))
    rows = features(records)
    assert rows["a/2024-03-02"]["consecutive_days"] == 2  # two nights running
    assert rows["a/2024-03-02"]["rest_hours_before"] == pytest.approx(24 - 9, abs=0.01)
    assert rows["a/2024-03-02"]["quick_return"] is False  # a 15-hour break between nights
    assert rows["a/2024-03-03"]["rest_hours_before"] is None  # 00:00–06:00 is the tail of the 2nd's shift
    assert rows["a/2024-03-03"]["consecutive_days"] == 2  # …and does not lengthen the run
    assert rows["a/2024-03-04"]["consecutive_days"] == 1  # the night off broke the run
