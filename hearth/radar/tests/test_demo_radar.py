"""The radar on the demo centre flags exactly the agents the demo planted as drifting, with their type."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hearth.demo.builder import DRIFTING, demo_load
from hearth.demo.helpdesk import demo_helpdesk_load
from hearth.demo.radar import demo_radar_history
from hearth.engine.risk import Reason
from hearth.people.models import Centre
from hearth.radar.models import Alert, RiskWeek, RunStatus

NOW = datetime(2026, 3, 17, 6, 30, tzinfo=UTC)
TYPES = ("basic", "belonging", "developmental")


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_radar_flags_the_planted_drifters_with_their_type_and_not_the_steady_agents():
    summary = demo_load(seed=7, now=NOW)
    centre = Centre.objects.get(pk=summary.centre_id)
    demo_helpdesk_load(centre=centre, seed=7, now=NOW)
    runs = demo_radar_history(centre=centre, nights=3, now=NOW)
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED] * 3

    latest = RiskWeek.objects.filter(as_of=runs[-1].as_of).select_related("person")
    flagged = {w.person.employee_id: w for w in latest if w.level >= 2}
    assert set(flagged) == set(DRIFTING), "flagged agents differ from the planted drifters"
    for employee_id, kind in DRIFTING.items():
        week = flagged[employee_id]
        levels = {t: getattr(week, f"level_{t}") for t in TYPES}
        scores = {t: getattr(week, f"score_{t}") for t in TYPES}
        assert levels[kind] >= 2, (employee_id, kind, levels)
        assert max(scores, key=lambda t: scores[t]) == kind or scores[kind] == max(scores.values()), (employee_id, kind, scores)
        # Reasons in plain words with numbers, the planted type's first reason from the agent's own check-up.
        first = week.reasons[kind][0]
        words = Reason(first["code"], first["params"], first["weight"], first["evidence"]).message("en")
        assert first["code"].startswith("checkup") and any(ch.isdigit() for ch in words), words

    # Each drifter raised one alert (not one per night): to the queue when they consented, else a nudge.
    alerts = Alert.objects.filter(kind="high_risk")
    assert sorted(a.person.employee_id for a in alerts) == sorted(DRIFTING)


@pytest.mark.django_db
def test_re_running_a_night_changes_nothing():
    summary = demo_load(seed=7, now=NOW)
    centre = Centre.objects.get(pk=summary.centre_id)
    demo_helpdesk_load(centre=centre, seed=7, now=NOW)
    first = demo_radar_history(centre=centre, nights=1, now=NOW)[0]
    weeks = sorted(RiskWeek.objects.values_list("person_id", "as_of", "level", "score"))
    alerts = Alert.objects.count()
    again = demo_radar_history(centre=centre, nights=1, now=NOW)[0]
    assert again.as_of == first.as_of and again.status == RunStatus.SUCCEEDED
    assert sorted(RiskWeek.objects.values_list("person_id", "as_of", "level", "score")) == weeks
    assert Alert.objects.count() == alerts
