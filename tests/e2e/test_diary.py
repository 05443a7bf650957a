"""The emotion diary on a phone: write an entry, see its thinking traps with their trigger words, reframe, see the mood chart."""

from __future__ import annotations

from typing import Any

import pytest

from hearth.diaries.models import Entry
from hearth.people.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

THOUGHT = "这个客户就是故意针对我，我永远也做不好这份工作"


def test_an_agent_writes_an_entry_sees_its_traps_reframes_it_and_sees_the_mood_chart(cast: Any, visitor: Any) -> None:
    agent = visitor("phone")
    page = agent.sign_in("alice", DEFAULT_PASSWORD)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{agent.base_url}/diary/")
    page.get_by_role("link", name="Write an entry").first.click()
    page.wait_for_load_state()
    page.get_by_role("radio", name="Low", exact=True).check()
    page.fill("#id_situation", "The last chat of the night shift: a customer shouted for twenty minutes")
    page.fill("#id_thought", THOUGHT)
    page.get_by_label("Wronged").check()
    page.fill("#id_did", "Drank some water")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    # The traps, each with the words of the thought that triggered it and a question to reframe it.
    traps = page.locator("#traps")
    assert traps.locator("[data-trap=personalizing] h3").inner_text() == "Personalizing"
    assert "故意针对我" in traps.locator("[data-trap=personalizing]").inner_text()
    assert "永远" in traps.locator("[data-trap=overgeneralizing] mark").all_inner_texts()
    assert "Ask yourself" in traps.locator("[data-trap=personalizing]").inner_text()
    marked = page.locator("[data-thought] mark").all_inner_texts()
    assert any("永远" in m for m in marked) and any("针对我" in m for m in marked)
    agent.screenshot("diary-entry-phone")

    page.fill("#id_reframe", "这位客户是在气系统和规定，不是针对我；今天很难，但我处理过很多好评的单子。")
    page.get_by_role("button", name="Save my reframe").click()
    page.wait_for_load_state()
    assert "不是针对我" in page.locator("[data-reframe]").inner_text()
    assert Entry.objects.get(person=cast.alice).reframe.startswith("这位客户")

    page.goto(f"{agent.base_url}/diary/mood/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart=diary-mood]'))")
    assert page.locator("canvas[data-chart=diary-mood]").is_visible()
    assert "Personalizing" in page.locator("#frequent-traps").inner_text()
    agent.screenshot("diary-mood-phone")
    assert errors == []
