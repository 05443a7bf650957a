"""Scoring practice replies: dimensions, branches, feedback cues, conversations (real sentence encoder)."""

from __future__ import annotations

import pytest

from hearth.engine.sim import (
    Scenario,
    find_scenario,
    score_conversation,
    score_reply,
    start,
    step,
)

ZH = "taobao-logistics-delay-zh"
EN = "amazon-logistics-delay-en"

GOOD = {
    ZH: "非常抱歉让您久等了，理解您的着急。我已为您申请顺丰加急补发，今天下午6点前发出，后天中午前送到，单号我稍后发您。",
    EN: "I'm so sorry, Sarah, I understand how stressful this is. I have arranged a free replacement by UPS 2-Day, shipping today, arriving Friday.",
}
BLAME = {
    ZH: "是您自己没看清楚，页面上写得很清楚，快递的事找快递去。",
    EN: "That's your fault, you should have read the listing before ordering.",
}
TEMPLATE = {
    ZH: "亲，您的问题我们已经收到，请耐心等待。",
    EN: "Thank you for contacting us. We apologize for any inconvenience. Please be patient.",
}


def _s(scenario_id: str) -> Scenario:
    return find_scenario(scenario_id)


@pytest.mark.parametrize("sid", [ZH, EN])
def test_an_empathic_concrete_reply_calms_the_customer(sid: str) -> None:
    s = _s(sid)
    state, score, said = step(s, start(s), GOOD[sid], 30)
    assert score.category == "calm"
    assert state.node_id == "followup" and state.mood == "neutral"
    assert said == s.node("followup").text
    assert score.total >= 85


@pytest.mark.parametrize("sid", [ZH, EN])
@pytest.mark.parametrize("replies", [BLAME, TEMPLATE])
def test_a_blaming_or_canned_reply_escalates(sid: str, replies: dict[str, str]) -> None:
    s = _s(sid)
    state, score, said = step(s, start(s), replies[sid], 30)
    assert score.category == "escalate"
    assert state.node_id == "angry" and state.mood == "escalated"
    assert said == s.node("angry").text
    assert score.total < 40


@pytest.mark.parametrize("sid", [ZH, EN])
def test_a_vague_reply_leads_the_customer_to_push_for_specifics(sid: str) -> None:
    s = _s(sid)
    reply = "我帮您看一下。" if sid == ZH else "Let me have a look."
    state, score, _said = step(s, start(s), reply, 30)
    assert score.category == "neutral" and state.node_id == "probe"
    assert score.dimensions["solution"] == 0.0


def test_each_dimension_reads_the_words_of_a_good_chinese_reply() -> None:
    d = score_reply(_s(ZH), "open", GOOD[ZH], 30).dimensions
    assert d["empathy"] == d["apology"] == d["ownership"] == d["solution"] == 1.0
    assert d["forbidden"] == d["blame"] == d["response_time"] == d["politeness"] == 1.0
    assert d["similarity"] is not None and d["similarity"] > 0.5


def test_a_blaming_reply_loses_blame_empathy_and_solution() -> None:
    d = score_reply(_s(EN), "open", BLAME[EN], 30).dimensions
    assert d["blame"] == 0.0 and d["empathy"] == 0.0 and d["solution"] == 0.0
    assert d["similarity"] is not None and d["similarity"] < 0.3


def test_a_forbidden_phrase_of_the_scenario_zeroes_that_dimension() -> None:
    score = score_reply(_s(EN), "open", "Sorry, it's the carrier's fault, nothing I can do.", 30)
    assert score.dimensions["forbidden"] == 0.0
    stop = [f for f in score.feedback if f.kind == "stop" and f.dimension == "forbidden"]
    assert stop and set(stop[0].cues) == {"it's the carrier's fault", "nothing I can do"}


def test_rudeness_costs_politeness_and_escalates() -> None:
    score = score_reply(_s(ZH), "open", "你烦不烦，爱买不买。", 20)
    assert score.dimensions["politeness"] == 0.0 and score.category == "escalate"
    score = score_reply(_s(EN), "open", "Are you stupid? Calm down.", 20)
    assert score.dimensions["politeness"] == 0.0 and score.category == "escalate"


def test_an_agent_promising_to_act_right_now_is_not_rude() -> None:
    score = score_reply(_s(EN), "open", "I'm sorry! I'll refund the full $89.99 right now.", 20)
    assert score.dimensions["politeness"] == 1.0 and score.category == "calm"


def test_no_apology_is_asked_for_where_none_is_due() -> None:
    score = score_reply(_s(ZH), "followup", "原包裹到了您直接拒收就可以，运费我们承担。", 20)
    assert score.dimensions["apology"] is None and score.dimensions["empathy"] is None


def test_answering_over_the_response_target_lowers_the_time_dimension() -> None:
    s = _s(ZH)
    target = s.rubric.response_time_target_seconds
    on_time = score_reply(s, "open", GOOD[ZH], target)
    late = score_reply(s, "open", GOOD[ZH], target * 2)
    very_late = score_reply(s, "open", GOOD[ZH], target * 4)
    assert on_time.dimensions["response_time"] == 1.0
    assert late.dimensions["response_time"] == 0.5
    assert very_late.dimensions["response_time"] == 0.0
    assert on_time.total > late.total > very_late.total
    start_time = [f for f in late.feedback if f.kind == "start" and f.dimension == "response_time"]
    assert start_time and start_time[0].cues == (f"{target * 2:.0f} s",)


def test_feedback_names_the_words_that_earned_it() -> None:
    good = score_reply(_s(ZH), "open", GOOD[ZH], 30)
    keep = {f.dimension: f.cues for f in good.feedback if f.kind == "keep"}
    assert "抱歉" in keep["apology"]
    assert "理解您" in keep["empathy"]
    assert "补发" in keep["solution"] and "后天" in keep["solution"]
    assert all(f.message["en"] and f.message["zh-hans"] for f in good.feedback)
    blame = score_reply(_s(ZH), "open", BLAME[ZH], 30)
    stop = {f.dimension: f.cues for f in blame.feedback if f.kind == "stop"}
    assert "您自己没看清楚" in stop["blame"]
    canned = score_reply(_s(EN), "open", TEMPLATE[EN], 30)
    stop = {f.dimension: f.cues for f in canned.feedback if f.kind == "stop"}
    assert "thank you for contacting us" in stop["template"]
    start_dims = {f.dimension for f in canned.feedback if f.kind == "start"}
    assert {"solution", "ownership", "empathy"} <= start_dims


def test_a_terminal_turn_ends_the_conversation() -> None:
    s = _s(EN)
    state, _score, _said = step(s, start(s), GOOD[EN], 30)
    state, _score, said = step(s, state, "If the first one arrives, just refuse it; I'll email a free return label.", 30)
    assert state.node_id == "thanks" and said is not None
    state, _score, said = step(s, state, "You're welcome, Sarah! Enjoy the trip.", 30)
    assert said is None and state.finished
    assert [t.role for t in state.history] == ["customer", "agent"] * 3
    with pytest.raises(ValueError):
        step(s, state, "hello?", 1)


def test_a_good_conversation_passes_and_a_poor_one_fails() -> None:
    s = _s(EN)
    good = score_conversation(s, [
        ("open", GOOD[EN], 40),
        ("followup", "If it shows up later, just refuse delivery and I'll email a free return label.", 50),
        ("thanks", "You're welcome, Sarah, thank you for your patience. Enjoy the trip!", 20),
    ])
    assert good.passed and good.total >= s.rubric.pass_mark
    assert len(good.replies) == 3 and good.dimensions["blame"] == 1.0
    poor = score_conversation(s, [("open", TEMPLATE[EN], 400), ("angry", BLAME[EN], 500)])
    assert not poor.passed and poor.total < 40
    assert poor.dimensions["response_time"] is not None and poor.dimensions["response_time"] < 0.5


def test_a_customer_writing_in_chinese_to_an_english_scenario_is_scored_in_chinese() -> None:
    s = _s("shopee-3am-chinese-buyer-en")
    score = score_reply(s, "open", "陈女士您好，非常抱歉少发了一瓶，让您担心了。我已为您补发一瓶，2-3天送到。", 60)
    assert score.lang == "zh" and score.category == "calm"


def test_sending_the_same_reply_twice_is_treated_as_copy_paste() -> None:
    s = _s(ZH)
    reply = "我帮您看一下。"
    state, first, _said = step(s, start(s), reply, 30)
    assert first.category == "neutral" and state.node_id == "probe"
    state, again, _said = step(s, state, reply, 30)
    assert again.category == "escalate" and state.node_id == "angry"
    assert again.feedback[0].kind == "stop" and again.feedback[0].cues == (reply,)
