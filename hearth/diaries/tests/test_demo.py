"""The demo's diaries: three weeks for the Chinese demo agent, some for the English one, a buddy pair; idempotent."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hearth.demo.diaries import AGENT, AGENT_EN, SOCIAL, demo_diaries
from hearth.diaries.models import BuddyPair, CheckIn, Entry, PairStatus, Share
from hearth.diaries.selectors import diary_streak
from hearth.people.tests.factories import make_person


def _people(cast: Any) -> dict[str, Any]:
    people = {p.employee_id: p for p in cast.people.values()}
    people[SOCIAL] = make_person(SOCIAL, "social_worker", centre=cast.centre)
    people[AGENT] = make_person(AGENT, "agent", centre=cast.centre, time_zone="Asia/Shanghai")
    people[AGENT_EN] = make_person(AGENT_EN, "agent", centre=cast.centre, time_zone="America/Los_Angeles")
    return people


def test_the_demo_agents_have_diary_history_with_traps_and_a_buddy_and_a_second_load_adds_nothing(cast: Any) -> None:
    people = _people(cast)
    now = timezone.now()
    demo_diaries(centre=cast.centre, people=people, now=now)
    zh = Entry.objects.filter(person=people[AGENT])
    assert zh.count() == 19 and (max(e.written_on for e in zh) - min(e.written_on for e in zh)).days == 20
    assert any("personalizing" in e.traps for e in zh) and any(e.reframe for e in zh)
    assert diary_streak(person=people[AGENT]) >= 8
    assert Entry.objects.filter(person=people[AGENT_EN]).count() == 7
    assert Share.objects.get().reader == people[SOCIAL]
    pair = BuddyPair.objects.get()
    assert pair.status == PairStatus.ACTIVE and CheckIn.objects.filter(pair=pair).count() == 4
    counts = (Entry.objects.count(), BuddyPair.objects.count(), CheckIn.objects.count(), Share.objects.count())
    demo_diaries(centre=cast.centre, people=people, now=now)
    assert (Entry.objects.count(), BuddyPair.objects.count(), CheckIn.objects.count(), Share.objects.count()) == counts
