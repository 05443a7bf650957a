"""Zendesk: ticket exports and incremental exports, ticket comments, satisfaction ratings.

Accepted files (JSON, or JSONL with one ticket per line): `{"tickets": [...]}` (comments may be
embedded as `comments`), `{"comments": [...]}` (the ticket id from a `ticket_id` field or the
digits of the file name, e.g. `ticket_123_comments.json`), `{"satisfaction_ratings": [...]}`,
`{"survey_responses": [...]}`, and the `users` / `groups` side-loads.

Author roles, in order: the `users` side-load (end-user → customer, agent/admin → agent); the
ticket's requester → customer; the ticket's assignee or followers → agent; author -1 or
`via.channel` rule/system → system; another author writing through web/api/mobile → agent
(agents answer in the agent workspace); anyone else (an e-mail CC) → customer. `public: false` is
an internal note. CSAT good/bad → 1/0 on a scale of 1; offered/unoffered is no rating.
The requester/assignee of tickets exported without comments are kept (a few ids per ticket) so
a later comments file can be attributed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hearth.engine.canonical import Conversation, Csat, Message
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

SOURCE = "zendesk"
AGENT_CHANNELS = frozenset({"web", "api", "mobile", "mobile_sdk", "sample_ticket"})
SYSTEM_CHANNELS = frozenset({"rule", "system", "automation"})
ROLES = {"end-user": "customer", "agent": "agent", "admin": "agent"}


@dataclass
class _State:
    users: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    tickets: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)


def read_zendesk(paths: list[Path], ctx: Context) -> Iterator[Item]:
    """Records from Zendesk JSON exports."""
    state = _State()

    def handle(member: str, value: Any, name: str) -> Iterator[Item]:
        kind = member.rsplit(".", 1)[-1]
        if kind == "" and isinstance(value, dict):
            kind = _guess(value)
        if not isinstance(value, dict):
            if kind in {
                "tickets",
                "comments",
                "satisfaction_ratings",
                "survey_responses",
                "users",
                "groups",
            }:
                raise FieldError("", _("a record must be a JSON object"))
            return
        if kind == "users":
            state.users[text_id(value.get("id"), "id")] = ROLES.get(
                str(value.get("role")), "customer"
            )
        elif kind == "groups":
            state.groups[text_id(value.get("id"), "id")] = str(value.get("name") or "")
        elif kind == "tickets":
            yield from _ticket(value, state, ctx)
        elif kind == "comments":
            ticket = value.get("ticket_id") or _ticket_from_name(name)
            yield from _comments([value], text_id(ticket, "ticket_id"), state, ctx, prefix="")
        elif kind == "satisfaction_ratings":
            yield from _rating(value, ctx)
        elif kind == "survey_responses":
            yield from _survey_response(value)
        else:
            raise FieldError("", _("not a Zendesk ticket, comment or rating"))

    yield from json_records(paths, ctx, handle)


def _guess(value: dict[str, Any]) -> str:
    if "requester_id" in value or "subject" in value:
        return "tickets"
    if "author_id" in value:
        return "comments"
    if "score" in value and "ticket_id" in value:
        return "satisfaction_ratings"
    if "answers" in value:
        return "survey_responses"
    return "unknown"


def _ticket_from_name(name: str) -> str | None:
    found = re.search(r"(\d+)", name)
    return found.group(1) if found else None


def _ticket(ticket: dict[str, Any], state: _State, ctx: Context) -> Iterator[Item]:
    tid = text_id(ticket.get("id"), "id")
    requester = text_id(ticket.get("requester_id"), "requester_id", required=False)
    assignee = text_id(ticket.get("assignee_id"), "assignee_id", required=False)
    agents = frozenset(
        [assignee] * bool(assignee) + [str(f) for f in ticket.get("follower_ids") or []]
    )
    status = str(ticket.get("status") or "")
    group = text_id(ticket.get("group_id"), "group_id", required=False)
    yield Conversation(
        source=SOURCE,
        conversation_id=tid,
        channel=str(get(ticket, "via", "channel") or ""),
        started_at=optional_time(ticket.get("created_at"), "created_at", ctx.default_tz),
        ended_at=optional_time(ticket.get("updated_at"), "updated_at", ctx.default_tz)
        if status in {"solved", "closed"}
        else None,
        assignees=(assignee,) if assignee else (),
        team=state.groups.get(group, group),
        csat=_csat(ticket.get("satisfaction_rating"), "satisfaction_rating"),
        tags=strings(ticket.get("tags")),
    )
    comments = ticket.get("comments")
    if comments is None:
        state.tickets[tid] = (requester, agents)
        return
    if not isinstance(comments, list):
        raise FieldError("comments", _("must be a list"))
    state.tickets.pop(tid, None)
    yield from _comments(comments, tid, state, ctx, prefix="comments", people=(requester, agents))


def _comments(
    comments: list[Any],
    tid: str,
    state: _State,
    ctx: Context,
    *,
    prefix: str,
    people: tuple[str, frozenset[str]] | None = None,
) -> Iterator[Item]:
    requester, agents = people or state.tickets.get(tid, ("", frozenset()))
    for i, comment in enumerate(comments):
        where = f"{prefix}[{i}]" if prefix else ""
        try:
            if not isinstance(comment, dict):
                raise FieldError("", _("a record must be a JSON object"))
            author = text_id(comment.get("author_id"), "author_id")
            public = comment.get("public", True)
            text = comment.get("plain_body") or comment.get("body") or ""
            author_role = _role(
                author, requester, agents, state, str(get(comment, "via", "channel") or "")
            )
            yield Message(
                source=SOURCE,
                conversation_id=tid,
                message_id=text_id(comment.get("id"), "id"),
                sent_at=parse_time(comment.get("created_at"), "created_at", ctx.default_tz),
                author_role=author_role,
                text=str(text),
                agent_id=author if author_role == "agent" else "",
                internal=public is False,
            )
        except FieldError as exc:
            if not where:
                raise
            yield sub_error(where, exc, comment)


def _role(author: str, requester: str, agents: frozenset[str], state: _State, channel: str) -> Any:
    if author in state.users:
        return state.users[author]
    if author == requester:
        return "customer"
    if author in agents:
        return "agent"
    if author == "-1" or channel in SYSTEM_CHANNELS:
        return "system"
    if channel in AGENT_CHANNELS:
        return "agent"
    return "customer"


def _csat(rating: Any, field: str) -> Csat | None:
    if not isinstance(rating, dict):
        return None
    score = str(rating.get("score") or "")
    comment = str(rating.get("comment") or "")
    if score == "good":
        return Csat(score=1, scale=1, comment=comment)
    if score == "bad":
        return Csat(score=0, scale=1, comment=comment)
    if score in {"offered", "unoffered", ""}:
        return None
    raise FieldError(
        f"{field}.score",
        _("{value!r} is not a Zendesk rating (good, bad, offered, unoffered)").format(value=score),
    )


def _rating(rating: dict[str, Any], ctx: Context) -> Iterator[Item]:
    csat = _csat(rating, "")
    tid = text_id(rating.get("ticket_id"), "ticket_id")
    if csat is not None:
        yield Conversation(source=SOURCE, conversation_id=tid, csat=csat)


def _survey_response(response: dict[str, Any]) -> Iterator[Item]:
    # Zendesk's CSAT survey responses name the ticket as a ZRN ("zen:ticket:123") and hold the
    # rating in a rating-scale answer; the scale defaults to 5 points when not given.
    tickets = [
        m.group(1)
        for z in response.get("subject_zrns") or []
        if (m := re.fullmatch(r"zen:ticket:(\d+)", str(z)))
    ]
    if not tickets:
        raise FieldError("subject_zrns", _("no ticket is named"))
    for i, answer in enumerate(response.get("answers") or []):
        if not isinstance(answer, dict) or "rating" not in answer:
            continue
        score = number(answer.get("rating"), f"answers[{i}].rating")
        scale = number(answer.get("scale") or answer.get("max_rating") or 5, f"answers[{i}].scale")
        if score is None or scale is None:
            continue
        comment = next(
            (
                str(a.get("value") or "")
                for a in response.get("answers") or []
                if isinstance(a, dict) and a.get("type") == "open_ended"
            ),
            "",
        )
        yield Conversation(
            source=SOURCE,
            conversation_id=tickets[0],
            csat=Csat(score=score, scale=scale, comment=comment),
        )
        return
    raise FieldError("answers", _("no rating answer"))
