"""The demo's preventive programmes: a month of activities with sign-ups, attendance, questions and rotations."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from hearth.activities.models import Activity, Participation, Question, Rotation
from hearth.demo.activities import AGENT, AGENT_EN, HR, MANAGER, SOCIAL, demo_activities
from hearth.people.tests.factories import TeamFactory, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(cast: Any) -> dict[str, Any]:
    eu = TeamFactory(centre=cast.centre, name="欧美站 Europe & US")
    people = {p.employee_id: p for p in cast.people.values()}
    for eid, role in ((MANAGER, "manager"), (HR, "hr"), (SOCIAL, "social_worker")):
        people[eid] = make_person(eid, role, centre=cast.centre)
    for eid in (AGENT, AGENT_EN, *(f"E{i}" for i in range(8))):
        people[eid] = make_person(eid, "agent", centre=cast.centre, team=eu, shift_pattern="night")
    return people


def test_the_demo_holds_a_month_of_activities_with_attendance_and_is_idempotent(cast: Any, demo_people: Any) -> None:
    now = timezone.now()
    demo_activities(centre=cast.centre, people=demo_people, now=now)
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert {"business_english", "cross_cultural", "sports", "family", "open_channel"} <= kinds
    assert Participation.objects.filter(status="attended").exists()
    assert Participation.objects.filter(status="waitlisted", activity__kind="sports").exists()
    assert Participation.objects.filter(activity__kind="family", adults__gt=0).exists()
    assert Question.objects.filter(published=True).count() == 2 and Question.objects.filter(author__isnull=True).exists()
    assert Rotation.objects.count() == 2
    count = Activity.objects.count()
    demo_activities(centre=cast.centre, people=demo_people, now=now)
    assert Activity.objects.count() == count
