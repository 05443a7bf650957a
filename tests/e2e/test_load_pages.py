"""The daily-load pages in a real browser: an agent on a phone, a team lead, the social worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hearth.engine.canonical import Message
from hearth.ingest import services
from hearth.ingest.features import agent_days_recompute
from hearth.people.models import HelpdeskAccount
from hearth.people.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def load(cast: Any) -> None:
    for person in (cast.alice, cast.bob, cast.n1):
        HelpdeskAccount.objects.create(centre=cast.centre, person=person, source="zendesk", external_id=f"zd-{person.pk}")
    now = timezone.now().replace(hour=3, minute=0, second=0, microsecond=0)  # 11:00 in Shanghai
    records = []
    for day in range(1, 6):
        for person in (cast.alice, cast.bob, cast.n1):
            for c in range(4):
                cid = f"{person.pk}-{day}-{c}"
                at = now - timedelta(days=day, minutes=-30 * c)
                hostile = person == cast.alice and c == 0
                records += [
                    Message("zendesk", cid, "1", at, "customer",
                            text="你们客服都是废物，电话 13812345678" if hostile else "请问我的快递什么时候能到？"),
                    Message("zendesk", cid, "2", at + timedelta(minutes=3), "agent", text="理解您的心情，我来帮您处理",
                            agent_id=f"zd-{person.pk}"),
                ]
    run = services.ingest_run_start(centre=cast.centre, format="generic", paths=[], strict=False)
    counts = services.ingest_records(centre=cast.centre, records=records, run=run)
    agent_days_recompute(centre=cast.centre, touched=counts.touched)


def test_an_agent_sees_their_own_load_on_a_phone(cast: Any, load: None, visitor: Any) -> None:
    cast.alice.ui_language = "en"
    cast.alice.save()
    v = visitor("phone")
    page = v.sign_in("alice", DEFAULT_PASSWORD)
    page.get_by_role("link", name="My load").click()
    card = page.locator(".load-card[data-key=hostile_messages]")
    assert card.locator(".score-value").inner_text() == "5"  # one abusive chat a day for five days
    expect(page.locator("table.load-days tbody tr")).to_have_count(5)
    v.screenshot("agent-phone-load")
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 390


def test_a_team_lead_sees_each_agents_load_and_the_social_worker_sees_masked_evidence(cast: Any, load: None, visitor: Any) -> None:
    for name in ("carol", "sam"):
        cast.people[name].ui_language = "en"
        cast.people[name].save()
    page = visitor().sign_in("carol", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Team load").click()
    row = page.locator("table.team-load tr", has_text="Alice")
    assert row.locator("td").nth(2).inner_text() == "5"
    assert "废物" not in page.content()  # operational counts only, no customer text
    social = visitor()
    sam = social.sign_in("sam", DEFAULT_PASSWORD)
    sam.goto(f"{social.base_url}/load/people/{cast.alice.pk}/")
    social.screenshot("social-worker-agent-load")
    evidence = sam.locator("table.evidence").inner_text()
    assert "废物" in evidence and "13812345678" not in evidence and "[phone]" in evidence
