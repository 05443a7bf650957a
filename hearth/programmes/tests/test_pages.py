"""What each role sees: the facilitator's group page (audited), the agent's "My groups", the anonymous overview."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from hearth.audit.models import AuditEvent
from hearth.programmes import services
from hearth.programmes.models import Membership, ProgrammeSession, ProgrammeStatus
from hearth.programmes.tests.factories import group_with_members

GROUP_NOTE = "大家聊到夜班后很难入睡，下次练习放松"


def test_only_the_facilitators_open_the_group_page(cast: Any) -> None:
    programme, _m = group_with_members(cast, ["alice", "bob"], template="mentoring")
    url = f"/programmes/{programme.pk}/"
    assert cast.client_for("sam").get(url).status_code == 200
    for name in ("alice", "bob", "carol", "hana", "max", "tina", "ada"):
        assert cast.client_for(name).get(url).status_code == 404, name


def test_a_social_worker_who_does_not_facilitate_gets_404(cast: Any) -> None:
    from hearth.people.tests.factories import make_person

    sara = make_person("sara", "social_worker", centre=cast.centre, ui_language="en")
    programme, _m = group_with_members(cast, ["alice"])
    assert cast.client_for("sara").get(f"/programmes/{programme.pk}/").status_code == 404
    services.programme_facilitator_add(programme=programme, by=cast.sam, worker=sara)
    assert cast.client_for("sara").get(f"/programmes/{programme.pk}/").status_code == 200


def test_opening_the_group_page_is_audited_for_each_member(cast: Any) -> None:
    programme, _m = group_with_members(cast, ["alice", "bob"])
    page = cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()
    assert cast.alice.name in page and cast.bob.name in page
    events = AuditEvent.objects.filter(action="programme.members.view", reason=f"programme {programme.pk}")
    assert {e.subject_id for e in events} == {cast.alice.pk, cast.bob.pk}


def test_the_social_worker_starts_a_mentoring_circle_from_the_template_page(cast: Any) -> None:
    client = cast.client_for("sam")
    page = client.get("/programmes/new/?template=mentoring").content.decode()
    assert "Getting to know each other and forming pairs" in page
    response = client.post("/programmes/new/", {"template": "mentoring", "enrolment": "invite", "instrument": "cbi"})
    programme = cast.sam.facilitated_programmes.get()
    assert response.url == f"/programmes/{programme.pk}/"
    assert programme.title == "Mentoring circle" and programme.sessions.count() == 6
    client.post(f"/programmes/{programme.pk}/invite/", {"person": [cast.alice.pk, cast.bob.pk]})
    assert programme.memberships.count() == 2


def test_the_group_page_says_notes_are_about_the_group(cast: Any) -> None:
    programme, _m = group_with_members(cast, ["alice"])
    page = cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()
    assert "Never write about a named member here" in page
    assert "Notes about the group (never about a named member)" in page


def test_session_notes_are_ciphertext_in_the_database_and_plain_on_the_page(cast: Any) -> None:
    programme, m = group_with_members(cast, ["alice"])
    services.programme_status_set(programme=programme, by=cast.sam, status=ProgrammeStatus.RUNNING)
    session = programme.sessions.first()
    cast.client_for("sam").post(f"/programmes/{programme.pk}/sessions/{session.pk}/", {
        "held_on": "2026-11-03", "minutes": "90", f"m-{m['alice'].pk}": "present", "notes": GROUP_NOTE,
    })
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM programmes_programmesession WHERE id = %s", [session.pk])
        raw = str(cursor.fetchone()[0])
    assert raw.startswith("enc1:") and "夜班" not in raw
    assert ProgrammeSession.objects.get(pk=session.pk).notes == GROUP_NOTE
    assert ProgrammeSession.objects.get(pk=session.pk).held
    assert GROUP_NOTE in cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()


def test_a_mentor_reward_note_is_ciphertext_in_the_database(cast: Any) -> None:
    programme, m = group_with_members(cast, ["n1", "n2"], template="mentoring")
    services.pair_add(programme=programme, by=cast.sam, mentor=m["n1"], mentee=m["n2"])
    m["n1"].refresh_from_db()
    reward = services.reward_add(mentor=m["n1"], by=cast.sam, kind="bonus", awarded_on=date(2026, 11, 30),
                                 note="耐心解答每个问题")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM programmes_mentorreward WHERE id = %s", [reward.pk])
        assert "耐心" not in str(cursor.fetchone()[0])


def test_an_agent_accepts_an_invitation_and_consents_to_counting_on_my_groups(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="mentoring", language="en")
    membership = services.membership_invite(programme=programme, by=cast.sam, person=cast.alice)
    client = cast.client_for("alice")
    assert "You are invited: Mentoring circle" in client.get("/programmes/mine/").content.decode()
    client.post(f"/programmes/mine/{membership.pk}/respond/", {"accept": "1"})
    client.post(f"/programmes/mine/{membership.pk}/consent/", {"counted": "1"})
    membership.refresh_from_db()
    assert membership.status == "active" and membership.counted
    page = client.get("/programmes/mine/").content.decode()
    assert "Stop counting my results" in page and "Getting to know each other" in page


def test_an_agent_cannot_act_on_someone_elses_membership(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="mentoring")
    membership = services.membership_invite(programme=programme, by=cast.sam, person=cast.alice)
    assert cast.client_for("bob").post(f"/programmes/mine/{membership.pk}/respond/", {"accept": "1"}).status_code == 404
    assert Membership.objects.get(pk=membership.pk).status == "invited"


def test_members_see_their_pair_and_own_rewards_but_not_other_members(cast: Any) -> None:
    programme, m = group_with_members(cast, ["n1", "n2", "n3"], template="mentoring")
    services.pair_add(programme=programme, by=cast.sam, mentor=m["n1"], mentee=m["n2"])
    m["n1"].refresh_from_db()
    services.reward_add(mentor=m["n1"], by=cast.sam, kind="certificate", awarded_on=date(2026, 11, 30),
                        note="Best mentor of the month")
    mentor_page = cast.client_for("n1").get("/programmes/mine/").content.decode()
    assert "You mentor" in mentor_page and cast.n2.name in mentor_page and "Best mentor of the month" in mentor_page
    assert cast.n3.name not in mentor_page
    mentee_page = cast.client_for("n2").get("/programmes/mine/").content.decode()
    assert "Your mentor" in mentee_page and "Best mentor of the month" not in mentee_page
    other_page = cast.client_for("n3").get("/programmes/mine/").content.decode()
    assert cast.n1.name not in other_page and cast.n2.name not in other_page


def test_an_agent_joins_an_open_group_from_my_groups(cast: Any) -> None:
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template="confidence", language="en")
    client = cast.client_for("bob")
    assert "Groups you can join" in client.get("/programmes/mine/").content.decode()
    client.post(f"/programmes/{programme.pk}/join/")
    assert programme.memberships.get(person=cast.bob).self_enrolled


def test_the_programme_pages_read_in_chinese(cast: Any) -> None:
    cast.sam.ui_language = "zh-hans"
    cast.sam.save()
    programme, _m = group_with_members(cast, ["alice"])
    page = cast.client_for("sam").get(f"/programmes/{programme.pk}/").content.decode()
    assert "<h2>成员</h2>" in page and "<h2>Members</h2>" not in page
