"""The demo's training: both languages, a test per level, a history and a certificate for A1001 and A1002."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hearth.demo.training import demo_training
from hearth.people.tests.factories import CentreFactory, make_person
from hearth.training.models import Certificate, CertificationTest, ScenarioRecord, Simulation


def test_the_demo_centre_gets_scenarios_tests_runs_and_certificates_once(db: Any) -> None:
    centre = CentreFactory(name="Demo")
    people = {
        "S2006": make_person("trainer", "trainer", centre=centre, employee_id="S2006"),
        "A1001": make_person("agent", "agent", centre=centre, employee_id="A1001", ui_language="zh-hans"),
        "A1002": make_person("agent.en", "agent", centre=centre, employee_id="A1002", ui_language="en"),
    }
    now = timezone.now()
    demo_training(centre=centre, people=people, now=now)
    assert set(ScenarioRecord.objects.filter(centre=centre).values_list("language", flat=True)) == {"zh-hans", "en"}
    assert set(CertificationTest.objects.filter(centre=centre).values_list("level", flat=True)) == {
        "junior", "intermediate", "senior"}
    for employee_id in ("A1001", "A1002"):
        runs = Simulation.objects.filter(person=people[employee_id]).exclude(finished_at=None)
        assert runs.filter(mode="practice").count() >= 3
        assert all(r.finished_at < now for r in runs)
        assert Certificate.objects.filter(person=people[employee_id], level="junior").count() == 1
    counts = (Simulation.objects.count(), Certificate.objects.count(), CertificationTest.objects.count())
    demo_training(centre=centre, people=people, now=now + timedelta(days=1))
    assert (Simulation.objects.count(), Certificate.objects.count(), CertificationTest.objects.count()) == counts
