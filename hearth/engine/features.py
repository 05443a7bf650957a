"""Per agent per day: canonical records → scored message batches → one row per agent and local day.

Everything speaks Arrow, so the local engine (`agent_day_features`) and Spark (`hearth.engine.spark`)
run the same two stage functions of `features_days`. Definitions are documented there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from hearth import __version__
from hearth.engine.canned import CannedReplyDetector
from hearth.engine.canonical import Conversation, Message, conversation_merge
from hearth.engine.detectors import DETECTORS_VERSION
from hearth.engine.features_baselines import with_baselines
from hearth.engine.features_days import (
    AGENT_DAY_SCHEMA,
    CONVERSATION_DAY_SCHEMA,
    Clocks,
    Rosters,
    agent_days,
    agent_times,
    conversation_days,
)
from hearth.engine.features_time import BusinessHours

FEATURES_SCHEMA_VERSION = "1"

ENGINE_VERSION = (
    f"hearth-{__version__}+detectors-{DETECTORS_VERSION}+features-{FEATURES_SCHEMA_VERSION}"
)

MESSAGE_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("conversation_id", pa.string()),
        ("message_id", pa.string()),
        ("sent_at", pa.timestamp("us", tz="UTC")),
        ("author_role", pa.string()),
        ("agent_id", pa.string()),
        ("internal", pa.bool_()),
        ("lang", pa.string()),
        ("hostile", pa.bool_()),
        ("hostility", pa.float64()),
        ("negative", pa.bool_()),
        ("negative_score", pa.float64()),
        ("empathy", pa.bool_()),
        ("apology", pa.bool_()),
        ("ownership", pa.bool_()),
        ("canned", pa.bool_()),
    ]
)
CONVERSATION_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("conversation_id", pa.string()),
        ("team", pa.string()),
        ("started_at", pa.timestamp("us", tz="UTC")),
        ("ended_at", pa.timestamp("us", tz="UTC")),
        ("csat", pa.float64()),
        ("csat_score", pa.float64()),
        ("csat_scale", pa.float64()),
    ]
)

__all__ = [
    "AGENT_DAY_SCHEMA",
    "CONVERSATION_SCHEMA",
    "ENGINE_VERSION",
    "MESSAGE_SCHEMA",
    "ConversationFacts",
    "agent_day_features",
    "conversation_teams",
    "score_messages",
    "with_baselines",
]

Scorer = Callable[[str], Any]


class ConversationFacts:
    """Conversation records seen while scoring, merged by (source, conversation_id); later wins."""

    def __init__(self) -> None:
        self.conversations: dict[tuple[str, str], Conversation] = {}

    def add(self, conversation: Conversation) -> None:
        """Remember a conversation record; fields a later record leaves empty keep their earlier value."""
        key = (conversation.source, conversation.conversation_id)
        conversation = conversation_merge(self.conversations.get(key), conversation)
        self.conversations[key] = conversation

    def team(self, source: str, conversation_id: str) -> str:
        """The conversation's team if known, else ''."""
        found = self.conversations.get((source, conversation_id))
        return found.team if found is not None else ""

    def table(self) -> pa.Table:
        """The conversations as an Arrow table (CONVERSATION_SCHEMA), sorted by key."""
        rows = [self.conversations[key] for key in sorted(self.conversations)]
        return pa.table(
            {
                "source": [c.source for c in rows],
                "conversation_id": [c.conversation_id for c in rows],
                "team": [c.team for c in rows],
                "started_at": [c.started_at for c in rows],
                "ended_at": [c.ended_at for c in rows],
                "csat": [c.csat.normalised if c.csat else None for c in rows],
                "csat_score": [c.csat.score if c.csat else None for c in rows],
                "csat_scale": [c.csat.scale if c.csat else None for c in rows],
            },
            schema=CONVERSATION_SCHEMA,
        )


def _default_scorers() -> tuple[Scorer, Scorer]:
    from hearth.engine.detectors import score_agent, score_customer

    return score_customer, score_agent


def score_messages(
    records: Iterable[Conversation | Message],
    *,
    score_customer: Scorer | None = None,
    score_agent: Scorer | None = None,
    canned: CannedReplyDetector | None = None,
    facts: ConversationFacts | None = None,
    agent_teams: Mapping[str, str] | None = None,
    batch_size: int = 65_536,
) -> Iterator[pa.RecordBatch]:
    """Score each message (customer: hostility, negativity; agent: empathy, canned…) into record batches.

    Conversations go to `facts` (their team also scopes canned-reply detection; else `agent_teams`).
    Canned replies are detected in input order, which readers give in time order for time-sorted exports.
    No message text is kept.
    """
    if score_customer is None or score_agent is None:
        default_customer, default_agent = _default_scorers()
        score_customer = score_customer or default_customer
        score_agent = score_agent or default_agent
    detector = canned if canned is not None else CannedReplyDetector()
    facts = facts if facts is not None else ConversationFacts()
    teams = agent_teams or {}
    cols: dict[str, list[Any]] = {name: [] for name in MESSAGE_SCHEMA.names}
    pending: list[tuple[str, str, str]] = []
    pending_rows: list[int] = []
    for record in records:
        if isinstance(record, Conversation):
            facts.add(record)
            continue
        customer = agent = None
        if not record.internal and record.author_role == "customer":
            customer = score_customer(record.text)
        elif not record.internal and record.author_role == "agent":
            agent = score_agent(record.text)
            team = facts.team(record.source, record.conversation_id) or teams.get(
                record.agent_id, ""
            )
            pending.append((record.agent_id, team, record.text))
            pending_rows.append(len(cols["source"]))
        cols["source"].append(record.source)
        cols["conversation_id"].append(record.conversation_id)
        cols["message_id"].append(record.message_id)
        cols["sent_at"].append(record.sent_at)
        cols["author_role"].append(record.author_role)
        cols["agent_id"].append(record.agent_id)
        cols["internal"].append(record.internal)
        signals = customer if customer is not None else agent
        cols["lang"].append(signals.lang if signals is not None else None)
        cols["hostile"].append(bool(customer.hostile) if customer is not None else None)
        cols["hostility"].append(float(customer.hostility) if customer is not None else None)
        cols["negative"].append(bool(customer.negative) if customer is not None else None)
        cols["negative_score"].append(
            float(customer.negative_score) if customer is not None else None
        )
        cols["empathy"].append(bool(agent.empathy) if agent is not None else None)
        cols["apology"].append(bool(agent.apology) if agent is not None else None)
        cols["ownership"].append(bool(agent.ownership) if agent is not None else None)
        cols["canned"].append(None)
        if len(cols["source"]) >= batch_size:
            yield _batch(cols, detector, pending, pending_rows)
            cols = {name: [] for name in MESSAGE_SCHEMA.names}
            pending, pending_rows = [], []
    if cols["source"]:
        yield _batch(cols, detector, pending, pending_rows)


def _batch(
    cols: dict[str, list[Any]],
    detector: CannedReplyDetector,
    pending: list[tuple[str, str, str]],
    rows: list[int],
) -> pa.RecordBatch:
    """Canned-reply flags for the batch's agent replies (in order, in bulk), then the record batch."""
    for row, flag in zip(rows, detector.observe_many(pending), strict=True):
        cols["canned"][row] = flag
    return pa.RecordBatch.from_pydict(cols, schema=MESSAGE_SCHEMA)


def agent_day_features(
    messages: pa.Table,
    conversations: pa.Table,
    *,
    agent_zones: Mapping[str, str],
    default_tz: str = "UTC",
    agent_teams: Mapping[str, str] | None = None,
    night: tuple[int, int] = (22, 6),
    business_hours: BusinessHours | None = None,
    rosters: Rosters | None = None,
) -> pa.Table:
    """One row per agent and local calendar day (AGENT_DAY_SCHEMA), sorted by agent and day."""
    clocks = Clocks(agent_zones, default_tz)
    parts = [
        conversation_days(chunk, conversations, clocks=clocks, business_hours=business_hours)
        for chunk in _conversation_chunks(messages)
    ]
    conv_days = pa.concat_tables(parts) if parts else CONVERSATION_DAY_SCHEMA.empty_table()
    days = agent_days(
        conv_days,
        agent_times(messages),
        clocks=clocks,
        night=night,
        rosters=rosters,
        agent_teams=agent_teams,
    )
    return days.sort_by([("agent_id", "ascending"), ("day", "ascending")])


def conversation_teams(messages: pa.Table, conversations: pa.Table) -> dict[str, str]:
    """Each agent's most frequent conversation team (ties: alphabetical), for agents with no team given."""
    replies = messages.filter(pc.equal(messages.column("author_role"), "agent")).select(
        ["source", "conversation_id", "agent_id"]
    )
    joined = replies.join(
        conversations.select(["source", "conversation_id", "team"]),
        keys=["source", "conversation_id"],
    )
    counts = (
        joined.filter(pc.not_equal(joined.column("team"), ""))
        .group_by(["agent_id", "team"])
        .aggregate([([], "count_all")])
    )
    best: dict[str, tuple[int, str]] = {}
    for agent_id, team, count in zip(
        counts.column("agent_id").to_pylist(),
        counts.column("team").to_pylist(),
        counts.column("count_all").to_pylist(),
        strict=True,
    ):
        current = best.get(agent_id)
        if current is None or (-count, team) < (-current[0], current[1]):
            best[agent_id] = (count, team)
    return {agent_id: team for agent_id, (_, team) in sorted(best.items())}


def _conversation_chunks(messages: pa.Table, rows: int = 500_000) -> Iterator[pa.Table]:
    """Slices of about `rows` messages that never split a conversation (bounded Python memory)."""
    keys = [("source", "ascending"), ("conversation_id", "ascending")]
    table = messages.select(list(MESSAGE_SCHEMA.names)).sort_by(keys)
    source = table.column("source")
    conversation = table.column("conversation_id")
    start = 0
    while start < table.num_rows:
        end = min(start + rows, table.num_rows)
        while end < table.num_rows and (
            source[end] == source[end - 1] and conversation[end] == conversation[end - 1]
        ):
            end += 1
        yield table.slice(start, end - start)
        start = end
