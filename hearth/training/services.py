"""Writes for simulated chats: start, reply (scored by the engine), hint and retry in practice, and the finish.

Server-side timing is the truth: a reply's seconds are measured from when the customer's message was served
(`SimTurn.served_at`, set when the page or fragment carrying it is built) to when the reply arrives. The
engine's state is never stored: it is rebuilt by replaying the kept replies (the engine is deterministic).
Practice: feedback after each reply, hints, retry of the last reply. Test: none of these; the result counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.services import audit_record
from hearth.engine.sim import (
    conversation_from_scores,
    load_scenario,
    start,
    step,
    with_customer_text,
)
from hearth.people.models import Person
from hearth.training.customer import next_customer_message
from hearth.training.models import (
    CertificationAttempt,
    MessageSource,
    Mode,
    ScenarioRecord,
    ScenarioStatus,
    SimTurn,
    Simulation,
    TrainingSettings,
)
from hearth.training.services_scenarios import TrainingRuleError

MAX_REPLY = 2000


def _feedback(score: Any) -> list[dict[str, Any]]:
    return [{"kind": f.kind, "dimension": f.dimension, "message": dict(f.message), "cues": list(f.cues)}
            for f in score.feedback]


def simulation_start(*, person: Person, record: ScenarioRecord, mode: str = Mode.PRACTICE,
                     attempt: CertificationAttempt | None = None, now: datetime | None = None) -> Simulation:
    """Start a run of a published scenario of the person's centre; the opening message is served at once."""
    if record.centre_id != person.centre_id or (record.status != ScenarioStatus.PUBLISHED and attempt is None):
        raise TrainingRuleError(_("This scenario is not open for practice."))
    if mode not in Mode.values:
        raise TrainingRuleError(_("Unknown mode."))
    scenario = load_scenario(record.data)
    start(scenario)  # refuses a scenario the engine cannot run, before anything is written
    now = now or timezone.now()
    with transaction.atomic():
        simulation = Simulation.objects.create(
            person=person, scenario=record, scenario_version=record.version, scenario_data=record.data, mode=mode,
            attempt=attempt, started_at=now, served_at=now,
        )
        SimTurn.objects.create(simulation=simulation, index=0, customer_message=str(scenario.opening), served_at=now)
        audit_record(actor=person.user, action=f"training.simulation_start.{mode}", obj=simulation, reason=record.key)
    return simulation


def kept_turns(simulation: Simulation) -> list[SimTurn]:
    """The turns that count, in order (a practice retry's replaced reply is left out)."""
    return list(simulation.turns.filter(superseded=False).order_by("index", "pk"))


def replay(simulation: Simulation) -> tuple[Any, Any, list[Any]]:
    """(scenario, engine state after the answered turns, their reply scores), rebuilt from the stored replies."""
    scenario = load_scenario(simulation.scenario_data)
    state = start(scenario)
    scores: list[Any] = []
    turns = kept_turns(simulation)
    for i, turn in enumerate(turns):
        if turn.replied_at is None:
            break
        state, score, _next = step(scenario, state, turn.agent_reply, float(turn.seconds or 0.0))
        scores.append(score)
        if not state.finished and i + 1 < len(turns):  # the customer's words as served (the model's, if it spoke)
            state = with_customer_text(state, turns[i + 1].customer_message)
    return scenario, state, scores


def open_turn(simulation: Simulation) -> SimTurn | None:
    """The customer message waiting for a reply, if any."""
    turns = kept_turns(simulation)
    return turns[-1] if turns and turns[-1].replied_at is None else None


def simulation_reply(*, simulation: Simulation, by: Person, reply: str, now: datetime | None = None) -> SimTurn:
    """Score the reply to the waiting message, then serve the customer's next message or finish the run."""
    if simulation.person_id != by.pk:
        raise TrainingRuleError(_("This is someone else's simulation."))
    text = reply.strip()
    if not text:
        raise TrainingRuleError(_("Write a reply first."))
    text = text[:MAX_REPLY]
    given = now  # a moment given (a replayed or demo run): the next message is served at that moment too
    with transaction.atomic():
        simulation = Simulation.objects.select_for_update().get(pk=simulation.pk)
        turn = open_turn(simulation)
        if simulation.finished_at is not None or turn is None:
            raise TrainingRuleError(_("This simulation has ended."))
        now = now or timezone.now()
        seconds = max((now - turn.served_at).total_seconds(), 0.0)
        scenario, state, scores = replay(simulation)
        state, score, scripted = step(scenario, state, text, seconds)
        turn.agent_reply, turn.replied_at, turn.seconds = text, now, round(seconds, 1)
        turn.total, turn.category = float(score.total), str(score.category)[:50]
        turn.dimensions, turn.feedback = dict(score.dimensions), _feedback(score)
        turn.save()
        audit_record(actor=by.user, action="training.simulation_reply", obj=simulation)
        if scripted is None:
            _finish(simulation, scenario, [*scores, score], now)
            return turn
    # The model (when configured) answers outside the transaction: a slow endpoint must not hold a lock.
    settings = TrainingSettings.objects.filter(centre_id=simulation.person.centre_id).first()
    message = next_customer_message(settings=settings, scenario=scenario, state=state, scripted=scripted)
    served = given or timezone.now()
    with transaction.atomic():
        SimTurn.objects.create(simulation=simulation, index=turn.index + 1, customer_message=message.text,
                               source=message.source, source_note=message.note, served_at=served)
        Simulation.objects.filter(pk=simulation.pk).update(served_at=served)
    return turn


def _finish(simulation: Simulation, scenario: Any, scores: list[Any], now: datetime) -> None:
    result = conversation_from_scores(scenario, scores)
    simulation.finished_at, simulation.total, simulation.passed = now, float(result.total), bool(result.passed)
    simulation.dimensions = {k: (None if v is None else float(v)) for k, v in dict(result.dimensions).items()}
    simulation.save(update_fields=["finished_at", "total", "passed", "dimensions"])
    audit_record(actor=simulation.person.user, action="training.simulation_finish", obj=simulation,
                 reason=f"{simulation.total:.0f}")
    if simulation.attempt_id is not None:
        from hearth.training.services_certification import attempt_advance

        attempt_advance(attempt=simulation.attempt, now=now)


def simulation_hint(*, simulation: Simulation, by: Person) -> str:
    """A model reply for the waiting message (practice only); counted on the run."""
    from hearth.training.selectors import hint_for

    if simulation.person_id != by.pk or simulation.mode != Mode.PRACTICE:
        raise TrainingRuleError(_("Hints are for practice only."))
    turn = open_turn(simulation)
    if simulation.finished_at is not None or turn is None:
        raise TrainingRuleError(_("This simulation has ended."))
    scenario, state, _scores = replay(simulation)
    hint = hint_for(scenario, state)
    with transaction.atomic():
        if not turn.hint_shown:
            turn.hint_shown = True
            turn.save(update_fields=["hint_shown"])
            Simulation.objects.filter(pk=simulation.pk).update(hints_used=simulation.hints_used + 1)
        audit_record(actor=by.user, action="training.simulation_hint", obj=simulation)
    return hint


def simulation_retry(*, simulation: Simulation, by: Person, now: datetime | None = None) -> SimTurn:
    """Practice only: take back the last reply; the same customer message is served again (the clock restarts)."""
    if simulation.person_id != by.pk or simulation.mode != Mode.PRACTICE:
        raise TrainingRuleError(_("Retry is for practice only."))
    now = now or timezone.now()
    with transaction.atomic():
        simulation = Simulation.objects.select_for_update().get(pk=simulation.pk)
        answered = [t for t in kept_turns(simulation) if t.replied_at is not None]
        if not answered:
            raise TrainingRuleError(_("There is no reply to take back yet."))
        last = answered[-1]
        waiting = open_turn(simulation)
        if waiting is not None:
            waiting.delete()
        last.superseded = True
        last.save(update_fields=["superseded"])
        again = SimTurn.objects.create(simulation=simulation, index=last.index, customer_message=last.customer_message,
                                       source=last.source, source_note=last.source_note, served_at=now)
        simulation.served_at, simulation.retries = now, simulation.retries + 1
        simulation.finished_at, simulation.total, simulation.passed, simulation.dimensions = None, None, None, {}
        simulation.save(update_fields=["served_at", "retries", "finished_at", "total", "passed", "dimensions"])
        audit_record(actor=by.user, action="training.simulation_retry", obj=simulation)
    return again


__all__ = ["MessageSource", "TrainingRuleError", "kept_turns", "open_turn", "replay", "simulation_hint",
           "simulation_reply", "simulation_retry", "simulation_start"]
