"""The demo centre: what it holds, that it is reproducible, and that it never touches a real centre."""

from __future__ import annotations

import hashlib
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hearth.assessments.models import (
    Campaign,
    Invitation,
    InvitationStatus,
    OutreachConsent,
    Response,
    Score,
)
from hearth.audit.models import AuditEvent
from hearth.care.models import SupportRequest
from hearth.demo.builder import (
    DEMO_PASSWORD,
    DRIFTING,
    LEAVERS,
    DemoError,
    demo_load,
    demo_plan,
)
from hearth.engine.instruments import load_instrument
from hearth.engine.psychometrics import cronbach_alpha
from hearth.engine.scoring import score_answers
from hearth.notices.models import Notice
from hearth.people.models import Centre, Person, PersonStatus, Role, RoleAssignment, Team

NOW = datetime(2026, 3, 17, 6, 30, tzinfo=UTC)
# The subscale each kind of planted drift shows in, and how to put it on 0–100.
DRIFT_MEASURE = {
    "basic": ("cbi", "work", lambda v: v),
    "belonging": ("cbi", "client", lambda v: v),
    "developmental": ("moaq_turnover", "intention", lambda v: (v - 1) / 6 * 100),
}


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _digest(rows):
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def _scores_by_wave(employee_id, instrument, subscale):
    rows = Score.objects.filter(
        person__employee_id=employee_id, instrument=instrument, subscale=subscale, value__isnull=False
    ).values_list("campaign__wave", "value")
    return dict(rows)


@pytest.mark.django_db
def test_it_builds_a_centre_with_teams_people_logins_and_six_months_of_checkups():
    summary = demo_load(seed=7)

    centre = Centre.objects.get(pk=summary.centre_id)
    assert centre.is_demo and centre.two_factor_waived and centre.k == 5
    assert Team.objects.filter(centre=centre).count() == 4
    assert 55 <= RoleAssignment.objects.filter(role=Role.AGENT).count() <= 65
    assert Person.objects.filter(status=PersonStatus.LEFT).count() == len(summary.leavers) == len(LEAVERS)
    users = {username: get_user_model().objects.get(username=username) for _l, username, _p in summary.logins}
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    held = {role for user in users.values() for role in user.person.role_set}
    assert held == set(Role.values)
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["lead"].person in users["lead"].person.team.leads.all()

    assert Campaign.objects.filter(centre=centre, purpose="checkup").count() == 7
    current = Campaign.objects.get(centre=centre, wave=7)
    assert current.opens_at <= timezone.now() < current.closes_at
    agent = users["agent"].person
    invitations = Invitation.objects.filter(person=agent, campaign__purpose="checkup")
    assert invitations.count() == 6
    assert invitations.filter(status=InvitationStatus.SUBMITTED).count() == 5
    assert invitations.get(campaign=current).status == InvitationStatus.PENDING
    assert OutreachConsent.objects.filter(person=agent).latest().granted is True
    assert OutreachConsent.objects.filter(person=users["agent.en"].person).latest().granted is False
    assert SupportRequest.objects.filter(centre=centre).count() == 3


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_scores():
    demo_load(seed=7, now=NOW)
    stored = Score.objects.filter(campaign__purpose="checkup").values_list(
        "person__employee_id", "campaign__wave", "instrument", "subscale", "value")

    planned = []
    for answer in demo_plan(seed=7, now=NOW).answers:
        for instrument_id, given in answer.answers.items():
            sheet = score_answers(load_instrument(instrument_id), given)
            planned += [(answer.employee_id, answer.wave, instrument_id, s.subscale, s.value) for s in sheet.scores.values()]

    assert _digest(stored) == _digest(planned)
    assert demo_plan(seed=7, now=NOW) == demo_plan(seed=7, now=NOW)
    assert demo_plan(seed=8, now=NOW).answers != demo_plan(seed=7, now=NOW).answers


def test_the_answers_do_not_depend_on_the_day_it_is_loaded():
    early = demo_plan(seed=7, now=NOW)
    later = demo_plan(seed=7, now=NOW + timedelta(days=1))
    assert [a.answers for a in early.answers if a.wave < 7] == [a.answers for a in later.answers if a.wave < 7]


def test_the_cbi_subscales_are_internally_consistent():
    cbi = load_instrument("cbi")
    answers = demo_plan(seed=7, now=NOW).answers
    for subscale in cbi.subscales:
        items = [item for item in cbi.items if item.subscale == subscale.id]
        matrix = [
            [None if a.answers["cbi"][i.id] is None else i.keyed(a.answers["cbi"][i.id]) for i in items]
            for a in answers
        ]
        assert 0.8 <= cronbach_alpha(matrix) <= 0.92


@pytest.mark.django_db
def test_the_drifting_agents_rise_while_the_rest_hold_steady():
    summary = demo_load(seed=7, now=NOW)
    assert summary.drifting == DRIFTING
    assert sorted(set(DRIFTING.values())) == ["basic", "belonging", "developmental"]

    for employee_id, kind in summary.drifting.items():
        instrument, subscale, to_100 = DRIFT_MEASURE[kind]
        waves = _scores_by_wave(employee_id, instrument, subscale)
        assert to_100(waves[6]) - to_100(waves[1]) >= 20, (employee_id, kind, waves)

    steady = Person.objects.filter(status=PersonStatus.ACTIVE, roles__role=Role.AGENT).exclude(
        employee_id__in=list(DRIFTING)
    ).exclude(user__username="agent")
    changes = []
    for employee_id in steady.values_list("employee_id", flat=True):
        waves = _scores_by_wave(employee_id, "cbi", "work")
        if 1 in waves and 6 in waves:
            changes.append(waves[6] - waves[1])
    assert len(changes) >= 20
    assert -10 <= statistics.median(changes) <= 10


@pytest.mark.django_db
def test_the_vip_team_has_too_few_answers_in_the_current_wave():
    demo_load(seed=7, now=NOW)
    vip = Team.objects.get(name__startswith="VIP")
    assert vip.members.filter(roles__role=Role.AGENT).count() == 4
    submitted = Invitation.objects.filter(campaign__wave=7, team=vip, status=InvitationStatus.SUBMITTED)
    assert submitted.count() < 5


@pytest.mark.django_db
def test_it_refuses_a_database_with_a_real_centre():
    Centre.objects.create(name="A real centre")
    with pytest.raises(DemoError, match="real centre"):
        demo_load(seed=7)
    assert not Centre.objects.filter(is_demo=True).exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_second_load_changes_nothing():
    first = demo_load(seed=7, now=NOW)
    models = (Centre, Person, Team, Campaign, Invitation, Response, Score, OutreachConsent, SupportRequest,
              Notice, AuditEvent, get_user_model())
    before = {m.__name__: m.objects.count() for m in models}

    second = demo_load(seed=7, now=NOW)

    assert {m.__name__: m.objects.count() for m in models} == before
    assert second == first


def test_describe_gives_the_address_every_login_and_the_two_factor_note():
    summary_text = _summary_for_text().describe()
    assert "http://127.0.0.1:8000/" in summary_text
    for username in ("agent", "agent.en", "lead", "lead.vip", "social", "trainer", "hr", "manager", "admin"):
        assert f" {username} " in summary_text
    assert DEMO_PASSWORD in summary_text
    assert "Two-factor" in summary_text and "两步验证" in summary_text


def _summary_for_text():
    from hearth.demo.builder import DemoSummary
    from hearth.demo.names import ROLE_LABELS

    logins = [(label, username, DEMO_PASSWORD) for username, label in ROLE_LABELS.items()]
    return DemoSummary(centre_id=1, logins=logins, drifting=dict(DRIFTING), leavers=sorted(LEAVERS))


@pytest.mark.django_db
def test_the_demo_has_cases_at_several_stages_and_a_waiting_referral():
    from hearth.care.models import Case

    demo_load(seed=7, now=NOW)
    stages = sorted(Case.objects.exclude(workers__isnull=True).values_list("stage", flat=True))
    assert stages == ["assessment", "closed", "plan", "services"]
    waiting = Case.objects.get(workers__isnull=True)
    assert waiting.source == "lead" and waiting.referral_concern
    closed = Case.objects.get(stage="closed")
    assert closed.kind == "family" and closed.sessions.filter(kind="mediation").exists()
    assert closed.resource_links.get().for_family
