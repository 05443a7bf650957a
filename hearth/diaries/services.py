"""Writes for the emotion diary and the peer buddy.

The author's own writes (an entry, a reframe) are not audited: the audit log is read by admins, and an admin
must not learn even whether someone keeps a diary. What changes who can read an entry (a share, its
withdrawal) and a deletion are audited, without content. Buddies are opt-in on both sides; the escalation
path only ever tells the agent, never the social worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.services import audit_record
from hearth.care.models import SupportRequest
from hearth.care.selectors_cases import case_workers_of, social_workers_of
from hearth.care.services import support_request_create
from hearth.diaries.models import (
    BuddyPair,
    BuddyWillingness,
    CheckIn,
    Entry,
    Feeling,
    Mood,
    PairStatus,
    Share,
    ShareKind,
)
from hearth.engine.traps import detect_traps
from hearth.notices.models import Notice
from hearth.notices.services import notice_send
from hearth.people.models import Person, PersonStatus, Role

TEXT_MAX = 4000
NOTE_MAX = 500


class DiaryRuleError(ValueError):
    """A diary or buddy action the rules do not allow; the message is shown to the user as is."""


def local_day(person: Person, at: datetime) -> date:
    """The calendar day of `at` where the person lives (their time zone, else the server's)."""
    try:
        zone = ZoneInfo(person.time_zone)
    except (ValueError, KeyError):
        return timezone.localdate(at)
    return at.astimezone(zone).date()


def _clean(text: str, limit: int = TEXT_MAX) -> str:
    return (text or "").strip()[:limit]


# ------------------------------------------------------------------------------------------- entries


def entry_create(
    *, person: Person, mood: int, thought: str, situation: str = "", feelings: Iterable[str] = (),
    feeling_note: str = "", did: str = "", now: datetime | None = None,
) -> Entry:
    """Write a diary entry; the thinking traps in the thought (labels, and their trigger words encrypted) are kept."""
    if mood not in Mood.values:
        raise DiaryRuleError(_("Choose how you feel, from 1 to 5."))
    thought = _clean(thought)
    if not thought and not _clean(situation):
        raise DiaryRuleError(_("Write what happened or what went through your mind."))
    chosen = [f for f in dict.fromkeys(feelings) if f in Feeling.values]
    now = now or timezone.now()
    # The detector tells the thought's language itself: an English screen does not mean an English thought.
    result = detect_traps(thought) if thought else None
    return Entry.objects.create(
        person=person, written_at=now, written_on=local_day(person, now), mood=mood, situation=_clean(situation),
        thought=thought, feelings=chosen, feeling_note=_clean(feeling_note, NOTE_MAX), did=_clean(did),
        traps=list(result.traps) if result else [],
        cues={trap: list(words) for trap, words in result.cues.items()} if result else {},
        trap_language=result.lang if result else "",
    )


def entry_reframe(*, entry: Entry, by: Person, reframe: str) -> Entry:
    """The author writes (or rewrites) a kinder, more balanced thought after the reframing prompts."""
    if entry.person_id != by.pk:
        raise DiaryRuleError(_("Only the author can change an entry."))
    entry.reframe = _clean(reframe)
    entry.reframed_at = timezone.now() if entry.reframe else None
    entry.save(update_fields=["reframe", "reframed_at"])
    return entry


def entry_delete(*, entry: Entry, by: Person) -> None:
    """Delete an entry for good (its shares with it); the audit row says only that an entry was deleted."""
    if entry.person_id != by.pk:
        raise DiaryRuleError(_("Only the author can delete an entry."))
    with transaction.atomic():
        audit_record(actor=by.user, action="diary.entry.delete", obj=entry)
        entry.delete()


# -------------------------------------------------------------------------------------------- sharing


def share_readers(*, person: Person) -> list[tuple[Person, str]]:
    """Who the author may share an entry with: their open case's social workers (else the centre's), their buddy."""
    workers = [w for w in case_workers_of(person=person) if w.pk != person.pk]
    if not workers:
        workers = [w for w in social_workers_of(centre_id=person.centre_id) if w.pk != person.pk]
    readers = [(w, ShareKind.SOCIAL_WORKER.value) for w in workers]
    pair = buddy_pair_active(person=person)
    if pair is not None:
        buddy = Person.objects.filter(pk=pair.other(person.pk), status=PersonStatus.ACTIVE).first()
        if buddy is not None:
            readers.append((buddy, ShareKind.BUDDY.value))
    return readers


def entry_share(*, entry: Entry, by: Person, reader_id: int) -> Share:
    """Share one entry with one allowed reader (told by an in-app notice); sharing it again changes nothing."""
    if entry.person_id != by.pk:
        raise DiaryRuleError(_("Only the author can share an entry."))
    allowed = {reader.pk: (reader, kind) for reader, kind in share_readers(person=by)}
    if reader_id not in allowed:
        raise DiaryRuleError(_("You can share an entry with your social worker or your buddy only."))
    reader, kind = allowed[reader_id]
    with transaction.atomic():
        existing = Share.objects.filter(entry=entry, reader=reader, withdrawn_at__isnull=True).first()
        if existing is not None:
            return existing
        share = Share.objects.create(entry=entry, reader=reader, kind=kind, created_at=timezone.now())
        audit_record(actor=by.user, action="diary.share", subject=by, obj=share, reason=kind)
        notice_send(person=reader, kind="diary_entry_shared", params={"name": by.name},
                    url=reverse("diaries:shared_entry", args=[entry.pk]), dedupe_key=f"diary_share:{share.pk}",
                    email=False)
    return share


def share_withdraw(*, share: Share, by: Person) -> Share:
    """The author takes a share back: from now on the reader gets 404 for that entry."""
    if share.entry.person_id != by.pk:
        raise DiaryRuleError(_("Only the author can withdraw a share."))
    if share.withdrawn_at is None:
        with transaction.atomic():
            share.withdrawn_at = timezone.now()
            share.save(update_fields=["withdrawn_at"])
            audit_record(actor=by.user, action="diary.share.withdraw", subject=by, obj=share)
    return share


# ---------------------------------------------------------------------------------------------- buddies


def _is_agent(person: Person) -> bool:
    return person.status == PersonStatus.ACTIVE and person.has_role(Role.AGENT)


def _open_pairs(person_id: int) -> Q:
    return (Q(first_id=person_id) | Q(second_id=person_id)) & Q(status__in=[PairStatus.INVITED, PairStatus.ACTIVE])


def buddy_pair_active(*, person: Person) -> BuddyPair | None:
    """The person's active buddy pair, if any (one at a time)."""
    return (BuddyPair.objects.filter(Q(first_id=person.pk) | Q(second_id=person.pk), status=PairStatus.ACTIVE)
            .first())


def buddy_willingness_set(*, person: Person, offers: bool, seeks: bool) -> BuddyWillingness:
    """An agent offers to be a buddy and/or asks for one (or withdraws both); only they decide."""
    if not _is_agent(person):
        raise DiaryRuleError(_("Buddies are for agents."))
    willingness, _created = BuddyWillingness.objects.update_or_create(
        person=person, defaults={"offers": offers, "seeks": seeks, "updated_at": timezone.now()})
    return willingness


def _willing(person: Person) -> BuddyWillingness | None:
    return BuddyWillingness.objects.filter(person=person).filter(Q(offers=True) | Q(seeks=True)).first()


def _check_pairable(a: Person, b: Person) -> None:
    if a.pk == b.pk:
        raise DiaryRuleError(_("A buddy is someone else."))
    if not (_is_agent(a) and _is_agent(b)) or a.centre_id != b.centre_id:
        raise DiaryRuleError(_("Buddies are two agents of the same centre."))
    if BuddyPair.objects.filter(_open_pairs(a.pk) | _open_pairs(b.pk)).exists():
        raise DiaryRuleError(_("One of you already has a buddy or an open invitation."))


def buddy_invite(*, by: Person, invitee: Person) -> BuddyPair:
    """An agent invites another agent who offers to be a buddy; the pair starts only when they accept."""
    _check_pairable(by, invitee)
    offer = _willing(invitee)
    if offer is None or not offer.offers:
        raise DiaryRuleError(_("You can invite only someone who offers to be a buddy."))
    with transaction.atomic():
        pair = BuddyPair.objects.create(centre_id=by.centre_id, first=by, second=invitee, created_at=timezone.now())
        notice_send(person=invitee, kind="buddy_invited", params={"name": by.name},
                    url=reverse("diaries:buddy"), dedupe_key=f"buddy_invited:{pair.pk}", email=False)
    return pair


def buddy_respond(*, pair: BuddyPair, by: Person, accept: bool) -> BuddyPair:
    """The invitee accepts (the pair starts) or declines (nothing more happens; the inviter is told kindly)."""
    if pair.second_id != by.pk or pair.status != PairStatus.INVITED:
        raise DiaryRuleError(_("This invitation is no longer open."))
    with transaction.atomic():
        now = timezone.now()
        pair.status = PairStatus.ACTIVE if accept else PairStatus.DECLINED
        pair.started_at = now if accept else None
        pair.ended_at = None if accept else now
        pair.save(update_fields=["status", "started_at", "ended_at"])
        notice_send(person=pair.first, kind="buddy_paired" if accept else "buddy_declined",
                    params={"name": by.name}, url=reverse("diaries:buddy"),
                    dedupe_key=f"buddy_respond:{pair.pk}", email=False)
    return pair


def buddy_pair_create(*, by: Person, first: Person, second: Person) -> BuddyPair:
    """A social worker pairs two agents who both opted in; both are told at once and either can end it."""
    if not by.has_role(Role.SOCIAL_WORKER) or by.centre_id != first.centre_id:
        raise DiaryRuleError(_("Only a social worker of the centre pairs buddies."))
    _check_pairable(first, second)
    if _willing(first) is None or _willing(second) is None:
        raise DiaryRuleError(_("Both agents must have offered to be a buddy or asked for one."))
    with transaction.atomic():
        now = timezone.now()
        pair = BuddyPair.objects.create(centre_id=first.centre_id, first=first, second=second, paired_by=by,
                                        status=PairStatus.ACTIVE, created_at=now, started_at=now)
        audit_record(actor=by.user, action="buddy.pair", obj=pair)
        for person, other in ((first, second), (second, first)):
            notice_send(person=person, kind="buddy_paired", params={"name": other.name},
                        url=reverse("diaries:buddy"), dedupe_key=f"buddy_paired:{pair.pk}:{person.pk}", email=False)
    return pair


def buddy_pair_end(*, pair: BuddyPair, by: Person) -> BuddyPair:
    """Either buddy ends the pair (or withdraws an invitation) at any time; entries shared with the buddy close."""
    if by.pk not in (pair.first_id, pair.second_id):
        raise DiaryRuleError(_("Only the two buddies can end a pairing."))
    if pair.status not in (PairStatus.INVITED, PairStatus.ACTIVE):
        return pair
    with transaction.atomic():
        now = timezone.now()
        was_active = pair.status == PairStatus.ACTIVE
        pair.status, pair.ended_at, pair.ended_by = PairStatus.ENDED, now, by
        pair.save(update_fields=["status", "ended_at", "ended_by"])
        Share.objects.filter(kind=ShareKind.BUDDY, withdrawn_at__isnull=True).filter(
            Q(entry__person_id=pair.first_id, reader_id=pair.second_id)
            | Q(entry__person_id=pair.second_id, reader_id=pair.first_id)
        ).update(withdrawn_at=now)
        if was_active:
            other = Person.objects.get(pk=pair.other(by.pk))
            notice_send(person=other, kind="buddy_ended", url=reverse("diaries:buddy"),
                        dedupe_key=f"buddy_ended:{pair.pk}", email=False)
    return pair


def checkin_create(*, pair: BuddyPair, by: Person, how: int, note: str = "", held_on: date | None = None) -> CheckIn:
    """Record a buddy check-in (how are you 1–5, a short note the two buddies see)."""
    if by.pk not in (pair.first_id, pair.second_id) or pair.status != PairStatus.ACTIVE:
        raise DiaryRuleError(_("Check-ins are for an active buddy pair."))
    if how not in Mood.values:
        raise DiaryRuleError(_("Choose how you are, from 1 to 5."))
    now = timezone.now()
    return CheckIn.objects.create(pair=pair, by=by, held_on=held_on or local_day(by, now), how=how,
                                  note=_clean(note, NOTE_MAX), created_at=now)


CHECKIN_EVERY_DAYS = 7  # buddies are asked to check in about once a week (the guide says so)
CHECKIN_REMINDERS = 2  # after 7 and 14 days without one; then Hearth stops asking: it is the buddies' choice


def buddy_checkin_reminders(*, now: datetime | None = None) -> int:
    """Remind both buddies of an active pair when a week has passed without a check-in; returns notices sent.

    Counted from the latest check-in (or the day the pair started), in each buddy's own day. At most
    CHECKIN_REMINDERS reminders per quiet spell, one per week, in-app only (like every buddy notice: the
    pairing is nobody else's business, so no email that a shared inbox or phone preview might show).
    """
    now = now or timezone.now()
    due: list[tuple[Person, Person, int, str]] = []
    pairs = (BuddyPair.objects.filter(status=PairStatus.ACTIVE, started_at__isnull=False)
             .annotate(last=Max("checkins__held_on")).select_related("first", "second"))
    for pair in pairs:
        for person, other in ((pair.first, pair.second), (pair.second, pair.first)):
            since = pair.last or local_day(person, pair.started_at)  # type: ignore[attr-defined]
            days = (local_day(person, now) - since).days
            if 1 <= days // CHECKIN_EVERY_DAYS <= CHECKIN_REMINDERS:
                key = f"buddy_checkin_due:{pair.pk}:{since.isoformat()}:{days // CHECKIN_EVERY_DAYS}"
                due.append((person, other, days, key))
    # The worker runs this every minute: skip, in one query, the reminders already given.
    given = set(Notice.objects.filter(kind="buddy_checkin_due", dedupe_key__in=[d[3] for d in due])
                .values_list("person_id", "dedupe_key"))
    sent = 0
    for person, other, days, key in due:
        if (person.pk, key) not in given:
            sent += notice_send(person=person, kind="buddy_checkin_due", params={"name": other.name, "days": days},
                                url=reverse("diaries:buddy"), dedupe_key=key, email=False) is not None
    return sent


def buddy_suggest_social_worker(*, pair: BuddyPair, by: Person) -> bool:
    """The buddy suggests a talk with the social worker: only the OTHER agent is told (once a day), nobody else."""
    if by.pk not in (pair.first_id, pair.second_id) or pair.status != PairStatus.ACTIVE:
        raise DiaryRuleError(_("Suggestions are for an active buddy pair."))
    agent = Person.objects.get(pk=pair.other(by.pk))
    today = local_day(agent, timezone.now())
    notice = notice_send(person=agent, kind="buddy_suggests_talk", params={"name": by.name},
                         url=reverse("diaries:talk"), dedupe_key=f"buddy_suggest:{pair.pk}:{by.pk}:{today}",
                         email=False)
    return notice is not None


def talk_request(*, person: Person, message: str = "", contact_preference: str = "any") -> SupportRequest:
    """The agent, after a buddy's suggestion, asks for a conversation themself (care's own support-request flow)."""
    return support_request_create(person=person, message=message, contact_preference=contact_preference,
                                  source="buddy_suggestion")
