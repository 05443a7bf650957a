"""The diary's rules: encryption at rest, traps kept at save time, the streak, deletion, buddy consent, escalation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.care.models import SupportRequest
from hearth.diaries import services
from hearth.diaries.models import BuddyPair, CheckIn, Entry, PairStatus, Share
from hearth.diaries.selectors import diary_streak, frequent_traps, highlight, mood_by_day
from hearth.diaries.services import DiaryRuleError
from hearth.notices.models import Notice

THOUGHT = "这个客户就是故意针对我，我永远也做不好这份工作"


def _entry(person: Any, **fields: Any) -> Entry:
    values = {"mood": 2, "thought": THOUGHT, "situation": "夜班最后一单，客户骂了二十分钟", "did": "去茶水间喝了口水"}
    return services.entry_create(person=person, **(values | fields))


def test_every_word_of_an_entry_is_only_a_token_in_the_database(cast: Any) -> None:
    entry = _entry(cast.alice, feelings=["wronged", "tired"], feeling_note="心里堵得慌")
    services.entry_reframe(entry=entry, by=cast.alice, reframe="这位客户在气系统，不是在气我")
    with connection.cursor() as cursor:
        cursor.execute("SELECT situation, thought, feelings, feeling_note, did, reframe, cues FROM diaries_entry "
                       "WHERE id = %s", [entry.pk])
        row = cursor.fetchone()
    raw = " ".join(row)
    for words in ("客户", "故意", "茶水间", "wronged", "心里", "系统", "永远"):
        assert words not in raw
    assert all(value.startswith("enc1:") for value in row), row
    again = Entry.objects.get(pk=entry.pk)
    assert again.thought == THOUGHT and again.reframe == "这位客户在气系统，不是在气我"
    assert again.feelings == ["wronged", "tired"]


def test_the_traps_and_their_trigger_words_are_kept_when_the_entry_is_saved(cast: Any) -> None:
    entry = _entry(cast.alice)
    assert {"personalizing", "overgeneralizing"} <= set(entry.traps)
    assert "故意针对我" in entry.cues["personalizing"] and "永远" in entry.cues["overgeneralizing"]
    assert entry.trap_language == "zh"


def test_an_english_thought_is_read_as_english_whatever_the_screen_language(cast: Any) -> None:
    entry = _entry(cast.alice, thought="I always mess up, everyone thinks I am useless")
    assert "overgeneralizing" in entry.traps and entry.trap_language == "en"


def test_an_entry_needs_a_mood_and_something_written(cast: Any) -> None:
    with pytest.raises(DiaryRuleError):
        _entry(cast.alice, mood=9)
    with pytest.raises(DiaryRuleError):
        _entry(cast.alice, thought="  ", situation="")


def test_the_highlight_marks_each_trigger_word_with_its_trap() -> None:
    parts = highlight("我永远也做不好", {"overgeneralizing": ["永远"]}, {"overgeneralizing": "以偏概全"})
    assert parts == [("我", ""), ("永远", "以偏概全"), ("也做不好", "")]


def test_the_streak_counts_consecutive_days_up_to_today(cast: Any) -> None:
    now = timezone.now()
    assert diary_streak(person=cast.alice) == 0
    for days_ago in (1, 2, 3, 5):
        _entry(cast.alice, now=now - timedelta(days=days_ago))
    assert diary_streak(person=cast.alice) == 3  # today not written yet: yesterday's run still counts
    _entry(cast.alice, now=now)
    assert diary_streak(person=cast.alice) == 4
    _entry(cast.bob, now=now - timedelta(days=4))
    assert diary_streak(person=cast.alice) == 4  # someone else's entry fills no gap


def test_mood_by_day_averages_each_day_and_leaves_empty_days_empty(cast: Any) -> None:
    now = timezone.now()
    _entry(cast.alice, mood=2, now=now)
    _entry(cast.alice, mood=5, now=now)
    days = mood_by_day(person=cast.alice, days=7)
    assert len(days) == 7 and days[-1][1:] == (3.5, 2) and days[0][1] is None
    assert frequent_traps(person=cast.alice)[0][1] == 2


def test_deleting_an_entry_removes_it_and_its_shares_and_audits_without_content(cast: Any) -> None:
    entry = _entry(cast.alice)
    pk = entry.pk
    services.entry_share(entry=entry, by=cast.alice, reader_id=cast.sam.pk)
    services.entry_delete(entry=entry, by=cast.alice)
    assert not Entry.objects.filter(pk=pk).exists() and not Share.objects.exists()
    event = AuditEvent.objects.get(action="diary.entry.delete")
    assert event.object_id == str(pk) and not event.reason and not event.subject_label


def test_only_the_author_changes_shares_or_deletes(cast: Any) -> None:
    entry = _entry(cast.alice)
    with pytest.raises(DiaryRuleError):
        services.entry_delete(entry=entry, by=cast.bob)
    with pytest.raises(DiaryRuleError):
        services.entry_share(entry=entry, by=cast.bob, reader_id=cast.sam.pk)


def test_an_entry_is_shared_only_with_a_social_worker_or_the_buddy(cast: Any) -> None:
    entry = _entry(cast.alice)
    for outsider in ("carol", "hana", "max", "ada", "bob", "tina"):
        with pytest.raises(DiaryRuleError):
            services.entry_share(entry=entry, by=cast.alice, reader_id=cast.people[outsider].pk)
    share = services.entry_share(entry=entry, by=cast.alice, reader_id=cast.sam.pk)
    assert share.kind == "social_worker"
    assert Notice.objects.filter(person=cast.sam, kind="diary_entry_shared").exists()
    assert AuditEvent.objects.filter(action="diary.share", subject=cast.alice).exists()


def _buddies(cast: Any, a: str = "alice", b: str = "bob") -> BuddyPair:
    services.buddy_willingness_set(person=cast.people[a], offers=False, seeks=True)
    services.buddy_willingness_set(person=cast.people[b], offers=True, seeks=False)
    return services.buddy_pair_create(by=cast.sam, first=cast.people[a], second=cast.people[b])


def test_a_social_worker_pairs_only_agents_who_both_opted_in(cast: Any) -> None:
    services.buddy_willingness_set(person=cast.alice, offers=False, seeks=True)
    with pytest.raises(DiaryRuleError):
        services.buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.bob)  # Bob never opted in
    with pytest.raises(DiaryRuleError):
        services.buddy_pair_create(by=cast.carol, first=cast.alice, second=cast.bob)  # a lead cannot pair
    services.buddy_willingness_set(person=cast.bob, offers=True, seeks=False)
    pair = services.buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.bob)
    assert pair.status == PairStatus.ACTIVE
    assert Notice.objects.filter(kind="buddy_paired", person__in=[cast.alice, cast.bob]).count() == 2
    services.buddy_willingness_set(person=cast.n1, offers=True, seeks=True)
    with pytest.raises(DiaryRuleError):  # one buddy at a time
        services.buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.n1)


def test_an_invitation_goes_only_to_someone_who_offers_and_starts_only_when_accepted(cast: Any) -> None:
    with pytest.raises(DiaryRuleError):
        services.buddy_invite(by=cast.alice, invitee=cast.bob)
    with pytest.raises(DiaryRuleError):
        services.buddy_invite(by=cast.alice, invitee=cast.carol)  # not an agent
    services.buddy_willingness_set(person=cast.bob, offers=True, seeks=False)
    pair = services.buddy_invite(by=cast.alice, invitee=cast.bob)
    assert pair.status == PairStatus.INVITED
    with pytest.raises(DiaryRuleError):
        services.buddy_respond(pair=pair, by=cast.alice, accept=True)  # the inviter cannot accept for them
    with pytest.raises(DiaryRuleError):
        services.checkin_create(pair=pair, by=cast.alice, how=3)
    services.buddy_respond(pair=pair, by=cast.bob, accept=True)
    assert BuddyPair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE


def test_either_buddy_ends_the_pair_and_shares_with_the_buddy_close(cast: Any) -> None:
    pair = _buddies(cast)
    entry = _entry(cast.alice)
    share = services.entry_share(entry=entry, by=cast.alice, reader_id=cast.bob.pk)
    assert share.kind == "buddy"
    services.checkin_create(pair=pair, by=cast.bob, how=4, note="最近睡得好一点")
    services.buddy_pair_end(pair=pair, by=cast.bob)
    assert BuddyPair.objects.get(pk=pair.pk).status == PairStatus.ENDED
    assert Share.objects.get(pk=share.pk).withdrawn_at is not None
    assert Notice.objects.filter(person=cast.alice, kind="buddy_ended").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM diaries_checkin")
        assert "睡得" not in cursor.fetchone()[0]
    assert CheckIn.objects.get().note == "最近睡得好一点"


def test_a_buddys_suggestion_reaches_only_the_agent_never_the_social_worker(cast: Any) -> None:
    pair = _buddies(cast)
    before = Notice.objects.filter(person=cast.sam).count()
    assert services.buddy_suggest_social_worker(pair=pair, by=cast.bob)
    assert not services.buddy_suggest_social_worker(pair=pair, by=cast.bob)  # once a day is enough
    notice = Notice.objects.get(kind="buddy_suggests_talk")
    assert notice.person == cast.alice and notice.url == "/diary/talk/"
    assert Notice.objects.filter(person=cast.sam).count() == before
    assert not SupportRequest.objects.exists()
    services.talk_request(person=cast.alice, message="想聊聊")
    request = SupportRequest.objects.get()
    assert request.person == cast.alice and request.source == "buddy_suggestion"
    assert Notice.objects.filter(person=cast.sam, kind="support_request_new").exists()


def _reminders(person: Any) -> list[Notice]:
    return list(Notice.objects.filter(person=person, kind="buddy_checkin_due").order_by("pk"))


def test_buddies_who_have_not_checked_in_for_a_week_are_both_reminded_at_most_twice(cast: Any) -> None:
    pair = _buddies(cast)
    started = pair.started_at
    assert services.buddy_checkin_reminders(now=started + timedelta(days=6)) == 0  # not a week yet
    assert services.buddy_checkin_reminders(now=started + timedelta(days=7, hours=1)) == 2
    assert services.buddy_checkin_reminders(now=started + timedelta(days=8)) == 0  # the worker runs every minute
    [alice_notice] = _reminders(cast.alice)
    assert alice_notice.params == {"name": cast.bob.name, "days": 7} and alice_notice.url == "/diary/buddy/"
    assert _reminders(cast.bob)[0].params["name"] == cast.alice.name
    assert services.buddy_checkin_reminders(now=started + timedelta(days=14, hours=1)) == 2  # a second week
    assert services.buddy_checkin_reminders(now=started + timedelta(days=21, hours=1)) == 0  # then Hearth stops
    assert len(_reminders(cast.alice)) == 2 and not Notice.objects.filter(person=cast.sam, kind="buddy_checkin_due")


def test_a_check_in_restarts_the_week_and_an_ended_pair_is_never_reminded(cast: Any) -> None:
    pair = _buddies(cast)
    started = pair.started_at
    services.checkin_create(pair=pair, by=cast.bob, how=4, held_on=services.local_day(cast.bob, started)
                            + timedelta(days=5))
    assert services.buddy_checkin_reminders(now=started + timedelta(days=8)) == 0  # 3 days since the check-in
    assert services.buddy_checkin_reminders(now=started + timedelta(days=12, hours=1)) == 2
    services.buddy_pair_end(pair=pair, by=cast.alice)
    assert services.buddy_checkin_reminders(now=started + timedelta(days=19, hours=1)) == 0
