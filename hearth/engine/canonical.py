"""Hearth's canonical helpdesk data: conversations and messages, whatever the helpdesk.

Every reader (generic JSONL/CSV, Zendesk, Freshdesk, Chatwoot, Zammad, column mappings) turns
its source into these records; detectors, features, ingest and Spark all speak them. Times are
always timezone-aware. The generic format (README, "Helpdesk data") is these fields, one
message per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

AuthorRole = Literal["customer", "agent", "bot", "system"]
AUTHOR_ROLES: tuple[AuthorRole, ...] = ("customer", "agent", "bot", "system")


@dataclass(frozen=True, slots=True)
class Csat:
    """A customer-satisfaction rating: score on a scale (e.g. 4 of 5), with an optional comment."""

    score: float
    scale: float
    comment: str = ""

    @property
    def normalised(self) -> float:
        """The score on 0–1 (1 = best), so ratings on different scales can be averaged."""
        return self.score / self.scale if self.scale else 0.0


@dataclass(frozen=True, slots=True)
class Conversation:
    """A conversation (ticket, chat) as the helpdesk knows it; `(source, conversation_id)` identifies it."""

    source: str
    conversation_id: str
    channel: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    assignees: tuple[str, ...] = ()
    team: str = ""
    customer_locale: str = ""
    customer_time_zone: str = ""
    csat: Csat | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Message:
    """One message; `(source, conversation_id, message_id)` identifies it across exports."""

    source: str
    conversation_id: str
    message_id: str
    sent_at: datetime
    author_role: AuthorRole
    text: str = ""
    agent_id: str = ""  # the helpdesk account of the agent, for agent messages
    internal: bool = False  # an internal note, never seen by the customer


@dataclass(frozen=True, slots=True)
class RecordError:
    """A bad record: where (file, line or record number, field) and why, in words an operator can act on."""

    file: str
    record: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.record}" + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.message}"


Record = Conversation | Message


def conversation_merge(earlier: Conversation | None, later: Conversation) -> Conversation:
    """One conversation from two records of it: what the later one sets wins, what it leaves empty is kept."""
    if earlier is None:
        return later
    from dataclasses import fields, replace

    changes = {f.name: getattr(later, f.name) for f in fields(later) if getattr(later, f.name) not in (None, "", ())}
    return replace(earlier, **changes)
