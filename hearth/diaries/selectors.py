"""Reads for the emotion diary and the peer buddy.

The author's own reads are not audited (that would tell admins who keeps a diary); reads by a social worker or
a buddy go through `access.access_shared_entry`, which audits. The one number other apps read is
`diary_streak`: a count of days, never content, traps or moods.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from hearth.audit.models import AuditEvent
from hearth.audit.selectors import audit_views_of
from hearth.diaries.models import (
    BuddyPair,
    BuddyWillingness,
    CheckIn,
    Entry,
    PairStatus,
    Share,
)
from hearth.diaries.services import local_day
from hearth.engine.traps import TRAPS, reframe_prompt, trap_explanation, trap_name
from hearth.people.models import Person, PersonStatus, Role

STREAK_LOOKBACK_DAYS = 400
CHECKIN_EVERY_DAYS = 7  # a pair is reminded on its page when the last check-in is older than this


def diary_streak(*, person: Person) -> int:
    """Consecutive days with an entry up to today (a day not yet written today does not break it)."""
    today = local_day(person, timezone.now())
    days = set(Entry.objects.filter(person=person, written_on__lte=today,
                                    written_on__gt=today - timedelta(days=STREAK_LOOKBACK_DAYS))
               .values_list("written_on", flat=True))
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def entries_of(*, person: Person, trap: str = "") -> list[Entry]:
    """The author's entries, newest first, optionally only those where `trap` was found."""
    rows = Entry.objects.filter(person=person).prefetch_related("shares__reader")
    entries = list(rows)
    return [e for e in entries if trap in e.traps] if trap else entries


@dataclass(frozen=True)
class TrapView:
    """One thinking trap found in a thought, ready to show: name, explanation, reframing prompt, trigger words."""

    key: str
    name: str
    explanation: str
    prompt: str
    cues: tuple[str, ...]


def trap_views(*, entry: Entry, language: str) -> list[TrapView]:
    """The entry's traps in the reader's language, with the words that triggered each."""
    cues = entry.cues or {}
    return [TrapView(key=t, name=trap_name(t, language), explanation=trap_explanation(t, language),
                     prompt=reframe_prompt(t, language), cues=tuple(cues.get(t, ())))
            for t in entry.traps if t in TRAPS]


def highlight(text: str, cues: dict[str, Any], names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The text cut into (piece, trap names) parts; a part with names is a trigger word to highlight."""
    names = names or {}
    marks: list[list[str]] = [[] for _ in text]
    folded = text.casefold()
    for trap, words in cues.items():
        for word in words:
            needle = str(word).casefold()
            if not needle:
                continue
            start = folded.find(needle)
            while start != -1:
                for i in range(start, min(start + len(needle), len(text))):
                    label = names.get(trap, trap)
                    if label not in marks[i]:
                        marks[i].append(label)
                start = folded.find(needle, start + len(needle))
    parts: list[tuple[str, str]] = []
    for ch, labels in zip(text, marks, strict=True):
        tag = " · ".join(labels)
        if parts and parts[-1][1] == tag:
            parts[-1] = (parts[-1][0] + ch, tag)
        else:
            parts.append((ch, tag))
    return parts


def mood_by_day(*, person: Person, days: int = 30) -> list[tuple[date, float | None, int]]:
    """Each of the last `days` days up to today: the mean mood of that day's entries (None: no entry), and how many."""
    today = local_day(person, timezone.now())
    start = today - timedelta(days=days - 1)
    moods: dict[date, list[int]] = {}
    for day, mood in Entry.objects.filter(person=person, written_on__gte=start,
                                          written_on__lte=today).values_list("written_on", "mood"):
        moods.setdefault(day, []).append(mood)
    out: list[tuple[date, float | None, int]] = []
    for i in range(days):
        day = start + timedelta(days=i)
        values = moods.get(day, [])
        out.append((day, round(sum(values) / len(values), 1) if values else None, len(values)))
    return out


def frequent_traps(*, person: Person, days: int = 30) -> list[tuple[str, int]]:
    """The thinking traps found most often in the author's entries of the last `days` days, most frequent first."""
    start = local_day(person, timezone.now()) - timedelta(days=days - 1)
    counter: Counter[str] = Counter()
    for traps in Entry.objects.filter(person=person, written_on__gte=start).values_list("traps", flat=True):
        counter.update(t for t in traps if t in TRAPS)
    return sorted(counter.items(), key=lambda kv: (-kv[1], TRAPS.index(kv[0])))


def shared_with(*, reader: Person) -> list[Share]:
    """Entries shared with the reader and not withdrawn, newest first (author and date only on the list)."""
    shares = (Share.objects.select_related("entry", "entry__person")
              .filter(reader=reader, withdrawn_at__isnull=True).exclude(entry__person=reader))
    active_buddies = {pair.other(reader.pk) for pair in BuddyPair.objects.filter(
        Q(first=reader) | Q(second=reader), status=PairStatus.ACTIVE)}
    return [s for s in shares if s.kind != "buddy" or s.entry.person_id in active_buddies]


# ------------------------------------------------------------------------------------------------ buddies


def willingness_of(*, person: Person) -> BuddyWillingness | None:
    """The person's buddy opt-in, if they ever set one."""
    return BuddyWillingness.objects.filter(person=person).first()


def buddy_page(*, person: Person) -> dict[str, Any]:
    """What an agent's buddy page shows: their opt-in, their pair or invitations, check-ins, whom they may invite."""
    pair = (BuddyPair.objects.select_related("first", "second")
            .filter(Q(first=person) | Q(second=person), status=PairStatus.ACTIVE).first())
    invitations = list(BuddyPair.objects.select_related("first").filter(second=person, status=PairStatus.INVITED))
    sent = BuddyPair.objects.select_related("second").filter(first=person, status=PairStatus.INVITED).first()
    checkins = list(CheckIn.objects.select_related("by").filter(pair=pair)[:20]) if pair else []
    today = local_day(person, timezone.now())
    due = bool(pair) and (not checkins or (today - checkins[0].held_on).days >= CHECKIN_EVERY_DAYS)
    buddy = None
    if pair is not None:
        buddy = pair.second if pair.first_id == person.pk else pair.first
    busy = set()
    for first_id, second_id in BuddyPair.objects.filter(
            status__in=[PairStatus.INVITED, PairStatus.ACTIVE]).values_list("first_id", "second_id"):
        busy |= {first_id, second_id}
    offering = [] if (pair or sent) else list(
        Person.objects.filter(centre_id=person.centre_id, status=PersonStatus.ACTIVE, roles__role=Role.AGENT,
                              buddy_willingness__offers=True)
        .exclude(pk__in=busy | {person.pk}).order_by("name").distinct())
    return {"willingness": willingness_of(person=person), "pair": pair, "buddy": buddy,
            "invitations": invitations, "sent": sent, "checkins": checkins, "checkin_due": due,
            "offering": offering}


def buddy_pool(*, reader: Person) -> dict[str, Any]:
    """For a social worker: the agents who opted in and are free, and the centre's current pairs."""
    pairs = list(BuddyPair.objects.select_related("first", "second", "paired_by")
                 .filter(centre_id=reader.centre_id, status__in=[PairStatus.INVITED, PairStatus.ACTIVE]))
    busy = {p.first_id for p in pairs} | {p.second_id for p in pairs}
    willing = list(BuddyWillingness.objects.select_related("person")
                   .filter(person__centre_id=reader.centre_id, person__status=PersonStatus.ACTIVE,
                           person__roles__role=Role.AGENT)
                   .filter(Q(offers=True) | Q(seeks=True)).exclude(person_id__in=busy)
                   .order_by("person__name").distinct())
    return {"willing": willing, "pairs": pairs}


def willing_agent(*, reader: Person, pk: int) -> Person | None:
    """An active agent of the reader's centre who opted in to buddies (for the social worker's pairing form)."""
    return (Person.objects.filter(pk=pk, centre_id=reader.centre_id, status=PersonStatus.ACTIVE,
                                  roles__role=Role.AGENT, buddy_willingness__isnull=False)
            .filter(Q(buddy_willingness__offers=True) | Q(buddy_willingness__seeks=True)).distinct().first())


def offering_agent(*, reader: Person, pk: int) -> Person | None:
    """An active agent of the reader's centre who offers to be a buddy (whom an agent may invite)."""
    return (Person.objects.filter(pk=pk, centre_id=reader.centre_id, status=PersonStatus.ACTIVE,
                                  roles__role=Role.AGENT, buddy_willingness__offers=True).distinct().first())


def entry_reads(*, entry: Entry, shares: list[Share]) -> list[AuditEvent]:
    """Who opened this entry through a share, and when (shown to its author), newest first."""
    ids = {str(s.pk) for s in shares}
    events = audit_views_of(subject_id=entry.person_id, actions=("diary.entry.view",), limit=1000)
    return [e for e in events if e.object_type == "Share" and e.object_id in ids]
