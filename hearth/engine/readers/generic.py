"""The generic format: one message per line (JSONL or CSV), conversation fields on the line or in a conversations file.

Message fields: source (default "generic"), conversation_id, message_id, sent_at (ISO 8601 with
an offset), author_role (customer|agent|bot|system), agent_id (required for agent messages),
internal, text. Conversation fields: channel, started_at, ended_at, assignees, team,
customer_locale, customer_time_zone, csat_score, csat_scale, csat_comment, tags. A Conversation
record comes before the first message of each conversation, and again when a later line adds
or changes a field (consumers merge by id). Which conversations were already announced is kept
for the most recent 10,000 only, so memory stays flat; an older one may be announced again.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from hearth.engine.canonical import Conversation, Csat, Message, RecordError, conversation_merge
from hearth.engine.i18n import gettext as _
from hearth.engine.readers.base import (
    Bad,
    Context,
    FieldError,
    Item,
    detect_encoding,
    display,
    each_file,
    flag,
    iter_jsonl,
    number,
    parse_time,
    raw_json,
    role,
    strings,
    text_id,
)

MESSAGE_FIELDS = (
    "source",
    "conversation_id",
    "message_id",
    "sent_at",
    "author_role",
    "agent_id",
    "internal",
    "text",
)
CONVERSATION_FIELDS = (
    "channel",
    "started_at",
    "ended_at",
    "assignees",
    "team",
    "customer_locale",
    "customer_time_zone",
    "csat_score",
    "csat_scale",
    "csat_comment",
    "tags",
)
FIELDS = MESSAGE_FIELDS + CONVERSATION_FIELDS
ANNOUNCED_LIMIT = 10_000

TimeParser = Callable[[object, str], datetime]


class Converter:
    """Turns rows of canonical fields into records, announcing each conversation once per change."""

    def __init__(
        self,
        ctx: Context,
        *,
        parse: TimeParser | None = None,
        roles: Mapping[str, str] | None = None,
        default_source: str = "generic",
    ) -> None:
        self._parse: TimeParser = parse or (
            lambda value, field: parse_time(value, field, ctx.default_tz)
        )
        self._roles = dict(roles or {})
        self._source = default_source
        self._announced: OrderedDict[tuple[str, str], Conversation] = OrderedDict()

    def records(
        self, row: Mapping[str, Any], *, file: str, number_: int, raw: str, message: bool = True
    ) -> Iterator[Item]:
        """The records of one row (a conversation if new or changed, then the message), or one Bad."""
        try:
            conversation = self.conversation(row)
            msg = self.message(row) if message else None
        except FieldError as exc:
            yield Bad(RecordError(file, number_, exc.field, exc.message), raw)
            return
        announced = self.announce(conversation)
        if announced is not None:
            yield announced
        if msg is not None:
            yield msg

    def announce(self, conversation: Conversation) -> Conversation | None:
        """The conversation to yield (merged with what was announced), or None if nothing is new."""
        key = (conversation.source, conversation.conversation_id)
        known = self._announced.get(key)
        merged = conversation if known is None else merge(known, conversation)
        if known is not None:
            self._announced.move_to_end(key)
            if merged == known:
                return None
        self._announced[key] = merged
        if len(self._announced) > ANNOUNCED_LIMIT:
            self._announced.popitem(last=False)
        return merged

    def source(self, row: Mapping[str, Any]) -> str:
        """The row's source, or the reader's default."""
        value = row.get("source")
        return str(value).strip() if value not in (None, "") else self._source

    def conversation(self, row: Mapping[str, Any]) -> Conversation:
        """The conversation fields of a row."""
        score = number(row.get("csat_score"), "csat_score")
        scale = number(row.get("csat_scale"), "csat_scale")
        csat = None
        if score is not None:
            if scale is None:
                raise FieldError("csat_scale", _("a CSAT score needs its scale (e.g. 5)"))
            if not 0 <= score <= scale:
                raise FieldError(
                    "csat_score",
                    _("{score} is not between 0 and the scale {scale}").format(
                        score=score, scale=scale
                    ),
                )
            csat = Csat(score=score, scale=scale, comment=str(row.get("csat_comment") or ""))
        return Conversation(
            source=self.source(row),
            conversation_id=text_id(row.get("conversation_id"), "conversation_id"),
            channel=str(row.get("channel") or "").strip(),
            started_at=self._optional(row.get("started_at"), "started_at"),
            ended_at=self._optional(row.get("ended_at"), "ended_at"),
            assignees=strings(row.get("assignees")),
            team=str(row.get("team") or "").strip(),
            customer_locale=str(row.get("customer_locale") or "").strip(),
            customer_time_zone=str(row.get("customer_time_zone") or "").strip(),
            csat=csat,
            tags=strings(row.get("tags")),
        )

    def message(self, row: Mapping[str, Any]) -> Message:
        """The message fields of a row."""
        raw_role = row.get("author_role")
        if self._roles:
            raw_role = self._roles.get(str(raw_role or "").strip(), raw_role)
        author = role(raw_role, "author_role")
        agent_id = text_id(row.get("agent_id"), "agent_id", required=False)
        if author == "agent" and not agent_id:
            raise FieldError("agent_id", _("an agent message needs the agent's id"))
        return Message(
            source=self.source(row),
            conversation_id=text_id(row.get("conversation_id"), "conversation_id"),
            message_id=text_id(row.get("message_id"), "message_id"),
            sent_at=self._parse(row.get("sent_at"), "sent_at"),
            author_role=author,
            text=str(row.get("text") or ""),
            agent_id=agent_id,
            internal=flag(row.get("internal"), "internal"),
        )

    def _optional(self, value: object, field: str) -> datetime | None:
        if value is None or value == "":
            return None
        return self._parse(value, field)


def merge(old: Conversation, new: Conversation) -> Conversation:
    """The old conversation with every non-empty field of the new one."""
    return conversation_merge(old, new)


# --------------------------------------------------------------------------------- the reader


def read_generic(paths: list[Path], ctx: Context) -> Iterator[Item]:
    """Generic JSONL/CSV files; conversations files (name contains 'conversation', no message_id) first."""
    converter = Converter(ctx)
    kinds = [(path, _is_conversations_file(path, ctx)) for path in paths]
    ordered = [p for p, conv in kinds if conv] + [p for p, conv in kinds if not conv]
    conversation_files = {p for p, conv in kinds if conv}
    for path in each_file(ordered, ctx):
        message = path not in conversation_files
        rows = iter_csv(path, ctx) if path.suffix.lower() == ".csv" else _jsonl_rows(path, ctx)
        for row in rows:
            if isinstance(row, Bad):
                yield row
                continue
            number_, values, raw = row
            yield from converter.records(
                values, file=display(path), number_=number_, raw=raw, message=message
            )


def _jsonl_rows(path: Path, ctx: Context) -> Iterator[tuple[int, dict[str, Any], str] | Bad]:
    for item in iter_jsonl(path, ctx):
        if isinstance(item, Bad):
            yield item
            continue
        number_, value = item
        if not isinstance(value, dict):
            yield Bad(
                RecordError(display(path), number_, "", _("the line is not a JSON object")),
                raw_json(value),
            )
            continue
        yield number_, value, raw_json(value)


def iter_csv(path: Path, ctx: Context) -> Iterator[tuple[int, dict[str, Any], str] | Bad]:
    """(first line number, {header: cell}, raw line) per CSV row, or a Bad for a broken row."""
    name = display(path)
    encoding = detect_encoding(path, ctx.encoding)
    with path.open("rb") as binary, io.TextIOWrapper(binary, encoding=encoding, newline="") as text:
        reader = csv.reader(text, strict=True)
        header: list[str] | None = None
        last_line = 0
        while True:
            start = last_line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                last_line = reader.line_num
                yield Bad(
                    RecordError(
                        name,
                        start,
                        "",
                        _("the CSV row is broken (cut short?): {error}").format(error=exc),
                    ),
                    "",
                )
                continue
            except UnicodeDecodeError:
                yield Bad(
                    RecordError(
                        name,
                        start,
                        "",
                        _("the file is not {encoding} text").format(encoding=encoding),
                    ),
                    "",
                )
                return
            last_line = reader.line_num
            ctx.position.offset = binary.tell()
            ctx.position.record = start
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lstrip("\ufeff") for cell in row]
                continue
            raw = ",".join(row)
            if len(row) != len(header):
                yield Bad(
                    RecordError(
                        name,
                        start,
                        "",
                        _(
                            "this row has {found} columns, the header {expected} (cut short?)"
                        ).format(found=len(row), expected=len(header)),
                    ),
                    raw,
                )
                continue
            yield start, dict(zip(header, row, strict=True)), raw


def _is_conversations_file(path: Path, ctx: Context) -> bool:
    if "conversation" not in path.name.lower():
        return False
    encoding = detect_encoding(path, ctx.encoding)
    try:
        with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
            first = handle.readline()
    except OSError:
        return False
    return "message_id" not in first
