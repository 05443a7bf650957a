"""The three paths of the foundation issue, in a real browser: agent (on a phone), team lead, social worker."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.assessments import services
from hearth.assessments.models import Invitation
from hearth.audit.selectors import pseudonym
from hearth.people.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _speak_english(cast: Any, *names: str) -> None:
    for name in names:
        person = cast.people[name]
        person.ui_language = "en"
        person.save()


def _answer(cast: Any, campaign: Any, names: list[str], value: int) -> None:
    for name in names:
        invitation = Invitation.objects.get(campaign=campaign, person=cast.people[name])
        answers = {f"{p}{i}": value for p, n in (("p", 6), ("w", 7), ("c", 6)) for i in range(1, n + 1)}
        services.invitation_save(invitation=invitation, instrument_id="cbi", answers=answers, language="en")
        services.invitation_submit(invitation=invitation)


def test_an_agent_on_a_phone_answers_sees_the_result_and_asks_for_a_conversation(cast: Any, open_campaign: Any, visitor: Any) -> None:
    _speak_english(cast, "alice")
    v = visitor("phone")
    page = v.sign_in("alice", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Start").click()
    # First check-up: the outreach question comes first.
    page.get_by_label("Yes, they may see my results and contact me").check()
    page.get_by_role("button", name="Continue").click()
    # Answer the first six questions, then leave and come back.
    for item in ("p1", "p2", "p3", "p4", "p5", "p6"):
        page.locator(f"#q-item_{item} label").nth(3).click()
    v.screenshot("agent-phone-questionnaire")
    page.get_by_role("button", name="Save and finish later").click()
    assert "You can finish later" in page.content()
    page.get_by_role("link", name="Continue").click()
    assert page.locator("#q-item_p1 input[value='3']").is_checked()
    for item in [f"w{i}" for i in range(1, 8)] + [f"c{i}" for i in range(1, 7)]:
        page.locator(f"#q-item_{item} label").nth(2).click()
    page.get_by_role("button", name="Submit and see my result").click()
    page.wait_for_url("**/result/")
    expect(page.locator(".burnout-type")).to_have_count(3)
    assert page.locator("[data-type=basic] .level").inner_text() in {"High", "Watch"}
    v.screenshot("agent-phone-result")
    page.get_by_label("Anything you would like to tell us first (optional)").fill("Night shifts are getting to me.")
    page.get_by_role("button", name="Ask for a confidential conversation").click()
    assert "sent to the social worker" in page.content()
    # Fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_team_lead_sees_the_team_average_never_an_individual_and_not_enough_responses_below_k(cast: Any, open_campaign: Any, visitor: Any) -> None:
    _speak_english(cast, "carol", "dave")
    night = ["alice", "bob", "n1", "n2", "n3", "n4", "n5", "n6", "n7"]
    _answer(cast, open_campaign, night, value=2)
    _answer(cast, open_campaign, ["d1", "d2", "d3"], value=4)
    page = visitor().sign_in("carol", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Team results").click()
    night_row = page.locator("table.report tr[data-slice=team]", has_text="Night").first
    assert "n=6" in night_row.inner_text()  # the 3 answers of the Night EU sub-team are left out
    assert "leaves out 3 people" in night_row.inner_text()
    body = page.content()
    for name in night:
        assert cast.people[name].name not in body
    lead_day = visitor()
    page = lead_day.sign_in("dave", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Team results").click()
    row = page.locator("table.report tr", has_text="Day")
    assert "not enough responses" in row.inner_text()
    lead_day.screenshot("team-lead-not-enough")


def test_the_social_worker_sees_the_request_and_a_consenting_agents_scores_and_the_audit_entry(cast: Any, open_campaign: Any, visitor: Any) -> None:
    _speak_english(cast, "sam", "ada")
    services.outreach_consent_set(person=cast.alice, granted=True)
    _answer(cast, open_campaign, ["alice"], value=3)
    from hearth.care.services import support_request_create

    support_request_create(person=cast.alice, message="Can we talk?")
    v = visitor()
    page = v.sign_in("sam", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Support requests").click()
    page.locator("table a").first.click()
    assert "Can we talk?" in page.content()
    page.get_by_role("link", name="Open their check-up results").click()
    page.get_by_role("button", name="Open results").click()
    assert "recorded in the audit log" in page.content()
    assert "75" in page.locator("table").first.inner_text()
    assert "Sam (sam)" in page.locator("table.access-log").inner_text()  # the entry this very view wrote
    v.screenshot("social-worker-scores")
    admin = visitor().sign_in("ada", DEFAULT_PASSWORD)
    admin.get_by_role("link", name="Audit log").click()
    row = admin.locator("tr", has_text="checkup.scores.view")
    # The admin sees who read and what, but Alice only as her code, and not the reason.
    assert "Sam (sam)" in row.inner_text() and pseudonym(cast.alice.pk) in row.inner_text()
    assert "Alice" not in row.inner_text() and "support_request" not in row.inner_text()


def _overflow(page: Any) -> int:
    """How far the page scrolls sideways on this screen (0: nothing sticks out; wide tables scroll in place)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def test_hr_on_a_phone_reads_lists_and_reports_without_scrolling_the_page_sideways(
    cast: Any, open_campaign: Any, visitor: Any,
) -> None:
    open_campaign.title = "Quarterly well-being check-up for every shift, autumn wave"  # a long name in a filter
    open_campaign.save()
    _speak_english(cast, "hana")
    v = visitor("phone")
    page = v.sign_in("hana", DEFAULT_PASSWORD)
    for path in ("/people/", "/checkups/reports/", f"/checkups/campaigns/{open_campaign.pk}/", "/checkups/campaigns/"):
        page.goto(f"{v.base_url}{path}")
        assert _overflow(page) <= 1, path
