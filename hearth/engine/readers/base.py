"""What every reader shares: the record stream, errors, times, encodings and streaming JSON.

A reader is a generator of `Item`s: a canonical record, or a `Bad` record with its location and
raw text. `RecordStream` turns bad records into errors (strict: raise at the first one; lenient:
keep them in `.errors`, append them to the quarantine file and go on), counts everything and
tells where it is for progress bars. Record numbers are 1-based line numbers for JSONL and CSV
and 1-based record numbers for JSON arrays; fields inside a record are JSON paths
(`comments[3].created_at`, subscripts from 0).
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hearth.engine.canonical import AUTHOR_ROLES, AuthorRole, Conversation, Message, RecordError
from hearth.engine.i18n import gettext as _

CHUNK = 1 << 16
MAX_RECORD_CHARS = 64 << 20  # one JSON record larger than this is refused, not buffered


class ReaderError(ValueError):
    """A bad record in a strict run (or an unreadable file); `.error` says where and why."""

    def __init__(self, error: RecordError) -> None:
        super().__init__(str(error))
        self.error = error


class FieldError(ValueError):
    """A bad value inside a record; the reader adds the file and record number."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Bad:
    """A record that could not be read, with its raw text for the quarantine file."""

    error: RecordError
    raw: str = ""


Item = Conversation | Message | Bad


@dataclass(slots=True)
class Counts:
    """What a stream has produced so far."""

    records: int = 0
    messages: int = 0
    conversations: int = 0
    errors: int = 0


@dataclass(slots=True)
class Position:
    """Where a stream is: the file, the bytes of it read, the line or record number."""

    file: str = ""
    offset: int = 0
    record: int = 0
    done_bytes: int = 0  # bytes of the files already finished, for an overall ETA


@dataclass(slots=True)
class Context:
    """Settings a reader needs, and the position it keeps up to date."""

    encoding: str | None = None
    default_tz: tzinfo | None = None
    position: Position = field(default_factory=Position)


# ----------------------------------------------------------------------------- times and values


def zone(name: str | tzinfo | None) -> tzinfo | None:
    """A tzinfo from an IANA name ('Asia/Shanghai', 'UTC') or a tzinfo; None stays None."""
    if name is None or isinstance(name, tzinfo):
        return name
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(_("{zone!r} is not a known time zone").format(zone=name)) from exc


def parse_time(value: object, field: str, default_tz: tzinfo | None = None) -> datetime:
    """An aware datetime from ISO 8601 text, unix seconds or a datetime; naive needs default_tz."""
    if isinstance(value, bool) or value is None or value == "":
        raise FieldError(field, _("a date-time is missing"))
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise FieldError(field, _("{value!r} is not a date-time").format(value=value)) from exc
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
            return parse_time(float(text), field, default_tz)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            raise FieldError(field, _("{value!r} is not a date-time").format(value=value)) from exc
    else:
        raise FieldError(field, _("{value!r} is not a date-time").format(value=value))
    return aware(moment, field, default_tz)


def aware(moment: datetime, field: str, default_tz: tzinfo | None) -> datetime:
    """The datetime itself if aware, else in default_tz; an error if there is none."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment
    if default_tz is None:
        raise FieldError(
            field,
            _(
                "{value!r} has no time zone (add an offset such as +08:00, or give a default zone)"
            ).format(value=moment.isoformat()),
        )
    return moment.replace(tzinfo=default_tz)


def optional_time(value: object, field: str, default_tz: tzinfo | None) -> datetime | None:
    """parse_time, with None for a missing value."""
    if value is None or value == "":
        return None
    return parse_time(value, field, default_tz)


def text_id(value: object, field: str, *, required: bool = True) -> str:
    """An identifier as text ('123' from 123); an error if required and missing."""
    if value is None or value == "" or isinstance(value, bool | dict | list):
        if required or isinstance(value, bool | dict | list):
            raise FieldError(field, _("an identifier is missing"))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def role(value: object, field: str) -> AuthorRole:
    """One of customer, agent, bot, system."""
    text = str(value or "").strip().lower()
    for known in AUTHOR_ROLES:
        if text == known:
            return known
    raise FieldError(
        field,
        _("{value!r} is not an author role (customer, agent, bot or system)").format(value=value),
    )


def flag(value: object, field: str) -> bool:
    """A boolean from true/false, 1/0, yes/no, 是/否 or empty (false)."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in {"", "0", "false", "no", "n", "f", "否"}:
        return False
    if text in {"1", "true", "yes", "y", "t", "是"}:
        return True
    raise FieldError(field, _("{value!r} is not true or false").format(value=value))


def strings(value: object) -> tuple[str, ...]:
    """A tuple of strings from a list or a comma/semicolon-separated string."""
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return tuple(p.strip() for p in re.split(r"[,;，；]", str(value)) if p.strip())


def number(value: object, field: str) -> float | None:
    """A float, or None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldError(field, _("{value!r} is not a number").format(value=value))
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise FieldError(field, _("{value!r} is not a number").format(value=value)) from exc


def get(record: object, *keys: str) -> Any:
    """record[k1][k2]… or None when any level is missing or not an object."""
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def display(path: Path) -> str:
    """How errors name a file: its name."""
    return path.name


def raw_json(value: object) -> str:
    """A JSON value as compact text for the quarantine file."""
    return json.dumps(value, ensure_ascii=False, default=str)


# ---------------------------------------------------------------------------------- encodings


def detect_encoding(path: Path, encoding: str | None) -> str:
    """The given encoding, else UTF-8 (BOM or not) if a sample decodes, else GB18030."""
    if encoding:
        return encoding
    with path.open("rb") as handle:
        sample = handle.read(CHUNK)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


class CountingReader:
    """A binary file that remembers how many bytes were read, for the stream's position."""

    def __init__(self, handle: IO[bytes], position: Position) -> None:
        self._handle = handle
        self._position = position

    def read(self, size: int = -1) -> bytes:
        """Read and count."""
        data = self._handle.read(size)
        self._position.offset += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        """Read a line and count."""
        data = self._handle.readline(size)
        self._position.offset += len(data)
        return data


# ------------------------------------------------------------------------------------- JSONL


def iter_jsonl(path: Path, ctx: Context) -> Iterator[tuple[int, Any] | Bad]:
    """(line number, decoded object) per non-empty line, or a Bad for a line that is not JSON."""
    encoding = detect_encoding(path, ctx.encoding)
    name = display(path)
    with path.open("rb") as handle:
        counting = CountingReader(handle, ctx.position)
        number_ = 0
        while True:
            line = counting.readline()
            if not line:
                return
            number_ += 1
            ctx.position.record = number_
            try:
                text = line.decode(encoding)
            except UnicodeDecodeError:
                yield Bad(
                    RecordError(
                        name,
                        number_,
                        "",
                        _("the line is not {encoding} text").format(encoding=encoding),
                    ),
                    repr(line),
                )
                continue
            text = text.lstrip("\ufeff").strip()
            if not text:
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                truncated = not line.endswith(b"\n")
                message = (
                    _("the file ends in the middle of this line (truncated?)")
                    if truncated
                    else _("the line is not JSON: {error}").format(error=exc.msg)
                )
                yield Bad(RecordError(name, number_, "", message), text)
                continue
            yield number_, value


# ----------------------------------------------------------------------- streaming JSON arrays

_WS = " \t\r\n"


class _NeedMore(Exception):
    pass


@dataclass(slots=True)
class _Where:
    index: int = 0
    path: str = ""


class _Buffer:
    """Decoded text read in chunks; `pos` is where parsing stands."""

    def __init__(self, handle: IO[bytes], encoding: str, position: Position) -> None:
        self._reader = CountingReader(handle, position)
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self) -> None:
        if self.eof:
            raise _NeedMore
        data = self._reader.read(CHUNK)
        if not data:
            self.eof = True
            self.text += self._decoder.decode(b"", final=True)
            return
        self.text = self.text[self.pos :] + self._decoder.decode(data)
        self.pos = 0

    def peek(self) -> str:
        """The next non-blank character ('' at the end of the file)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.eof:
                return ""
            self.more()

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise json.JSONDecodeError(f"expected {char!r}", self.text, self.pos)
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value, reading more text until it is complete."""
        self.peek()
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                # An error near the end of the buffer may only mean the value goes on in the next chunk.
                incomplete = exc.msg.startswith("Unterminated") or exc.pos >= len(self.text) - 16
                if not incomplete or self.eof:
                    if self.eof and incomplete:
                        raise _NeedMore from exc
                    raise
                if len(self.text) - self.pos > MAX_RECORD_CHARS:
                    raise
                self.more()
                continue
            # A number at the very end of the buffer may continue in the next chunk.
            if end >= len(self.text) and not self.eof and not isinstance(value, dict | list | str):
                self.more()
                continue
            self.pos = end
            return value


def iter_json_items(path: Path, ctx: Context) -> Iterator[tuple[str, int, Any] | Bad]:
    """Stream a JSON export: (array path, 1-based index, item) for each array item, never the whole file.

    Handles a top-level array (path ''), an object whose members are arrays (`{"tickets": [...]}`,
    path 'tickets') or objects holding arrays (`{"data": {"payload": [...]}}`, path
    'data.payload'); other members come as (path, 0, value). JSONL files (.jsonl, .ndjson) give
    ('', line, object). A truncated or broken file ends with one Bad naming the record where it
    stopped.
    """
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        for item in iter_jsonl(path, ctx):
            yield item if isinstance(item, Bad) else ("", item[0], item[1])
        return
    name = display(path)
    encoding = detect_encoding(path, ctx.encoding)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    with path.open("rb") as handle:
        buffer = _Buffer(handle, encoding, ctx.position)
        state = _Where()
        try:
            if buffer.peek() == "\ufeff":
                buffer.pos += 1
            first = buffer.peek()
            if first == "[":
                yield from _array(buffer, "", state, ctx)
            elif first == "{":
                yield from _object(buffer, "", 0, state, ctx)
            else:
                raise json.JSONDecodeError("expected '[' or '{'", buffer.text, buffer.pos)
        except _NeedMore:
            yield Bad(
                RecordError(
                    name,
                    state.index + 1,
                    state.path,
                    _("the file ends in the middle of this record (truncated?)"),
                ),
                buffer.text[buffer.pos : buffer.pos + 2000],
            )
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield Bad(
                RecordError(
                    name,
                    state.index + 1,
                    state.path,
                    _("not valid JSON here, the rest of the file is not read: {error}").format(
                        error=detail
                    ),
                ),
                buffer.text[buffer.pos : buffer.pos + 2000],
            )


def _array(
    buffer: _Buffer, path: str, state: _Where, ctx: Context
) -> Iterator[tuple[str, int, Any]]:
    buffer.expect("[")
    state.path, state.index = path, 0
    if buffer.peek() == "]":
        buffer.pos += 1
        return
    while True:
        if buffer.peek() == "":
            raise _NeedMore
        item = buffer.value()
        state.index += 1
        ctx.position.record = state.index
        yield path, state.index, item
        following = buffer.peek()
        if following == "":
            raise _NeedMore
        buffer.pos += 1
        if following == "]":
            return
        if following != ",":
            raise json.JSONDecodeError("expected ',' or ']'", buffer.text, buffer.pos - 1)


def _object(
    buffer: _Buffer, path: str, depth: int, state: _Where, ctx: Context
) -> Iterator[tuple[str, int, Any]]:
    buffer.expect("{")
    if buffer.peek() == "}":
        buffer.pos += 1
        return
    while True:
        if buffer.peek() == "":
            raise _NeedMore
        key = buffer.value()
        buffer.expect(":")
        member = f"{path}.{key}" if path else str(key)
        nxt = buffer.peek()
        if nxt == "":
            raise _NeedMore
        if nxt == "[":
            yield from _array(buffer, member, state, ctx)
        elif nxt == "{" and depth == 0:
            yield from _object(buffer, member, depth + 1, state, ctx)
        else:
            yield member, 0, buffer.value()
        following = buffer.peek()
        if following == "":
            raise _NeedMore
        buffer.pos += 1
        if following == "}":
            return
        if following != ",":
            raise json.JSONDecodeError("expected ',' or '}'", buffer.text, buffer.pos - 1)


def file_size(path: Path) -> int:
    """The file's size in bytes (0 if it cannot be read: the reader reports that)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


Reader = Callable[[list[Path], Context], Iterator[Item]]


def each_file(paths: list[Path], ctx: Context) -> Iterator[Path]:
    """The paths in order, keeping the stream's position (file, offset, bytes done) up to date."""
    for path in paths:
        ctx.position.file = display(path)
        ctx.position.offset = 0
        ctx.position.record = 0
        yield path
        ctx.position.done_bytes += file_size(path)
        ctx.position.offset = 0


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "blockquote", "h1", "h2", "h3", "h4", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def json_records(
    paths: list[Path],
    ctx: Context,
    handle: Callable[[str, Any, str], Iterator[Item]],
) -> Iterator[Item]:
    """Stream each JSON export's items through handle(path, item, file name), turning FieldError into Bad."""
    for path in each_file(paths, ctx):
        name = display(path)
        for entry in iter_json_items(path, ctx):
            if isinstance(entry, Bad):
                yield entry
                continue
            member, index, value = entry
            try:
                for item in handle(member, value, name):
                    if isinstance(item, Bad) and item.error.record == 0:
                        item = Bad(replace(item.error, file=name, record=index), item.raw)
                    yield item
            except FieldError as exc:
                yield Bad(RecordError(name, index, exc.field, exc.message), raw_json(value))


def sub_error(prefix: str, exc: FieldError, raw: object) -> Bad:
    """A Bad for a part of a record (a comment of a ticket); json_records fills in the record number."""
    return Bad(
        RecordError("", 0, f"{prefix}.{exc.field}" if exc.field else prefix, exc.message),
        raw_json(raw),
    )
