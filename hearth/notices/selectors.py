"""Reads of in-app notices."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.notices.models import Notice
from hearth.people.models import Person


def notice_unread_count(*, person: Person) -> int:
    """How many notices the person has not opened."""
    return Notice.objects.filter(person=person, read_at__isnull=True).count()


def notice_list(*, person: Person, limit: int = 50) -> QuerySet[Notice]:
    """The person's latest notices, newest first."""
    return Notice.objects.filter(person=person).order_by("-created_at")[:limit]
