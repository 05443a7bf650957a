"""Sending notices: in-app always, by email when the person has an address."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.notices.messages import MESSAGES
from hearth.notices.models import Notice
from hearth.people.models import Person


def notice_send(
    *, person: Person, kind: str, params: dict[str, Any] | None = None, url: str = "",
    dedupe_key: str = "", email: bool = True,
) -> Notice | None:
    """Give `person` a notice (once per dedupe_key) and queue its email; None if already sent."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notice kind {kind!r}")
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                person=person, kind=kind, params=params or {}, url=url,
                created_at=timezone.now(), dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return None
    if email and person.email:
        from hearth.notices.tasks import notice_email_send

        notice_id = notice.pk
        transaction.on_commit(lambda: notice_email_send.enqueue(notice_id))
    return notice


def notices_mark_read(*, person: Person) -> int:
    """Mark all of a person's notices read; returns how many changed."""
    return Notice.objects.filter(person=person, read_at__isnull=True).update(read_at=timezone.now())
