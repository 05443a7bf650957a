"""Spark and the local engine give the same per-agent-day table (local mode, no network)."""

from __future__ import annotations

import json
import logging
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pytest

from hearth.engine.canonical import Conversation, Csat, Message
from hearth.engine.features import ConversationFacts, agent_day_features, score_messages

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)
logging.getLogger("py4j").setLevel(logging.WARNING)  # its shutdown chatter hits closed streams

ZONES = {"a1": "Asia/Shanghai", "a2": "America/New_York", "a3": "Europe/London", "a4": "UTC"}
TEAMS = {"a1": "north", "a2": "north", "a3": "south", "a4": "south"}


def _customer(text: str) -> SimpleNamespace:
    return SimpleNamespace(
        lang="en",
        hostility=0.9 if "!" in text else 0.1,
        hostile="!" in text,
        negative_score=0.5,
        negative="bad" in text,
        cues=[],
    )


def _agent(text: str) -> SimpleNamespace:
    return SimpleNamespace(
        lang="en", empathy="sorry" in text, apology=False, ownership=False, cues=[]
    )


def generated_records(messages: int, seed: int = 7) -> list[Conversation | Message]:
    """Conversations over several agents, zones and days, across a DST change."""
    rng = random.Random(seed)
    records: list[Conversation | Message] = []
    start = datetime(2024, 3, 5, tzinfo=UTC)
    n = 0
    conv = 0
    while n < messages:
        conv += 1
        agent = rng.choice(sorted(ZONES))
        cid = f"c{conv}"
        csat = Csat(rng.randint(1, 5), 5) if rng.random() < 0.3 else None
        records.append(Conversation("gen", cid, team=TEAMS[agent], csat=csat))
        t = start + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        for k in range(rng.randint(2, 12)):
            t += timedelta(seconds=rng.randint(5, 4000))
            role = rng.choice(["customer", "agent", "agent", "bot", "customer"])
            who = agent if role == "agent" and rng.random() < 0.9 else rng.choice(sorted(ZONES))
            text = rng.choice(["bad!", "hello", "so bad", "sorry about that", "order 123 sent"])
            records.append(
                Message(
                    "gen",
                    cid,
                    f"m{k}",
                    t,
                    role,
                    text,
                    agent_id=who if role == "agent" else "",
                    internal=rng.random() < 0.05,
                )
            )
            n += 1
    return records


def test_spark_and_local_give_identical_tables() -> None:
    from hearth.engine.spark import agent_day_features_spark, read_messages, spark_session

    facts = ConversationFacts()
    batches = list(
        score_messages(
            generated_records(3000), score_customer=_customer, score_agent=_agent, facts=facts
        )
    )
    messages = pa.Table.from_batches(batches)
    conversations = facts.table()
    options = {"agent_zones": ZONES, "default_tz": "UTC", "agent_teams": TEAMS}
    local = agent_day_features(messages, conversations, **options)
    started = time.monotonic()
    spark = spark_session("local[1]")
    try:
        messages_df, conversations_df = read_messages(spark, messages, conversations)
        remote = agent_day_features_spark(spark, messages_df, conversations_df, **options)
    finally:
        spark.stop()
    assert time.monotonic() - started < 120
    assert local.num_rows > 100
    assert remote.schema == local.schema
    assert remote.to_pylist() == local.to_pylist()


def test_the_command_gives_the_same_csv_with_spark(tmp_path: Path) -> None:
    from hearth.cli import main

    export = tmp_path / "messages.jsonl"
    lines = []
    for i, record in enumerate(generated_records(300, seed=3)):
        if isinstance(record, Message):
            lines.append(
                {
                    "source": "generic",
                    "conversation_id": record.conversation_id,
                    "message_id": record.message_id,
                    "sent_at": record.sent_at.isoformat(),
                    "author_role": record.author_role,
                    "agent_id": record.agent_id,
                    "internal": record.internal,
                    "text": f"{record.text} {i}",
                }
            )
    export.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    outputs = []
    for engine in ("local", "spark"):
        out = tmp_path / f"{engine}.csv"
        argv = ["features", "--input", str(export), "--tz", "Asia/Shanghai", "--output", str(out)]
        assert main([*argv, "--engine", engine, "--spark-master", "local[1]"]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") > 10
