"""The words of practice feedback, in English and Simplified Chinese: (kind, dimension) → message."""

from __future__ import annotations

MESSAGES: dict[tuple[str, str], dict[str, str]] = {
    ("keep", "empathy"): {
        "en": "You acknowledged how the customer feels. Keep naming their situation.",
        "zh-hans": "您回应了顾客的感受，继续保持：先说出对方的处境。",
    },
    ("start", "empathy"): {
        "en": "Start by acknowledging the customer's feeling before the facts (\"I understand how worrying this is\").",
        "zh-hans": "先回应顾客的情绪，再讲事实（如“理解您的着急”）。",
    },
    ("keep", "apology"): {
        "en": "You apologised where it was due.",
        "zh-hans": "该道歉的地方您道歉了。",
    },
    ("start", "apology"): {
        "en": "Start with a short, sincere apology for what went wrong on our side.",
        "zh-hans": "对我们这边的问题，先简短、真诚地道个歉。",
    },
    ("keep", "ownership"): {
        "en": "You took the case on yourself. Keep saying what you will do.",
        "zh-hans": "您把问题揽到了自己身上，继续说清楚“我来做什么”。",
    },
    ("start", "ownership"): {
        "en": "Start owning the case: say what you personally will do (\"I'll check with the warehouse now\").",
        "zh-hans": "主动担当：说出您本人会做什么（如“我现在就帮您联系仓库”）。",
    },
    ("keep", "solution"): {
        "en": "You gave a concrete solution with specifics (what, how much, by when).",
        "zh-hans": "您给出了具体方案：做什么、多少钱、什么时候。",
    },
    ("start", "solution"): {
        "en": "Start giving a concrete solution the policy allows, with an amount, an order number or a time.",
        "zh-hans": "给出规则允许的具体方案，带上金额、单号或时间。",
    },
    ("keep", "clarity"): {
        "en": "Clear and the right length.",
        "zh-hans": "表达清楚，长短合适。",
    },
    ("start", "clarity"): {
        "en": "Start writing in short, plain sentences: one point each, no canned lines.",
        "zh-hans": "用简短、直白的句子，一句说一件事，不要套话。",
    },
    ("keep", "politeness"): {
        "en": "Courteous wording throughout.",
        "zh-hans": "措辞礼貌得体。",
    },
    ("start", "politeness"): {
        "en": "Start adding courtesy: \"please\", \"thank you\".",
        "zh-hans": "加上礼貌用语：“您”“请”“谢谢”。",
    },
    ("stop", "politeness"): {
        "en": "Stop dismissive or rude wording, even when the customer is rude.",
        "zh-hans": "不要使用敷衍或不礼貌的说法，即使顾客态度不好。",
    },
    ("stop", "forbidden"): {
        "en": "Stop using phrases this scenario forbids.",
        "zh-hans": "不要使用本场景禁止的说法。",
    },
    ("keep", "forbidden"): {
        "en": "No forbidden phrases.",
        "zh-hans": "没有使用禁用语。",
    },
    ("stop", "blame"): {
        "en": "Stop putting the fault on the customer; explain what happened and what you will do.",
        "zh-hans": "不要把责任推给顾客，说明情况并说出您会怎么做。",
    },
    ("stop", "template"): {
        "en": "Stop answering with a canned template; it tells the customer nothing new.",
        "zh-hans": "不要只用模板话术回复，顾客得不到任何新信息。",
    },
    ("keep", "response_time"): {
        "en": "You answered within the platform's response target.",
        "zh-hans": "您在平台要求的响应时间内回复了。",
    },
    ("start", "response_time"): {
        "en": "Start answering faster: you went over the response target. Send a short holding line first if you need time.",
        "zh-hans": "回复太慢，超过了响应时限。需要时间查询时，先回一句告知顾客。",
    },
    ("keep", "similarity"): {
        "en": "Close to what an experienced agent would write.",
        "zh-hans": "和资深客服的回复思路很接近。",
    },
    ("start", "similarity"): {
        "en": "Compare with the model reply: it covers points yours did not.",
        "zh-hans": "对照参考回复：它包含了您没提到的要点。",
    },
}


def message(kind: str, dimension: str) -> dict[str, str]:
    """The feedback message in both languages (a copy, safe to change)."""
    return dict(MESSAGES[(kind, dimension)])
