"""Readers stream: reading a 50 MB file keeps memory flat."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from hearth.engine.readers import read


def test_a_50_mb_generic_file_is_read_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = "客户说：我的订单一直没有到，请尽快处理。" * 8
    with path.open("w", encoding="utf-8") as out:
        written = 0
        n = 0
        while written < 50 * 1024 * 1024:
            line = json.dumps(
                {
                    "conversation_id": f"c{n // 10}",
                    "message_id": str(n),
                    "sent_at": "2025-03-03T09:00:00+08:00",
                    "author_role": "agent" if n % 2 else "customer",
                    "agent_id": f"a{n % 50}",
                    "text": text,
                    "team": "售后",
                },
                ensure_ascii=False,
            )
            out.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            n += 1
    stream = read("generic", [path], strict=True)
    tracemalloc.start()
    try:
        for _record in stream:
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stream.counts.messages == n
    assert stream.bytes_read == stream.total_bytes
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
