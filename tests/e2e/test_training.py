"""Training in a real browser: a trainer edits a scenario's opening and a rubric weight and publishes it; a
trainee on a phone practises it with per-reply feedback, then passes a certification test and sees the certificate."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.people.tests.factories import DEFAULT_PASSWORD
from hearth.training.models import ScenarioRecord
from hearth.training.tests.fixtures import english, junior_test

pytestmark = pytest.mark.django_db(transaction=True)

REPLY = ("I'm so sorry about this, I understand how frustrating it is. I will check your order now and arrange "
         "a replacement or a full refund today, and I'll update you within the hour.")
OPENING = "Hi, my parcel never came and I need it for a birthday on Friday!"


def _errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def _send(page: Any, text: str) -> None:
    """Send one reply and wait until the chat shows it and htmx has swapped it in: the agent's bubbles grow by
    one (the reply that ends the chat removes the form, so waiting on the customer's next turn is not enough)."""
    replied = page.locator(".bubble.agent").count()
    page.fill("#reply-text", text)
    page.get_by_role("button", name="Send").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.bubble.agent').length > n && !document.querySelector('.htmx-request')",
        arg=replied)


def _answer_until_the_end(page: Any) -> None:
    for _ in range(15):
        if page.locator("[data-result]").count():
            return
        _send(page, REPLY)
    raise AssertionError("the chat did not end")


def test_a_trainer_edits_and_publishes_and_a_trainee_practises_and_gets_certified(cast: Any, visitor: Any) -> None:
    source = english(cast)
    junior_test(cast, [source])

    # The trainer copies a scenario, changes its opening and a rubric weight, and publishes it.
    trainer = visitor()
    page = trainer.sign_in("tina", DEFAULT_PASSWORD)
    errors = _errors(page)
    page.goto(f"{trainer.base_url}/training/scenarios/?language=en")
    page.locator(f"tr[data-scenario='{source.key}'] a").click()
    page.get_by_role("button", name="Make a copy as a new scenario").click()
    page.wait_for_load_state()
    page.fill("#node-0-text", OPENING)
    page.fill("#weight-empathy", "3")
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_load_state()
    assert "Saved as version 2." in page.content()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert "Published: trainees can practise it." in page.content()
    copy = ScenarioRecord.objects.get(key=f"{source.key}-copy")
    assert copy.status == "published" and copy.data["rubric"]["weights"]["empathy"] == 3
    assert errors == []

    # The trainee, on a phone, practises the new scenario and sees feedback after her reply.
    trainee = visitor("phone")
    page = trainee.sign_in("alice", DEFAULT_PASSWORD)
    errors = _errors(page)
    page.goto(f"{trainee.base_url}/training/?language=en")
    page.locator(f"li[data-scenario='{copy.key}']").get_by_role("button", name="Practise").click()
    page.wait_for_load_state()
    assert OPENING in page.locator(".bubble.customer").first.inner_text()
    assert page.locator("[data-clock]").is_visible()
    page.get_by_role("button", name="Show a hint").click()
    page.wait_for_selector("[data-hint]")
    _send(page, REPLY)
    feedback = page.wait_for_selector("[data-feedback='0']")
    assert "/100" in feedback.inner_text()
    expect(page.locator("[data-feedback='0'] mark")).not_to_have_count(0)
    trainee.screenshot("training-practice-phone")
    _answer_until_the_end(page)
    assert "Result" in page.locator("[data-result]").inner_text()

    # Then a certification test: no hints, feedback at the end, a certificate.
    page.goto(f"{trainee.base_url}/training/")
    page.get_by_role("link", name="Junior chat skills").click()
    page.get_by_role("button", name="Start the test").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Show a hint")).to_have_count(0)
    _answer_until_the_end(page)
    page.get_by_role("link", name="See your certificate").click()
    page.wait_for_load_state()
    certificate = page.locator("[data-certificate]")
    assert cast.alice.name in certificate.inner_text() and "Junior" in certificate.inner_text()
    assert certificate.get_attribute("data-certificate", timeout=1000).startswith("HT-")
    trainee.screenshot("training-certificate-phone")
    assert errors == []
