"""The only ways a view gets a diary entry, a share or a buddy pair by id. Missing and forbidden both answer 404.

An entry is the author's; someone else reaches it only through an active share to them, and every such read
is audited in the same transaction. Team leads, HR, managers and admins hold no share, so they always get 404.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from hearth.audit.services import audit_record
from hearth.diaries.models import BuddyPair, Entry, PairStatus, Share, ShareKind
from hearth.people.models import Person


def access_entry(reader: Person, pk: int) -> Entry:
    """One of the reader's own entries (404 for anyone else's, whoever asks)."""
    entry = Entry.objects.filter(pk=pk, person=reader).first()
    if entry is None:
        raise Http404
    return entry


def access_share(entry: Entry, pk: int) -> Share:
    """A share of an entry already fetched through access_entry (404 otherwise)."""
    share = Share.objects.select_related("entry", "reader").filter(pk=pk, entry=entry).first()
    if share is None:
        raise Http404
    return share


def _share_in_force(reader: Person, entry_pk: int) -> Share | None:
    share = (Share.objects.select_related("entry", "entry__person")
             .filter(entry_id=entry_pk, reader=reader, withdrawn_at__isnull=True).first())
    if share is None or share.entry.person_id == reader.pk:
        return None
    if share.kind == ShareKind.BUDDY:  # a buddy reads only while the two are still buddies
        pair_on = BuddyPair.objects.filter(status=PairStatus.ACTIVE).filter(
            Q(first_id=reader.pk, second_id=share.entry.person_id)
            | Q(second_id=reader.pk, first_id=share.entry.person_id)).exists()
        if not pair_on:
            return None
    return share


def access_shared_entry(reader: Person, pk: int, *, ip: str | None = None) -> Entry:
    """An entry its author shared with the reader and has not withdrawn; the read is audited (404 otherwise)."""
    with transaction.atomic():
        share = _share_in_force(reader, pk)
        if share is None:
            raise Http404
        audit_record(actor=reader.user, action="diary.entry.view", subject=share.entry.person, obj=share, ip=ip,
                     reason=share.kind)
    return share.entry


def access_pair(reader: Person, pk: int) -> BuddyPair:
    """A buddy pair (or invitation) the reader is one of the two in (404 otherwise)."""
    pair = BuddyPair.objects.select_related("first", "second").filter(pk=pk).filter(
        Q(first=reader) | Q(second=reader)).first()
    if pair is None:
        raise Http404
    return pair
