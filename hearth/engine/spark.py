"""Per-agent-day features on Apache Spark, for centres that outgrow one machine.

No feature logic lives here: Spark only groups rows — whole conversations for stage 1, whole agents
for stage 2 — and hands each group as an Arrow table to the same `features_days` functions the
local engine runs (`applyInArrow`). The result is identical to `features.agent_day_features`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from hearth.engine.features import MESSAGE_SCHEMA
from hearth.engine.features_days import (
    AGENT_DAY_SCHEMA,
    AGENT_TIMES_SCHEMA,
    CONVERSATION_DAY_SCHEMA,
    Clocks,
    Rosters,
    agent_days,
    agent_times,
    conversation_days,
)
from hearth.engine.features_time import BusinessHours

_STAGE1_INPUT = [
    "source",
    "conversation_id",
    "message_id",
    "sent_at",
    "author_role",
    "agent_id",
    "internal",
    "hostile",
    "negative",
    "empathy",
    "canned",
]


def spark_session(master: str = "local[1]", *, app_name: str = "hearth-features") -> Any:
    """A SparkSession in UTC whose Python workers run this interpreter (local: no web UI, 2 partitions)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master.startswith("local"):  # tests and single machines: small, quiet, no web UI
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.memory", "1g")
        )
    return builder.getOrCreate()


def _ddl(schema: pa.Schema) -> str:
    names = {
        pa.string(): "string",
        pa.int32(): "int",
        pa.int64(): "bigint",
        pa.float64(): "double",
        pa.bool_(): "boolean",
    }
    return ", ".join(f"`{f.name}` {names[f.type]}" for f in schema)


def agent_day_features_spark(
    spark: Any,
    messages_df: Any,
    conversations_df: Any,
    *,
    agent_zones: Mapping[str, str],
    default_tz: str = "UTC",
    agent_teams: Mapping[str, str] | None = None,
    night: tuple[int, int] = (22, 6),
    business_hours: BusinessHours | None = None,
    rosters: Rosters | None = None,
) -> pa.Table:
    """The per-agent-day table of `agent_day_features`, computed by Spark; collected as Arrow, sorted."""
    from pyspark.sql import functions as F  # noqa: N812

    zones = dict(agent_zones)
    teams = dict(agent_teams or {})
    hours = dict(business_hours) if business_hours else None
    roster_copy = {k: list(v) for k, v in rosters.items()} if rosters is not None else None

    def stage1(messages: pa.Table, conversations: pa.Table) -> pa.Table:
        return conversation_days(
            _restore(messages),
            conversations,
            clocks=Clocks(zones, default_tz),
            business_hours=hours,
        )

    def stage2(conv_days: pa.Table, times: pa.Table) -> pa.Table:
        return agent_days(
            conv_days.cast(CONVERSATION_DAY_SCHEMA),
            times.cast(AGENT_TIMES_SCHEMA),
            clocks=Clocks(zones, default_tz),
            night=night,
            rosters=roster_copy,
            agent_teams=teams,
        )

    msgs = messages_df.select(
        *[F.col(c) for c in _STAGE1_INPUT if c != "sent_at"],
        F.unix_micros(F.col("sent_at")).alias("sent_at"),
    )
    convs = conversations_df.select("source", "conversation_id", "csat")
    keys = ["source", "conversation_id"]
    conv_days = (
        msgs.groupBy(*keys)
        .cogroup(convs.groupBy(*keys))
        .applyInArrow(stage1, _ddl(CONVERSATION_DAY_SCHEMA))
    )
    times = msgs.filter(
        (F.col("author_role") == "agent") & ~F.coalesce(F.col("internal"), F.lit(False))
    ).select("agent_id", F.col("sent_at").alias("sent_us"))
    days = (
        conv_days.groupBy("agent_id")
        .cogroup(times.groupBy("agent_id"))
        .applyInArrow(stage2, _ddl(AGENT_DAY_SCHEMA))
    )
    table = days.toArrow()
    return table.cast(AGENT_DAY_SCHEMA).sort_by([("agent_id", "ascending"), ("day", "ascending")])


def _restore(messages: pa.Table) -> pa.Table:
    """Spark sends sent_at as epoch microseconds; give the stage functions the canonical column."""
    sent = messages.column("sent_at").cast(pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    return messages.set_column(messages.schema.get_field_index("sent_at"), "sent_at", sent)


def read_messages(spark: Any, messages: pa.Table, conversations: pa.Table) -> tuple[Any, Any]:
    """Spark DataFrames of scored messages and conversations from Arrow tables (tests, small runs)."""
    return spark.createDataFrame(messages.cast(MESSAGE_SCHEMA)), spark.createDataFrame(
        conversations
    )


__all__ = ["agent_day_features_spark", "agent_times", "read_messages", "spark_session"]
