"""The demo centre's training: the scenario library in both languages, a certification test per level and
language, and some past simulations and a certificate for the demo agents A1001 (Chinese) and A1002 (English).

Everything goes through the training services, as trainees and the trainer would; the past runs are timed
at past moments (`now=`), their replies improve week by week so the portfolio shows growth.
Idempotent: a second call finds the tests and runs and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hearth.demo import names
from hearth.people.models import Centre, Person
from hearth.training import services
from hearth.training.models import CertificationTest, Level, ScenarioRecord, Simulation
from hearth.training.services_certification import attempt_start, certification_test_save
from hearth.training.services_scenarios import scenario_library_seed

# Replies from hesitant (week 1) to confident (the certification), per scenario language.
REPLIES = {
    "zh-hans": [
        "您好，请稍等，我看一下。",
        "抱歉让您久等了，我帮您查一下订单，稍后给您答复。",
        "非常抱歉给您带来不便，我理解您的心情。我马上为您核实订单，今天为您安排补发或全额退款，一小时内给您回复。",
    ],
    "en": [
        "Hello, please wait while I check.",
        "Sorry for the wait, I will look into your order and get back to you.",
        "I'm so sorry about this, I understand how frustrating it is. I will personally check your order now and "
        "arrange a replacement or a full refund today, and I'll update you within the hour.",
    ],
}
SECONDS = [200.0, 120.0, 45.0]  # slower at first, within target later
TEST_TITLES = {
    ("junior", "zh-hans"): "初级客服认证", ("intermediate", "zh-hans"): "中级客服认证",
    ("senior", "zh-hans"): "高级客服认证", ("junior", "en"): "Junior certification (English)",
    ("intermediate", "en"): "Intermediate certification (English)", ("senior", "en"): "Senior certification (English)",
}
PASS_MARKS = {"junior": 60, "intermediate": 70, "senior": 80}


def _run(simulation: Simulation, person: Person, stage: int, at: datetime) -> None:
    """Answer each customer message of a run at moment `at` onwards, with replies of the given stage."""
    reply = REPLIES[simulation.scenario_data["language"]][stage]
    clock = at
    for _ in range(20):
        turn = services.open_turn(simulation)
        if turn is None:
            return
        clock = max(clock, turn.served_at) + timedelta(seconds=SECONDS[stage])
        services.simulation_reply(simulation=simulation, by=person, reply=reply, now=clock)
        simulation.refresh_from_db()


def demo_training(*, centre: Centre, people: dict[str, Person], now: datetime) -> None:
    """Seed the library, define the certification tests, and give the two demo agents a training history."""
    trainer = people[names.STAFF["trainer"][0]]
    scenario_library_seed(centre=centre, by=trainer)
    tests: dict[tuple[str, str], CertificationTest] = {}
    for level in Level.values:
        for language in ("zh-hans", "en"):
            records = list(ScenarioRecord.objects.filter(centre=centre, level=level, language=language)
                           .order_by("key")[:2])
            title = TEST_TITLES[(level, language)]
            existing = CertificationTest.objects.filter(centre=centre, title=title).first()
            if existing is None and records:
                existing = certification_test_save(
                    centre=centre, by=trainer, title=title, level=level, pass_mark=PASS_MARKS[level],
                    scenario_marks={r.pk: None for r in records}, attempts_allowed=3, cooldown_hours=24,
                )
            if existing is not None:
                tests[(level, language)] = existing
    for employee_id, language in ((names.STAFF["agent"][0], "zh-hans"), (names.STAFF["agent.en"][0], "en")):
        person = people.get(employee_id)
        if person is None or Simulation.objects.filter(person=person).exists():
            continue
        practice = list(ScenarioRecord.objects.filter(centre=centre, language=language, level=Level.JUNIOR)
                        .order_by("key"))
        for week, stage in ((5, 0), (3, 1), (1, 2)):  # three weeks of practice, getting better
            for record in practice:
                at = now - timedelta(weeks=week, hours=len(practice))
                simulation = services.simulation_start(person=person, record=record, now=at)
                _run(simulation, person, stage, at)
        test = tests.get((Level.JUNIOR, language))
        if test is not None:
            at = now - timedelta(days=3)
            simulation = attempt_start(test=test, person=person, now=at)
            while simulation is not None:
                _run(simulation, person, 2, at)
                attempt = simulation.attempt
                simulation = attempt.simulations.filter(finished_at=None).first() if attempt else None
