"""Services and rules: seeding, editing with history, runs scored per turn, practice vs test, certification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.engine.sim import ScenarioError, library
from hearth.notices.models import Notice
from hearth.training import services
from hearth.training.models import Certificate, Mode, ScenarioRecord, ScenarioVersion, SimTurn
from hearth.training.services_certification import attempt_start
from hearth.training.services_scenarios import (
    TrainingRuleError,
    scenario_copy,
    scenario_library_seed,
    scenario_publish,
    scenario_save,
)
from hearth.training.tests.fixtures import english, junior_test, seeded

GOOD_REPLY = {
    "en": "I'm so sorry about this, I understand how frustrating it is. I will personally check your order now "
          "and arrange a replacement or a full refund today, and I'll update you within the hour.",
    "zh-hans": "非常抱歉给您带来不便，我理解您的心情。我马上为您核实订单，今天为您安排补发或全额退款，一小时内给您回复。",
}


def finish(simulation: Any, person: Any, seconds: float = 20.0) -> None:
    """Answer every customer message with a warm, concrete reply until the run ends."""
    language = simulation.scenario_data["language"]
    for _ in range(20):
        turn = services.open_turn(simulation)
        if turn is None:
            return
        services.simulation_reply(simulation=simulation, by=person, reply=GOOD_REPLY[language],
                                  now=turn.served_at + timedelta(seconds=seconds))
        simulation.refresh_from_db()
    raise AssertionError("the scenario did not end in 20 replies")


def test_seeding_gives_the_centre_every_shipped_scenario_once(cast: Any) -> None:
    assert scenario_library_seed(centre=cast.centre) == len(library())
    assert scenario_library_seed(centre=cast.centre) == 0
    assert ScenarioRecord.objects.filter(centre=cast.centre, status="published").count() == len(library())
    assert {r.language for r in ScenarioRecord.objects.filter(centre=cast.centre)} == {"zh-hans", "en"}


def test_an_edit_is_a_new_version_with_who_and_when(cast: Any) -> None:
    record = seeded(cast)[0]
    data = dict(record.data, title="Edited title")
    saved = scenario_save(record=record, by=cast.tina, data=data)
    assert (saved.version, saved.title, saved.editor) == (2, "Edited title", cast.tina)
    latest = ScenarioVersion.objects.filter(record=record).first()
    assert latest is not None and (latest.version, latest.by) == (2, cast.tina)
    assert AuditEvent.objects.filter(action="training.scenario_edit").count() == 1


def test_a_bad_edit_names_the_field_and_saves_nothing(cast: Any) -> None:
    record = seeded(cast)[0]
    rubric = dict(record.data["rubric"], pass_mark=150)
    with pytest.raises(ScenarioError, match=r"rubric\.pass_mark"):
        scenario_save(record=record, by=cast.tina, data=dict(record.data, rubric=rubric))
    record.refresh_from_db()
    assert record.version == 1 and record.data["rubric"]["pass_mark"] != 150


def test_only_trainers_and_admins_edit_scenarios(cast: Any) -> None:
    record = seeded(cast)[0]
    with pytest.raises(TrainingRuleError):
        scenario_save(record=record, by=cast.carol, data=record.data)
    assert scenario_copy(record=record, by=cast.ada).status == "draft"


def test_a_draft_cannot_be_practised(cast: Any) -> None:
    record = english(cast)
    scenario_publish(record=record, by=cast.tina, published=False)
    with pytest.raises(TrainingRuleError):
        services.simulation_start(person=cast.alice, record=record)


def test_each_reply_is_timed_by_the_server_and_scored_with_feedback(cast: Any) -> None:
    simulation = services.simulation_start(person=cast.alice, record=english(cast))
    opening = services.open_turn(simulation)
    assert opening is not None and opening.customer_message == simulation.scenario_data["nodes"][0]["text"]
    services.simulation_reply(simulation=simulation, by=cast.alice, reply=GOOD_REPLY["en"],
                              now=opening.served_at + timedelta(seconds=42))
    turn = SimTurn.objects.get(pk=opening.pk)
    assert turn.seconds == 42.0
    assert turn.total is not None and 0 <= turn.total <= 100
    assert turn.feedback and {f["kind"] for f in turn.feedback} <= {"keep", "start", "stop"}
    assert "empathy" in turn.dimensions


def test_a_rude_reply_scores_lower_than_a_warm_one(cast: Any) -> None:
    record = english(cast)
    warm = services.simulation_start(person=cast.alice, record=record)
    rude = services.simulation_start(person=cast.bob, record=record)
    services.simulation_reply(simulation=warm, by=cast.alice, reply=GOOD_REPLY["en"])
    services.simulation_reply(simulation=rude, by=cast.bob, reply="That's not my problem, read the rules yourself.")
    assert SimTurn.objects.get(simulation=warm, index=0).total > SimTurn.objects.get(simulation=rude, index=0).total


def test_a_finished_run_has_a_total_and_dimension_means(cast: Any) -> None:
    simulation = services.simulation_start(person=cast.alice, record=english(cast))
    finish(simulation, cast.alice)
    simulation.refresh_from_db()
    assert simulation.finished_at is not None and simulation.total is not None
    assert simulation.passed is not None and "empathy" in simulation.dimensions


def test_retry_takes_back_the_last_reply_in_practice_only(cast: Any) -> None:
    record = english(cast)
    simulation = services.simulation_start(person=cast.alice, record=record)
    services.simulation_reply(simulation=simulation, by=cast.alice, reply="ok")
    again = services.simulation_retry(simulation=simulation, by=cast.alice)
    assert again.index == 0 and again.replied_at is None
    assert [t.index for t in services.kept_turns(simulation)] == [0]
    test = services.simulation_start(person=cast.alice, record=record, mode=Mode.TEST)
    services.simulation_reply(simulation=test, by=cast.alice, reply="ok")
    with pytest.raises(TrainingRuleError):
        services.simulation_retry(simulation=test, by=cast.alice)
    with pytest.raises(TrainingRuleError):
        services.simulation_hint(simulation=test, by=cast.alice)


def test_a_hint_is_a_model_reply_of_the_waiting_message(cast: Any) -> None:
    record = english(cast)
    simulation = services.simulation_start(person=cast.alice, record=record)
    hint = services.simulation_hint(simulation=simulation, by=cast.alice)
    first = record.data["nodes"][0]["id"]
    assert hint in record.data["model_replies"].get(first, [""])
    simulation.refresh_from_db()
    assert simulation.hints_used == 1


def test_nobody_replies_in_someone_elses_run(cast: Any) -> None:
    simulation = services.simulation_start(person=cast.alice, record=english(cast))
    with pytest.raises(TrainingRuleError):
        services.simulation_reply(simulation=simulation, by=cast.bob, reply="hello")


def test_passing_a_certification_issues_a_certificate_and_a_notice(cast: Any) -> None:
    test = junior_test(cast)
    simulation = attempt_start(test=test, person=cast.alice)
    assert simulation.mode == Mode.TEST and simulation.attempt is not None
    finish(simulation, cast.alice)
    certificate = Certificate.objects.get(person=cast.alice)
    assert certificate.level == "junior" and certificate.number.startswith(f"HT-{timezone.localdate().year}-")
    assert Notice.objects.filter(person=cast.alice, kind="certificate_issued").count() == 1


def test_a_failed_attempt_gives_no_certificate_and_the_cool_down_holds(cast: Any) -> None:
    test = junior_test(cast, pass_mark=100, attempts_allowed=2, cooldown_hours=24)
    simulation = attempt_start(test=test, person=cast.alice)
    finish(simulation, cast.alice, seconds=900)
    assert not Certificate.objects.filter(person=cast.alice).exists()
    with pytest.raises(TrainingRuleError, match="try again from"):
        attempt_start(test=test, person=cast.alice)
    later = timezone.now() + timedelta(hours=25)
    second = attempt_start(test=test, person=cast.alice, now=later)
    assert second.attempt_id != simulation.attempt_id
    finish(second, cast.alice, seconds=900)
    with pytest.raises(TrainingRuleError, match="all 2 attempts"):
        attempt_start(test=test, person=cast.alice, now=later + timedelta(days=3))
