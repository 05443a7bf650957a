"""Activities in a real browser: a manager creates a workshop with one place, Alice signs up on her phone, Bob waits,
Alice cancels and Bob gets the place, the manager marks attendance and reads the participation report."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hearth.activities.models import Activity, Participation
from hearth.people.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Business English: calm replies to refund disputes"


def test_a_freed_place_goes_to_the_waiting_list_and_attendance_reaches_the_report(cast: Any, visitor: Any) -> None:
    errors: list[str] = []
    zone = ZoneInfo(cast.centre.time_zone)
    day = timezone.now().astimezone(zone).date() + timedelta(days=10)
    start = datetime.combine(day, time(19, 0))

    # The manager creates the workshop: one place, for all staff.
    manager = visitor()
    page = manager.sign_in("max", DEFAULT_PASSWORD)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{manager.base_url}/activities/new/")
    page.select_option("#id_kind", "business_english")
    page.fill("#id_title", TITLE)
    page.fill("#id_place", "Training room 2")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_capacity", "1")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Activity created." in page.content()
    activity = Activity.objects.get(title=TITLE)

    # Alice finds it in the calendar's agenda on her phone and signs up.
    alice = visitor("phone")
    apage = alice.sign_in("alice", DEFAULT_PASSWORD)
    apage.on("pageerror", lambda exc: errors.append(str(exc)))
    apage.goto(f"{alice.base_url}/activities/?month={day:%Y-%m}")
    assert not apage.locator(".cal-grid").is_visible()  # a phone gets the agenda, not the month grid
    apage.locator(".cal-agenda").get_by_role("link", name=TITLE).click()
    apage.wait_for_load_state()
    apage.get_by_role("button", name="Sign up").click()
    apage.wait_for_load_state()
    assert "You have a place." in apage.locator("#my-place").inner_text()
    alice.screenshot("activity-phone")

    # Bob finds it full and joins the waiting list.
    bob = visitor("phone")
    bpage = bob.sign_in("bob", DEFAULT_PASSWORD)
    bpage.goto(f"{bob.base_url}/activities/{activity.pk}/")
    bpage.get_by_role("button", name="Join the waiting list").click()
    bpage.wait_for_load_state()
    assert "You are on the waiting list: number 1." in bpage.locator("#my-place").inner_text()

    # Alice cancels: the place goes to Bob, who sees it on the page and in his notices.
    apage.get_by_role("button", name="Cancel my place").click()
    apage.wait_for_load_state()
    assert "You are no longer signed up." in apage.content()
    bpage.reload()
    assert "You have a place." in bpage.locator("#my-place").inner_text()
    bpage.goto(f"{bob.base_url}/notices/")
    assert f"You have a place: {TITLE}" in bpage.content()

    # The workshop takes place; the manager marks attendance and reads the report.
    held = timezone.now() - timedelta(hours=2)
    Activity.objects.filter(pk=activity.pk).update(starts_at=held, ends_at=held + timedelta(hours=1))
    page.goto(f"{manager.base_url}/activities/{activity.pk}/attendance/")
    page.locator(f"input[name=came_{cast.bob.pk}]").check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert "Attendance saved." in page.content()
    assert Participation.objects.get(activity=activity, person=cast.bob).status == "attended"
    page.goto(f"{manager.base_url}/activities/report/")
    row = page.locator(f"tr[data-activity='{activity.pk}']")
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == TITLE and cells[7] == "1" and cells[6] == "1"  # attended 1; Alice's cancelled place
    manager.screenshot("participation-report")
    assert errors == []
