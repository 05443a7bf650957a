"""Case work in a real browser: a lead refers, the social worker takes the case and works it, the agent ticks a task."""

from __future__ import annotations

from typing import Any

import pytest

from hearth.care.models import Case, CaseStage
from hearth.people.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_a_referral_becomes_a_case_worked_to_closure(cast: Any, visitor: Any) -> None:
    # The team lead refers Alice from the team page and sees only the date.
    lead = visitor()
    page = lead.sign_in("carol", DEFAULT_PASSWORD)
    page.goto(f"{lead.base_url}/radar/teams/{cast.night.pk}/")
    row = page.locator(f"tr[data-person='{cast.alice.pk}']")
    row.locator("input[name=concern]").fill("She seems exhausted after night shifts")
    row.get_by_role("button", name="Refer to the social worker").click()
    page.wait_for_load_state()
    assert "referred on" in page.locator(f"tr[data-person='{cast.alice.pk}']").inner_text()
    case = Case.objects.get(person=cast.alice)

    # The social worker reads the concern and takes the case.
    sw = visitor()
    page = sw.sign_in("sam", DEFAULT_PASSWORD)
    errors = _errors(page)
    case_url = f"{sw.base_url}/support/cases/{case.pk}/"
    page.goto(case_url)
    assert "exhausted after night shifts" in page.content()
    page.get_by_role("button", name="Take this case").click()
    page.wait_for_url(case_url)
    page.locator("button[data-consent=services]").click()
    assert "Consent recorded." in page.content()
    for _ in range(2):  # intake → assessment → service plan
        page.get_by_role("button", name="Move to the next stage").click()
        page.wait_for_load_state()
    assert page.locator(".stage-bar li.current").inner_text().strip() == "Service plan"
    page.fill("#f-goal", "Sleep six hours after a night shift")
    page.fill("#f-indicator", "Sleep diary, four nights a week")
    page.get_by_role("button", name="Add the goal").click()
    page.wait_for_load_state()
    page.fill("#f-task", "Keep a sleep diary")
    page.select_option("#f-owner", "agent")
    page.fill("#f-due", "2026-12-31")
    page.get_by_role("button", name="Add the task").click()
    page.wait_for_load_state()
    page.fill("#f-held", "2026-11-20")
    page.fill("#f-notes", "Caring for her mother after nights")
    page.fill("#f-summary", "We agreed to try a sleep diary")
    page.check("input[name=shared]")
    page.get_by_role("button", name="Record the session").click()
    page.wait_for_load_state()
    assert "Session recorded." in page.content()
    sw.screenshot("case-page")

    # Alice sees her plan (never the notes) and ticks her task.
    agent = visitor("phone")
    apage = agent.sign_in("alice", DEFAULT_PASSWORD)
    apage.goto(f"{agent.base_url}/radar/me/")
    apage.get_by_role("link", name="My plan with the social worker").click()
    apage.wait_for_url("**/support/my-plan/")
    text = apage.content()
    assert "Keep a sleep diary" in text and "We agreed to try a sleep diary" in text
    assert "Caring for her mother" not in text
    apage.get_by_label("Keep a sleep diary").check()
    apage.wait_for_load_state()
    assert apage.get_by_label("Keep a sleep diary").is_checked()
    agent.screenshot("my-plan")
    assert case.tasks.get().done_at is not None

    # With Alice's consent to contact her family, the social worker holds a mediation with her partner.
    page.goto(case_url)
    page.locator("button[data-consent=family]").click()
    page.wait_for_load_state()
    page.fill("#f-fname", "Li Wei")
    page.select_option("#f-relation", "partner")
    page.get_by_role("button", name="Add the family contact").click()
    page.wait_for_load_state()
    page.fill("#f-held", "2026-11-27")
    page.select_option("#f-skind", "mediation")
    page.get_by_label("Li Wei (Spouse or partner)").check()
    page.get_by_role("button", name="Record the session").click()
    page.wait_for_load_state()
    assert "Family members present: Li Wei" in page.locator("#sessions").inner_text()

    # The social worker moves on to review and closes the case.
    page.goto(case_url)
    for _ in range(2):  # service plan → services → review
        page.get_by_role("button", name="Move to the next stage").click()
        page.wait_for_load_state()
    page.select_option("#f-satisfaction", "5")
    page.get_by_role("button", name="Close the case").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED and case.satisfaction == 5
    # The closed case keeps its check-ups page: goal attainment and change since opening.
    page.get_by_role("link", name="Burnout types, check-up scores and radar signals, and change since the case opened").click()
    page.wait_for_load_state()
    assert "Since the case opened" in page.content()
    sw.screenshot("case-checkups")
    assert errors == []
