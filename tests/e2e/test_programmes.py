"""A mentoring circle in a real browser: started from the template, members accept and consent, before and after
questionnaires through the check-up flow, attendance marked, and the outcome on the group page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.assessments.models import Invitation
from hearth.people.tests.factories import DEFAULT_PASSWORD
from hearth.programmes.models import Programme
from hearth.programmes.tests.factories import answer_cbi

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = ["n1", "n2", "n3", "n4", "n5"]
PRE = {"n1": 3, "n2": 3, "n3": 4, "n4": 2, "n5": 3}
POST = {"n1": 2, "n2": 1, "n3": 3, "n4": 2, "n5": 2}


def test_a_mentoring_circle_runs_from_template_to_outcome(cast: Any, visitor: Any) -> None:
    sw = visitor()
    page = sw.sign_in("sam", DEFAULT_PASSWORD)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{sw.base_url}/programmes/")
    page.locator("[data-template=mentoring]").get_by_role("link", name="Start from this template").click()
    page.wait_for_url("**/programmes/new/?template=mentoring")
    page.get_by_role("button", name="Create the group").click()
    page.wait_for_load_state()
    programme = Programme.objects.get()
    group_url = f"{sw.base_url}/programmes/{programme.pk}/"
    assert page.url == group_url and "The group is set up" in page.content()
    for name in MEMBERS:
        page.get_by_label(getattr(cast, name).name, exact=True).check()
    page.get_by_role("button", name="Send the invitations").click()
    page.wait_for_load_state()
    assert "Invitations sent." in page.content()

    # Each member accepts on their phone and consents to being counted.
    for name in MEMBERS:
        member = visitor("phone")
        mpage = member.sign_in(name, DEFAULT_PASSWORD)
        mpage.goto(f"{member.base_url}/programmes/mine/")
        assert "You are invited: Mentoring circle" in mpage.content()
        mpage.get_by_role("button", name="Accept").click()
        mpage.wait_for_load_state()
        mpage.get_by_role("button", name="Count my results anonymously").click()
        mpage.wait_for_load_state()
        assert "Stop counting my results" in mpage.content()
        if name == "n1":
            member.screenshot("programme-my-groups")
        member.close()

    # The before questionnaire goes out through the check-up flow; the members answer it.
    page.goto(group_url)
    page.get_by_role("button", name="Send the before questionnaire").click()
    page.wait_for_load_state()
    programme.refresh_from_db()
    assert Invitation.objects.filter(campaign=programme.pre_campaign).count() == 5
    for name, value in PRE.items():
        answer_cbi(programme.pre_campaign, getattr(cast, name), value)
    page.goto(group_url)
    assert "5 of 5 answered" in page.locator("[data-measure=pre]").inner_text()

    # The group starts; two sessions are held with attendance marked in the grid.
    page.get_by_role("button", name="Start the group").click()
    page.wait_for_load_state()
    sessions = list(programme.sessions.all())[:2]
    memberships = {m.person.user.username: m for m in programme.memberships.select_related("person__user")}
    absent = {0: "n5", 1: "n3"}
    for index, session in enumerate(sessions):
        form = page.locator(f"#session-{session.pk}")
        form.locator("input[name=held_on]").fill(f"2026-11-{3 + 7 * index:02d}")
        for name in MEMBERS:
            form.locator(f"select[name=m-{memberships[name].pk}]").select_option(
                "absent" if absent[index] == name else "present")
        form.locator("textarea[name=notes]").fill("The group shared its hardest calls and practised replies")
        form.get_by_role("button", name=f"Save session {session.number}").click()
        page.wait_for_load_state()
        assert "Session saved." in page.content()
    grid = page.locator("#attendance-grid").inner_text()
    assert grid.count("✓") == 8 and grid.count("✗") == 2

    # The after questionnaire, answered; the outcome appears.
    page.get_by_role("button", name="Send the after questionnaire").click()
    page.wait_for_load_state()
    programme.refresh_from_db()
    for name, value in POST.items():
        answer_cbi(programme.post_campaign, getattr(cast, name), value)
    page.goto(group_url)
    outcome = page.locator("#outcome").inner_text()
    assert "5 members consented to counting." in outcome
    assert page.locator("#outcome-change tr[data-subscale=personal] td[data-g]").get_attribute("data-g") == "1.13"
    assert page.locator("#outcome-attendance").inner_text() == "80%"
    sw.screenshot("programme-group-page")
    assert errors == []


def test_a_trainer_runs_a_stress_coping_programme_and_a_member_sees_their_phase_result(cast: Any, visitor: Any) -> None:
    trainer = visitor()
    page = trainer.sign_in("tina", DEFAULT_PASSWORD)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{trainer.base_url}/programmes/")
    expect(page.locator("[data-template=mentoring]")).to_have_count(0)
    page.locator("[data-template=stress_coping]").get_by_role("link", name="Start from this template").click()
    page.wait_for_url("**/programmes/new/?template=stress_coping")
    assert "Simulated practice" in page.content()
    page.get_by_role("button", name="Create the group").click()
    page.wait_for_load_state()
    programme = Programme.objects.get()
    group_url = f"{trainer.base_url}/programmes/{programme.pk}/"
    for name in ("n1", "n2"):
        page.get_by_label(getattr(cast, name).name, exact=True).check()
    page.get_by_role("button", name="Send the invitations").click()
    page.wait_for_load_state()
    for name in ("n1", "n2"):
        member = visitor("phone")
        mpage = member.sign_in(name, DEFAULT_PASSWORD)
        mpage.goto(f"{member.base_url}/programmes/mine/")
        mpage.get_by_role("button", name="Accept").click()
        mpage.wait_for_load_state()
        member.close()

    # The programme starts; the trainer enters phase 1's written check in the assessment grid.
    page.goto(group_url)
    page.get_by_role("button", name="Start the group").click()
    page.wait_for_load_state()
    memberships = {m.person.user.username: m for m in programme.memberships.select_related("person__user")}
    form = page.locator("form[data-assess='1']")
    form.locator(f"input[name=s-{memberships['n1'].pk}]").fill("81")
    form.locator(f"input[name=n-{memberships['n1'].pk}]").fill("Reframes quickly and kindly")
    form.locator(f"input[name=s-{memberships['n2'].pk}]").fill("45")
    form.get_by_role("button", name="Save the results of phase 1").click()
    page.wait_for_load_state()
    assert "Results saved." in page.content()
    grid = page.locator("#assessment-grid").inner_text()
    assert "81 ✓ passed" in grid and "45 ✗ not passed" in grid
    trainer.screenshot("coping-assessment-grid")

    member = visitor("phone")
    mpage = member.sign_in("n1", DEFAULT_PASSWORD)
    mpage.goto(f"{member.base_url}/programmes/mine/")
    mine = mpage.locator(f"[data-my-progress='{programme.pk}']").inner_text()
    assert "1 of 3 phases passed" in mine and "Reframes quickly and kindly" in mine and "81" in mine
    assert cast.n2.name not in mpage.content()
    member.screenshot("coping-my-progress")
    member.close()
    assert errors == []
