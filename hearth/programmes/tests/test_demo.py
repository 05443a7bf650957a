"""The demo's group programmes: a running mentoring circle and an ended group whose outcome shows above k."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from hearth.demo.builder import demo_load
from hearth.demo.programmes import demo_programmes
from hearth.people.models import Centre, Person
from hearth.programmes.models import Programme, ProgrammeStatus
from hearth.programmes.selectors import programme_outcome


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_demo_has_a_circle_an_ended_group_and_a_coping_programme_in_phase_two_and_loads_once() -> None:
    demo_load(now=timezone.now())
    centre = Centre.objects.get(is_demo=True)
    people = {p.employee_id: p for p in Person.objects.filter(centre=centre)}
    demo_programmes(centre=centre, people=people, now=timezone.now())
    demo_programmes(centre=centre, people=people, now=timezone.now())
    circle = Programme.objects.get(template="mentoring")
    assert circle.status == ProgrammeStatus.RUNNING and circle.pairs.count() == 4 and circle.rewards.count() == 1
    assert circle.sessions.filter(held=True).count() == 3
    assert circle.pre_campaign.invitations.filter(status="submitted").count() == 7
    group = Programme.objects.get(template="confidence")
    assert group.status == ProgrammeStatus.ENDED
    outcome = programme_outcome(programme=group)
    assert outcome.released and outcome.counted == 6
    personal = next(c.result for c in outcome.changes if c.subscale_id == "personal")
    assert personal.released and personal.g_av is not None and personal.mean_change < 0
    coping = Programme.objects.get(template="stress_coping")
    assert coping.status == ProgrammeStatus.RUNNING and coping.kind == "coping"
    assert set(coping.facilitators.values_list("roles__role", flat=True)) >= {"trainer", "social_worker"}
    phase_one, phase_two = coping.phases.filter(order__lte=2)
    assert phase_one.sessions.filter(held=True).count() == 4 and phase_two.sessions.filter(held=True).count() == 2
    assert phase_one.assessments.count() == 8 and phase_one.assessments.filter(passed=False).count() == 1
    assert not phase_two.assessments.exists()
    assert Programme.objects.count() == 3
