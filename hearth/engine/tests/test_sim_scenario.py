"""Practice scenarios: the loader names the field at fault, export round-trips, the shipped library is sound."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hearth.engine.sim import (
    LANGUAGES,
    ScenarioError,
    customer_prompt,
    library,
    load_scenario,
    parse_customer_reply,
    reachable,
    scenario_json,
    scenario_to_dict,
    start,
)
from hearth.engine.sim.runner import CustomerReplyError, with_customer_text
from hearth.engine.sim.scenario import SCENARIO_DIR

SITUATIONS = {
    "logistics-delay",
    "return-window",
    "wrong-item",
    "refund-dispute",
    "abusive-customer",
    "3am",
    "overload",
    "no-authority",
}
DOMESTIC = {"taobao", "tmall", "jd", "pinduoduo", "douyin"}
CROSS_BORDER = {"amazon", "shopee", "aliexpress", "tiktok-shop"}


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the machine's locale."""
    monkeypatch.setenv("HEARTH_LANG", "en")


def _data() -> dict[str, Any]:
    path = SCENARIO_DIR / "taobao-logistics-delay-zh.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _error(data: Any) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(data)
    return str(info.value)


def test_a_branch_to_a_missing_node_names_the_node_and_the_branch() -> None:
    data = _data()
    data["nodes"][2]["branches"]["calm"] = "x"
    assert _error(data) == "nodes[2].branches.calm: unknown node 'x'"


def test_a_node_missing_a_branch_category_is_named() -> None:
    data = _data()
    del data["nodes"][1]["branches"]["escalate"]
    assert _error(data) == "nodes[1].branches: missing field(s): escalate"


def test_an_unknown_rubric_dimension_is_named() -> None:
    data = _data()
    data["rubric"]["weights"]["charm"] = 5
    assert _error(data).startswith("rubric.weights.charm: unknown dimension")


def test_a_pass_mark_over_100_is_refused() -> None:
    data = _data()
    data["rubric"]["pass_mark"] = 120
    assert _error(data) == "rubric.pass_mark: must be between 0 and 100"


def test_model_replies_for_a_missing_node_are_named() -> None:
    data = _data()
    data["model_replies"]["ghost"] = ["hello"]
    assert _error(data) == "model_replies.ghost: unknown node 'ghost'"


def test_a_wrong_language_and_a_missing_field_are_named() -> None:
    data = _data()
    data["language"] = "fr"
    assert _error(data) == "language: must be one of: zh-hans, en"
    del data["persona"]
    assert _error(data) == "missing field(s): persona"


def test_a_script_with_no_last_turn_is_refused() -> None:
    data = _data()
    for node in data["nodes"]:
        node["branches"] = {"calm": "open", "neutral": "open", "escalate": "open"}
    assert "needs at least one last turn" in _error(data)


def test_a_broken_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text("{not json", encoding="utf-8")
    assert _error(path).startswith("mine.json: not valid JSON")


def test_export_then_import_gives_back_the_same_scenario() -> None:
    for scenario in library():
        assert load_scenario(scenario_to_dict(scenario)) == scenario
        assert load_scenario(scenario_json(scenario)) == scenario


def test_an_edited_export_imports_with_the_edit() -> None:
    scenario = library()[0]
    data = copy.deepcopy(scenario_to_dict(scenario))
    data["nodes"][0]["text"] = "Where is my order?"
    data["version"] = 2
    edited = load_scenario(data)
    assert edited.opening == "Where is my order?"
    assert edited.version == 2
    assert edited != scenario


def test_the_library_covers_every_situation_in_both_languages_and_both_kinds_of_platform() -> None:
    scenarios = library()
    assert len(scenarios) >= 12
    for situation in SITUATIONS:
        langs = {s.language for s in scenarios if situation in s.id}
        assert langs == set(LANGUAGES), situation
    platforms = {s.platform for s in scenarios}
    assert platforms >= DOMESTIC
    assert platforms >= CROSS_BORDER
    assert {s.level for s in scenarios} == {"junior", "intermediate", "senior"}


def test_every_shipped_scenario_is_well_formed_and_every_node_reachable() -> None:
    marks = {"junior": 60, "intermediate": 70, "senior": 80}
    for s in library():
        assert 3 <= len(s.nodes) <= 6, s.id
        assert reachable(s) == {n.id for n in s.nodes}, s.id
        assert any(n.branches for n in s.nodes) and any(n.terminal for n in s.nodes)
        for node in s.nodes:
            assert len(s.model_replies.get(node.id, ())) >= 2, (s.id, node.id)
        assert s.rubric.pass_mark == marks[s.level], s.id
        assert s.policy_facts and s.rubric.forbidden_phrases, s.id
        assert s.rubric.response_time_target_seconds > 0


def test_the_customer_prompt_holds_persona_facts_and_the_script_line() -> None:
    s = next(s for s in library() if s.id == "amazon-logistics-delay-en")
    state = start(s)
    messages = customer_prompt(s, state)
    system = messages[0]["content"]
    assert messages[0]["role"] == "system"
    assert s.persona in system and s.policy_facts[0] in system and s.opening in system
    assert messages[-1]["role"] == "user"


def test_the_customer_prompt_replays_the_history_with_the_agent_as_user() -> None:
    s = next(s for s in library() if s.id == "taobao-logistics-delay-zh")
    state = start(s)
    from hearth.engine.sim.runner import Turn

    state = state.__class__(
        scenario_id=s.id,
        node_id="probe",
        turn=1,
        mood="upset",
        finished=False,
        history=(*state.history, Turn("agent", "我看一下", "open", 10.0), Turn("customer", "快点", "probe")),
    )
    messages = customer_prompt(s, state)
    assert [m["role"] for m in messages] == ["system", "assistant", "user"]
    assert "剧本台词" in messages[0]["content"] and s.node("probe").text in messages[0]["content"]
    reworded = with_customer_text(state, "到底能不能后天到？")
    assert reworded.history[-1].text == "到底能不能后天到？"


def test_a_chat_completion_response_gives_the_customer_message() -> None:
    response = {"choices": [{"message": {"role": "assistant", "content": "  Still nothing?  "}}]}
    assert parse_customer_reply(response) == "Still nothing?"
    with pytest.raises(CustomerReplyError):
        parse_customer_reply({"error": {"message": "rate limited"}})
    with pytest.raises(CustomerReplyError):
        parse_customer_reply({"choices": [{"message": {"content": ""}}]})


def test_a_scenario_error_speaks_the_language_of_whoever_is_reading() -> None:
    from hearth.engine.i18n import language_override

    data = scenario_to_dict(library()[0])
    data["rubric"]["pass_mark"] = 150
    messages = {}
    for language in ("en", "zh-hans"):
        with language_override(language), pytest.raises(ScenarioError) as error:
            load_scenario(data)
        messages[language] = str(error.value)
    assert messages["en"].startswith("rubric.pass_mark") and messages["zh-hans"].startswith("rubric.pass_mark")
    assert messages["en"] != messages["zh-hans"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in messages["en"])
