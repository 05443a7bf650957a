"""The demo centre's helpdesk history: four weeks of invented chats, written as a generic-format export.

`hearth demo` loads it through the same `hearth ingest` path a real export takes. Seeded: the same
seed gives the same export. Steady agents work five days a week with two fixed rest days (and the odd
swap). The planted drifting agents change as the weeks go by, each in the way of their burnout type:
basic — lost rest days, overtime and more hostile customers; belonging — canned replies crowd out
warm ones, and more hostile customers; developmental — customers less satisfied and first replies slower.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Customer openings by language: (text, hostile?)
CUSTOMER_ZH = [
    ("你好，我的包裹显示已发货一周了还没到，能帮我查一下吗？", False),
    ("请问订单{order}什么时候能发货？", False),
    ("收到的颜色和图片不一样，想退货。", False),
    ("退款申请提交三天了还没处理，怎么回事？", False),
    ("已经第三次问了，到底什么时候退款？？？", False),
    ("你是猪吗？我说了多少遍了！", True),
    ("你们客服都是废物，一点用都没有", True),
    ("再不处理我就投诉你，让你们店铺关门！", True),
    ("垃圾客服，浪费我时间", True),
]
CUSTOMER_EN = [
    ("Hi, my order {order} still hasn't arrived after 12 days. Can you check?", False),
    ("I received the wrong size, how do I return it?", False),
    ("Can I change the delivery address for my order?", False),
    ("Still waiting on my refund, it's been a week.", False),
    ("This is the third time I'm asking. Where is my refund?", False),
    ("Are you stupid? I already told you the order number!!", True),
    ("I'll get you fired. Give me your manager NOW", True),
    ("WORST SERVICE EVER. YOU PEOPLE ARE USELESS", True),
    ("Don't give me that scripted crap, fix it", True),
]
FOLLOW_ZH = ["好的，谢谢", "那要等多久？", "行吧", "能快点吗", "明白了"]
FOLLOW_EN = ["ok thanks", "How long will that take?", "fine", "Can you hurry up?", "got it"]
AGENT_ZH_WARM = [
    "非常理解您的心情，让您久等了，我来帮您查一下物流。",
    "抱歉给您带来不便，我马上帮您处理退款。",
    "明白您着急，我来跟进，今天内给您答复。",
]
AGENT_ZH_CANNED = [
    "亲，您的订单{order}已发货，请耐心等待，感谢您的支持！",
    "亲，退款将在3-5个工作日内原路退回，请留意。",
]
AGENT_EN_WARM = [
    "I understand how frustrating this is, I'm sorry for the wait. I'll look into it right now.",
    "Sorry about the mix-up. I'll make sure the replacement ships today.",
    "I can see why you're upset. Let me take care of this for you.",
]
AGENT_EN_CANNED = [
    "Thank you for contacting us. Your order {order} has been shipped, please allow 7-15 business days.",
    "Thank you for your patience. Refunds are processed within 3-5 business days.",
]

# Local working hours by shift pattern (start hour, length in hours).
SHIFT_HOURS = {"day": (9, 9), "evening": (14, 9), "night": (21, 9), "rotating": (9, 9)}


def generate_export(*, agents: list[dict[str, Any]], now: datetime, seed: int = 7, weeks: int = 4) -> Iterator[dict[str, Any]]:
    """Generic-format message lines for `agents` (dicts: account, source, team, time_zone, shift, language,
    drifting: "" or the burnout type, left_on: date|None) over the `weeks` before `now`."""
    rng = random.Random(seed)
    days = weeks * 7
    start_day = (now - timedelta(days=days)).date()
    counter = 0
    for agent in agents:
        zone = ZoneInfo(agent["time_zone"])
        english = agent["language"] == "en"
        kind = agent.get("drifting") or ""
        first_rest = rng.randrange(7)
        rest_days = {first_rest, (first_rest + 1) % 7}
        for offset in range(days):
            day = start_day + timedelta(days=offset)
            if agent.get("left_on") and day >= agent["left_on"]:
                break
            progress = offset / days  # 0 → 1 over the window
            if kind == "basic" and progress > 0.4:
                works = rng.random() < 0.95  # rest days get lost
            elif day.weekday() in rest_days:
                works = rng.random() < 0.06  # covering for a colleague
            else:
                works = rng.random() > 0.04  # sick or a day off
            if not works:
                continue
            shift = agent["shift"]
            if shift == "rotating":
                shift = ("day", "evening", "night")[(offset // 7) % 3]
            first_hour, length = SHIFT_HOURS[shift]
            if kind == "basic" and progress > 0.4:
                length += rng.choice([1, 2, 3])  # overtime creeps in
            shift_start = datetime(day.year, day.month, day.day, first_hour, tzinfo=zone)
            hostile_rate = 0.04 + (0.10 if agent["team"] == "eu" and shift == "night" else 0.0)
            hostile_rate += {"basic": 0.25, "belonging": 0.15, "developmental": 0.05}.get(kind, 0.0) * progress
            style = _Style(
                canned=0.75 if kind == "belonging" and progress > 0.4 else 0.25,
                unhappy=kind == "developmental" and progress > 0.5,
                slow=2.0 if kind == "developmental" and progress > 0.5 else 1.0,
            )
            for _ in range(rng.randint(8, 14)):
                counter += 1
                cid = f"demo-{counter}"
                at = shift_start + timedelta(minutes=rng.uniform(0, length * 60 - 20))
                yield from _conversation(rng, cid, agent, at, english, hostile_rate, style)


@dataclass(frozen=True)
class _Style:
    """How an agent's chats go: share of canned replies, unhappy customers, slower first replies."""

    canned: float
    unhappy: bool
    slow: float


def _conversation(rng: random.Random, cid: str, agent: dict[str, Any], at: datetime, english: bool,
                  hostile_rate: float, style: _Style) -> Iterator[dict[str, Any]]:
    order = f"{rng.randint(10**11, 10**12 - 1)}"
    openings = CUSTOMER_EN if english else CUSTOMER_ZH
    hostile = rng.random() < hostile_rate
    text = rng.choice([t for t, h in openings if h == hostile])
    common = {"source": agent["source"], "conversation_id": cid, "team": agent["team_name"], "channel": "chat",
              "customer_locale": "en" if english else "zh-CN"}
    if rng.random() < 0.3:
        scores = [1, 2, 3] if hostile else ([2, 3, 3, 4] if style.unhappy else [3, 4, 5, 5])
        common |= {"csat_score": rng.choice(scores), "csat_scale": 5}
    n = 0

    def line(role: str, when: datetime, body: str) -> dict[str, Any]:
        nonlocal n
        n += 1
        row = {**common, "message_id": f"{cid}-{n}", "sent_at": when.isoformat(), "author_role": role, "text": body}
        if role == "agent":
            row["agent_id"] = agent["account"]
        return row

    yield line("customer", at, text.format(order=order))
    at += timedelta(seconds=rng.uniform(20, 240 if not hostile else 400) * style.slow)
    warm, canned = (AGENT_EN_WARM, AGENT_EN_CANNED) if english else (AGENT_ZH_WARM, AGENT_ZH_CANNED)
    use_canned = rng.random() < style.canned
    yield line("agent", at, rng.choice(canned if use_canned else warm).format(order=order))
    for _ in range(rng.randint(0, 2)):
        at += timedelta(seconds=rng.uniform(30, 300))
        yield line("customer", at, rng.choice(FOLLOW_EN if english else FOLLOW_ZH))
        at += timedelta(seconds=rng.uniform(20, 200))
        yield line("agent", at, rng.choice(canned if use_canned else warm).format(order=order))


def write_export(path: Path, lines: Iterator[dict[str, Any]]) -> int:
    """Write the export as JSONL; returns the number of messages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in lines:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
