"""The nightly radar run: risk per agent, who hears about it, team alerts from load only, the run record."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hearth.assessments.services import outreach_consent_set
from hearth.ingest.models import AgentDay, FeatureRun, SourceConversation, SourceMessage
from hearth.notices.models import Notice, WebhookChannel, WebhookDelivery
from hearth.radar import notify
from hearth.radar.models import Alert, RiskRun, RiskWeek, RunStatus, TeamAlert
from hearth.radar.services import risk_nightly_due, risk_run, risk_run_request

AS_OF = date(2026, 11, 20)


def _days(person, *, hard_last_week: bool) -> None:
    """Five weeks of weekday shifts; the last week with hostile customers and long night shifts."""
    run = FeatureRun.objects.first() or FeatureRun.objects.create(
        centre=person.centre, started_at=datetime(2026, 11, 21, tzinfo=UTC), status="succeeded", engine_version="t")
    rows = []
    for back in range(35):
        day = AS_OF - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        hard = hard_last_week and back < 7
        rows.append(AgentDay(person=person, day=day, run=run, engine_version="t", features={
            "conversations": 40, "agent_messages": 200, "hostile_conversations": 6 if hard else 1,
            "night_minutes": 300.0, "work_minutes": 620.0 if hard else 470.0, "consecutive_days": day.weekday() + 1,
            "quick_return": False, "first_response_seconds_mean": 60.0, "empathy_rate": 0.2, "canned_rate": 0.2,
            "csat_mean": 4.5, "csat_count": 5,
        }))
    AgentDay.objects.bulk_create(rows)


def _run(cast, django_capture_on_commit_callbacks) -> RiskRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = risk_run_request(centre=cast.centre, by=cast.ada, as_of=AS_OF)
    run.refresh_from_db()
    return run


@pytest.fixture
def hard_week(cast):
    outreach_consent_set(person=cast.alice, granted=True)
    outreach_consent_set(person=cast.bob, granted=False)
    for name in ("alice", "bob"):
        _days(getattr(cast, name), hard_last_week=True)
    for name in ("n1", "n2", "n3"):
        _days(getattr(cast, name), hard_last_week=False)
    return cast


def test_a_run_assesses_every_active_agent_and_records_itself(hard_week, django_capture_on_commit_callbacks):
    run = _run(hard_week, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.SUCCEEDED and run.progress == 100 and run.step == "done"
    assert run.counts["agents"] == 15  # alice, bob, n1-n7, d1-d6
    assert run.duration_seconds is not None and run.model_version.startswith("risk-points")
    alice = RiskWeek.objects.get(person=hard_week.alice, as_of=AS_OF)
    assert alice.level >= 2 and alice.level_basic >= 2
    assert {r["code"] for r in alice.reasons["basic"]} >= {"hostile_exposure", "night_overtime"}
    assert RiskWeek.objects.get(person=hard_week.n1, as_of=AS_OF).level == 0


def test_a_consenting_agent_goes_to_the_queue_and_the_others_get_a_private_nudge(
    hard_week, django_capture_on_commit_callbacks
):
    _run(hard_week, django_capture_on_commit_callbacks)
    alerts = {a.person.user.username: a for a in Alert.objects.filter(kind="high_risk").select_related("person__user")}
    assert set(alerts) == {"alice", "bob"}
    assert alerts["alice"].route == "outreach" and alerts["bob"].route == "nudge"
    assert alerts["alice"].burnout_type == "basic" and alerts["alice"].reasons
    # The social worker hears of alice (a count), bob alone hears of bob; the lead hears of neither.
    assert Notice.objects.filter(person=hard_week.sam, kind="outreach_new", params={"count": 1}).exists()
    assert Notice.objects.filter(person=hard_week.bob, kind="nudge_high_risk").exists()
    assert not Notice.objects.filter(person=hard_week.alice, kind__startswith="nudge").exists()
    assert not Notice.objects.filter(person=hard_week.carol).exclude(kind__startswith="team_").exists()


def test_withdrawn_consent_routes_the_next_alert_to_a_nudge(hard_week, django_capture_on_commit_callbacks):
    outreach_consent_set(person=hard_week.alice, granted=False)
    _run(hard_week, django_capture_on_commit_callbacks)
    assert Alert.objects.get(person=hard_week.alice, kind="high_risk").route == "nudge"


def test_team_leads_get_load_alerts_with_names_and_group_chats_get_employee_ids(
    hard_week, django_capture_on_commit_callbacks
):
    WebhookChannel.objects.create(centre=hard_week.centre, name="Night leads", platform="slack",
                                  url="http://127.0.0.1:9/hook", team=hard_week.night, topics=["team_load"],
                                  language="en", created_at=datetime(2026, 11, 1, tzinfo=UTC))
    _run(hard_week, django_capture_on_commit_callbacks)
    alert = TeamAlert.objects.get(team=hard_week.night, kind="overtime_cap")
    assert alert.params["count"] == 2 and alert.params["cap"] == 48
    notice = Notice.objects.get(person=hard_week.carol, kind="team_overtime_cap")
    assert hard_week.alice.name in notice.params["names"]
    delivery = WebhookDelivery.objects.get(topic="team_load")
    assert hard_week.alice.employee_id in delivery.text and hard_week.alice.name not in delivery.text
    # The Day lead hears nothing about Night.
    assert not Notice.objects.filter(person=hard_week.dave).exists()


def test_re_running_the_night_replaces_the_week_and_sends_nothing_twice(
    hard_week, django_capture_on_commit_callbacks
):
    _run(hard_week, django_capture_on_commit_callbacks)
    before = (RiskWeek.objects.count(), Alert.objects.count(), TeamAlert.objects.count(), Notice.objects.count())
    second = _run(hard_week, django_capture_on_commit_callbacks)
    assert second.status == RunStatus.SUCCEEDED
    assert (RiskWeek.objects.count(), Alert.objects.count(), TeamAlert.objects.count(), Notice.objects.count()) == before


def test_a_failing_run_is_recorded_and_leaves_no_half_written_alerts(hard_week, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(notify, "alerts_announce", broken)
    run = risk_run(run=RiskRun.objects.create(centre=hard_week.centre, as_of=AS_OF,
                                              created_at=datetime(2026, 11, 21, tzinfo=UTC)))
    assert run.status == RunStatus.FAILED
    assert "mail server on fire" in run.errors[0]
    assert Alert.objects.count() == 0 and TeamAlert.objects.count() == 0


def _hostile_chat(cast, person, at: datetime, n: int) -> None:
    conversation = SourceConversation.objects.create(centre=cast.centre, source="generic", external_id=f"c{n}",
                                                     started_at=at)
    SourceMessage.objects.create(conversation=conversation, external_id=f"c{n}-1", sent_at=at,
                                 author_role="customer", hostile=True, detectors_version="t")
    SourceMessage.objects.create(conversation=conversation, external_id=f"c{n}-2", sent_at=at + timedelta(minutes=1),
                                 author_role="agent", person=person, detectors_version="t")


def test_three_abusive_chats_in_twenty_minutes_alert_the_lead_and_the_agent(
    hard_week, django_capture_on_commit_callbacks
):
    zone = ZoneInfo(hard_week.centre.time_zone)
    start = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 22, 0, tzinfo=zone)
    for n, minutes in enumerate((0, 6, 15)):
        _hostile_chat(hard_week, hard_week.n1, start + timedelta(minutes=minutes), n)
    _hostile_chat(hard_week, hard_week.n2, start, 9)  # one alone is not a spike
    _run(hard_week, django_capture_on_commit_callbacks)
    spike = Alert.objects.get(kind="hostile_spike")
    assert spike.person == hard_week.n1 and spike.route == "nudge"
    assert spike.params == {"count": 3, "minutes": 15, "at": f"{AS_OF.isoformat()} 22:00"}
    burst = TeamAlert.objects.get(kind="hostile_burst")
    assert burst.team == hard_week.night and burst.params["agent_ids"] == [hard_week.n1.employee_id]
    assert Notice.objects.filter(person=hard_week.carol, kind="team_hostile_burst").exists()
    assert Notice.objects.filter(person=hard_week.n1, kind="nudge_hostile_spike").exists()


def test_the_nightly_schedule_queues_one_run_per_centre_and_night(cast, settings):
    zone = ZoneInfo(cast.centre.time_zone)
    early = datetime(2026, 11, 21, 2, 0, tzinfo=zone)
    assert risk_nightly_due(now=early) == []  # before the run hour (3 a.m.)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    runs = risk_nightly_due(now=early + timedelta(hours=2))
    assert [(r.as_of, r.trigger) for r in runs] == [(date(2026, 11, 20), "nightly")]
    assert risk_nightly_due(now=early + timedelta(hours=3)) == []
