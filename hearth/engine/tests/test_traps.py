"""Thinking traps in diary thoughts: each trap in zh, en and mixed text, negation, quotes, texts, the API."""

from __future__ import annotations

import pytest

from hearth.engine.traps import (
    TRAPS,
    TrapResult,
    detect_traps,
    reframe_prompt,
    trap_explanation,
    trap_name,
    traps_version,
)

# (thought, trap it must show, a cue word that must be reported for it). Hearth's own sentences.
SHOWS = [
    # personalizing
    ("都是我的错，客户才会这么生气", "personalizing", "都是我的错"),
    ("The customer is attacking me, not the policy", "personalizing", "The customer is attacking me"),
    ("It's all my fault the queue got so long today", "personalizing", "my fault"),
    ("这个客户就是故意针对我", "personalizing", "针对我"),
    # catastrophizing
    ("This one complaint means my career is over", "catastrophizing", "my career is over"),
    ("今天被投诉了，我的饭碗保不住了", "catastrophizing", "饭碗保不住"),
    ("这下全完了", "catastrophizing", "完了"),
    # all-or-nothing
    ("If the chat isn't perfect, I've failed", "all_or_nothing", "perfect"),
    ("我什么都做不好", "all_or_nothing", "什么都做不好"),
    ("One bad rating and I'm a total failure", "all_or_nothing", "total failure"),
    # overgeneralizing
    ("Customers always yell at me", "overgeneralizing", "always"),
    ("每次轮到我值夜班都会出事", "overgeneralizing", "每次"),
    ("Nobody on this team ever helps", "overgeneralizing", "Nobody"),
    # mind reading
    ("They must think I'm stupid", "mind_reading", "They must think I'm"),
    ("组长肯定觉得我不专业", "mind_reading", "组长肯定觉得我"),
    ("The QA reviewer looks down on me", "mind_reading", "looks down on me"),
    # fortune telling
    ("这次差评肯定要被扣绩效了", "fortune_telling", "肯定要被扣绩效"),
    ("我永远也做不好这份工作", "fortune_telling", "永远也做不好"),
    ("I'm going to get fired after this call", "fortune_telling", "going to get fired"),
    # should
    ("I should never lose my patience with a customer", "should", "should never"),
    ("我必须做到零差评", "should", "必须"),
    ("我不应该在客户面前哭", "should", "不应该"),
    # labeling
    ("I'm useless", "labeling", "I'm useless"),
    ("我真是个废物", "labeling", "我真是个废物"),
    ("That customer is a psycho", "labeling", "That customer is a psycho"),
    # emotional reasoning
    ("I feel like a failure, so I must be one", "emotional_reasoning", "I feel like a failure"),
    ("我感觉自己就是没用", "emotional_reasoning", "感觉自己就是没用"),
    # mental filter
    ("All I can think about is that one angry customer", "mental_filter", "All I can think about"),
    ("今天满脑子都是那条差评", "mental_filter", "满脑子都是"),
    ("一个差评就毁了我一整天", "mental_filter", "一个差评就毁了"),
    # discounting the positive
    ("The customer thanked me but it was just luck", "discounting_positive", "just luck"),
    ("客户夸我只是客气而已", "discounting_positive", "只是客气"),
    ("Anyone could have done that", "discounting_positive", "Anyone could have done"),
    # blaming
    ("It's all my manager's fault that I'm this stressed", "blaming", "my manager's fault"),
    ("都怪客户，害得我被扣分", "blaming", "都怪"),
    ("要不是质检乱打分，我早就转正了", "blaming", "要不是质检"),
]


@pytest.mark.parametrize(("text", "trap", "cue"), SHOWS)
def test_it_spots_the_trap_and_shows_the_words_that_triggered_it(text: str, trap: str, cue: str) -> None:
    result = detect_traps(text)
    assert trap in result.traps
    assert any(cue.lower() in found.lower() for found in result.cues[trap]), result.cues


def test_every_trap_is_covered_in_both_languages_by_the_sentences_above() -> None:
    zh = {trap for text, trap, _ in SHOWS if detect_traps(text).lang == "zh"}
    en = {trap for text, trap, _ in SHOWS if detect_traps(text).lang == "en"}
    assert set(TRAPS) - {"emotional_reasoning"} <= zh and set(TRAPS) <= en


@pytest.mark.parametrize(
    ("text", "traps"),
    [
        ("我的 order 又被投诉了, I always mess up everything", {"overgeneralizing"}),
        ("客户说我态度差, they must think I'm lazy", {"mind_reading", "labeling"}),
        ("今天的 shift 都是我的错, I'm so stupid", {"personalizing", "labeling"}),
    ],
)
def test_mixed_chinese_and_english_thoughts_use_both_cue_lists(text: str, traps: set[str]) -> None:
    result = detect_traps(text)
    assert result.lang == "mixed"
    assert traps <= set(result.traps)


@pytest.mark.parametrize(
    ("text", "trap"),
    [
        ("I'm not always late", "overgeneralizing"),
        ("我不总是迟到", "overgeneralizing"),
        ("这次不一定会被扣绩效", "fortune_telling"),
        ("I don't think they hate me", "mind_reading"),
        ("It's not my fault the parcel was lost", "personalizing"),
        ("并不是我的错", "personalizing"),
        ("It wasn't just luck, I prepared for it", "discounting_positive"),
        ("我不觉得组长看不起我", "mind_reading"),
    ],
)
def test_a_negated_cue_does_not_count(text: str, trap: str) -> None:
    assert trap not in detect_traps(text).traps


@pytest.mark.parametrize(
    "text",
    [
        "The customer wrote \"you are useless\" and I answered calmly.",
        "客户骂我“你就是个废物”，我还是把退款办好了。",
        "顾客说「都是你的错」，我解释了物流的情况。",
    ],
)
def test_someone_elses_quoted_words_are_not_the_writers_trap(text: str) -> None:
    assert detect_traps(text).traps == ()


@pytest.mark.parametrize(
    ("text", "trap"),
    [
        ("After the call I kept thinking \"I'm useless\"", "labeling"),
        ("我心想“都是我的错”", "personalizing"),
    ],
)
def test_a_quote_the_writer_introduces_as_their_own_thought_still_counts(text: str, trap: str) -> None:
    assert trap in detect_traps(text).traps


@pytest.mark.parametrize(
    "text",
    [
        "I handled a refund and the customer said thanks.",
        "The customer was upset about a late parcel; I explained the courier delay.",
        "今天处理了三十个咨询，下班前和同事喝了杯奶茶。",
        "客户对物流不满意，我帮他申请了补偿。",
        "",
        "   ",
    ],
)
def test_an_ordinary_thought_shows_no_trap(text: str) -> None:
    result = detect_traps(text)
    assert result.traps == () and result.cues == {}


def test_traps_come_in_the_fixed_label_order_with_a_cue_list_for_each() -> None:
    result = detect_traps("我总是搞砸，大家肯定觉得我是个废物，都是我的错")
    assert list(result.traps) == [t for t in TRAPS if t in result.traps]
    assert {"personalizing", "overgeneralizing", "mind_reading", "labeling"} <= set(result.traps)
    assert set(result.cues) == set(result.traps)
    assert all(isinstance(words, tuple) and words for words in result.cues.values())


def test_the_given_language_wins_over_detection_and_django_codes_are_accepted() -> None:
    assert detect_traps("都是我的错", "zh-Hans").lang == "zh"
    assert detect_traps("I'm useless", "en-GB").lang == "en"
    # English cues are not looked for when the writer says the text is Chinese.
    assert detect_traps("I'm useless", "zh").traps == ()
    assert detect_traps("I'm useless", "klingon").lang == "en"


def test_results_are_frozen_and_deterministic() -> None:
    first = detect_traps("They must think I'm stupid")
    assert first == detect_traps("They must think I'm stupid")
    assert isinstance(first, TrapResult)
    with pytest.raises(AttributeError):
        first.traps = ()  # type: ignore[misc]


def test_there_are_twelve_traps_with_names_explanations_and_reframing_prompts_in_both_languages() -> None:
    assert len(TRAPS) == 12 and len(set(TRAPS)) == 12
    assert traps_version()
    for trap in TRAPS:
        for getter in (trap_name, trap_explanation, reframe_prompt):
            en, zh = getter(trap, "en"), getter(trap, "zh-hans")
            assert en and zh and en != zh
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
            assert getter(trap, "zh-Hans") == zh and getter(trap, "zh_Hans") == zh
    assert trap_name("labeling", "en") == "Labelling"
    assert "？" in reframe_prompt("fortune_telling", "zh-hans")


def test_an_unknown_trap_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        trap_name("procrastinating", "en")
