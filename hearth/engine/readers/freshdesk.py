"""Freshdesk: tickets (with `conversations` and `stats`), conversations lists, satisfaction ratings.

Accepted files (JSON array as the API returns it, `{"tickets": [...]}`, or JSONL): tickets; the
`/tickets/{id}/conversations` list (each item has `ticket_id`); `/surveys/satisfaction_ratings`.
The ticket's `description_text` is its first message, from the requester (from the responder
when the ticket is an outbound e-mail, source 10). A conversation with `incoming: true` is the
customer's; otherwise the agent's (`user_id`), `private: true` being an internal note. Ended at
`stats.resolved_at`, else `stats.closed_at`. Ratings: Freshdesk's seven-point values -103
(extremely unhappy) … 100 (neutral) … 103 (extremely happy) become 1…7 on a scale of 7; plain
1–5 values stay on a scale of 5.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hearth.engine.canonical import Conversation, Csat, Message
from hearth.engine.i18n import gettext as _
from hearth.engine.readers.base import (
    Context,
    FieldError,
    Item,
    get,
    html_to_text,
    json_records,
    optional_time,
    parse_time,
    strings,
    sub_error,
    text_id,
)

SOURCE = "freshdesk"
CHANNELS = {
    1: "email",
    2: "portal",
    3: "phone",
    7: "chat",
    9: "feedback_widget",
    10: "outbound_email",
}
SEVEN_POINT = {-103: 1, -102: 2, -101: 3, 100: 4, 101: 5, 102: 6, 103: 7}
OUTBOUND = 10


def read_freshdesk(paths: list[Path], ctx: Context) -> Iterator[Item]:
    """Records from Freshdesk JSON exports."""

    def handle(member: str, value: Any, name: str) -> Iterator[Item]:
        if not isinstance(value, dict):
            if member.rsplit(".", 1)[-1] in {
                "",
                "tickets",
                "conversations",
                "satisfaction_ratings",
            }:
                raise FieldError("", _("a record must be a JSON object"))
            return
        if "ratings" in value:
            yield from _rating(value)
        elif "ticket_id" in value and ("body_text" in value or "incoming" in value):
            yield _conversation_message(value, text_id(value.get("ticket_id"), "ticket_id"), ctx)
        elif "id" in value and (
            "subject" in value or "requester_id" in value or "conversations" in value
        ):
            yield from _ticket(value, ctx)
        else:
            raise FieldError("", _("not a Freshdesk ticket, conversation or rating"))

    yield from json_records(paths, ctx, handle)


def _ticket(ticket: dict[str, Any], ctx: Context) -> Iterator[Item]:
    tid = text_id(ticket.get("id"), "id")
    tz = ctx.default_tz
    responder = text_id(ticket.get("responder_id"), "responder_id", required=False)
    group = text_id(ticket.get("group_id"), "group_id", required=False)
    source = ticket.get("source")
    ended = optional_time(
        get(ticket, "stats", "resolved_at"), "stats.resolved_at", tz
    ) or optional_time(get(ticket, "stats", "closed_at"), "stats.closed_at", tz)
    created = optional_time(ticket.get("created_at"), "created_at", tz)
    yield Conversation(
        source=SOURCE,
        conversation_id=tid,
        channel=CHANNELS.get(source, str(source or ""))
        if isinstance(source, int)
        else str(source or ""),
        started_at=created,
        ended_at=ended,
        assignees=(responder,) if responder else (),
        team=group,
        tags=strings(ticket.get("tags")),
    )
    description = ticket.get("description_text") or html_to_text(
        str(ticket.get("description") or "")
    )
    if description and created is not None:
        outbound = source == OUTBOUND
        if outbound and not responder:
            raise FieldError("responder_id", _("an outbound ticket needs its agent (responder_id)"))
        yield Message(
            source=SOURCE,
            conversation_id=tid,
            message_id=f"{tid}-description",
            sent_at=created,
            author_role="agent" if outbound else "customer",
            text=str(description),
            agent_id=responder if outbound else "",
        )
    conversations = ticket.get("conversations") or []
    if not isinstance(conversations, list):
        raise FieldError("conversations", _("must be a list"))
    for i, conversation in enumerate(conversations):
        try:
            if not isinstance(conversation, dict):
                raise FieldError("", _("a record must be a JSON object"))
            yield _conversation_message(conversation, tid, ctx)
        except FieldError as exc:
            yield sub_error(f"conversations[{i}]", exc, conversation)


def _conversation_message(item: dict[str, Any], tid: str, ctx: Context) -> Message:
    incoming = item.get("incoming")
    if not isinstance(incoming, bool):
        raise FieldError("incoming", _("{value!r} is not true or false").format(value=incoming))
    user = text_id(item.get("user_id"), "user_id", required=not incoming)
    text = item.get("body_text")
    if text is None:
        text = html_to_text(str(item.get("body") or ""))
    return Message(
        source=SOURCE,
        conversation_id=tid,
        message_id=text_id(item.get("id"), "id"),
        sent_at=parse_time(item.get("created_at"), "created_at", ctx.default_tz),
        author_role="customer" if incoming else "agent",
        text=str(text),
        agent_id="" if incoming else user,
        internal=bool(item.get("private")) and not incoming,
    )


def _rating(rating: dict[str, Any]) -> Iterator[Item]:
    tid = text_id(rating.get("ticket_id"), "ticket_id")
    value = get(rating, "ratings", "default_question")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(
            "ratings.default_question", _("{value!r} is not a rating").format(value=value)
        )
    if int(value) in SEVEN_POINT:
        score, scale = float(SEVEN_POINT[int(value)]), 7.0
    elif 1 <= value <= 5:
        score, scale = float(value), 5.0
    else:
        raise FieldError(
            "ratings.default_question", _("{value!r} is not a rating").format(value=value)
        )
    yield Conversation(
        source=SOURCE,
        conversation_id=tid,
        csat=Csat(score=score, scale=scale, comment=str(rating.get("feedback") or "")),
    )
