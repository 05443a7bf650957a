"""Zammad: tickets and articles JSON (the REST API, expanded or not, or JSONL).

Tickets: `id`, `group` (or `group_id`), `owner_id` (1 is Zammad's "nobody": no assignee),
`created_at`, `close_at`, `tags`, optional embedded `articles`. Articles: `ticket_id`, `id`,
`sender` Customer/Agent/System (or `sender_id` 2/1/3 when not expanded), `internal`,
`created_at`, `body`, `created_by_id` (the agent), `content_type` (text/html is turned into
plain text).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hearth.engine.canonical import AuthorRole, Conversation, Message
from hearth.engine.i18n import gettext as _
from hearth.engine.readers.base import (
    Context,
    FieldError,
    Item,
    flag,
    html_to_text,
    json_records,
    optional_time,
    parse_time,
    strings,
    sub_error,
    text_id,
)

SOURCE = "zammad"
SENDERS: dict[str, AuthorRole] = {"customer": "customer", "agent": "agent", "system": "system"}
SENDER_IDS: dict[int, AuthorRole] = {1: "agent", 2: "customer", 3: "system"}
NOBODY = "1"


def read_zammad(paths: list[Path], ctx: Context) -> Iterator[Item]:
    """Records from Zammad JSON exports."""

    def handle(member: str, value: Any, name: str) -> Iterator[Item]:
        if not isinstance(value, dict):
            if member.rsplit(".", 1)[-1] in {"", "tickets", "articles"}:
                raise FieldError("", _("a record must be a JSON object"))
            return
        if "ticket_id" in value:
            yield _article(value, text_id(value.get("ticket_id"), "ticket_id"), ctx)
        elif "id" in value and (
            "group" in value or "group_id" in value or "title" in value or "articles" in value
        ):
            yield from _ticket(value, ctx)
        else:
            raise FieldError("", _("not a Zammad ticket or article"))

    yield from json_records(paths, ctx, handle)


def _ticket(ticket: dict[str, Any], ctx: Context) -> Iterator[Item]:
    tid = text_id(ticket.get("id"), "id")
    owner = text_id(ticket.get("owner_id"), "owner_id", required=False)
    group = ticket.get("group") or ticket.get("group_id")
    yield Conversation(
        source=SOURCE,
        conversation_id=tid,
        channel=str(ticket.get("create_article_type") or ""),
        started_at=optional_time(ticket.get("created_at"), "created_at", ctx.default_tz),
        ended_at=optional_time(ticket.get("close_at"), "close_at", ctx.default_tz),
        assignees=(owner,) if owner and owner != NOBODY else (),
        team=str(group or ""),
        tags=strings(ticket.get("tags")),
    )
    for i, article in enumerate(ticket.get("articles") or []):
        try:
            if not isinstance(article, dict):
                raise FieldError("", _("a record must be a JSON object"))
            yield _article(article, tid, ctx)
        except FieldError as exc:
            yield sub_error(f"articles[{i}]", exc, article)


def _article(article: dict[str, Any], tid: str, ctx: Context) -> Message:
    sender = article.get("sender")
    author: AuthorRole | None
    if sender is not None:
        author = SENDERS.get(str(sender).strip().lower())
        field = "sender"
    else:
        raw_id = article.get("sender_id")
        author = SENDER_IDS.get(raw_id) if isinstance(raw_id, int) else None
        sender, field = raw_id, "sender_id"
    if author is None:
        raise FieldError(
            field,
            _("{value!r} is not a Zammad sender (Customer, Agent or System)").format(value=sender),
        )
    body = str(article.get("body") or "")
    if "html" in str(article.get("content_type") or "").lower():
        body = html_to_text(body)
    agent = text_id(article.get("created_by_id"), "created_by_id", required=author == "agent")
    return Message(
        source=SOURCE,
        conversation_id=tid,
        message_id=text_id(article.get("id"), "id"),
        sent_at=parse_time(article.get("created_at"), "created_at", ctx.default_tz),
        author_role=author,
        text=body,
        agent_id=agent if author == "agent" else "",
        internal=flag(article.get("internal"), "internal"),
    )
