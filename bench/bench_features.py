"""Benchmark the full path (read → score → aggregate) of `hearth features` on generated messages.

    python bench/generate_messages.py 1000000 --output var/bench/m1m.jsonl --agents var/bench/agents.csv
    python bench/bench_features.py var/bench/m1m.jsonl --agents var/bench/agents.csv

Prints wall time per phase, messages/s and peak RSS (resource.getrusage).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

import pyarrow as pa

from hearth.commands.features import read_agents
from hearth.engine.features import (
    MESSAGE_SCHEMA,
    ConversationFacts,
    agent_day_features,
    score_messages,
    with_baselines,
)
from hearth.engine.readers import read


def main() -> None:
    """Run the benchmark once and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--agents")
    args = parser.parse_args()
    from pathlib import Path

    zones, teams = read_agents(Path(args.agents)) if args.agents else ({}, {})
    started = time.perf_counter()
    facts = ConversationFacts()
    stream = read("generic", [args.input])
    messages = pa.Table.from_batches(
        list(score_messages(stream, facts=facts, agent_teams=teams)), schema=MESSAGE_SCHEMA
    )
    scored = time.perf_counter()
    table = agent_day_features(messages, facts.table(), agent_zones=zones, agent_teams=teams)
    table = with_baselines(table)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = messages.num_rows
    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}")
    print(f"messages: {n}, agent-days: {table.num_rows}, bad records: {len(stream.errors)}")
    print(f"read+score: {scored - started:.1f} s; aggregate+baselines: {done - scored:.1f} s")
    print(
        f"total: {done - started:.1f} s, {n / (done - started):,.0f} messages/s, peak RSS {peak_mb:,.0f} MB"
    )


if __name__ == "__main__":
    main()
