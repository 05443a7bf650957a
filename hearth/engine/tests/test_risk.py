"""The weekly burnout risk model: levels, reasons and their words, config."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from hearth.engine.risk import (
    MODEL_VERSION,
    RISK_CONFIG_FILE,
    AgentInput,
    CheckupSnapshot,
    RiskAssessment,
    RiskConfig,
    RiskConfigError,
    RiskModel,
)

WEEK = date(2025, 6, 2)  # a Monday; ten usual weeks come before it
START = WEEK - timedelta(weeks=10)


def _row(day: date, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "agent_id": "1024",
        "day": day.isoformat(),
        "conversations": 40,
        "agent_messages": 200,
        "hostile_messages": 1,
        "hostile_conversations": 1,
        "night_minutes": 0.0,
        "work_minutes": 480.0,
        "consecutive_days": day.weekday() + 1,
        "rest_hours_before": 16.0,
        "quick_return": False,
        "first_response_seconds_mean": 60.0,
        "response_seconds_mean": 90.0,
        "empathy_rate": 0.20,
        "canned_rate": 0.20,
        "csat_mean": 4.5,
        "csat_count": 5,
    }
    row.update(overrides)
    return row


def _days(**this_week: Any) -> list[dict[str, Any]]:
    """Ten usual weeks Monday to Friday, then the assessed week with `this_week` overrides."""
    rows = []
    for n in range(11 * 7):
        day = START + timedelta(days=n)
        if day.weekday() < 5:
            rows.append(_row(day, **(this_week if day >= WEEK else {})))
    return rows


def _team() -> list[dict[str, Any]]:
    return [_row(START + timedelta(days=n)) for n in range(11 * 7) if n % 7 < 5]


def _checkup(taken_on: date, **scores: tuple[float, int]) -> CheckupSnapshot:
    """A check-up from keyword scores named instrument__subscale=(score, level)."""
    keys = {name: (name.split("__")[0], name.split("__")[1]) for name in scores}
    return CheckupSnapshot(
        taken_on,
        scores={keys[k]: v[0] for k, v in scores.items()},
        levels={keys[k]: v[1] for k, v in scores.items()},
    )


def _assess(
    model: RiskModel | None = None, checkups: list[CheckupSnapshot] | None = None, **week: Any
) -> RiskAssessment:
    model = model or RiskModel()
    return model.assess(
        week_start=WEEK, checkups=checkups or [], days=_days(**week), team_days=_team()
    )


def _codes(risk: RiskAssessment, burnout_type: str) -> list[str]:
    return [r.code for r in risk.of(burnout_type).reasons]


def test_a_steady_agent_stays_low() -> None:
    risk = _assess()
    assert risk.overall.level == 0
    assert all(t.level == 0 and t.score == 0 for t in risk.types)
    assert risk.overall.reasons == ()
    assert risk.model_version == MODEL_VERSION


def test_rising_hostile_exposure_raises_basic_with_the_numbers() -> None:
    risk = _assess(hostile_conversations=4, hostile_messages=9)
    assert risk.of("basic").level == 1  # one stressor alone is worth watching
    assert risk.of("belonging").level >= 1
    reason = risk.of("basic").reasons[0]
    assert reason.code == "hostile_exposure"
    assert reason.params == {"count": 20, "ratio": 4.0, "against": "team"}
    assert reason.message("en") == "faced 20 hostile customers this week, 4× the team median"
    assert reason.message("zh-hans") == "本周遭遇 20 名恶意客户，是团队中位数的 4 倍"
    assert reason.evidence == "days/2025-06-02/2025-06-08/hostile_exposure"
    assert "hostile_run" in _codes(risk, "basic")


def test_hostile_customers_on_top_of_night_overtime_is_high_risk() -> None:
    risk = _assess(hostile_conversations=4, night_minutes=300.0, work_minutes=600.0)
    assert risk.of("basic").level == 2
    assert {"hostile_exposure", "night_overtime"} <= set(_codes(risk, "basic"))


def test_night_work_without_overtime_does_not_raise_risk() -> None:
    risk = _assess(night_minutes=300.0)
    assert risk.overall.level == 0
    assert "night_overtime" not in _codes(risk, "basic")


def test_night_work_with_overtime_raises_basic() -> None:
    risk = _assess(night_minutes=300.0, work_minutes=552.0)  # 1.2 h over each of 5 nights
    assert risk.of("basic").level >= 1
    reason = risk.of("basic").reasons[0]
    assert reason.code == "night_overtime"
    assert reason.message("en") == "5 night shifts in a row with 6 h overtime"
    assert reason.message("zh") == "连续 5 个夜班，加班 6 小时"


def test_rising_canned_and_falling_empathy_is_a_belonging_reason() -> None:
    risk = _assess(canned_rate=0.45, empathy_rate=0.08)
    assert risk.of("belonging").level >= 1
    assert risk.of("basic").level == 0
    assert set(_codes(risk, "belonging")) == {"canned_rise", "empathy_drop"}
    messages = [r.message("en") for r in risk.of("belonging").reasons]
    assert "canned replies up to 45% of messages from 20%" in messages
    assert "empathy in 8% of replies, down from 20%" in messages


def test_client_burnout_68_up_20_is_belonging_high() -> None:
    checkups = [
        _checkup(date(2025, 3, 10), cbi__client=(48.0, 0)),
        _checkup(date(2025, 5, 30), cbi__client=(68.0, 1)),
    ]
    risk = _assess(checkups=checkups)
    belonging = risk.of("belonging")
    assert belonging.level == 2
    reason = belonging.reasons[0]
    assert reason.code == "checkup_rise"
    assert reason.message("en") == "client-related burnout 68 (moderate band), up 20 since March 2025"
    assert reason.message("zh-hans") == "客户相关倦怠 68（中等区间），自2025年3月以来上升 20"
    assert reason.evidence == "checkups/2025-05-30/cbi.client"


def test_a_checkup_after_the_week_is_not_used() -> None:
    risk = _assess(checkups=[_checkup(date(2025, 7, 1), cbi__client=(90.0, 2))])
    assert risk.of("belonging").level == 0


def test_intention_to_leave_is_developmental() -> None:
    risk = _assess(checkups=[_checkup(date(2025, 5, 30), moaq_turnover__intention=(6.0, 2))])
    developmental = risk.of("developmental")
    assert developmental.level == 2
    assert developmental.reasons[0].message("en") == "intention to leave 6, in the high band"
    assert developmental.reasons[0].message("zh") == "离职意向 6，处于高区间"
    assert risk.of("basic").level == 0


@pytest.mark.parametrize(
    ("week", "code", "en"),
    [
        (
            {"quick_return": True},
            "quick_returns",
            "5 quick returns (less than 11 h rest between shifts)",
        ),
        (
            {"conversations": 80},
            "volume_pressure",
            "handled 400 conversations this week, 2× the team median",
        ),
        ({"csat_mean": 3.2}, "csat_drop", "CSAT 3.2, down from 4.5"),
        ({"work_minutes": 660.0}, "long_hours", "worked 55 h this week"),
    ],
)
def test_each_signal_renders_in_both_languages(week: dict[str, Any], code: str, en: str) -> None:
    risk = _assess(**week)
    reasons = {r.code: r for t in risk.types for r in t.reasons}
    assert reasons[code].message("en") == en
    assert reasons[code].message("zh-hans")
    assert reasons[code].message("zh-hans") != en


def test_a_centre_override_changes_a_threshold() -> None:
    base = RiskModel()
    stricter = RiskModel(RiskConfig.default().with_overrides({"levels": {"watch": 10}}))
    week: dict[str, Any] = {"canned_rate": 0.32}
    assert _assess(base, **week).of("belonging").level == 0
    assert _assess(stricter, **week).of("belonging").level == 1


def test_a_centre_override_can_drop_a_weight() -> None:
    config = RiskConfig.default().with_overrides(
        {"signals": {"hostile_exposure": {"weights": {"basic": 0}}}}
    )
    assert config.signals["hostile_exposure"].weights == {"basic": 0.0, "belonging": 15.0}


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"levels": {"wach": 10}}, "levels.wach"),
        (
            {"signals": {"hostile_exposure": {"params": {"ratio_mni": 2}}}},
            "signals.hostile_exposure.params.ratio_mni",
        ),
        (
            {"signals": {"night_overtime": {"weights": {"burnout": 5}}}},
            "signals.night_overtime.weights.burnout",
        ),
        ({"signal_cap": "high"}, "signal_cap"),
        ({"levels": {"high": 99}}, "levels"),
    ],
)
def test_a_bad_config_key_is_named(override: dict[str, Any], named: str) -> None:
    with pytest.raises(RiskConfigError, match=named.replace(".", r"\.")):
        RiskConfig.default().with_overrides(override)


def test_config_round_trips_and_the_file_is_the_default() -> None:
    config = RiskConfig.default()
    assert RiskConfig.from_dict(config.to_dict()) == config
    data = json.loads(RISK_CONFIG_FILE.read_text(encoding="utf-8"))
    del data["signals"]["no_leave"]
    with pytest.raises(RiskConfigError, match=r"signals\.no_leave: missing"):
        RiskConfig.from_dict(data)


def test_same_input_same_output() -> None:
    checkups = [_checkup(date(2025, 5, 30), cbi__work=(60.0, 1))]
    week: dict[str, Any] = {
        "hostile_conversations": 3,
        "night_minutes": 200.0,
        "work_minutes": 600.0,
    }
    assert _assess(checkups=checkups, **week) == _assess(checkups=checkups, **week)
    rows = _days(**week)
    shuffled = list(reversed(rows))
    model = RiskModel()
    assert model.assess(week_start=WEEK, checkups=checkups, days=rows) == model.assess(
        week_start=WEEK, checkups=checkups, days=shuffled
    )


def test_assess_many_matches_assess() -> None:
    model = RiskModel()
    team = _team()
    agents = [
        AgentInput("a", [], _days(), team),
        AgentInput("b", [], _days(hostile_conversations=5), team),
    ]
    many = model.assess_many(agents, week_start=WEEK)
    assert [r.agent_id for r in many] == ["a", "b"]
    single = model.assess(
        week_start=WEEK, checkups=[], days=agents[1].days, team_days=team, agent_id="b"
    )
    assert many[1] == single
    weeks = model.assess_weeks(agents, week_starts=[WEEK - timedelta(weeks=1), WEEK])
    assert weeks[1][1] == single
    assert weeks[1][0].overall.level == 0


def test_weeks_on_different_weekdays_are_refused() -> None:
    with pytest.raises(ValueError, match="same weekday"):
        RiskModel().assess_weeks([], week_starts=[WEEK, WEEK + timedelta(days=1)])


def test_a_normalised_csat_drop_reads_as_percentages() -> None:
    rows = [{**r, "csat_mean": 0.6 if r["day"] >= WEEK.isoformat() else 0.9} for r in _days()]
    risk = RiskModel().assess(week_start=WEEK, checkups=[], days=rows, team_days=_team())
    reason = next(r for r in risk.of("developmental").reasons if r.code == "csat_drop")
    assert reason.message("en") == "CSAT 60%, down from 90%"
    assert reason.message("zh-hans") == "客户满意度 60%，此前为 90%"
