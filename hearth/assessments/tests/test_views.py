"""Check-up pages as each role uses them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.assessments import services
from hearth.assessments.models import Campaign, Invitation, InvitationStatus
from hearth.audit.models import AuditEvent
from hearth.care.models import SupportRequest
from hearth.notices.models import Notice


def _answer_all(campaign: Campaign, people: list[Any], value: int = 2) -> None:
    for person in people:
        invitation = Invitation.objects.get(campaign=campaign, person=person)
        answers = {f"{p}{i}": value for p, n in (("p", 6), ("w", 7), ("c", 6)) for i in range(1, n + 1)}
        services.invitation_save(invitation=invitation, instrument_id="cbi", answers=answers, language="en")
        services.invitation_submit(invitation=invitation)


def test_an_agent_is_asked_about_outreach_before_the_first_check_up(cast: Any, open_campaign: Campaign) -> None:
    client = cast.client_for("bob")
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.bob)
    response = client.get(reverse("checkups:answer", args=[invitation.pk]))
    assert response.status_code == 302 and response.url.endswith("/consent/")
    response = client.post(reverse("checkups:consent", args=[invitation.pk]), {"outreach": "no"})
    assert response.status_code == 302
    assert client.get(reverse("checkups:answer", args=[invitation.pk])).status_code == 200


def test_an_agent_answers_saves_for_later_resumes_and_sees_their_result(cast: Any, open_campaign: Campaign) -> None:
    services.outreach_consent_set(person=cast.alice, granted=True)
    client = cast.client_for("alice")
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    url = reverse("checkups:answer", args=[invitation.pk])
    page = client.get(url)
    assert page.status_code == 200 and "item_p1" in page.content.decode()
    response = client.post(url, {"item_p1": "4", "item_p2": "4", "action": "later"})
    assert response.status_code == 302 and response.url == reverse("checkups:mine")
    resumed = client.get(url).content.decode()
    assert 'name="item_p1" value="4"' in resumed and "checked" in resumed
    answers = {f"item_{p}{i}": "3" for p, n in (("p", 6), ("w", 7), ("c", 6)) for i in range(1, n + 1)}
    response = client.post(url, {**answers, "action": "submit"})
    assert response.status_code == 302 and response.url == reverse("checkups:result", args=[invitation.pk])
    result = client.get(response.url)
    text = result.content.decode()
    assert result.status_code == 200
    assert 'data-type="basic"' in text and 'data-type="belonging"' in text
    assert "75" in text  # personal burnout at 3 × 25
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SUBMITTED


def test_asking_for_a_conversation_reaches_the_social_worker_and_not_the_team_lead(cast: Any) -> None:
    client = cast.client_for("alice")
    response = client.post(reverse("care:request_create"), {"contact_preference": "phone", "message": "Rough week"})
    assert response.status_code == 302
    request = SupportRequest.objects.get(person=cast.alice)
    assert Notice.objects.filter(person=cast.sam, kind="support_request_new").exists()
    assert not Notice.objects.filter(person=cast.carol).exists()
    sam = cast.client_for("sam")
    queue = sam.get(reverse("care:requests")).content.decode()
    assert "Alice" in queue
    assert sam.get(reverse("care:request", args=[request.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="support_request.view", subject=cast.alice, actor=cast.sam.user).exists()
    assert cast.client_for("carol").get(reverse("care:request", args=[request.pk])).status_code == 404


def test_the_social_worker_sees_a_consenting_agents_scores_and_the_view_is_audited(cast: Any, open_campaign: Campaign) -> None:
    services.outreach_consent_set(person=cast.alice, granted=True)
    _answer_all(open_campaign, [cast.alice], value=3)
    sam = cast.client_for("sam")
    url = reverse("care:person_checkups", args=[cast.alice.pk])
    form = sam.get(url)
    # Asks why before showing anything (a score cell, not any "75": a CSRF token can hold those digits).
    assert form.status_code == 200 and '<td class="num">75</td>' not in form.content.decode()
    assert not AuditEvent.objects.filter(action="checkup.scores.view").exists()
    shown = sam.post(url, {"reason": "outreach", "detail": ""})
    assert shown.status_code == 200 and '<td class="num">75</td>' in shown.content.decode()
    event = AuditEvent.objects.get(action="checkup.scores.view")
    assert (event.actor, event.subject, event.reason) == (cast.sam.user, cast.alice, "outreach")


def test_without_consent_or_after_withdrawing_it_the_social_worker_sees_nothing(cast: Any, open_campaign: Campaign) -> None:
    _answer_all(open_campaign, [cast.bob])
    sam = cast.client_for("sam")
    assert sam.get(reverse("care:person_checkups", args=[cast.bob.pk])).status_code == 404
    services.outreach_consent_set(person=cast.bob, granted=True)
    assert sam.get(reverse("care:person_checkups", args=[cast.bob.pk])).status_code == 200
    services.outreach_consent_set(person=cast.bob, granted=False)
    assert sam.post(reverse("care:person_checkups", args=[cast.bob.pk]), {"reason": "outreach"}).status_code == 404


def test_the_team_lead_sees_the_team_average_and_no_individual(cast: Any, open_campaign: Campaign) -> None:
    night = [cast.alice, cast.bob, cast.n1, cast.n2, cast.n3, cast.n4, cast.n5, cast.n6, cast.n7]
    _answer_all(open_campaign, night, value=2)
    text = cast.client_for("carol").get(reverse("checkups:reports"), {"period": open_campaign.pk}).content.decode()
    # Night EU (n5–n7) has 3 answers: shown as too few, and left out of Night's roll-up so that
    # Night minus its other members cannot give it away.
    assert "Night" in text and "n=6" in text and "<strong>50</strong>" in text
    assert "leaves out 3 people in groups under 5" in text
    for person in night:
        assert person.name not in text
    assert '<tr data-slice="team"><td>Day</td>' not in text  # carol leads Night only


def test_with_fewer_than_k_answers_the_page_says_not_enough_responses(cast: Any, open_campaign: Campaign) -> None:
    _answer_all(open_campaign, [cast.d1, cast.d2, cast.d3, cast.d4])
    text = cast.client_for("dave").get(reverse("checkups:reports"), {"period": open_campaign.pk, "instrument": "cbi"}).content.decode()
    assert "not enough responses" in text
    assert "n=4" not in text


def test_a_team_minus_its_sub_team_cannot_reveal_the_rest(cast: Any, open_campaign: Campaign) -> None:
    # Night (with Night EU inside) has 8 answers; Night EU alone would have 5: Night − Night EU = 3 < k.
    eu_and_more = [cast.n5, cast.n6, cast.n7]
    Invitation.objects.filter(campaign=open_campaign, person__in=[cast.n1, cast.n2]).update(team=cast.night_eu)
    _answer_all(open_campaign, [*eu_and_more, cast.n1, cast.n2, cast.alice, cast.bob, cast.n3], value=3)
    text = cast.client_for("hana").get(reverse("checkups:reports"), {"period": open_campaign.pk}).content.decode()
    assert "n=8" in text  # Night as a whole
    assert "hidden to protect a small group" in text  # Night EU (5) is suppressed: it would expose the other 3


def test_the_quality_page_reports_alpha_once_k_complete_responses_exist(cast: Any, open_campaign: Campaign) -> None:
    import random

    rng = random.Random(3)
    everyone = [cast.alice, cast.bob, *[cast.people[f"n{i}"] for i in range(1, 8)]]
    for person in everyone:
        level = rng.randint(0, 4)
        invitation = Invitation.objects.get(campaign=open_campaign, person=person)
        answers = {f"{p}{i}": max(0, min(4, level + rng.choice([-1, 0, 0, 1]))) for p, n in (("p", 6), ("w", 6), ("c", 6)) for i in range(1, n + 1)}
        answers["w7"] = 4 - level
        services.invitation_save(invitation=invitation, instrument_id="cbi", answers=answers, language="en")
        services.invitation_submit(invitation=invitation)
    text = cast.client_for("hana").get(reverse("checkups:quality", args=[open_campaign.pk])).content.decode()
    assert "α = <strong>0." in text
    assert cast.client_for("carol").get(reverse("checkups:quality", args=[open_campaign.pk])).status_code == 404


def test_hr_schedules_a_check_up_from_the_form(cast: Any) -> None:
    now = timezone.localtime()
    response = cast.client_for("hana").post(reverse("checkups:campaign_new"), {
        "title": "Q4 check-up", "instruments": ["cbi", "who5"], "teams": [cast.day.pk],
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"), "recurrence": "quarterly",
    })
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Q4 check-up")
    assert campaign.invitations.count() == 7 and campaign.recurrence == "quarterly"


def test_hr_gets_a_clear_error_when_closing_before_opening(cast: Any) -> None:
    now = timezone.localtime()
    response = cast.client_for("hana").post(reverse("checkups:campaign_new"), {
        "title": "Bad", "instruments": ["cbi"], "teams": [cast.day.pk],
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"), "closes_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "recurrence": "once",
    }, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Campaign.objects.filter(title="Bad").exists()


@pytest.mark.parametrize(("language", "expected"), [("en", "My check-ups"), ("zh-hans", "我的")])
def test_every_page_speaks_the_persons_chosen_language(cast: Any, language: str, expected: str) -> None:
    cast.alice.ui_language = language
    cast.alice.save()
    text = cast.client_for("alice").get(reverse("checkups:mine")).content.decode()
    assert expected in text


def test_a_new_centre_speaks_simplified_chinese_by_default(cast: Any) -> None:
    assert cast.centre.language == "zh-hans"
    cast.bob.ui_language = ""
    cast.bob.save()
    text = cast.client_for("bob").get(reverse("checkups:mine")).content.decode()
    assert 'lang="zh-Hans"' in text


def test_changing_settings_records_consent_and_language(cast: Any) -> None:
    client = cast.client_for("bob")
    response = client.post(reverse("checkups:settings"), {"outreach": "yes", "language": "en"})
    assert response.status_code == 302
    cast.bob.refresh_from_db()
    assert cast.bob.ui_language == "en"
    from hearth.assessments.selectors import outreach_consent_current

    assert outreach_consent_current(person=cast.bob) is True


def test_nobody_can_open_another_persons_check_up(cast: Any, open_campaign: Campaign) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    for name in ("bob", "carol", "sam", "hana", "ada"):
        client = cast.client_for(name)
        assert client.get(reverse("checkups:answer", args=[invitation.pk])).status_code == 404
        assert client.get(reverse("checkups:result", args=[invitation.pk])).status_code == 404


def test_a_closed_campaign_leaves_the_open_list(cast: Any, open_campaign: Campaign) -> None:
    Campaign.objects.filter(pk=open_campaign.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    assert "November check-up" not in cast.client_for("alice").get(reverse("checkups:mine")).content.decode()


def test_the_quality_page_of_a_campaign_nobody_has_answered_yet_says_so(cast: Any, open_campaign: Campaign) -> None:
    response = cast.client_for("hana").get(reverse("checkups:quality", args=[open_campaign.pk]))
    assert response.status_code == 200
    assert "Not enough complete responses (0" in response.content.decode()


def test_the_agent_sees_who_opened_their_results(cast: Any, open_campaign: Campaign) -> None:
    services.outreach_consent_set(person=cast.alice, granted=True)
    _answer_all(open_campaign, [cast.alice])
    client = cast.client_for("alice")
    assert "Nobody but you has opened your results." in client.get(reverse("checkups:settings")).content.decode()
    cast.client_for("sam").post(reverse("care:person_checkups", args=[cast.alice.pk]), {"reason": "outreach"})
    text = client.get(reverse("checkups:settings")).content.decode()
    assert "Sam (sam)" in text and "outreach" in text


def test_the_campaign_page_offers_team_results_only_to_those_who_may_read_them(cast: Any, open_campaign: Any) -> None:
    url = reverse("checkups:campaign", args=[open_campaign.pk])
    reports = reverse("checkups:reports")
    assert f'href="{reports}?period={open_campaign.pk}"' in cast.client_for("hana").get(url).content.decode()
    admin_page = cast.client_for("ada").get(url)
    assert admin_page.status_code == 200 and reports not in admin_page.content.decode()
    assert cast.client_for("ada").get(reports).status_code == 404
