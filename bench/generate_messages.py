"""Generate N messages of realistic helpdesk conversations as generic JSONL (seeded, zh/en mix).

    python bench/generate_messages.py 1000000 --output var/bench/messages.jsonl --agents var/bench/agents.csv

Agents work in several zones and shifts (day, evening, night); customers are sometimes hostile;
agents mix templates (with order numbers and names) and free replies.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

ZONES = [("Asia/Shanghai", 8), ("Asia/Shanghai", 8), ("America/New_York", -5), ("Europe/London", 0)]
SHIFTS = [9, 14, 22]  # local start hours
EN_CUSTOMER = [
    "Hi, my order {o} still hasn't arrived, can you check?",
    "This is the third time I ask. Are you stupid or what?",
    "I'm really frustrated, the refund of ${a} never came.",
    "Thanks, that helps a lot!",
    "WHY IS NOBODY ANSWERING ME",
    "I'll get you fired if this is not fixed today.",
    "Can I change the delivery address to {n} street?",
]
ZH_CUSTOMER = [
    "你好，我的订单{o}怎么还没到？",
    "你们客服都是废物吗？",
    "退款{a}元一直没到账，太让人失望了。",
    "谢谢你，问题解决了。",
    "你是猪吗？说了多少遍了！",
    "请帮我改一下收货地址。",
]
EN_AGENT = [
    "Dear {n}, thanks for contacting us. Your order {o} has been shipped and will arrive within 3 days.",
    "I understand how frustrating this is, {n}. I'll make sure the refund of ${a} is processed today.",
    "Sorry for the inconvenience. Could you share your order number?",
    "Let me check that with the warehouse and get back to you.",
]
ZH_AGENT = [
    "亲爱的{z}，您的订单{o}已发货，预计3天内送达，请注意查收。",
    "理解您的心情，我来帮您处理退款{a}元的问题。",
    "非常抱歉给您带来不便，请提供一下订单号。",
    "好的，我这边帮您登记一下，稍后回复您。",
]
NAMES = ["Anna", "Bob Lee", "Chen", "Maria", "Tom"]
ZH_NAMES = ["王女士", "李先生", "张同学", "刘小姐"]


def generate(n: int, seed: int, agents: int, out: Path, agents_csv: Path | None) -> None:
    """Write n messages to out (JSONL) and the agents' zones and teams to agents_csv."""
    rng = random.Random(seed)
    roster = []
    for i in range(agents):
        zone, offset = ZONES[i % len(ZONES)]
        roster.append((f"agent{i:04d}", zone, offset, SHIFTS[i % 3], f"team{i % 8}"))
    if agents_csv is not None:
        with agents_csv.open("w", encoding="utf-8") as handle:
            handle.write("agent_id,time_zone,team\n")
            for agent, zone, _, _, team in roster:
                handle.write(f"{agent},{zone},{team}\n")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    days = max(7, n // max(agents * 60, 1))
    written = 0
    conversation = 0
    with out.open("w", encoding="utf-8") as handle:
        while written < n:
            conversation += 1
            agent, _, offset, shift, team = rng.choice(roster)
            zh = rng.random() < 0.5
            day = rng.randrange(days)
            t = start + timedelta(days=day, hours=shift - offset + rng.random() * 8)
            base = {"source": "bench", "conversation_id": f"c{conversation}", "team": team}
            if rng.random() < 0.2:
                base |= {"csat_score": rng.randint(1, 5), "csat_scale": 5}
            for k in range(rng.randint(2, 14)):
                if written >= n:
                    break
                role = "customer" if k % 2 == 0 else rng.choice(["agent"] * 9 + ["bot"])
                fill = {
                    "o": f"{rng.randrange(10**9, 10**10)}",
                    "a": f"{rng.randint(10, 999)}",
                    "n": rng.choice(NAMES),
                    "z": rng.choice(ZH_NAMES),
                }
                if role == "customer":
                    text = rng.choice(ZH_CUSTOMER if zh else EN_CUSTOMER).format(**fill)
                else:
                    text = rng.choice(ZH_AGENT if zh else EN_AGENT).format(**fill)
                    if rng.random() < 0.3:
                        text += f" ({rng.randrange(10**6)})" if zh else f" Ref {rng.random():.6f}."
                t += timedelta(seconds=rng.randint(10, 900))
                line = {
                    **base,
                    "message_id": f"m{k}",
                    "sent_at": t.isoformat(),
                    "author_role": role,
                    "agent_id": agent if role == "agent" else "",
                    "internal": role == "agent" and rng.random() < 0.03,
                    "text": text,
                }
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                written += 1


def main() -> None:
    """Parse arguments and generate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int)
    parser.add_argument("--output", default="var/bench/messages.jsonl")
    parser.add_argument("--agents", default=None)
    parser.add_argument("--agent-count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    generate(args.n, args.seed, args.agent_count, out, Path(args.agents) if args.agents else None)


if __name__ == "__main__":
    main()
