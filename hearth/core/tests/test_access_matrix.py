"""Every URL × every role: the answer each must get. A new URL fails this test until it is added here.

Codes: 200 shown, 302 redirected (anonymous → sign-in, or onward), 404 not there for you
(missing and forbidden look the same), 405 wrong method (POST-only endpoints).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hearth.activities.tests.fixtures import matrix_objects as activities_objects
from hearth.assessments import services
from hearth.assessments.models import Invitation
from hearth.care.services import support_request_create
from hearth.care.services_cases import (
    care_settings_update,
    case_consent_set,
    case_goal_add,
    case_open,
    case_task_add,
)
from hearth.care.services_family import family_contact_add
from hearth.diaries.tests.fixtures import matrix_objects as diaries_objects
from hearth.notices.models import WebhookChannel
from hearth.programmes.services import membership_invite, programme_create
from hearth.radar.tests import test_pages_data as radar_data
from hearth.training.tests.fixtures import matrix_objects as training_objects

ROLES = ["anonymous", "alice", "carol", "sam", "hana", "max", "tina", "ada"]
#          anon  agent lead  sw    hr    mgr   train admin
MATRIX: dict[str, list[int]] = {
    "home":                          [302, 302, 302, 302, 302, 302, 302, 302],
    "login":                         [200, 200, 200, 200, 200, 200, 200, 200],
    "logout":                        [405, 405, 405, 405, 405, 405, 405, 405],
    "account_security":              [302, 200, 200, 200, 200, 200, 200, 200],
    "two_factor_setup":              [302, 200, 200, 200, 200, 200, 200, 200],
    "two_factor_verify":             [302, 302, 302, 302, 302, 302, 302, 302],
    "password_change":               [302, 200, 200, 200, 200, 200, 200, 200],
    "password_change_done":          [302, 200, 200, 200, 200, 200, 200, 200],
    "password_reset":                [200, 200, 200, 200, 200, 200, 200, 200],
    "password_reset_done":           [200, 200, 200, 200, 200, 200, 200, 200],
    "password_reset_confirm":        [200, 200, 200, 200, 200, 200, 200, 200],
    "password_reset_complete":       [200, 200, 200, 200, 200, 200, 200, 200],
    "set_language":                  [302, 302, 302, 302, 302, 302, 302, 302],
    "people:list":                   [302, 404, 404, 404, 200, 200, 404, 200],
    "people:import":                 [302, 404, 404, 404, 200, 200, 404, 200],
    "checkups:mine":                 [302, 200, 200, 200, 200, 200, 200, 200],
    "checkups:settings":             [302, 200, 200, 200, 200, 200, 200, 200],
    "checkups:answer":               [302, 302, 404, 404, 404, 404, 404, 404],
    "checkups:consent":              [302, 200, 404, 404, 404, 404, 404, 404],
    "checkups:result":               [302, 200, 404, 404, 404, 404, 404, 404],
    "checkups:campaigns":            [302, 404, 404, 200, 200, 404, 404, 200],
    "checkups:campaign_new":         [302, 404, 404, 200, 200, 404, 404, 200],
    "checkups:campaign":             [302, 404, 404, 200, 200, 404, 404, 200],
    "checkups:quality":              [302, 404, 404, 200, 200, 404, 404, 200],
    "checkups:reports":              [302, 404, 200, 200, 200, 200, 404, 404],
    "care:request_create":           [302, 405, 405, 405, 405, 405, 405, 405],
    "care:requests":                 [302, 404, 404, 200, 404, 404, 404, 404],
    "care:request":                  [302, 404, 404, 200, 404, 404, 404, 404],
    "care:person_checkups":          [302, 404, 404, 200, 404, 404, 404, 404],
    "care:request_case":             [302, 404, 404, 405, 404, 404, 404, 404],
    "care:cases":                    [302, 404, 404, 200, 404, 404, 404, 404],
    "care:case_new":                 [302, 404, 404, 200, 404, 404, 404, 404],
    "care:case":                     [302, 404, 404, 200, 404, 404, 404, 404],
    "care:case_take":                [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_consent":             [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_advance":             [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_plan_approve":        [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_close":               [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_close_approve":       [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_reopen":              [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_assessment":          [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_goal_add":            [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_goal_rate":           [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_task_add":            [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_session_add":         [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_referral":            [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_supervisor":          [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_checkups":            [302, 404, 404, 200, 404, 404, 404, 404],
    "care:case_family_add":          [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_family_remove":       [302, 404, 404, 405, 404, 404, 404, 404],
    "care:case_resource":            [302, 404, 404, 405, 404, 404, 404, 404],
    "care:break_glass":              [302, 404, 404, 404, 404, 404, 404, 200],
    "care:resources":                [302, 404, 404, 200, 404, 404, 404, 404],
    "care:settings":                 [302, 404, 404, 404, 404, 200, 404, 200],
    "care:outcomes":                 [302, 404, 404, 200, 200, 200, 404, 404],
    "care:my_plan":                  [302, 200, 200, 200, 200, 200, 200, 200],
    "care:my_task_done":             [302, 405, 405, 405, 405, 405, 405, 405],
    "care:my_plan_agree":            [302, 405, 405, 405, 405, 405, 405, 405],
    "notices:list":                  [302, 200, 200, 200, 200, 200, 200, 200],
    "notices:read":                  [302, 405, 405, 405, 405, 405, 405, 405],
    "notices:channels":              [302, 404, 404, 404, 404, 404, 404, 200],
    "notices:channel_new":           [302, 404, 404, 404, 404, 404, 404, 200],
    "notices:channel":               [302, 404, 404, 404, 404, 404, 404, 200],
    "notices:channel_deactivate":    [302, 404, 404, 404, 404, 404, 404, 405],
    "notices:channel_test":          [302, 404, 404, 404, 404, 404, 404, 405],
    "audit:list":                    [302, 404, 404, 404, 404, 404, 404, 200],
    "load:mine":                     [302, 200, 200, 200, 200, 200, 200, 200],
    "load:agent":                    [302, 404, 404, 200, 404, 404, 404, 404],
    "load:teams":                    [302, 404, 302, 200, 200, 200, 404, 404],
    "load:team":                     [302, 404, 200, 200, 200, 200, 404, 404],
    "ingest:accounts":               [302, 404, 404, 404, 200, 404, 404, 200],
    "ingest:privacy":                [302, 404, 404, 404, 404, 404, 404, 200],
    "ingest:runs":                   [302, 404, 404, 404, 404, 404, 404, 200],
    "radar:overview":                [302, 404, 404, 200, 200, 200, 404, 200],
    "radar:queue":                   [302, 404, 404, 200, 404, 404, 404, 404],
    "radar:alert":                   [302, 404, 404, 200, 404, 404, 404, 404],
    "radar:alert_snooze":            [302, 404, 404, 405, 404, 404, 404, 404],
    "radar:alert_resolve":           [302, 404, 404, 405, 404, 404, 404, 404],
    "radar:alert_case":              [302, 404, 404, 405, 404, 404, 404, 404],
    "radar:teams":                   [302, 404, 302, 200, 200, 200, 404, 404],
    "radar:team":                    [302, 404, 200, 200, 200, 200, 404, 404],
    "radar:team_refer":              [302, 404, 405, 404, 404, 404, 404, 404],
    "radar:mine":                    [302, 200, 200, 200, 200, 200, 200, 200],
    "radar:runs":                    [302, 404, 404, 404, 404, 404, 404, 200],
    "radar:run_now":                 [302, 404, 404, 404, 404, 404, 404, 405],
    "radar:run":                     [302, 404, 404, 404, 404, 404, 404, 200],
    "radar:settings":                [302, 404, 404, 404, 404, 404, 404, 200],
    "radar:models":                  [302, 404, 404, 200, 200, 200, 404, 200],
    "radar:models_fit":              [302, 404, 404, 404, 404, 404, 404, 405],
    "activities:calendar":           [302, 200, 200, 200, 200, 200, 200, 200],
    "activities:mine":               [302, 200, 200, 200, 200, 200, 200, 200],
    "activities:activity":           [302, 200, 200, 200, 200, 200, 200, 200],
    "activities:activity_signup":    [302, 405, 405, 405, 405, 405, 405, 405],
    "activities:activity_withdraw":  [302, 405, 405, 405, 405, 405, 405, 405],
    "activities:activity_new":       [302, 404, 404, 200, 200, 200, 404, 404],
    "activities:activity_edit":      [302, 404, 404, 200, 200, 200, 404, 404],
    "activities:activity_cancel":    [302, 404, 404, 405, 405, 405, 404, 404],
    "activities:attendance":         [302, 404, 404, 200, 200, 200, 404, 404],
    "activities:report":             [302, 404, 404, 200, 200, 200, 404, 404],
    "activities:rotations":          [302, 404, 404, 404, 200, 200, 404, 404],
    "activities:rotation_new":       [302, 404, 404, 404, 200, 200, 404, 404],
    "activities:rotation_edit":      [302, 404, 404, 404, 200, 200, 404, 404],
    "activities:channel":            [302, 200, 200, 200, 200, 200, 200, 200],
    "activities:channel_ask":        [302, 405, 405, 405, 405, 405, 405, 405],
    "activities:inbox":              [302, 404, 404, 404, 200, 200, 404, 404],
    "activities:question_answer":    [302, 404, 404, 404, 405, 405, 404, 404],
    "programmes:list":               [302, 404, 404, 200, 404, 404, 200, 404],
    "programmes:new":                [302, 404, 404, 200, 404, 404, 404, 404],
    "programmes:overview":           [302, 404, 200, 200, 200, 200, 404, 404],
    "programmes:mine":               [302, 200, 200, 200, 200, 200, 200, 200],
    "programmes:respond":            [302, 405, 405, 405, 405, 405, 405, 405],
    "programmes:consent":            [302, 405, 405, 405, 405, 405, 405, 405],
    "programmes:leave":              [302, 405, 405, 405, 405, 405, 405, 405],
    "programmes:join":               [302, 405, 405, 405, 405, 405, 405, 405],
    "programmes:detail":             [302, 404, 404, 200, 404, 404, 404, 404],
    "programmes:status":             [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:facilitator_add":    [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:goal_add":           [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:goal_rate":          [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:invite":             [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:pair_add":           [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:reward_add":         [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:session_add":        [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:session_record":     [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:measure_send":       [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:phase_assess":       [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:completion_rule":    [302, 404, 404, 405, 404, 404, 405, 404],
    "programmes:completions_record": [302, 404, 404, 405, 404, 404, 405, 404],
    "diaries:mine":                  [302, 200, 200, 200, 200, 200, 200, 200],
    "diaries:write":                 [302, 200, 200, 200, 200, 200, 200, 200],
    "diaries:mood":                  [302, 200, 200, 200, 200, 200, 200, 200],
    "diaries:entry":                 [302, 200, 404, 404, 404, 404, 404, 404],
    "diaries:reframe":               [302, 405, 405, 405, 405, 405, 405, 405],
    "diaries:share":                 [302, 405, 405, 405, 405, 405, 405, 405],
    "diaries:unshare":               [302, 405, 405, 405, 405, 405, 405, 405],
    "diaries:delete":                [302, 200, 404, 404, 404, 404, 404, 404],
    "diaries:shared":                [302, 200, 404, 200, 404, 404, 404, 404],
    "diaries:shared_entry":          [302, 404, 404, 200, 404, 404, 404, 404],
    "diaries:talk":                  [302, 200, 200, 200, 200, 200, 200, 200],
    "diaries:buddy":                 [302, 200, 404, 404, 404, 404, 404, 404],
    "diaries:buddy_guide":           [302, 200, 200, 200, 200, 200, 200, 200],
    "diaries:buddy_willing":         [302, 405, 404, 404, 404, 404, 404, 404],
    "diaries:buddy_invite":          [302, 405, 404, 404, 404, 404, 404, 404],
    "diaries:buddy_pairs":           [302, 404, 404, 200, 404, 404, 404, 404],
    "diaries:buddy_respond":         [302, 405, 404, 404, 404, 404, 404, 404],
    "diaries:buddy_end":             [302, 405, 404, 404, 404, 404, 404, 404],
    "diaries:buddy_checkin":         [302, 405, 404, 404, 404, 404, 404, 404],
    "diaries:buddy_suggest":         [302, 405, 404, 404, 404, 404, 404, 404],
    "training:home":                 [302, 200, 200, 200, 200, 200, 200, 200],
    "training:practise":             [302, 405, 405, 405, 405, 405, 405, 405],
    "training:simulation":           [302, 200, 404, 404, 404, 404, 404, 404],
    "training:reply":                [302, 405, 405, 405, 405, 405, 405, 405],
    "training:hint":                 [302, 405, 405, 405, 405, 405, 405, 405],
    "training:retry":                [302, 405, 405, 405, 405, 405, 405, 405],
    "training:certification":        [302, 200, 200, 200, 200, 200, 200, 200],
    "training:certification_start":  [302, 405, 405, 405, 405, 405, 405, 405],
    "training:certificate":          [302, 200, 404, 404, 404, 404, 200, 404],
    "training:verify":               [302, 200, 200, 200, 200, 200, 200, 200],
    "training:portfolio":            [302, 200, 200, 200, 200, 200, 200, 200],
    "training:people":               [302, 404, 404, 404, 404, 404, 200, 404],
    "training:person_portfolio":     [302, 404, 404, 404, 404, 404, 200, 404],
    "training:scenarios":            [302, 404, 404, 404, 404, 404, 200, 200],
    "training:scenario_import":      [302, 404, 404, 404, 404, 404, 200, 200],
    "training:scenario_new":         [302, 404, 404, 404, 404, 404, 200, 200],
    "training:scenario_edit":        [302, 404, 404, 404, 404, 404, 200, 200],
    "training:scenario_publish":     [302, 404, 404, 404, 404, 404, 405, 405],
    "training:scenario_copy":        [302, 404, 404, 404, 404, 404, 405, 405],
    "training:scenario_export":      [302, 404, 404, 404, 404, 404, 200, 200],
    "training:tests":                [302, 404, 404, 404, 404, 404, 200, 200],
    "training:test_new":             [302, 404, 404, 404, 404, 404, 200, 200],
    "training:test_edit":            [302, 404, 404, 404, 404, 404, 200, 200],
    "training:settings":             [302, 404, 404, 404, 404, 404, 404, 200],
}

CASE_URLS = [name for name in MATRIX if name.startswith("care:case") and name not in ("care:cases", "care:case_new")]


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin guards itself (staff only); see test_admin_is_staff_only
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_the_matrix_lists_every_url() -> None:
    assert _url_names(get_resolver()) == set(MATRIX)


@pytest.fixture
def urls(cast: Any, open_campaign: Any) -> dict[str, str]:
    services.outreach_consent_set(person=cast.alice, granted=True)
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    services.invitation_save(invitation=invitation, instrument_id="cbi", answers={"p1": 2}, language="en")
    services.invitation_submit(invitation=invitation)
    request = support_request_create(person=cast.alice, message="hello")
    alert = radar_data.alert(cast.alice)
    run = radar_data.risk_run(cast.centre)
    case = case_open(person=cast.alice, by=cast.sam, source="social_worker")
    goal = case_goal_add(case=case, by=cast.sam, description="Sleep")
    task = case_task_add(case=case, by=cast.sam, title="Walk", owner="agent")
    for kind in ("services", "family"):
        case_consent_set(case=case, kind=kind, granted=True, by=cast.sam)
    contact = family_contact_add(case=case, by=cast.sam, name="Mother", relation="parent")
    care_settings_update(centre_id=cast.centre.pk, by=cast.ada, approvals=False, break_glass=True, supervisor=cast.sam)
    channel = WebhookChannel.objects.create(centre=cast.centre, name="Night chat", platform="slack", url="https://hooks.example.com/x")
    programme = programme_create(centre=cast.centre, by=cast.sam, template="mentoring", language="en")
    membership = membership_invite(programme=programme, by=cast.sam, person=cast.alice)
    coping = programme_create(centre=cast.centre, by=cast.sam, template="stress_coping", language="en")
    args: dict[str, list[Any]] = {
        "checkups:answer": [invitation.pk], "checkups:consent": [invitation.pk], "checkups:result": [invitation.pk],
        "checkups:campaign": [open_campaign.pk], "checkups:quality": [open_campaign.pk],
        "care:request": [request.pk], "care:person_checkups": [cast.alice.pk], "care:request_case": [request.pk],
        **{name: [case.pk] for name in CASE_URLS}, "care:case_goal_rate": [case.pk, goal.pk],
        "care:case_family_remove": [case.pk, contact.pk],
        "care:my_task_done": [task.pk], "care:my_plan_agree": [case.pk],
        "load:agent": [cast.alice.pk], "load:team": [cast.night.pk],
        "password_reset_confirm": ["MQ", "set-password"],
        **activities_objects(cast),
        **training_objects(cast),
        **diaries_objects(cast),
        "notices:channel": [channel.pk], "notices:channel_deactivate": [channel.pk], "notices:channel_test": [channel.pk],
        "radar:alert": [alert.pk], "radar:alert_snooze": [alert.pk], "radar:alert_resolve": [alert.pk],
        "radar:alert_case": [alert.pk], "radar:team": [cast.night.pk],
        "radar:team_refer": [cast.night.pk, cast.alice.pk], "radar:run": [run.pk],
        **{f"programmes:{name}": [programme.pk] for name in (
            "detail", "join", "status", "facilitator_add", "goal_add", "invite", "pair_add", "reward_add",
            "session_add", "measure_send")},
        "programmes:goal_rate": [programme.pk, programme.goals.first().pk],
        "programmes:session_record": [programme.pk, programme.sessions.first().pk],
        "programmes:respond": [membership.pk], "programmes:consent": [membership.pk], "programmes:leave": [membership.pk],
        "programmes:phase_assess": [coping.pk, coping.phases.first().pk],
        "programmes:completion_rule": [coping.pk], "programmes:completions_record": [coping.pk],
    }
    urls = {name: reverse(name, args=args.get(name, [])) for name in MATRIX}
    urls["care:case_new"] += f"?person={cast.bob.pk}"
    return urls


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_each_role_gets_exactly_the_pages_it_should(cast: Any, urls: dict[str, str], role_index: int) -> None:
    role = ROLES[role_index]
    client = Client() if role == "anonymous" else cast.client_for(role)
    got = {name: client.get(url).status_code for name, url in urls.items()}
    expected = {name: codes[role_index] for name, codes in MATRIX.items()}
    assert got == expected


def test_anonymous_visitors_are_sent_to_sign_in(cast: Any, urls: dict[str, str]) -> None:
    response = Client().get(urls["checkups:reports"])
    assert response.url.startswith(reverse("login"))


def test_admin_is_staff_only(cast: Any) -> None:
    assert cast.client_for("alice").get("/admin/").status_code == 302
