"""Reads of in-app notices and of chat channels with their send log."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from hearth.notices.models import Notice, WebhookChannel, WebhookDelivery
from hearth.people.models import Centre, Person


def notice_unread_count(*, person: Person) -> int:
    """How many notices the person has not opened."""
    return Notice.objects.filter(person=person, read_at__isnull=True).count()


def notice_list(*, person: Person, limit: int = 50) -> QuerySet[Notice]:
    """The person's latest notices, newest first."""
    return Notice.objects.filter(person=person).order_by("-created_at")[:limit]


def webhook_channels_with_log(*, centre: Centre, deliveries: int = 10) -> list[WebhookChannel]:
    """The centre's chat channels, each with its latest deliveries as `recent` (newest first)."""
    recent = Prefetch(
        "deliveries", queryset=WebhookDelivery.objects.order_by("-created_at", "-pk")[:deliveries], to_attr="recent"
    )
    return list(
        WebhookChannel.objects.filter(centre=centre).select_related("team").prefetch_related(recent)
        .order_by("-active", "name", "pk")
    )
