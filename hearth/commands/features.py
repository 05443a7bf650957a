"""`hearth features`: helpdesk exports → one CSV row per agent and local day, with the engine alone (no Django)."""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hearth.commands import CommandError
from hearth.engine.i18n import gettext as _

FORMATS = ("generic", "zendesk", "freshdesk", "chatwoot", "zammad")


def register(sub: Any) -> None:
    """Add `hearth features`."""
    parser = sub.add_parser(
        "features", help=_("compute per-agent-day features from helpdesk exports")
    )
    parser.add_argument(
        "--input", required=True, nargs="+", metavar="PATH", help=_("export files to read")
    )
    parser.add_argument(
        "--format", default="generic", choices=FORMATS, help=_("export format (default generic)")
    )
    parser.add_argument(
        "--tz",
        default="UTC",
        metavar="ZONE",
        help=_("time zone of agents whose zone is unknown (default UTC)"),
    )
    parser.add_argument(
        "--agents", metavar="CSV", help=_("CSV with columns agent_id,time_zone,team")
    )
    parser.add_argument(
        "--output", required=True, metavar="CSV", help=_("where to write the agent-day rows")
    )
    parser.add_argument(
        "--engine",
        default="local",
        choices=("local", "spark"),
        help=_("compute locally or with Apache Spark (default local)"),
    )
    parser.add_argument(
        "--spark-master",
        default="local[*]",
        metavar="URL",
        help=_("Spark master URL (default local[*])"),
    )
    parser.set_defaults(func=features_run)


def read_agents(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """agent_id → time zone and agent_id → team from an agents CSV."""
    from hearth.engine.features_time import UnknownZoneError, zone

    zones: dict[str, str] = {}
    teams: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if "agent_id" not in (reader.fieldnames or []):
                raise CommandError(_("{path}: the agent_id column is missing").format(path=path))
            for line, row in enumerate(reader, start=2):
                agent = (row.get("agent_id") or "").strip()
                name = (row.get("time_zone") or "").strip()
                if name:
                    try:
                        zone(name)
                    except UnknownZoneError as exc:
                        raise CommandError(
                            _("{path}:{line}: unknown time zone {zone}").format(
                                path=path, line=line, zone=name
                            )
                        ) from exc
                    zones[agent] = name
                if (row.get("team") or "").strip():
                    teams[agent] = (row.get("team") or "").strip()
    except OSError as exc:
        raise CommandError(_("{path}: no such file").format(path=path)) from exc
    return zones, teams


def features_run(args: argparse.Namespace) -> int:
    """Read, score, aggregate, add baselines, write the CSV (via a temp file renamed on success)."""
    import pyarrow as pa

    from hearth.engine.features import (
        ENGINE_VERSION,
        ConversationFacts,
        agent_day_features,
        conversation_teams,
        score_messages,
        with_baselines,
    )
    from hearth.engine.features_time import UnknownZoneError, zone
    from hearth.engine.readers import ReaderError, read

    try:
        zone(args.tz)
    except UnknownZoneError as exc:
        raise CommandError(_("unknown time zone {zone}").format(zone=args.tz)) from exc
    zones, teams = read_agents(Path(args.agents)) if args.agents else ({}, {})
    output = Path(args.output)
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(_("{path}: the folder does not exist").format(path=directory))
    try:
        stream = read(args.format, args.input, default_tz=args.tz)
        facts = ConversationFacts()
        messages = pa.Table.from_batches(
            list(score_messages(stream, facts=facts, agent_teams=teams)),
            schema=_message_schema(),
        )
    except ReaderError as exc:
        raise CommandError(str(exc)) from exc
    conversations = facts.table()
    teams = {**conversation_teams(messages, conversations), **teams}
    options: dict[str, Any] = {"agent_zones": zones, "default_tz": args.tz, "agent_teams": teams}
    if args.engine == "spark":
        table = _spark(args.spark_master, messages, conversations, options)
    else:
        table = agent_day_features(messages, conversations, **options)
    table = with_baselines(table)
    rows = _write_csv(table, output, directory, ENGINE_VERSION)
    for error in stream.errors[:20]:
        print(str(error), file=sys.stderr)
    print(
        _(
            "{rows} agent-days from {messages} messages ({errors} bad records); written to {path}"
        ).format(rows=rows, messages=messages.num_rows, errors=len(stream.errors), path=output),
        file=sys.stderr,
    )
    return 0


def _message_schema() -> Any:
    from hearth.engine.features import MESSAGE_SCHEMA

    return MESSAGE_SCHEMA


def _spark(master: str, messages: Any, conversations: Any, options: dict[str, Any]) -> Any:
    try:
        from hearth.engine.spark import agent_day_features_spark, read_messages, spark_session
    except ImportError as exc:
        raise CommandError(_("--engine spark needs pyspark: pip install pyspark")) from exc
    spark = spark_session(master)
    try:
        messages_df, conversations_df = read_messages(spark, messages, conversations)
        return agent_day_features_spark(spark, messages_df, conversations_df, **options)
    finally:
        spark.stop()


def _write_csv(table: Any, output: Path, directory: Path, version: str) -> int:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as tmp:
            writer = csv.writer(tmp)
            writer.writerow([*table.column_names, "engine_version"])
            columns = [table.column(name).to_pylist() for name in table.column_names]
            for row in zip(*columns, strict=True):
                writer.writerow([_cell(value) for value in row] + [version])
        os.replace(tmp_name, output)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return table.num_rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)
