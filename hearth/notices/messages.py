"""The wording of every notice kind, translated at display time into the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# kind -> (title, body); bodies use %(name)s-style parameters stored on the notice.
MESSAGES: dict[str, tuple[Any, Any]] = {
    "checkup_open": (
        _("New check-up: %(title)s"),
        _("A short, confidential check-up is open until %(closes)s. It takes about %(minutes)s minutes."),
    ),
    "checkup_reminder": (
        _("Reminder: %(title)s"),
        _("Your check-up closes on %(closes)s. You can pick up where you left off."),
    ),
    "support_request_new": (
        _("New request for a conversation"),
        _("%(name)s asked for a confidential conversation."),
    ),
    "support_request_in_contact": (
        _("Your request for a conversation"),
        _("The social worker has seen your request and will contact you soon."),
    ),
    "support_request_closed": (
        _("Your request for a conversation"),
        _("The social worker has closed your request. You can ask again at any time."),
    ),
}


def render_notice(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """Title and body of a notice in the active language."""
    title, body = MESSAGES[kind]
    return str(title) % params, str(body) % params
