"""What each person sees: the author's diary pages, shared entries (audited), 404 for everyone else, buddies."""

from __future__ import annotations

from typing import Any

from hearth.audit.models import AuditEvent
from hearth.diaries import services
from hearth.diaries.models import BuddyPair, Entry
from hearth.notices.models import Notice

THOUGHT = "这个客户就是故意针对我，我永远也做不好这份工作"
OUTSIDERS = ("bob", "carol", "hana", "max", "tina", "ada")


def test_an_agent_writes_an_entry_and_sees_its_traps_trigger_words_and_prompts(cast: Any) -> None:
    client = cast.client_for("alice")
    response = client.post("/diary/write/", {"mood": "2", "situation": "Night shift", "thought": THOUGHT,
                                              "feelings": ["wronged"], "did": "Took a breath"})
    entry = Entry.objects.get(person=cast.alice)
    assert response.status_code == 302 and response["Location"] == f"/diary/{entry.pk}/#traps"
    page = client.get(f"/diary/{entry.pk}/").content.decode()
    assert "Personalizing" in page and "Overgeneralizing" in page
    assert '<mark title="' in page and ">永远</mark>" in page
    assert "List everything that contributed to what happened" in page  # the reframing prompt
    assert "A more balanced thought" in page
    client.post(f"/diary/{entry.pk}/reframe/", {"reframe": "One customer, one bad night"})
    assert "One customer, one bad night" in client.get(f"/diary/{entry.pk}/").content.decode()


def test_a_chinese_reader_sees_the_trap_names_in_chinese(cast: Any) -> None:
    cast.alice.ui_language = "zh-hans"
    cast.alice.save()
    entry = services.entry_create(person=cast.alice, mood=2, thought=THOUGHT)
    page = cast.client_for("alice").get(f"/diary/{entry.pk}/").content.decode()
    assert "个人化" in page and "思维陷阱" in page


def test_nobody_but_the_author_opens_an_entry_not_even_an_admin_or_hr(cast: Any) -> None:
    entry = services.entry_create(person=cast.alice, mood=1, thought=THOUGHT)
    for name in (*OUTSIDERS, "sam"):
        client = cast.client_for(name)
        assert client.get(f"/diary/{entry.pk}/").status_code == 404, name
        assert client.get(f"/diary/shared/{entry.pk}/").status_code == 404, name
        assert THOUGHT not in client.get("/diary/").content.decode()
    assert not AuditEvent.objects.filter(action__startswith="diary.entry.view").exists()


def test_a_shared_entry_is_read_by_the_social_worker_with_an_audit_until_it_is_taken_back(cast: Any) -> None:
    entry = services.entry_create(person=cast.alice, mood=2, thought=THOUGHT)
    alice = cast.client_for("alice")
    alice.post(f"/diary/{entry.pk}/share/", {"reader": cast.sam.pk})
    sam = cast.client_for("sam")
    assert f"/diary/shared/{entry.pk}/" in sam.get("/diary/shared/").content.decode()
    page = sam.get(f"/diary/shared/{entry.pk}/").content.decode()
    assert "永远" in page
    event = AuditEvent.objects.get(action="diary.entry.view")
    assert event.actor == cast.sam.user and event.subject == cast.alice
    assert "Opened by" in alice.get(f"/diary/{entry.pk}/").content.decode()  # the author sees who read it
    for name in OUTSIDERS:
        assert cast.client_for(name).get(f"/diary/shared/{entry.pk}/").status_code == 404, name
    share = entry.shares.get()
    alice.post(f"/diary/{entry.pk}/unshare/", {"share": share.pk})
    assert sam.get(f"/diary/shared/{entry.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="diary.entry.view").count() == 1


def test_the_buddy_reads_what_was_shared_with_them_only_while_they_are_buddies(cast: Any) -> None:
    services.buddy_willingness_set(person=cast.alice, offers=False, seeks=True)
    services.buddy_willingness_set(person=cast.bob, offers=True, seeks=False)
    pair = services.buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.bob)
    shared, private = (services.entry_create(person=cast.alice, mood=3, thought=t) for t in ("Shared one", "Mine"))
    cast.client_for("alice").post(f"/diary/{shared.pk}/share/", {"reader": cast.bob.pk})
    bob = cast.client_for("bob")
    assert "Shared one" in bob.get(f"/diary/shared/{shared.pk}/").content.decode()
    assert bob.get(f"/diary/shared/{private.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="diary.entry.view", actor=cast.bob.user, reason="buddy").count() == 1
    assert cast.client_for("sam").get(f"/diary/shared/{shared.pk}/").status_code == 404
    bob.post(f"/diary/buddy/{pair.pk}/end/")
    assert bob.get(f"/diary/shared/{shared.pk}/").status_code == 404


def test_my_diary_filters_by_trap_and_the_mood_page_has_a_chart_and_its_table(cast: Any) -> None:
    services.entry_create(person=cast.alice, mood=2, thought=THOUGHT)
    services.entry_create(person=cast.alice, mood=4, thought="A calm evening with my family")
    client = cast.client_for("alice")
    assert "calm evening" in client.get("/diary/").content.decode()
    filtered = client.get("/diary/?trap=overgeneralizing").content.decode()
    assert "calm evening" not in filtered and "这个客户" in filtered
    mood = client.get("/diary/mood/").content.decode()
    assert 'data-chart="diary-mood"' in mood and "Show the data as a table" in mood
    assert "Overgeneralizing" in mood  # among the most frequent traps


def test_deleting_from_the_page_asks_first_then_deletes(cast: Any) -> None:
    entry = services.entry_create(person=cast.alice, mood=2, thought=THOUGHT)
    client = cast.client_for("alice")
    assert "cannot be undone" in client.get(f"/diary/{entry.pk}/delete/").content.decode()
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert cast.client_for("bob").post(f"/diary/{entry.pk}/delete/").status_code == 404
    client.post(f"/diary/{entry.pk}/delete/")
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_two_agents_agree_to_be_buddies_check_in_and_the_note_stays_between_them(cast: Any) -> None:
    alice, bob = cast.client_for("alice"), cast.client_for("bob")
    bob.post("/diary/buddy/willing/", {"offers": "on"})
    assert cast.bob.name in alice.get("/diary/buddy/").content.decode()
    alice.post("/diary/buddy/invite/", {"invitee": cast.bob.pk})
    page = bob.get("/diary/buddy/").content.decode()
    assert f"{cast.alice.name} would like to be your buddy" in page
    assert Notice.objects.get(kind="buddy_invited").person == cast.bob
    pair = BuddyPair.objects.get(first=cast.alice, second=cast.bob)
    assert services.buddy_pair_active(person=cast.alice) is None  # not before Bob says yes
    bob.post(f"/diary/buddy/{pair.pk}/respond/", {"answer": "accept"})
    alice.post(f"/diary/buddy/{pair.pk}/checkin/", {"how": "2", "note": "Rough week, glad we talk"})
    assert "Rough week, glad we talk" in bob.get("/diary/buddy/").content.decode()
    for name in ("sam", "carol", "ada"):
        assert cast.client_for(name).post(f"/diary/buddy/{pair.pk}/checkin/", {"how": "3"}).status_code == 404


def test_someone_who_only_asks_for_a_buddy_is_not_listed_to_other_agents(cast: Any) -> None:
    services.buddy_willingness_set(person=cast.bob, offers=False, seeks=True)
    assert cast.bob.name not in cast.client_for("alice").get("/diary/buddy/").content.decode()
    assert cast.bob.name in cast.client_for("sam").get("/diary/buddy/pairs/").content.decode()


def test_the_buddys_suggestion_shows_the_agent_a_button_and_nothing_reaches_the_social_worker(cast: Any) -> None:
    services.buddy_willingness_set(person=cast.alice, offers=True, seeks=False)
    services.buddy_willingness_set(person=cast.bob, offers=True, seeks=False)
    pair = services.buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.bob)
    sam_before = Notice.objects.filter(person=cast.sam).count()
    cast.client_for("bob").post(f"/diary/buddy/{pair.pk}/suggest/")
    assert Notice.objects.filter(person=cast.sam).count() == sam_before
    page = cast.client_for("alice").get("/diary/talk/").content.decode()
    assert "Ask for a confidential conversation" in page and "nothing has been passed on" in page


def test_the_guide_covers_listening_confidentiality_and_emergencies(cast: Any) -> None:
    page = cast.client_for("bob").get("/diary/buddy/guide/").content.decode()
    for heading in ("Listen first", "rush to fix", "Keep it between the two of you",
                    "When to suggest the social worker", "In an emergency"):
        assert heading in page


def test_every_diary_and_buddy_page_reads_in_chinese(cast: Any) -> None:
    for name in ("alice", "bob", "sam"):
        cast.people[name].ui_language = "zh-hans"
        cast.people[name].save()
    services.buddy_willingness_set(person=cast.alice, offers=True, seeks=False)
    services.buddy_willingness_set(person=cast.bob, offers=True, seeks=False)
    pair = services.buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.bob)
    entry = services.entry_create(person=cast.alice, mood=2, thought=THOUGHT)
    services.entry_share(entry=entry, by=cast.alice, reader_id=cast.bob.pk)
    services.checkin_create(pair=pair, by=cast.bob, how=4)
    pages = {
        "alice": {"/diary/": "我的日记", "/diary/write/": "你现在感觉怎么样", f"/diary/{entry.pk}/": "问问自己",
                  "/diary/mood/": "心情变化", "/diary/buddy/": "你的同伴", "/diary/buddy/guide/": "紧急情况",
                  "/diary/talk/": "申请保密面谈", f"/diary/{entry.pk}/delete/": "永久删除"},
        "bob": {"/diary/shared/": "分享给我的日记", f"/diary/shared/{entry.pk}/": "把这篇日记分享给了你"},
        "sam": {"/diary/buddy/pairs/": "当前配对"},
    }
    for name, urls in pages.items():
        client = cast.client_for(name)
        for url, words in urls.items():
            response = client.get(url)
            assert response.status_code == 200 and words in response.content.decode(), (name, url)
