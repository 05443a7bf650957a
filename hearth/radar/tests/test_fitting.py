"""Centre-fitted models: validated on a held-out later period, used only when they beat the points model."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from hearth.people.models import Person, RoleAssignment
from hearth.radar.fitting import fitted_predictions, risk_models_fit
from hearth.radar.models import RiskModelFit, RiskRun, RiskWeek

LAST = date(2026, 11, 20)


def _history(cast, *, agents: int, developmental_drives_leaving: bool, seed: int = 3) -> None:
    """30 weeks of weekly risk rows; who leaves depends on the developmental score (or on nothing)."""
    rng = random.Random(seed)
    run = RiskRun.objects.create(centre=cast.centre, as_of=LAST, created_at=timezone.now())
    people = Person.objects.bulk_create([Person(centre=cast.centre, employee_id=f"F{i}", name=f"F{i}", team=cast.day)
                                         for i in range(agents)])
    RoleAssignment.objects.bulk_create([RoleAssignment(person=p, role="agent") for p in people])
    rows = []
    for person in people:
        leaning = rng.random()
        for back in range(30, -1, -1):
            as_of = LAST - timedelta(days=7 * back)
            basic = rng.uniform(0, 90)
            developmental = min(100.0, max(0.0, leaning * 90 + rng.gauss(0, 8)))
            score = max(basic, developmental * 0.3)
            rows.append(RiskWeek(person=person, as_of=as_of, run=run, model_version="t", level=int(score // 25),
                                 score=score, level_basic=0, level_belonging=0, level_developmental=0,
                                 score_basic=basic, score_belonging=rng.uniform(0, 40),
                                 score_developmental=developmental))
            hazard = (0.02 + 0.25 * leaning ** 4) if developmental_drives_leaving else 0.0
            if back and rng.random() < hazard:
                person.leave_date = as_of + timedelta(days=3)
                person.status = "left"
                person.save()
                break
    RiskWeek.objects.bulk_create(rows)


@pytest.mark.django_db
def test_a_fitted_leaving_model_is_used_when_it_beats_the_points_model_on_later_weeks(cast):
    _history(cast, agents=120, developmental_drives_leaving=True)
    fits = {f.kind: f for f in risk_models_fit(centre=cast.centre)}
    leaving = fits["leaving"]
    assert leaving.report["enough_data"] and leaving.use_fitted, leaving.report.get("reason_code")
    assert leaving.report["fitted"]["c_index"] > leaving.report["baseline"]["c_index"]
    assert leaving.report["fitted"]["calibration"], "the calibration plot needs its bins"
    weeks = list(RiskWeek.objects.filter(as_of=LAST))
    assert fitted_predictions(centre=cast.centre, weeks=weeks) == len(weeks)
    stored = RiskWeek.objects.filter(as_of=LAST).exclude(leave_probability=None)
    assert stored.count() == len(weeks) and all(0 <= w.leave_probability <= 1 for w in stored)


@pytest.mark.django_db
def test_without_enough_leavers_the_points_model_stays_and_the_report_says_why(cast):
    _history(cast, agents=30, developmental_drives_leaving=False)
    fits = {f.kind: f for f in risk_models_fit(centre=cast.centre)}
    assert not fits["leaving"].use_fitted and not fits["leaving"].report["enough_data"]
    assert fits["leaving"].report["reason_code"]
    weeks = list(RiskWeek.objects.filter(as_of=LAST))
    assert fitted_predictions(centre=cast.centre, weeks=weeks) == 0
    assert RiskModelFit.objects.count() == 2


@pytest.mark.django_db
def test_a_fitted_checkup_regression_is_used_when_it_predicts_the_next_checkup_better(cast):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from hearth.assessments.models import Campaign, Invitation, Score

    _history(cast, agents=80, developmental_drives_leaving=False)
    rng = random.Random(5)
    weeks = {}
    for w in RiskWeek.objects.all():
        weeks.setdefault(w.person_id, []).append(w)
    zone = ZoneInfo(cast.centre.time_zone)
    for month in range(7):
        day = LAST - timedelta(days=28 * month + 3)
        opened = datetime.combine(day, time(9), tzinfo=zone)
        campaign = Campaign.objects.create(centre=cast.centre, title=f"M{month}", instruments=["cbi"], opens_at=opened,
                                           closes_at=opened + timedelta(days=7))
        for person_id, rows in weeks.items():
            before = [w for w in rows if w.as_of < day]
            if not before:
                continue
            # The next score follows the belonging score, which the points model's basic score does not see.
            value = max(0.0, min(100.0, 0.9 * max(before, key=lambda w: w.as_of).score_belonging + 20 + rng.gauss(0, 3)))
            invitation = Invitation.objects.create(campaign=campaign, person_id=person_id, status="submitted",
                                                   submitted_at=opened)
            Score.objects.create(invitation=invitation, person_id=person_id, campaign=campaign, instrument="cbi",
                                 subscale="work", value=value, level=0, answered=6, items=6, submitted_at=opened)
    fits = {f.kind: f for f in risk_models_fit(centre=cast.centre)}
    checkup = fits["checkup"]
    assert checkup.use_fitted, checkup.report.get("reason_code")
    assert checkup.report["fitted"]["mae"] < checkup.report["baseline"]["mae"]
    latest = list(RiskWeek.objects.filter(as_of=LAST))
    assert fitted_predictions(centre=cast.centre, weeks=latest) == len(latest)
    week = RiskWeek.objects.filter(as_of=LAST).first()
    assert abs(week.expected_work_burnout - (0.9 * week.score_belonging + 20)) < 6
