"""Radar pages as each role uses them: team page, centre overview, the agent's own week, runs and settings."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.assessments import services as checkups
from hearth.assessments.models import Invitation
from hearth.audit.models import AuditEvent
from hearth.people.models import PersonStatus
from hearth.radar.models import RadarSettings, RiskRun
from hearth.radar.tests import test_pages_data as data

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _answer(campaign: Any, people: list[Any], value: int = 3) -> None:
    for person in people:
        invitation = Invitation.objects.get(campaign=campaign, person=person)
        answers = {f"{p}{i}": value for p, n in (("p", 6), ("w", 7), ("c", 6)) for i in range(1, n + 1)}
        checkups.invitation_save(invitation=invitation, instrument_id="cbi", answers=answers, language="en")
        checkups.invitation_submit(invitation=invitation)


def _risk_for_everyone(cast: Any, as_of: date, severe: tuple[str, ...] = ("alice",)) -> None:
    for name, person in cast.people.items():
        if person.has_role("agent"):
            data.risk_week(person, as_of, level=3 if name in severe else 0)


# ------------------------------------------------------------------------------------------ team page


def test_a_team_lead_sees_names_load_and_the_heat_map_but_no_risk(cast: Any) -> None:
    today = timezone.localdate()
    data.a_week_of_load(cast.alice, hostile=3, work_minutes=600)
    data.a_week_of_load(cast.n5, hostile=0)  # Night EU is part of Night
    data.risk_week(cast.alice, today, level=3)
    data.alert(cast.alice)
    data.alert(cast.bob, route="nudge")
    monday_9pm = datetime(2026, 11, 16, 21, 10, tzinfo=SHANGHAI)
    week = (timezone.now().astimezone(SHANGHAI).date() - monday_9pm.date()).days // 7
    monday_9pm += timedelta(weeks=week)  # the latest Monday in the last 28 days, 21:10 Shanghai
    if monday_9pm > timezone.now():
        monday_9pm -= timedelta(weeks=1)
    data.hostile_messages(cast.alice, [monday_9pm, monday_9pm + timedelta(minutes=5)])
    data.team_alert(cast.night)
    response = cast.client_for("carol").get(reverse("radar:team", args=[cast.night.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    row = page[page.index(f'data-person="{cast.alice.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Alice" in row and '<td class="num" data-key="hostile_conversations">21</td>' in row
    assert '<td class="num" data-key="overtime_hours">14.0</td>' in row  # 7 days × (10 h − 8 h)
    assert "Night agent 5" in page and "Night EU" in page
    # Heat map: Monday 21:00 holds both messages; an accessible caption.
    heat = page[page.index('class="heat hostile-heat"'):]
    assert "<caption>2 hostile customer messages" in heat
    monday = heat[heat.index("<th scope=\"row\">Mon</th>"):]
    cells = monday[:monday.index("</tr>")].split("<td")[1:]
    assert ">2</td>" in cells[21] and "--v: 1.00" in cells[21]
    assert "agents faced 5 or more hostile conversations today: Alice、Bob、Night agent 1" in page
    # Nothing about anyone's risk or check-up.
    for word in ('class="level', "Severe", "faced 12 hostile customers", "Entered high risk", "Outreach"):
        assert word not in page


def test_a_team_lead_cannot_open_another_team_and_agents_cannot_open_any(cast: Any) -> None:
    assert cast.client_for("carol").get(reverse("radar:team", args=[cast.day.pk])).status_code == 404
    assert cast.client_for("dave").get(reverse("radar:team", args=[cast.night.pk])).status_code == 404
    assert cast.client_for("alice").get(reverse("radar:team", args=[cast.night.pk])).status_code == 404
    assert cast.client_for("dave").get(reverse("radar:teams")).url == reverse("radar:team", args=[cast.day.pk])
    page = cast.client_for("hana").get(reverse("radar:teams")).content.decode()
    assert all(t.name in page for t in (cast.night, cast.night_eu, cast.day))


def test_the_team_table_sorts_and_exports(cast: Any) -> None:
    data.a_week_of_load(cast.alice, hostile=1)
    data.a_week_of_load(cast.bob, hostile=4)
    client = cast.client_for("carol")
    url = reverse("radar:team", args=[cast.night.pk])
    page = client.get(url, {"sort": "hostile_conversations"}).content.decode()
    assert page.index(f'data-person="{cast.bob.pk}"') < page.index(f'data-person="{cast.alice.pk}"')
    assert 'aria-sort="descending"' in page
    page = client.get(url, {"sort": "hostile_conversations", "dir": "asc"}).content.decode()
    assert page.index(f'data-person="{cast.alice.pk}"') < page.index(f'data-person="{cast.bob.pk}"')
    csv = client.get(url, {"sort": "hostile_conversations", "export": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert csv["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("Agent,Team,Conversations,Hostile conversations") and lines[1].startswith("Bob,Night,140,28,7.0,63.0,7.0,7,1.5")
    assert client.get(url, {"export": "xlsx"}).content[:2] == b"PK"


def test_check_up_averages_show_for_big_teams_and_not_for_small_ones(cast: Any, open_campaign: Any) -> None:
    night = [cast.alice, cast.bob, cast.n1, cast.n2, cast.n3, cast.n4, cast.n5, cast.n6, cast.n7]
    _answer(open_campaign, night)
    hana = cast.client_for("hana")
    page = hana.get(reverse("radar:team", args=[cast.night.pk])).content.decode()
    survey = page[page.index('class="table team-survey"'):]
    # Night EU (3 people) is under k: its answers stay out of Night's average, which says so.
    assert "n=6" in survey and "leaves out 3 people in groups under 5" in survey and "not enough responses" not in survey
    small = hana.get(reverse("radar:team", args=[cast.night_eu.pk])).content.decode()
    survey = small[small.index('class="table team-survey"'):]
    assert "not enough responses" in survey and "n=3" not in survey


# ------------------------------------------------------------------------------------ centre overview


def test_the_overview_counts_agents_per_level_and_hides_small_teams(cast: Any) -> None:
    as_of = timezone.localdate() - timedelta(days=1)
    _risk_for_everyone(cast, as_of, severe=("alice", "bob", "n1", "n2", "n3", "d1"))
    for back in range(1, 12):
        _risk_for_everyone(cast, as_of - timedelta(days=7 * back), severe=())
    data.risk_run(cast.centre, status="succeeded", as_of=as_of)
    response = cast.client_for("hana").get(reverse("radar:overview"))
    page = response.content.decode()
    assert response.status_code == 200
    table = page[page.index('class="table radar-distribution"'):]
    table = table[:table.index("</table>")]
    night = table[table.index(f'data-team="{cast.night.pk}"'):]
    night = night[:night.index("</tr>")]
    # Night's own agents: Alice, Bob, n1–n4 (6): five severe, one low.
    assert [c.split(">")[1].split("<")[0] for c in night.split('<td class="num"')[1:]] == ["1", "0", "0", "5", "6"]
    eu = table[table.index(f'data-team="{cast.night_eu.pk}"'):]
    assert "not enough people to show" in eu[:eu.index("</tr>")]
    assert "leave out 3 agents in teams under 5" in page
    for chart in ("radar-distribution", "radar-trend", "radar-attrition", "radar-drivers"):
        assert f'data-chart="{chart}"' in page
    trend = json.loads(page[page.index('id="radar-trend"'):].split(">", 1)[1].split("</script>")[0])
    assert trend["series"][0]["data"][-1] == 50.0 and trend["series"][0]["data"][0] == 0.0  # 6 of 12 in the roll-up
    assert "Night shifts with overtime" in page and "Hostile customers" in page  # load drivers
    assert "Succeeded" in page
    for name in ("alice", "carol", "tina"):
        assert cast.client_for(name).get(reverse("radar:overview")).status_code == 404


def test_load_drivers_wait_for_k_agents_at_high(cast: Any) -> None:
    _risk_for_everyone(cast, timezone.localdate(), severe=("alice",))
    page = cast.client_for("max").get(reverse("radar:overview")).content.decode()
    assert "Shown when at least 5 agents are at high or severe risk." in page
    assert 'data-chart="radar-drivers"' not in page


def test_attrition_counts_leavers_per_month(cast: Any) -> None:
    today = timezone.localdate()
    for name in ("d5", "d6"):
        person = cast.people[name]
        person.status, person.leave_date = PersonStatus.LEFT, today.replace(day=1)
        person.save()
    page = cast.client_for("hana").get(reverse("radar:overview")).content.decode()
    assert "Agents who left in the last 12 months: <strong>2</strong>" in page
    csv = cast.client_for("hana").get(reverse("radar:overview"), {"table": "attrition", "export": "csv"})
    last = csv.content.decode("utf-8-sig").splitlines()[-1]
    assert last.startswith(f"{today:%Y-%m},2,") and csv["Content-Type"].startswith("text/csv")


def test_overview_tables_export(cast: Any) -> None:
    _risk_for_everyone(cast, timezone.localdate())
    client = cast.client_for("sam")
    csv = client.get(reverse("radar:overview"), {"table": "distribution", "export": "csv", "type": "basic"})
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Group,Burnout type,Low,Watch,High,Severe,Agents"
    assert "Night EU,Basic burnout,not enough people to show" in text
    assert client.get(reverse("radar:overview"), {"table": "trend", "export": "xlsx"}).content[:2] == b"PK"
    assert not AuditEvent.objects.exists()  # counts only: nobody's risk was read


# ---------------------------------------------------------------------------------- the agent's week


def test_an_agent_sees_their_own_week_nudges_and_the_support_button(cast: Any) -> None:
    today = timezone.localdate()
    data.a_week_of_load(cast.alice, hostile=3)
    data.risk_week(cast.alice, today - timedelta(days=1), level=2)
    mine = data.alert(cast.alice, route="nudge", kind="hostile_spike", params={"count": 4, "minutes": 12, "at": "x"})
    theirs = data.alert(cast.bob, route="nudge")
    outreach = data.alert(cast.alice, route="outreach")
    page = cast.client_for("alice").get(reverse("radar:mine")).content.decode()
    assert f'data-alert="{mine.pk}"' in page and f'data-alert="{theirs.pk}"' not in page
    assert f'data-alert="{outreach.pk}"' not in page
    assert "You had several abusive chats in a short time." in page
    assert "faced 12 hostile customers this week, 2.5× the team median" in page
    assert "Heavy right now" in page
    assert reverse("care:request_create") in page and "Ask for a confidential conversation" in page
    assert reverse("checkups:mine") in page
    assert not AuditEvent.objects.filter(action__startswith="radar").exists()


def test_the_agents_week_speaks_chinese(cast: Any) -> None:
    cast.alice.ui_language = "zh-hans"
    cast.alice.save()
    data.risk_week(cast.alice, timezone.localdate(), level=2)
    page = cast.client_for("alice").get(reverse("radar:mine")).content.decode()
    assert "本周遭遇 12 名恶意客户" in page and "基本型倦怠" in page


def test_a_new_agent_without_data_sees_a_friendly_empty_page(cast: Any) -> None:
    page = cast.client_for("bob").get(reverse("radar:mine")).content.decode()
    assert "No helpdesk data for you yet." in page and "Not enough data yet to say." in page


# ------------------------------------------------------------------------------------- administration


def test_run_now_queues_a_run_and_the_runs_page_polls_it(cast: Any) -> None:
    client = cast.client_for("ada")
    response = client.post(reverse("radar:run_now"))
    assert response.status_code == 302 and response.url == reverse("radar:runs")
    run = RiskRun.objects.get()
    assert run.requested_by == cast.ada and run.trigger == "manual" and run.centre == cast.centre
    page = client.get(reverse("radar:runs")).content.decode()
    assert f'id="run-{run.pk}"' in page and 'hx-trigger="every 2s"' in page
    row = client.get(reverse("radar:run", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert row.startswith(f'<tr id="run-{run.pk}"') and "<html" not in row
    RiskRun.objects.filter(pk=run.pk).update(status="succeeded", progress=100, counts={"agents": 17, "alerts": 2},
                                             started_at=timezone.now() - timedelta(seconds=3), finished_at=timezone.now())
    row = client.get(reverse("radar:run", args=[run.pk])).content.decode()
    assert "hx-trigger" not in row and "agents 17" in row and "3.0 s" in row


def test_radar_settings_reject_a_bad_override_naming_the_key_and_keep_the_old_value(cast: Any) -> None:
    RadarSettings.objects.create(centre=cast.centre, risk_overrides={"levels": {"high": 55}}, burst_count=4)
    client = cast.client_for("ada")
    url = reverse("radar:settings")
    form = {"burst_count": 6, "burst_minutes": 20, "team_hostile_day": 5, "team_hostile_agents": 3,
            "overtime_cap_hours": 48, "rise_points": 20, "run_hour": 3}
    page = client.post(url, {**form, "risk_overrides_text": '{"levels": {"hgih": 60}}'}).content.decode()
    assert "levels.hgih: unknown key" in page
    page = client.post(url, {**form, "risk_overrides_text": '{"signals": {"long_hours": {"params": {"min_hours": "a lot"}}}}'}).content.decode()
    assert "signals.long_hours.params.min_hours" in page
    page = client.post(url, {**form, "risk_overrides_text": "{levels: 1"}).content.decode()
    assert "Not valid JSON" in page
    settings = RadarSettings.objects.get(centre=cast.centre)
    assert settings.risk_overrides == {"levels": {"high": 55}} and settings.burst_count == 4
    assert not AuditEvent.objects.filter(action="settings.radar").exists()
    response = client.post(url, {**form, "risk_overrides_text": '{"levels": {"high": 60}}'})
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.risk_overrides == {"levels": {"high": 60}} and settings.burst_count == 6
    assert AuditEvent.objects.filter(action="settings.radar").count() == 1
    assert '&quot;high&quot;: 60' in client.get(url).content.decode()


def test_radar_settings_start_from_the_defaults(cast: Any) -> None:
    client = cast.client_for("ada")
    page = client.get(reverse("radar:settings")).content.decode()
    assert 'name="burst_count" value="3"' in page
    assert not RadarSettings.objects.exists()
    client.post(reverse("radar:settings"), {"burst_count": 3, "burst_minutes": 20, "team_hostile_day": 5,
                                            "team_hostile_agents": 3, "overtime_cap_hours": 48, "rise_points": 20,
                                            "run_hour": 30, "risk_overrides_text": ""})
    assert not RadarSettings.objects.exists()  # hour 30 refused


@pytest.mark.parametrize("name", ["alice", "carol", "sam", "hana"])
def test_only_admins_run_the_radar(cast: Any, name: str) -> None:
    client = cast.client_for(name)
    assert client.post(reverse("radar:run_now")).status_code == 404
    assert not RiskRun.objects.exists()


def test_the_trend_hides_a_week_that_is_the_same_people_but_one(cast: Any) -> None:
    as_of = timezone.localdate()
    agents = [p for p in cast.people.values() if p.has_role("agent")]
    for back in range(4):
        for person in agents:
            if back == 3 or person != cast.d6:  # d6 left three weeks ago: that week is the later ones plus d6
                data.risk_week(person, as_of - timedelta(days=7 * back), level=3 if person == cast.d6 else 0)
    page = cast.client_for("hana").get(reverse("radar:overview")).content.decode()
    trend = json.loads(page[page.index('id="radar-trend"'):].split(">", 1)[1].split("</script>")[0])
    assert trend["series"][0]["data"][-4:] == [None, 0.0, 0.0, 0.0]


def test_the_runs_table_exports_to_csv(cast) -> None:
    from hearth.radar.tests import test_pages_data as data

    data.risk_run(cast.centre)
    response = cast.client_for("ada").get("/radar/runs/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Requested,Up to,Trigger,Status") and len(lines) == 2


def test_the_overview_links_a_team_only_for_those_who_may_open_its_page(cast: Any) -> None:
    as_of = timezone.localdate() - timedelta(days=1)
    _risk_for_everyone(cast, as_of, severe=("alice",))
    data.risk_run(cast.centre, status="succeeded", as_of=as_of)
    team_url = reverse("radar:team", args=[cast.night.pk])
    assert f'href="{team_url}"' in cast.client_for("hana").get(reverse("radar:overview")).content.decode()
    admin_page = cast.client_for("ada").get(reverse("radar:overview")).content.decode()
    assert f'data-team="{cast.night.pk}"' in admin_page and f'href="{team_url}"' not in admin_page
    assert cast.client_for("ada").get(team_url).status_code == 404  # the link would have led nowhere
