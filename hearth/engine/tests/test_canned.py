"""Canned-reply detection: templates with different details are canned, different replies are not."""

from __future__ import annotations

import pytest

from hearth.engine.canned import CannedReplyDetector, normalise

TEMPLATE_EN = "Dear {name}, thanks for contacting us. Your order {order} has been shipped and will arrive within 3 days."
TEMPLATE_ZH = "亲爱的{name}，您的订单{order}已发货，预计3天内送达，退款金额¥{amount}，请注意查收。"
DIFFERENT = [
    "I am sorry the package was damaged; I will send a replacement today and follow up personally.",
    "Could you send us a photo of the label so the warehouse can trace it?",
    "Your account has been unlocked, please try signing in again now.",
    "The invoice was emailed this morning, let me know if it is not in your inbox.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dear John Smith, order #A12345678 costs $25.00", "dear #name order #num costs #amount"),
        ("亲爱的王女士，订单 20231102887 退款 ¥128.50", "亲爱的#name女士 订单 #num 退款 #amount"),
        (
            "Mail me at a.b@example.com or call +86 138 0013 8000!!",
            "mail me at #email or call #num",
        ),
        ("  MANY   spaces\t\nhere ", "many spaces here"),
    ],
)
def test_it_masks_details_and_collapses_punctuation(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_templates_with_other_order_numbers_and_names_are_canned() -> None:
    detector = CannedReplyDetector()
    fills = [
        ("Anna", "#1234567"),
        ("Bob Lee", "#9988776"),
        ("Maria", "#5555123"),
        ("Tom", "#42424242"),
    ]
    flags = [detector.observe("a1", "", TEMPLATE_EN.format(name=n, order=o)) for n, o in fills]
    assert flags == [False, False, True, True]


def test_chinese_templates_are_canned() -> None:
    detector = CannedReplyDetector()
    fills = [
        ("王女士", "2023110288", "12.5"),
        ("李先生", "2023999999", "99"),
        ("张同学", "2024000001", "300"),
    ]
    flags = [
        detector.observe("a1", "", TEMPLATE_ZH.format(name=n, order=o, amount=a))
        for n, o, a in fills
    ]
    assert flags == [False, False, True]


def test_genuinely_different_replies_are_not_canned() -> None:
    detector = CannedReplyDetector()
    assert [detector.observe("a1", "t", text) for text in DIFFERENT * 1] == [False] * 4


def test_the_team_counts_but_other_teams_do_not() -> None:
    detector = CannedReplyDetector()
    detector.observe("a1", "north", TEMPLATE_EN.format(name="Anna", order="#1234567"))
    detector.observe("a2", "north", TEMPLATE_EN.format(name="Bob", order="#7654321"))
    assert detector.observe("a3", "south", TEMPLATE_EN.format(name="Cy", order="#1111111")) is False
    assert detector.observe("a4", "north", TEMPLATE_EN.format(name="Di", order="#2222222")) is True


def test_it_is_deterministic_for_the_same_input_order() -> None:
    texts = [TEMPLATE_EN.format(name=f"N{i}", order=f"#{i:08d}") for i in range(5)] + DIFFERENT
    runs = [
        CannedReplyDetector(seed=3).observe_many([("a", "t", t) for t in texts]) for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert CannedReplyDetector().similarity(texts[0], texts[1]) >= 0.8


def test_history_is_bounded() -> None:
    detector = CannedReplyDetector(max_history=3)
    for i in range(10):
        detector.observe("a", "t", f"reply number {'x' * i} about topic {chr(65 + i)} and more")
    assert len(detector.signatures_) <= 6


def test_bulk_and_one_by_one_agree() -> None:
    texts = [TEMPLATE_EN.format(name=f"N{i}", order=f"#{i:08d}") for i in range(6)] + DIFFERENT
    texts += [TEMPLATE_ZH.format(name="王女士", order=f"20{i:08d}", amount=i) for i in range(4)]
    texts += ["ok", "好", "", "!!!"]
    items = [(f"a{i % 2}", "t", text) for i, text in enumerate(texts)]
    one = CannedReplyDetector()
    assert CannedReplyDetector().observe_many(items) == [one.observe(*item) for item in items]
