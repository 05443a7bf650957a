"""scripts/convert_ibm_dialogue.py on a tiny invented file of the IBM dialogue shape."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from hearth.engine.canonical import Message
from hearth.engine.readers import read

REPO = Path(__file__).resolve().parents[4]
FIXTURE = Path(__file__).parent / "fixtures" / "ibm_dialogue_sample.json"


def test_it_converts_to_generic_jsonl_and_prints_counts_only(tmp_path: Path) -> None:
    out = tmp_path / "ibm.jsonl"
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(REPO / "scripts" / "convert_ibm_dialogue.py"), str(FIXTURE), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "1 conversations, 3 messages (1 customer, 2 agent), 1 brands"
    assert "someone" not in done.stdout
    records = list(read("generic", [out], strict=True))
    messages = [r for r in records if isinstance(r, Message)]
    assert [(m.source, m.conversation_id, m.author_role, m.agent_id) for m in messages] == [
        ("ibm_twitter", "S1", "customer", ""),
        ("ibm_twitter", "S1", "agent", "BrandHelp-agent"),
        ("ibm_twitter", "S1", "agent", "BrandHelp-agent"),
    ]
    # The final agent reply has no timestamp in the data: it comes from the tweet id (snowflake).
    assert messages[-1].sent_at == datetime(2020, 4, 1, 18, 58, 27, 135000, tzinfo=UTC)
    assert records[0].team == "BrandHelp"  # type: ignore[union-attr]
