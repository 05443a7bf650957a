"""The wording of every notice kind, translated at display time into the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

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
    "case_referral_new": (
        _("A team lead's referral"),
        _("A team lead referred %(name)s to the social worker. Take the case to see the concern."),
    ),
    "case_break_glass": (
        _("Break-glass read of a case"),
        _("%(admin)s opened case #%(case)s in an emergency. Their reason: %(reason)s"),
    ),
    "support_request_in_contact": (
        _("Your request for a conversation"),
        _("The social worker has seen your request and will contact you soon."),
    ),
    "support_request_closed": (
        _("Your request for a conversation"),
        _("The social worker has closed your request. You can ask again at any time."),
    ),
    # The radar (hearth/radar/notify.py). A nudge says nothing in the notice or email beyond an invitation:
    # what was noticed is on the agent's own page, behind their sign-in.
    "nudge_high_risk": (
        _("A hard stretch, noticed"),
        _("Hearth noticed signs of strain in your recent weeks. Have a look at your week, a few things that help, and the way to talk to someone in confidence."),
    ),
    "nudge_sharp_rise": (
        _("Your week got harder"),
        _("Your recent weeks look harder than usual. Have a look at your week, a few things that help, and the way to talk to someone in confidence."),
    ),
    "nudge_hostile_spike": (
        _("That was a rough run of chats"),
        _("You just had several abusive customers in a short time. It is not about you. Take a short break if you can; your page has a few things that help."),
    ),
    "outreach_new": (
        _("New in the outreach queue"),
        ngettext_lazy(
            "%(count)s agent who agreed to be contacted needs a look.",
            "%(count)s agents who agreed to be contacted need a look.",
            "count",
        ),
    ),
    "team_hostile_exposure": (
        _("%(team)s: heavy hostile exposure today"),
        _("%(count)s agents faced %(threshold)s or more hostile conversations today: %(names)s."),
    ),
    "team_overtime_cap": (
        _("%(team)s: over the weekly hours cap"),
        _("%(count)s agents are over the %(cap)s h weekly cap: %(names)s."),
    ),
    "team_hostile_burst": (
        _("%(team)s: abusive chats in a short time"),
        _("%(names)s just had %(count)s abusive chats in %(minutes)s minutes (%(at)s). Time to step in or give a break."),
    ),
    # Activities (hearth/activities): places from the waiting list, cancellations, the leadership open channel.
    "activity_place_freed": (
        _("You have a place: %(title)s"),
        _("A place came free and it is yours: %(title)s, %(starts)s. If you cannot come after all, cancel so the next person gets it."),
    ),
    "activity_changed": (
        _("Changed: %(title)s"),
        _("%(title)s has changed: it is now on %(starts)s, at %(where)s. Your place stays yours; cancel if you cannot come."),
    ),
    "activity_cancelled": (
        _("Cancelled: %(title)s"),
        _("%(title)s (%(starts)s) has been cancelled."),
    ),
    "channel_question_new": (
        _("New on the open channel"),
        _("A question or suggestion for leadership is waiting for an answer."),
    ),
    "channel_answered": (
        _("Your question was answered"),
        _("Leadership answered your question on the open channel."),
    ),
    # Training (hearth/training): a certification test passed.
    "certificate_issued": (
        _("Your certificate is ready"),
        _("You passed %(title)s. Your certificate number is %(number)s."),
    ),
    # The diary and the peer buddy (hearth/diaries): in-app only; the escalation notice goes to the agent only.
    "diary_entry_shared": (
        _("A diary entry shared with you"),
        _("%(name)s chose to share a diary entry with you. Please keep it to yourself."),
    ),
    "buddy_invited": (
        _("A buddy invitation"),
        _("%(name)s would like to be your buddy. You can accept or decline; nobody else is told."),
    ),
    "buddy_paired": (
        _("You have a buddy"),
        _("You and %(name)s are buddies now. Have a look at the short guide, and check in now and then."),
    ),
    "buddy_declined": (
        _("About your buddy invitation"),
        _("%(name)s cannot be your buddy right now. You can ask someone else, or the social worker can pair you."),
    ),
    "buddy_ended": (
        _("Your buddy pairing has ended"),
        _("The pairing has ended. Entries you shared with each other are no longer shared."),
    ),
    "buddy_checkin_due": (
        _("Time for a buddy check-in"),
        _("You and %(name)s have not checked in for %(days)s days. Five minutes is enough: how are you both doing?"),
    ),
    "buddy_suggests_talk": (
        _("A suggestion from your buddy"),
        _("%(name)s thinks a talk with the social worker might help. It is your choice: nothing has been passed on."),
    ),
}


# Chat-webhook wording, rendered in each channel's language when the delivery is created.
WEBHOOK_LINK_LABEL = _("Open in Hearth")
WEBHOOK_TEST = (
    _("Hearth test message"),
    _("This chat is connected to Hearth: the alerts chosen for it will appear here."),
)
# The outreach queue topic says how many new items wait, never who or why.
WEBHOOK_OUTREACH_QUEUE = (
    _("Social worker's queue"),
    ngettext_lazy(
        "%(count)s new item in the social worker's queue.",
        "%(count)s new items in the social worker's queue.",
        "count",
    ),
)


def render_notice(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """Title and body of a notice in the active language."""
    title, body = MESSAGES[kind]
    return str(title) % params, str(body) % params
