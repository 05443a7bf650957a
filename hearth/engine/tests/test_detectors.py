"""The text detectors on hand-written zh, en and mixed messages, and `hearth text score`."""

from __future__ import annotations

import json

import pytest

from hearth.engine.detectors import (
    DETECTORS_VERSION,
    detect_language,
    mask_personal,
    score_agent,
    score_customer,
)

HOSTILE = [
    ("你是猪吗", "insult"),
    ("你们客服都是废物", "insult"),
    ("我要投诉你", "threat"),
    ("are you stupid", "insult"),
    ("I'll get you fired", "threat"),
    ("you are useless idiots", "insult"),
]
NEUTRAL = [
    "请问我的快递什么时候能到？",
    "麻烦帮我改一下收货地址",
    "When will my package arrive?",
    "Can you update my shipping address please",
    "Thanks, that fixed it",
]
# Ordinary customer-service requests, written for these tests and kept apart from the training
# negatives in hearth/engine/detectors/data/cs_neutral_*.txt (test_neutral_set_is_not_trained_on).
NEUTRAL_REQUESTS_ZH = [
    "您好，我刚下单，想把收货地址改成上海的",
    "麻烦帮我把收件人电话改成新的号码",
    "请问地址填错了还能改吗？",
    "请问我的订单发货了吗？",
    "麻烦帮我查一下这个订单的物流",
    "请问快递现在到哪里了？",
    "请问今天下单明天能到吗？",
    "这条裤子偏小，请问能换大一号吗？",
    "麻烦帮我把这件换成XL码，谢谢",
    "请问换尺码要怎么操作？",
    "请问怎么申请开发票？",
    "麻烦帮我开一张公司抬头的发票",
    "发票能发到我邮箱吗？麻烦了",
    "请问这款手机壳有白色的吗？",
    "麻烦您帮我看一下优惠券为什么用不上",
    "您好，我昨天问的地址修改，请问处理好了吗？",
    "不好意思再问一下，我的退换货申请审核了吗？",
    "好的，麻烦您了，谢谢",
    "收到，谢谢您的帮助",
    "请问周末可以送货上门吗？",
]
NEUTRAL_REQUESTS_EN = [
    "Hi, I need to change the shipping address on my order",
    "Could you please send my order to a different address?",
    "Can you update the delivery address to 12 Park Road please",
    "Can you tell me where my order is?",
    "Could you check whether my package has shipped yet",
    "What is the tracking number for my order please",
    "When should I expect my delivery?",
    "Can I exchange these jeans for a size 32?",
    "The dress is a bit small, could I swap it for a large please",
    "How do I exchange an item for a different size?",
    "Could you send me an invoice for order 5521 please",
    "Can I have a receipt with my company name on it?",
    "Please email me a copy of the invoice",
    "Can you help me update my account email please",
    "Do you have this jacket in navy?",
    "Just following up on my email from Monday about the address change",
    "Hi again, is there any update on my exchange request?",
    "Sorry to chase, could you confirm my order was updated?",
    "Thank you so much for your help today",
    "Please let me know when my order is on its way, thanks",
]
POLITE_AGENT = [
    "非常抱歉给您带来不便，理解您的心情，我来帮您处理",
    "I understand how frustrating this is, I'm sorry. I'll make sure it is fixed today.",
]


@pytest.mark.parametrize(("text", "category"), HOSTILE)
def test_issue_phrases_are_hostile_with_cues(text: str, category: str) -> None:
    s = score_customer(text)
    assert s.hostile
    assert 0.5 <= s.hostility <= 1
    assert any(cue.startswith(category + ":") for cue in s.cues)


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_questions_are_not_hostile(text: str) -> None:
    s = score_customer(text)
    assert not s.hostile
    assert 0 <= s.hostility < 0.5


@pytest.mark.parametrize("text", NEUTRAL_REQUESTS_ZH + NEUTRAL_REQUESTS_EN)
def test_neutral_requests_are_neither_hostile_nor_negative(text: str) -> None:
    s = score_customer(text)
    assert not s.hostile, (s.hostility, s.cues)
    assert not s.negative, (s.negative_score, s.cues)


def test_neutral_set_is_not_trained_on() -> None:
    from hearth.engine.detectors.model import DATA_DIR

    trained = set()
    for lang in ("zh", "en"):
        lines = (DATA_DIR / f"cs_neutral_{lang}.txt").read_text(encoding="utf-8").splitlines()
        trained |= {line.strip().lower() for line in lines}
    tested = NEUTRAL + NEUTRAL_REQUESTS_ZH + NEUTRAL_REQUESTS_EN
    assert not trained & {t.lower() for t in tested}


@pytest.mark.parametrize(
    "text",
    ["请问你是猪吗", "麻烦你们客服都是废物", "Please, are you stupid?", "Thanks for nothing, I'll get you fired",
     "Could you stop being such useless idiots"],
)
def test_courtesy_does_not_hide_hostility(text: str) -> None:
    assert score_customer(text).hostile


@pytest.mark.parametrize(
    "text", ["请问为什么等了三天还没发货？", "Please help, I'm still waiting for my refund and I'm really upset"]
)
def test_polite_complaints_stay_negative(text: str) -> None:
    assert score_customer(text).negative


@pytest.mark.parametrize("text", POLITE_AGENT)
def test_polite_agent_templates_are_not_hostile(text: str) -> None:
    assert not score_customer(text).hostile


def test_shouting_and_repeated_punctuation_are_cues() -> None:
    s = score_customer("WHERE IS MY REFUND I WANT IT NOW!!!")
    assert "caps" in s.cues
    assert any(c.startswith("punct:") for c in s.cues)
    assert s.negative


@pytest.mark.parametrize(
    "text", ["气死我了，等了三天还没发货", "I'm so frustrated, still waiting for my refund"]
)
def test_negative_emotion(text: str) -> None:
    s = score_customer(text)
    assert s.negative
    assert s.cues


def test_mixed_text_scores_both_parts() -> None:
    s = score_customer("my order 还没到, you are idiots，你们是猪吗")
    assert s.lang == "mixed"
    assert s.hostile
    assert any("猪" in c for c in s.cues)
    assert any("idiot" in c for c in s.cues)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("你好", "zh"), ("hello there", "en"), ("我的 order number is wrong please help", "mixed"),
     ("😡😡", "other"), ("ありがとう", "other"), ("iPhone坏了，怎么办", "zh")],
)
def test_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "empathy", "apology", "ownership"),
    [
        ("理解您的心情", True, False, False),
        ("抱歉让您久等了", True, True, False),
        ("我来帮您处理", False, False, True),
        ("I understand how frustrating this is", True, False, False),
        ("Sorry about that", False, True, False),
        ("I'll make sure this is fixed", False, False, True),
        ("Your parcel left the warehouse.", False, False, False),
    ],
)
def test_agent_signals(text: str, empathy: bool, apology: bool, ownership: bool) -> None:
    s = score_agent(text)
    assert (s.empathy, s.apology, s.ownership) == (empathy, apology, ownership)
    assert bool(s.cues) == (empathy or apology or ownership)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail a.b@example.com now", "mail [email] now"),
        ("我的手机13812345678", "我的手机[phone]"),
        ("call +1 415-555-0199", "call [phone]"),
        ("订单号2023110512345678还没到", "订单号[order]还没到"),
        ("order AB12345678 please", "order [order] please"),
        ("退了¥299.00", "退了[amount]"),
        ("it cost $45.99", "it cost [amount]"),
        ("亲爱的张三，您好", "亲爱的[name]，您好"),
        ("Dear John Smith, thanks", "Dear [name], thanks"),
        ("@someone hi", "[name] hi"),
    ],
)
def test_masking(text: str, expected: str) -> None:
    assert mask_personal(text) == expected


def test_scores_are_deterministic() -> None:
    a = [score_customer(t) for t, _ in HOSTILE]
    assert a == [score_customer(t) for t, _ in HOSTILE]
    assert DETECTORS_VERSION


def test_cli_contract(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                      tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    from hearth.cli import main

    lines = [
        json.dumps({"text": "你们客服都是废物"}, ensure_ascii=False),
        "not json",
        json.dumps({"text": "Sorry, I'll make sure it's fixed", "role": "agent"}),
        json.dumps({"lang": "en"}),
        json.dumps({"text": "hi", "role": "boss"}),
        json.dumps({"text": "When will it arrive?", "lang": "en"}),
    ]
    monkeypatch.setenv("HEARTH_LANG", "en")
    path = Path(str(tmp_path)) / "contract.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["text", "score", "--input", str(path)]) == 0
    out = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert list(out[0]) == ["lang", "role", "hostility", "hostile", "negative_score", "negative", "cues"]
    assert out[0]["hostile"] is True and out[0]["role"] == "customer"
    assert set(out[1]) == {"error"}
    assert list(out[2]) == ["lang", "role", "empathy", "apology", "ownership", "cues"]
    assert set(out[3]) == {"error"} and set(out[4]) == {"error"}
    assert out[5]["lang"] == "en" and out[5]["hostility"] == round(out[5]["hostility"], 4)


def test_cli_file_keeps_order(tmp_path: pytest.TempPathFactory, capfd: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from hearth.cli import main

    monkeypatch.setenv("HEARTH_LANG", "en")
    path = Path(str(tmp_path)) / "in.jsonl"
    texts = ["你是猪吗", "{bad", "hello", "理解您的心情"]
    rows = [json.dumps({"text": texts[0]}, ensure_ascii=False), texts[1],
            json.dumps({"text": texts[2]}), json.dumps({"text": texts[3], "role": "agent"}, ensure_ascii=False)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["text", "score", "--input", str(path)]) == 0
    out = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert len(out) == 4
    assert out[0]["hostile"] is True
    assert "error" in out[1]
    assert out[2]["role"] == "customer" and out[2]["hostile"] is False
    assert out[3]["empathy"] is True
