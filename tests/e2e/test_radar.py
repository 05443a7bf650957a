"""The radar in a real browser: the social worker's queue, a team lead's team page, HR's overview, an agent's week."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from hearth.assessments.services import outreach_consent_set
from hearth.people.tests.factories import DEFAULT_PASSWORD
from hearth.radar.models import Alert, AlertStatus
from hearth.radar.tests import test_pages_data as data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def radar(cast: Any) -> dict[str, Alert]:
    """Consenting Alice and n1 in the queue, a private nudge for Bob, a week of load and hostile messages for Night."""
    for name in ("alice", "n1"):
        outreach_consent_set(person=cast.people[name], granted=True)
    as_of = timezone.localdate() - timedelta(days=1)
    for person in [p for p in cast.people.values() if p.has_role("agent")]:
        for back in range(12):
            level = 3 if person == cast.alice and back < 2 else (2 if person in (cast.bob, cast.n1, cast.n2, cast.n3, cast.d1) and back < 4 else 0)
            data.risk_week(person, as_of - timedelta(days=7 * back), level=level)
    for person in (cast.alice, cast.bob, cast.n1):
        data.a_week_of_load(person, hostile=3 if person == cast.alice else 1)
    evening = timezone.now().astimezone(ZoneInfo("Asia/Shanghai")).replace(hour=21, minute=0, second=0, microsecond=0)
    data.hostile_messages(cast.alice, [evening - timedelta(days=d, minutes=m) for d in (1, 2, 8) for m in (0, 10)])
    data.team_alert(cast.night, kind="overtime_cap", count=1, cap=48, agents=["Alice"], hours=[63.0])
    data.risk_run(cast.centre, status="succeeded", progress=100, started_at=timezone.now() - timedelta(seconds=4),
                  finished_at=timezone.now(), counts={"agents": 17, "alerts": 3})
    return {
        "alice": data.alert(cast.alice, level=3, created_at=timezone.now() - timedelta(hours=2)),
        "n1": data.alert(cast.n1, kind="hostile_spike", level=0, burnout_type="",
                         params={"count": 4, "minutes": 14, "at": (evening - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")}),
        "bob": data.alert(cast.bob, route="nudge", kind="sharp_rise"),
    }


def _watch_console(page: Any) -> list[str]:
    page.emulate_media(reduced_motion="reduce")  # charts drawn at once: screenshots show the final state
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def _charts_drawn(page: Any) -> int:
    """How many of the page's chart canvases Chart.js has drawn, once the page has finished loading (every
    DOMContentLoaded handler has run by then) — or after 10 s, so a chart that never draws fails the count."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => window.Chart && document.readyState === 'complete'"
            " && [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))",
            timeout=10_000)
    return int(page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].filter(c => window.Chart.getChart(c)).length"))


def test_the_social_worker_filters_opens_snoozes_and_resolves(cast: Any, radar: dict[str, Alert], visitor: Any) -> None:
    v = visitor()
    page = v.sign_in("sam", DEFAULT_PASSWORD)
    errors = _watch_console(page)
    page.get_by_role("link", name="Outreach queue", exact=True).click()
    expect(page.locator(".alert-card")).to_have_count(2)
    page.get_by_label("Kind").select_option("hostile_spike")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**kind=hostile_spike**")
    expect(page.locator(".alert-card")).to_have_count(1)
    assert "4 abusive chats in 14 minutes" in page.locator(".alert-card").inner_text()
    v.screenshot("radar-queue-filtered")

    # Open Alice's alert: the chart is drawn and the reasons link to the evidence.
    page.get_by_label("Kind").select_option("")
    page.get_by_role("button", name="Show").click()
    page.locator(f".alert-card[data-alert='{radar['alice'].pk}'] a.alert-name").click()
    page.wait_for_url(f"**/radar/alerts/{radar['alice'].pk}/")
    assert _charts_drawn(page) == 1
    links = {page.locator("a.evidence").nth(i).get_attribute("href") for i in range(page.locator("a.evidence").count())}
    assert {f"/load/people/{cast.alice.pk}/", f"/support/people/{cast.alice.pk}/checkups/?reason=outreach"} <= links
    v.screenshot("radar-alert")
    until = (timezone.localdate() + timedelta(days=5)).isoformat()
    page.fill(f"#until-{radar['alice'].pk}", until)
    page.get_by_role("button", name="Snooze").click()
    assert f"Snoozed until {until}" in page.locator(".messages").inner_text()

    # Back in the queue: Alice's alert is gone until then; resolve n1's with a note.
    page.get_by_role("link", name="Outreach queue", exact=True).click()
    expect(page.locator(".alert-card")).to_have_count(1)
    card = page.locator(f".alert-card[data-alert='{radar['n1'].pk}']")
    card.get_by_text("Act on this alert").click()
    card.get_by_label("What was done (required)").fill("Called after the shift; gave a longer break.")
    card.get_by_role("button", name="Resolve").click()
    assert "Resolved." in page.locator(".messages").inner_text()
    expect(page.locator(".alert-card")).to_have_count(0)
    assert Alert.objects.get(pk=radar["n1"].pk).status == AlertStatus.RESOLVED
    assert Alert.objects.get(pk=radar["alice"].pk).status == AlertStatus.SNOOZED
    assert errors == []


def test_the_team_lead_sees_the_heat_map_and_load_but_no_risk(cast: Any, radar: dict[str, Alert], visitor: Any) -> None:
    v = visitor()
    page = v.sign_in("carol", DEFAULT_PASSWORD)
    errors = _watch_console(page)
    page.get_by_role("link", name="Team radar").click()
    page.wait_for_url(f"**/radar/teams/{cast.night.pk}/")
    heat = page.locator("table.heat")
    assert "6 hostile customer messages" in heat.locator("caption").inner_text()
    assert heat.locator("td:not(.zero)").count() >= 2
    row = page.locator("table.team-week-load tr", has_text="Alice")
    assert row.locator("td[data-key=hostile_conversations]").inner_text() == "21"
    assert "over the 48 h weekly cap: Alice" in page.locator(".team-alerts").inner_text()
    content = page.content()
    assert page.locator(".level").count() == 0 and "Severe" not in content and "Entered high risk" not in content
    v.screenshot("radar-team")
    assert errors == []


def test_hr_sees_the_overview_with_its_charts(cast: Any, radar: dict[str, Alert], visitor: Any) -> None:
    v = visitor()
    page = v.sign_in("hana", DEFAULT_PASSWORD)
    errors = _watch_console(page)
    page.get_by_role("link", name="Radar", exact=True).click()
    assert _charts_drawn(page) == 4  # distribution, trend, drivers, attrition
    assert "not enough people to show" in page.locator("table.radar-distribution").inner_text()  # Night EU
    v.screenshot("radar-overview")
    assert errors == []


def test_an_agent_on_a_phone_sees_their_nudge_and_asks_for_a_conversation(cast: Any, radar: dict[str, Alert], visitor: Any) -> None:
    v = visitor("phone")
    page = v.sign_in("bob", DEFAULT_PASSWORD)
    errors = _watch_console(page)
    page.get_by_role("link", name="My week").click()
    nudge = page.locator(f".nudge[data-alert='{radar['bob'].pk}']")
    assert "Your week got a lot harder than usual." in nudge.inner_text()
    expect(page.locator(".nudge")).to_have_count(1)
    assert page.locator(".risk-type[data-type=basic] .level").inner_text() == "Heavy right now"
    v.screenshot("radar-agent-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Ask for a confidential conversation").click()
    assert "sent to the social worker" in page.content()
    assert errors == []


def test_the_admin_runs_the_radar_and_watches_its_progress(cast: Any, radar: dict[str, Alert], visitor: Any, monkeypatch: Any) -> None:
    # The worker is not running here: "run now" queues a run; its row polls until it finishes.
    from hearth.radar import services

    monkeypatch.setattr(services, "risk_run_request", _queue_only)
    v = visitor()
    page = v.sign_in("ada", DEFAULT_PASSWORD)
    errors = _watch_console(page)
    page.get_by_role("link", name="Radar runs").click()
    page.get_by_role("button", name="Run now").click()
    row = page.locator("table.radar-runs tbody tr").first
    assert row.get_attribute("data-status") == "queued"
    from hearth.radar.models import RiskRun

    run = RiskRun.objects.order_by("-pk").first()
    assert run is not None and run.requested_by == cast.ada
    RiskRun.objects.filter(pk=run.pk).update(status="running", step="risk", progress=40)
    page.wait_for_selector(f"#run-{run.pk}[data-status=running]")
    assert "40%" in page.locator(f"#run-{run.pk}").inner_text()
    RiskRun.objects.filter(pk=run.pk).update(status="succeeded", step="done", progress=100, counts={"agents": 17},
                                             started_at=timezone.now() - timedelta(seconds=2), finished_at=timezone.now())
    page.wait_for_selector(f"#run-{run.pk}[data-status=succeeded]")
    assert page.locator(f"#run-{run.pk}").get_attribute("hx-trigger") is None
    assert errors == []


def _queue_only(*, centre: Any, by: Any, trigger: str = "manual", **kwargs: Any) -> Any:
    return data.risk_run(centre, requested_by=by, trigger=trigger)
