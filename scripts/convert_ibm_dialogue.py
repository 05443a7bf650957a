"""Convert IBM's Twitter customer-care dialogues (dev.json) into Hearth's generic JSONL.

    python scripts/convert_ibm_dialogue.py IN.json OUT.jsonl

Each dialogue becomes a conversation (source "ibm_twitter", id = its sessionID, the brand as the
team, channel "twitter"); each turn a message: `client`/`client1` turns are the customer's,
`agent` turns the brand's, and `agentURL` — the agent reply the dataset was built around, which
has no timestamp of its own — becomes the last agent message, timed from its tweet id (a Twitter
snowflake carries its creation time). The data has no individual agent ids, so each brand gets
one placeholder agent, "<brand>-agent". Only counts are printed: never handles or text.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SOURCE = "ibm_twitter"
TWITTER_EPOCH_MS = 1288834974657
CUSTOMER_KEYS = ("client", "client1")


def snowflake_time(tweet_id: str) -> datetime:
    """When a tweet was posted, from its id."""
    return datetime.fromtimestamp(((int(tweet_id) >> 22) + TWITTER_EPOCH_MS) / 1000, tz=UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def dialogue_lines(dialogue: dict[str, Any]) -> list[dict[str, Any]]:
    """The generic-format lines of one dialogue."""
    header = dialogue["dialogHeader"]
    brand = str(header["company"])
    conversation = {
        "source": SOURCE,
        "conversation_id": str(header["sessionID"]),
        "channel": "twitter",
        "team": brand,
        "started_at": str(header["conversationDateTime"]).replace(".000Z", "Z"),
    }
    agent_id = f"{brand}-agent"
    lines = []
    for turn in dialogue["dialogContent"]:
        customer = any(key in turn for key in CUSTOMER_KEYS)
        lines.append(
            {
                **conversation,
                "message_id": str(turn["tweet_ID"]),
                "sent_at": str(turn["datetime"]).replace(".000Z", "Z"),
                "author_role": "customer" if customer else "agent",
                "agent_id": "" if customer else agent_id,
                "internal": False,
                "text": str(turn["message"]),
            }
        )
    final = dialogue.get("agentURL") or {}
    if final.get("tweet_ID"):
        lines.append(
            {
                **conversation,
                "message_id": str(final["tweet_ID"]),
                "sent_at": iso(snowflake_time(str(final["tweet_ID"]))),
                "author_role": "agent",
                "agent_id": agent_id,
                "internal": False,
                "text": str(final.get("url_utterance") or ""),
            }
        )
    return lines


def convert(source: Path, target: Path) -> dict[str, int]:
    """Write the generic JSONL and return counts (dialogues, messages, customer, agent, brands)."""
    dialogues = json.loads(source.read_text(encoding="utf-8"))
    counts = {"conversations": 0, "messages": 0, "customer": 0, "agent": 0}
    brands: set[str] = set()
    with target.open("w", encoding="utf-8") as out:
        for dialogue in dialogues:
            counts["conversations"] += 1
            brands.add(str(dialogue["dialogHeader"]["company"]))
            for line in dialogue_lines(dialogue):
                counts["messages"] += 1
                counts[line["author_role"]] += 1
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    counts["brands"] = len(brands)
    return counts


def main(argv: list[str]) -> int:
    """Command-line entry."""
    if len(argv) != 2:
        print("usage: convert_ibm_dialogue.py IN.json OUT.jsonl", file=sys.stderr)
        return 2
    counts = convert(Path(argv[0]), Path(argv[1]))
    print(
        f"{counts['conversations']} conversations, {counts['messages']} messages "
        f"({counts['customer']} customer, {counts['agent']} agent), {counts['brands']} brands"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
