"""The two stages of per-agent-day features, on Arrow tables, shared by the local engine and Spark.

Stage 1, `conversation_days`: messages of whole conversations → one row per (agent, local day,
conversation) with counts, response gaps, handle time and CSAT. Stage 2, `agent_days`: those rows
plus the agent's message times, for whole agents → one row per agent and local day with sessions,
night/work minutes, rest and streaks. Each stage sorts its input first, so the answer never depends
on row order (Spark hands groups over in any order).

Definitions (README, "Per agent per day"):
- Only customer messages and agent messages that are not internal notes count; bot/system messages
  and internal notes are ignored everywhere, including response times.
- Response gap: from the first customer message not yet answered to the next agent message in the
  conversation, attributed to the replying agent on the local day of the reply. The first gap of a
  conversation is its first response. With business hours, only seconds inside them count (in the
  replying agent's zone).
- Handle time of an agent in a conversation on a day: from the earlier of their first message that
  day and the start of the wait their first reply answered (clipped to local midnight) to their last
  message that day.
- CSAT goes to the agent who sent the conversation's last agent message, on that message's day.
- Sessions: an agent's messages with gaps under 30 minutes; each runs from its first message to its
  last plus a 5-minute tail (not past local midnight). Work minutes are session time on each local
  day; night minutes the part of it between 22:00 and 06:00 local; outside-roster minutes the part
  outside the agent's rostered shifts.
- Rest before a day: hours from the end (last message) of the previous session to the start of the
  first session that begins that day; a quick return is a rest under 11 hours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from hearth.engine.features_time import (
    MINUTE_US,
    BusinessHours,
    Clock,
    business_us,
    night_overlap,
    overlap,
    parse_business_hours,
    to_us,
)

SESSION_GAP_US = 30 * MINUTE_US
# A gap of this long between sessions starts a new shift. Rest, quick returns and runs of working
# days are counted between shifts: a lull inside a night shift is not rest, and the hours after
# midnight belong to the shift that began the evening before.
SHIFT_BREAK_US = 4 * 60 * MINUTE_US
SESSION_TAIL_US = 5 * MINUTE_US
QUICK_RETURN_HOURS = 11.0

Rosters = Mapping[str, Sequence[tuple[datetime, datetime]]]

CONVERSATION_DAY_SCHEMA = pa.schema(
    [
        ("agent_id", pa.string()),
        ("day", pa.int32()),
        ("source", pa.string()),
        ("conversation_id", pa.string()),
        ("agent_messages", pa.int64()),
        ("customer_messages", pa.int64()),
        ("hostile_messages", pa.int64()),
        ("negative_messages", pa.int64()),
        ("empathy_messages", pa.int64()),
        ("canned_messages", pa.int64()),
        ("first_response_seconds", pa.float64()),
        ("response_seconds_sum", pa.float64()),
        ("response_count", pa.int64()),
        ("handle_seconds", pa.float64()),
        ("csat", pa.float64()),
    ]
)

AGENT_TIMES_SCHEMA = pa.schema([("agent_id", pa.string()), ("sent_us", pa.int64())])


class Clocks:
    """One Clock per agent: the agent's zone, else the default zone."""

    def __init__(self, agent_zones: Mapping[str, str], default_tz: str) -> None:
        self.agent_zones = agent_zones
        self.default = Clock(default_tz)
        self._by_zone: dict[str, Clock] = {default_tz: self.default}

    def __call__(self, agent_id: str) -> Clock:
        name = self.agent_zones.get(agent_id) or self.default.name
        clock = self._by_zone.get(name)
        if clock is None:
            clock = self._by_zone[name] = Clock(name)
        return clock


def counted_messages(messages: pa.Table) -> pa.Table:
    """Customer and agent messages that count (no internal notes, bots or system), with `sent_us`."""
    role = messages.column("author_role")
    keep = pc.and_(
        pc.is_in(role, value_set=pa.array(["customer", "agent"])),
        pc.invert(pc.fill_null(messages.column("internal"), False)),
    )
    table = messages.filter(keep)
    sent = pc.cast(pc.cast(table.column("sent_at"), pa.timestamp("us", tz="UTC")), pa.int64())
    return table.append_column("sent_us", sent)


def conversation_days(
    messages: pa.Table,
    conversations: pa.Table,
    *,
    clocks: Clocks,
    business_hours: BusinessHours | None = None,
) -> pa.Table:
    """Stage 1: messages of complete conversations → rows per (agent, local day, conversation)."""
    table = counted_messages(messages)
    table = table.sort_by(
        [
            ("source", "ascending"),
            ("conversation_id", "ascending"),
            ("sent_us", "ascending"),
            ("message_id", "ascending"),
        ]
    )
    csat = _csat_by_conversation(conversations)
    hours = parse_business_hours(business_hours) if business_hours else None
    cols: dict[str, list[Any]] = {name: [] for name in CONVERSATION_DAY_SCHEMA.names}
    n = table.num_rows
    source = table.column("source").to_pylist()
    conv = table.column("conversation_id").to_pylist()
    role = table.column("author_role").to_pylist()
    agent = table.column("agent_id").to_pylist()
    sent = table.column("sent_us").to_pylist()
    message_ids = table.column("message_id").to_pylist()
    flags = {
        name: table.column(name).to_pylist()
        for name in ("hostile", "negative", "empathy", "canned")
    }
    start = 0
    while start < n:
        end = start + 1
        while end < n and conv[end] == conv[start] and source[end] == source[start]:
            end += 1
        _one_conversation(
            range(start, end),
            source[start],
            conv[start],
            role,
            agent,
            sent,
            message_ids,
            flags,
            csat.get((source[start], conv[start])),
            clocks,
            hours,
            cols,
        )
        start = end
    return pa.table(cols, schema=CONVERSATION_DAY_SCHEMA)


def _csat_by_conversation(conversations: pa.Table) -> dict[tuple[str, str], float]:
    if conversations.num_rows == 0:
        return {}
    keys = zip(
        conversations.column("source").to_pylist(),
        conversations.column("conversation_id").to_pylist(),
        strict=True,
    )
    values = conversations.column("csat").to_pylist()
    return {key: value for key, value in zip(keys, values, strict=True) if value is not None}


def _one_conversation(
    rows: range,
    source: str,
    conversation_id: str,
    role: list[str],
    agent: list[str],
    sent: list[int],
    message_ids: list[str],
    flags: Mapping[str, list[bool | None]],
    csat: float | None,
    clocks: Clocks,
    hours: Mapping[int, tuple[int, int]] | None,
    cols: dict[str, list[Any]],
) -> None:
    acc: dict[tuple[str, int], list[Any]] = {}
    customers: list[int] = []
    waiting: int | None = None
    first_done = False
    last_key: tuple[str, int] | None = None
    hostile, negative = flags["hostile"], flags["negative"]
    empathy, canned = flags["empathy"], flags["canned"]
    seen: set[str] = set()
    for i in rows:
        if message_ids[i] in seen:  # the same message from overlapping exports counts once
            continue
        seen.add(message_ids[i])
        t = sent[i]
        if role[i] == "customer":
            customers.append(i)
            if waiting is None:
                waiting = t
            continue
        who = agent[i] or ""
        clock = clocks(who)
        day = clock.day(t)
        key = (who, day)
        # agent msgs, empathy, canned, first resp, resp sum, resp n, first t, last t, handle start
        row = acc.get(key)
        if row is None:
            row = acc[key] = [0, 0, 0, None, 0.0, 0, t, t, t]
        row[0] += 1
        row[1] += 1 if empathy[i] else 0
        row[2] += 1 if canned[i] else 0
        row[7] = t
        if waiting is not None:
            gap_us = business_us(clock, waiting, t, hours) if hours is not None else t - waiting
            gap = gap_us / 1_000_000
            row[4] += gap
            row[5] += 1
            if not first_done:
                row[3] = gap
            row[8] = min(row[8], max(waiting, clock.midnight(day)))
            waiting = None
            first_done = True
        last_key = key
    zone_days: dict[str, list[int]] = {}
    for (who, day), row in sorted(acc.items()):
        clock = clocks(who)
        days = zone_days.get(clock.name)
        if days is None:
            days = zone_days[clock.name] = [clock.day(sent[i]) for i in customers]
        mine = [i for i, d in zip(customers, days, strict=True) if d == day]
        cols["agent_id"].append(who)
        cols["day"].append(day)
        cols["source"].append(source)
        cols["conversation_id"].append(conversation_id)
        cols["agent_messages"].append(row[0])
        cols["customer_messages"].append(len(mine))
        cols["hostile_messages"].append(sum(1 for i in mine if hostile[i]))
        cols["negative_messages"].append(sum(1 for i in mine if negative[i]))
        cols["empathy_messages"].append(row[1])
        cols["canned_messages"].append(row[2])
        cols["first_response_seconds"].append(row[3])
        cols["response_seconds_sum"].append(row[4])
        cols["response_count"].append(row[5])
        cols["handle_seconds"].append((row[7] - row[8]) / 1_000_000)
        cols["csat"].append(csat if (who, day) == last_key else None)


def agent_times(messages: pa.Table) -> pa.Table:
    """(agent_id, sent_us) of every counted agent message: the input of sessions in stage 2."""
    table = counted_messages(messages)
    table = table.filter(pc.equal(table.column("author_role"), "agent"))
    return pa.table(
        {"agent_id": table.column("agent_id"), "sent_us": table.column("sent_us")},
        schema=AGENT_TIMES_SCHEMA,
    )


AGENT_DAY_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("agent_id", pa.string()),
    ("day", pa.string()),
    ("conversations", pa.int64()),
    ("agent_messages", pa.int64()),
    ("customer_messages", pa.int64()),
    ("hostile_messages", pa.int64()),
    ("night_minutes", pa.float64()),
    ("first_response_seconds_mean", pa.float64()),
    ("hostile_conversations", pa.int64()),
    ("negative_share", pa.float64()),
    ("response_seconds_mean", pa.float64()),
    ("handle_seconds", pa.float64()),
    ("work_minutes", pa.float64()),
    ("outside_roster_minutes", pa.float64()),
    ("consecutive_days", pa.int64()),
    ("rest_hours_before", pa.float64()),
    ("quick_return", pa.bool_()),
    ("empathy_rate", pa.float64()),
    ("canned_rate", pa.float64()),
    ("csat_mean", pa.float64()),
    ("csat_count", pa.int64()),
    ("team", pa.string()),
    ("time_zone", pa.string()),
)
AGENT_DAY_SCHEMA = pa.schema(list(AGENT_DAY_COLUMNS))


def agent_days(
    conv_days: pa.Table,
    times: pa.Table,
    *,
    clocks: Clocks,
    night: tuple[int, int] = (22, 6),
    rosters: Rosters | None = None,
    agent_teams: Mapping[str, str] | None = None,
) -> pa.Table:
    """Stage 2: stage-1 rows and message times of complete agents → one row per agent and local day."""
    conv_days = conv_days.sort_by(
        [
            ("agent_id", "ascending"),
            ("day", "ascending"),
            ("source", "ascending"),
            ("conversation_id", "ascending"),
        ]
    )
    times = times.sort_by([("agent_id", "ascending"), ("sent_us", "ascending")])
    teams = agent_teams or {}
    data = {name: conv_days.column(name).to_pylist() for name in CONVERSATION_DAY_SCHEMA.names}
    time_agents = times.column("agent_id").to_pylist()
    time_values = times.column("sent_us").to_pylist()
    by_agent: dict[str, list[int]] = {}
    for who, t in zip(time_agents, time_values, strict=True):
        by_agent.setdefault(who, []).append(t)
    out: dict[str, list[Any]] = {name: [] for name in AGENT_DAY_SCHEMA.names}
    n = conv_days.num_rows
    start = 0
    while start < n:
        who = data["agent_id"][start]
        end = start
        while end < n and data["agent_id"][end] == who:
            end += 1
        clock = clocks(who)
        roster = _roster_us(rosters, who)
        minutes, shift_days = _session_minutes(by_agent.get(who, []), clock, night, roster)
        streak: dict[int, int] = {}
        for day in sorted(shift_days):
            streak[day] = streak.get(day - 1, 0) + 1
        i = start
        while i < end:
            day = data["day"][i]
            j = i
            while j < end and data["day"][j] == day:
                j += 1
            # A day with no shift of its own is the tail of yesterday's shift.
            run = streak.get(day, streak.get(day - 1, 0))
            _day_row(data, range(i, j), who, day, minutes.get(day), run, roster, out)
            out["team"].append(teams.get(who, ""))
            out["time_zone"].append(clock.name)
            i = j
        start = end
    return pa.table(out, schema=AGENT_DAY_SCHEMA)


def _day_row(
    data: Mapping[str, list[Any]],
    rows: range,
    who: str,
    day: int,
    minutes: list[Any] | None,
    streak: int,
    roster: list[tuple[int, int]] | None,
    out: dict[str, list[Any]],
) -> None:
    from hearth.engine.features_time import day_text

    def total(name: str) -> Any:
        return sum(data[name][i] for i in rows)

    conversations = len(rows)
    agent_messages = total("agent_messages")
    first = [data["first_response_seconds"][i] for i in rows]
    first = [v for v in first if v is not None]
    csat = [data["csat"][i] for i in rows if data["csat"][i] is not None]
    responses = total("response_count")
    work, night_us, outside, rest = minutes if minutes is not None else (0, 0, 0, None)
    out["agent_id"].append(who)
    out["day"].append(day_text(day))
    out["conversations"].append(conversations)
    out["agent_messages"].append(agent_messages)
    out["customer_messages"].append(total("customer_messages"))
    out["hostile_messages"].append(total("hostile_messages"))
    out["night_minutes"].append(night_us / MINUTE_US)
    out["first_response_seconds_mean"].append(sum(first) / len(first) if first else None)
    out["hostile_conversations"].append(sum(1 for i in rows if data["hostile_messages"][i]))
    out["negative_share"].append(
        sum(1 for i in rows if data["negative_messages"][i]) / conversations
    )
    out["response_seconds_mean"].append(
        total("response_seconds_sum") / responses if responses else None
    )
    out["handle_seconds"].append(total("handle_seconds"))
    out["work_minutes"].append(work / MINUTE_US)
    out["outside_roster_minutes"].append(outside / MINUTE_US if roster is not None else None)
    out["consecutive_days"].append(streak)
    out["rest_hours_before"].append(rest)
    out["quick_return"].append(rest < QUICK_RETURN_HOURS if rest is not None else None)
    out["empathy_rate"].append(
        total("empathy_messages") / agent_messages if agent_messages else None
    )
    out["canned_rate"].append(total("canned_messages") / agent_messages if agent_messages else None)
    out["csat_mean"].append(sum(csat) / len(csat) if csat else None)
    out["csat_count"].append(len(csat))


def _roster_us(rosters: Rosters | None, who: str) -> list[tuple[int, int]] | None:
    if rosters is None or who not in rosters:
        return None
    return sorted((to_us(a), to_us(b)) for a, b in rosters[who])


def _session_minutes(
    times: list[int],
    clock: Clock,
    night: tuple[int, int],
    roster: list[tuple[int, int]] | None,
) -> tuple[dict[int, list[Any]], set[int]]:
    """Per local day: [work µs, night µs, outside-roster µs, rest hours before or None]; and the
    days on which a shift begins (rest before = the break before the day's first shift)."""
    per_day: dict[int, list[Any]] = {}
    shift_days: set[int] = set()
    previous_end: int | None = None
    i = 0
    while i < len(times):
        j = i
        while j + 1 < len(times) and times[j + 1] - times[j] < SESSION_GAP_US:
            j += 1
        first, last = times[i], times[j]
        start_day = clock.day(first)
        end = min(last + SESSION_TAIL_US, clock.midnight(clock.day(last) + 1))
        for day in range(start_day, clock.day(end - 1) + 1):
            lo, hi = max(first, clock.midnight(day)), min(end, clock.midnight(day + 1))
            slot = per_day.setdefault(day, [0, 0, 0, None, False])
            slot[0] += hi - lo
            slot[1] += night_overlap(clock, day, lo, hi, night)
            if roster is not None:
                slot[2] += (hi - lo) - sum(overlap(lo, hi, a, b) for a, b in roster)
        new_shift = previous_end is None or first - previous_end >= SHIFT_BREAK_US
        slot = per_day[start_day]
        if new_shift and not slot[4]:  # the first shift that begins on this day
            slot[4] = True
            shift_days.add(start_day)
            if previous_end is not None:
                slot[3] = (first - previous_end) / 3_600_000_000
        previous_end = last
        i = j + 1
    return {day: values[:4] for day, values in per_day.items()}, shift_days
