"""Chatwoot: messages, conversations and CSAT survey responses as its API returns them.

Accepted files: `{"payload": [...]}` of messages (the conversation's messages endpoint);
`{"data": {"meta": ..., "payload": [...]}}` of conversations (the conversations list; embedded
`messages` are read too); a list (or `{"payload": [...]}`) of `csat_survey_responses`; JSONL of
any of these. Roles from `message_type`: 0 incoming → customer; 1 outgoing → agent (`sender.id`),
or bot when `sender_type` is AgentBot or there is no sender (automations, campaigns); 2 activity
→ system; 3 template → bot. `private` is an internal note. Times are unix seconds (UTC).
A conversation ends at its last activity (`timestamp`) when its status is resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hearth.engine.canonical import AuthorRole, Conversation, Csat, Message
from hearth.engine.i18n import gettext as _
from hearth.engine.readers.base import (
    Context,
    FieldError,
    Item,
    get,
    json_records,
    number,
    optional_time,
    parse_time,
    strings,
    sub_error,
    text_id,
)

SOURCE = "chatwoot"
TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}


def read_chatwoot(paths: list[Path], ctx: Context) -> Iterator[Item]:
    """Records from Chatwoot API JSON."""

    def handle(member: str, value: Any, name: str) -> Iterator[Item]:
        if "meta" in member.split("."):
            return  # counts and filters, not records
        if not isinstance(value, dict):
            if member.rsplit(".", 1)[-1] in {"", "payload", "data"}:
                raise FieldError("", _("a record must be a JSON object"))
            return
        if "message_type" in value:
            yield _message(value, ctx)
        elif "rating" in value:
            yield _csat(value)
        elif "inbox_id" in value or "messages" in value:
            yield from _conversation(value, ctx)
        else:
            raise FieldError("", _("not a Chatwoot message, conversation or CSAT response"))

    yield from json_records(paths, ctx, handle)


def _message(item: dict[str, Any], ctx: Context) -> Message:
    kind = item.get("message_type")
    kind = TYPES.get(kind, kind) if isinstance(kind, str) else kind
    sender_type = str(item.get("sender_type") or get(item, "sender", "type") or "")
    sender = text_id(
        get(item, "sender", "id") or item.get("sender_id"), "sender.id", required=False
    )
    author: AuthorRole
    if kind == 0:
        author = "customer"
    elif kind == 1:
        bot = sender_type.lower() in {"agentbot", "agent_bot"} or not sender
        author = "bot" if bot else "agent"
    elif kind == 2:
        author = "system"
    elif kind == 3:
        author = "bot"
    else:
        raise FieldError(
            "message_type",
            _("{value!r} is not a Chatwoot message type (0, 1, 2 or 3)").format(
                value=item.get("message_type")
            ),
        )
    return Message(
        source=SOURCE,
        conversation_id=text_id(item.get("conversation_id"), "conversation_id"),
        message_id=text_id(item.get("id"), "id"),
        sent_at=parse_time(item.get("created_at"), "created_at", ctx.default_tz),
        author_role=author,
        text=str(item.get("content") or ""),
        agent_id=sender if author == "agent" else "",
        internal=bool(item.get("private")),
    )


def _conversation(item: dict[str, Any], ctx: Context) -> Iterator[Item]:
    cid = text_id(item.get("id"), "id")
    tz = ctx.default_tz
    assignee = text_id(get(item, "meta", "assignee", "id"), "meta.assignee.id", required=False)
    team = (
        get(item, "meta", "team", "name") or get(item, "meta", "team", "id") or item.get("team_id")
    )
    channel = get(item, "meta", "channel") or (
        f"inbox:{item['inbox_id']}" if item.get("inbox_id") else ""
    )
    resolved = item.get("status") == "resolved"
    yield Conversation(
        source=SOURCE,
        conversation_id=cid,
        channel=str(channel),
        started_at=optional_time(item.get("created_at"), "created_at", tz),
        ended_at=optional_time(item.get("timestamp"), "timestamp", tz) if resolved else None,
        assignees=(assignee,) if assignee else (),
        team=str(team or ""),
        customer_locale=str(
            get(item, "meta", "sender", "additional_attributes", "browser_language") or ""
        ),
        tags=strings(item.get("labels")),
    )
    for i, message in enumerate(item.get("messages") or []):
        try:
            if not isinstance(message, dict):
                raise FieldError("", _("a record must be a JSON object"))
            yield _message({"conversation_id": cid, **message}, ctx)
        except FieldError as exc:
            yield sub_error(f"messages[{i}]", exc, message)


def _csat(item: dict[str, Any]) -> Conversation:
    rating = number(item.get("rating"), "rating")
    if rating is None or not 1 <= rating <= 5:
        raise FieldError(
            "rating", _("{value!r} is not a rating from 1 to 5").format(value=item.get("rating"))
        )
    cid = item.get("conversation_id") or get(item, "conversation", "id")
    return Conversation(
        source=SOURCE,
        conversation_id=text_id(cid, "conversation_id"),
        csat=Csat(score=rating, scale=5, comment=str(item.get("feedback_message") or "")),
    )
