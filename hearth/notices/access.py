"""Who may open which chat channel. Missing and forbidden both answer 404."""

from __future__ import annotations

from django.http import Http404

from hearth.notices.models import WebhookChannel
from hearth.people.models import Person, Role


def access_webhook_channel(person: Person, pk: int) -> WebhookChannel:
    """A chat channel of the person's centre, for its administrators."""
    channel = WebhookChannel.objects.filter(pk=pk, centre_id=person.centre_id).select_related("team").first()
    if channel is None or not person.has_role(Role.ADMIN):
        raise Http404
    return channel
