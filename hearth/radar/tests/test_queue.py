"""The social worker's outreach queue and alert page: who is listed, the actions, and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.assessments.services import outreach_consent_set
from hearth.audit.models import AuditEvent
from hearth.care.models import Case, SupportRequest
from hearth.people.tests.factories import CentreFactory, make_person
from hearth.radar.models import Alert, AlertStatus
from hearth.radar.tests import test_pages_data as data

QUEUE = reverse("radar:queue")


@pytest.fixture
def consenting(cast: Any) -> Any:
    outreach_consent_set(person=cast.alice, granted=True)
    outreach_consent_set(person=cast.n1, granted=True)
    return cast


def test_the_queue_lists_consenting_agents_outreach_alerts_of_the_centre_only(consenting: Any) -> None:
    cast = consenting
    mine = data.alert(cast.alice)
    data.alert(cast.bob)  # routed to outreach, but Bob never consented (or withdrew): not listed
    data.alert(cast.n1, route="nudge")  # private to the agent
    other_centre = make_person("zoe", "agent", centre=CentreFactory(name="Elsewhere", two_factor_waived=True), name="Zoe Other")
    outreach_consent_set(person=other_centre, granted=True)
    data.alert(other_centre)
    page = cast.client_for("sam").get(QUEUE).content.decode()
    assert f'data-alert="{mine.pk}"' in page
    assert page.count('class="card alert-card"') == 1
    assert "Alice" in page and "Bob" not in page and "Zoe Other" not in page and "Night agent 1" not in page
    # Reasons in plain words, the level and the kind.
    assert "faced 12 hostile customers this week, 2.5× the team median" in page
    assert 'class="level level-2"' in page and "Entered high risk" in page


def test_listing_the_queue_audits_each_agent_listed(consenting: Any) -> None:
    cast = consenting
    data.alert(cast.alice)
    data.alert(cast.alice, kind="sharp_rise")
    data.alert(cast.n1)
    cast.client_for("sam").get(QUEUE)
    events = AuditEvent.objects.filter(action="radar.queue.view")
    assert sorted(e.subject_id for e in events) == sorted([cast.alice.pk, cast.n1.pk])
    assert all(e.actor_id == cast.sam.user_id for e in events)


def test_an_empty_queue_audits_nothing_and_says_so(consenting: Any) -> None:
    page = consenting.client_for("sam").get(QUEUE).content.decode()
    assert "Nothing waiting" in page
    assert not AuditEvent.objects.filter(action="radar.queue.view").exists()


def test_the_queue_filters_and_sorts(consenting: Any) -> None:
    cast = consenting
    spike = data.alert(cast.alice, kind="hostile_spike", level=0, burnout_type="",
                       params={"count": 4, "minutes": 15, "at": "2026-11-20 21:05"})
    high = data.alert(cast.n1, kind="high_risk", level=3, burnout_type="belonging",
                      created_at=timezone.now() - timedelta(days=2))
    client = cast.client_for("sam")
    page = client.get(QUEUE, {"kind": "hostile_spike"}).content.decode()
    assert f'data-alert="{spike.pk}"' in page and f'data-alert="{high.pk}"' not in page
    assert "4 abusive chats in 15 minutes (2026-11-20 21:05)" in page
    page = client.get(QUEUE, {"burnout_type": "belonging"}).content.decode()
    assert f'data-alert="{high.pk}"' in page and f'data-alert="{spike.pk}"' not in page
    page = client.get(QUEUE, {"team": cast.night_eu.pk}).content.decode()
    assert 'data-alert="' not in page  # n1 is in Night, Alice too
    page = client.get(QUEUE, {"team": cast.night.pk, "sort": "level"}).content.decode()
    assert page.index(f'data-alert="{high.pk}"') < page.index(f'data-alert="{spike.pk}"')
    page = client.get(QUEUE).content.decode()  # newest first
    assert page.index(f'data-alert="{spike.pk}"') < page.index(f'data-alert="{high.pk}"')
    page = client.get(QUEUE, {"status": "resolved"}).content.decode()
    assert 'data-alert="' not in page


def test_snoozing_hides_the_alert_until_the_day(consenting: Any) -> None:
    cast = consenting
    alert = data.alert(cast.alice)
    client = cast.client_for("sam")
    until = timezone.localdate() + timedelta(days=3)
    response = client.post(reverse("radar:alert_snooze", args=[alert.pk]), {"until": until.isoformat(), "next": QUEUE})
    assert response.status_code == 302 and response.url == QUEUE
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SNOOZED and alert.snoozed_until == until and alert.handled_by == cast.sam
    assert f'data-alert="{alert.pk}"' not in client.get(QUEUE).content.decode()
    assert f'data-alert="{alert.pk}"' in client.get(QUEUE, {"status": "snoozed"}).content.decode()
    Alert.objects.filter(pk=alert.pk).update(snoozed_until=timezone.localdate())  # the day has come
    assert f'data-alert="{alert.pk}"' in client.get(QUEUE).content.decode()
    assert AuditEvent.objects.filter(action="radar.alert.snooze", subject=cast.alice, object_id=str(alert.pk)).count() == 1


def test_snoozing_into_the_past_is_refused(consenting: Any) -> None:
    alert = data.alert(consenting.alice)
    consenting.client_for("sam").post(reverse("radar:alert_snooze", args=[alert.pk]),
                                      {"until": timezone.localdate().isoformat()})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_resolving_needs_a_note(consenting: Any) -> None:
    cast = consenting
    alert = data.alert(cast.alice)
    client = cast.client_for("sam")
    url = reverse("radar:alert_resolve", args=[alert.pk])
    response = client.post(url, {"note": "   "}, follow=True)
    assert "write what was done" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and not AuditEvent.objects.filter(action="radar.alert.resolve").exists()
    client.post(url, {"note": "Talked with her after the shift; swapped two night shifts."})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and alert.note.startswith("Talked with her")
    event = AuditEvent.objects.get(action="radar.alert.resolve")
    assert event.subject_id == cast.alice.pk and "swapped" in event.reason
    # Handled alerts leave the waiting list and cannot be handled twice.
    assert f'data-alert="{alert.pk}"' not in client.get(QUEUE).content.decode()
    client.post(reverse("radar:alert_snooze", args=[alert.pk]), {"until": (timezone.localdate() + timedelta(days=2)).isoformat()})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED


def test_opening_a_case_opens_a_radar_case_and_invents_no_request_from_the_agent(consenting: Any) -> None:
    cast = consenting
    alert = data.alert(cast.alice)
    client = cast.client_for("sam")
    response = client.post(reverse("radar:alert_case", args=[alert.pk]))
    case = Case.objects.get(person=cast.alice)
    assert response.status_code == 302 and response.url == reverse("care:case", args=[case.pk])
    assert case.source == "radar" and case.support_request is None and list(case.workers.all()) == [cast.sam]
    assert not SupportRequest.objects.filter(person=cast.alice).exists()
    assert not AuditEvent.objects.filter(action="support_request.create", subject=cast.alice).exists()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CASE and alert.params["case_id"] == case.pk
    assert AuditEvent.objects.filter(action="radar.alert.case", subject=cast.alice).count() == 1
    page = client.get(reverse("radar:alert", args=[alert.pk])).content.decode()
    assert reverse("care:case", args=[case.pk]) in page


def test_the_alert_page_shows_risk_reasons_evidence_and_history_and_is_audited(consenting: Any) -> None:
    cast = consenting
    today = timezone.localdate()
    for day in range(0, 7 * 14):  # one risk week per day, as the nightly run leaves them
        data.risk_week(cast.alice, today - timedelta(days=day), level=2 if day < 14 else 0)
    old = data.alert(cast.alice, kind="sharp_rise", status="resolved", note="Called her.",
                     created_at=timezone.now() - timedelta(days=40))
    data.alert(cast.alice, route="nudge")  # private: not in the social worker's history
    alert = data.alert(cast.alice)
    client = cast.client_for("sam")
    page = client.get(reverse("radar:alert", args=[alert.pk])).content.decode()
    assert 'data-chart="radar-alert-risk"' in page
    assert page.count('<tr><th scope="row">') >= 12  # twelve weekly points in the chart's table
    assert "faced 12 hostile customers this week" in page and "client-related burnout 70, in the high band" in page
    assert reverse("load:agent", args=[cast.alice.pk]) in page
    assert reverse("care:person_checkups", args=[cast.alice.pk]) + "?reason=outreach" in page
    history = page[page.index('class="table alert-history"'):]
    history = history[:history.index("</table>")]
    assert reverse("radar:alert", args=[old.pk]) in history and history.count("<tr") == 3  # head, this alert, the old one
    event = AuditEvent.objects.get(action="radar.alert.view")
    assert event.subject_id == cast.alice.pk and event.object_id == str(alert.pk) and event.actor_id == cast.sam.user_id


def test_the_alert_page_is_not_found_for_others(consenting: Any) -> None:
    cast = consenting
    nudge = data.alert(cast.alice, route="nudge")
    no_consent = data.alert(cast.bob)
    withdrawn = data.alert(cast.n1)
    outreach_consent_set(person=cast.n1, granted=False)
    sam = cast.client_for("sam")
    for a in (nudge, no_consent, withdrawn):
        assert sam.get(reverse("radar:alert", args=[a.pk])).status_code == 404
        assert sam.post(reverse("radar:alert_case", args=[a.pk])).status_code == 404
    mine = data.alert(cast.alice)
    for name in ("alice", "carol", "hana", "max", "ada"):
        assert cast.client_for(name).get(reverse("radar:alert", args=[mine.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="radar.alert.view").exists()


def test_the_queue_exports_csv_and_excel_and_audits_the_export(consenting: Any) -> None:
    cast = consenting
    data.alert(cast.alice)
    client = cast.client_for("sam")
    csv = client.get(QUEUE, {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Agent,Team,Kind,Level") and "Alice" in text and "hostile customers" in text
    xlsx = client.get(QUEUE, {"export": "xlsx", "kind": "high_risk"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="radar.queue.export", subject=cast.alice).count() == 2


def test_the_queue_speaks_chinese_to_a_chinese_reader(consenting: Any) -> None:
    cast = consenting
    cast.sam.ui_language = "zh-hans"
    cast.sam.save()
    data.alert(cast.alice)
    page = cast.client_for("sam").get(QUEUE).content.decode()
    assert "本周遭遇 12 名恶意客户，是团队中位数的 2.5 倍" in page
    assert "主动关怀队列" in page


def test_a_long_queue_comes_in_pages_and_only_the_agents_shown_are_audited(cast: Any) -> None:
    agents = [cast.alice, cast.bob, *(getattr(cast, f"n{i}") for i in range(1, 8)), *(getattr(cast, f"d{i}") for i in range(1, 7))]
    for person in agents:
        outreach_consent_set(person=person, granted=True)
    for person in agents:
        for _ in range(2):
            data.alert(person)  # 30 alerts, 15 agents
    client = cast.client_for("sam")
    first = client.get(QUEUE).content.decode()
    assert first.count('class="card alert-card"') == 25
    assert "Page 1 of 2 (30 alerts)" in first and "page=2" in first
    second = client.get(QUEUE + "?page=2").content.decode()
    assert second.count('class="card alert-card"') == 5
    shown = AuditEvent.objects.filter(action="radar.queue.view", actor=cast.sam.user)
    # Each page view audits exactly the agents it names.
    order = list(Alert.objects.order_by("-created_at", "-pk").values_list("person_id", flat=True))
    assert shown.count() == len(set(order[:25])) + len(set(order[25:]))
    csv = client.get(QUEUE + "?export=csv").content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 31  # the export holds every alert, and audits every agent in it
    assert AuditEvent.objects.filter(action="radar.queue.export").count() == 15
