"""Helpdesk exports in, canonical records out: `read(format, paths)` → a streaming `RecordStream`.

Formats: generic (JSONL/CSV, one message per line), zendesk, freshdesk, chatwoot, zammad, and
mapping (any CSV/XLSX through a saved `ColumnMapping`). Every reader streams in constant memory
and reports each bad record with file, line or record number, and field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import tzinfo
from pathlib import Path
from typing import IO

from hearth.engine.canonical import Conversation, Message, Record, RecordError
from hearth.engine.i18n import gettext as _
from hearth.engine.readers import chatwoot, freshdesk, generic, mapping, zammad, zendesk
from hearth.engine.readers.base import (
    Bad,
    Context,
    Counts,
    Position,
    Reader,
    ReaderError,
    file_size,
    zone,
)
from hearth.engine.readers.mapping import ColumnMapping

FORMATS = ("generic", "zendesk", "freshdesk", "chatwoot", "zammad", "mapping")

__all__ = [
    "FORMATS",
    "ColumnMapping",
    "Counts",
    "Position",
    "ReaderError",
    "RecordStream",
    "read",
]


class RecordStream:
    """An iterable of Conversation and Message records with errors, counts and progress."""

    def __init__(
        self,
        reader: Reader,
        paths: list[Path],
        ctx: Context,
        *,
        strict: bool = False,
        quarantine: Path | None = None,
    ) -> None:
        self._reader = reader
        self._paths = paths
        self._ctx = ctx
        self.strict = strict
        self.quarantine = quarantine
        self.errors: list[RecordError] = []
        self.counts = Counts()
        self.total_bytes = sum(file_size(p) for p in paths)

    @property
    def position(self) -> Position:
        """The file being read, bytes read of it, and the line or record number."""
        return self._ctx.position

    @property
    def bytes_read(self) -> int:
        """Bytes read over all files, for an ETA against `total_bytes`."""
        return self._ctx.position.done_bytes + self._ctx.position.offset

    def __iter__(self) -> Iterator[Record]:
        """Each record once; bad records go to `errors` (lenient) or raise ReaderError (strict)."""
        quarantine: IO[str] | None = None
        try:
            for item in self._reader(self._paths, self._ctx):
                if isinstance(item, Bad):
                    self.counts.errors += 1
                    if self.strict:
                        raise ReaderError(item.error)
                    self.errors.append(item.error)
                    if self.quarantine is not None:
                        if quarantine is None:
                            self.quarantine.parent.mkdir(parents=True, exist_ok=True)
                            quarantine = self.quarantine.open("a", encoding="utf-8")
                        quarantine.write(_quarantine_line(item) + "\n")
                    continue
                self.counts.records += 1
                if isinstance(item, Message):
                    self.counts.messages += 1
                elif isinstance(item, Conversation):
                    self.counts.conversations += 1
                yield item
        finally:
            if quarantine is not None:
                quarantine.close()


def _quarantine_line(bad: Bad) -> str:
    error = bad.error
    return json.dumps(
        {
            "file": error.file,
            "record": error.record,
            "field": error.field,
            "error": error.message,
            "raw": bad.raw,
        },
        ensure_ascii=False,
    )


READERS: dict[str, Reader] = {
    "generic": generic.read_generic,
    "zendesk": zendesk.read_zendesk,
    "freshdesk": freshdesk.read_freshdesk,
    "chatwoot": chatwoot.read_chatwoot,
    "zammad": zammad.read_zammad,
}


def read(
    format: str,
    paths: Sequence[str | Path],
    *,
    strict: bool = False,
    quarantine: Path | None = None,
    encoding: str | None = None,
    mapping: ColumnMapping | None = None,
    conversations_path: str | Path | None = None,
    default_tz: str | tzinfo | None = None,
) -> RecordStream:
    """A stream of the records in `paths` read as `format` (one of FORMATS); nothing is read yet."""
    files = [Path(p) for p in paths]
    if format == "generic" and conversations_path is not None:
        files.insert(0, Path(conversations_path))
    ctx = Context(encoding=encoding, default_tz=zone(default_tz))
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise ReaderError(RecordError(str(missing[0]), 0, "", _cannot_read()))
    if format == "mapping":
        if mapping is None:
            raise ValueError("format 'mapping' needs mapping=")
        return RecordStream(
            mapping_reader(mapping), files, ctx, strict=strict, quarantine=quarantine
        )
    if format not in READERS:
        raise ValueError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    return RecordStream(READERS[format], files, ctx, strict=strict, quarantine=quarantine)


def mapping_reader(column_mapping: ColumnMapping) -> Reader:
    """The reader for CSV/XLSX files through this mapping."""

    def reader(paths: list[Path], ctx: Context) -> Iterator[Bad | Record]:
        return mapping.read_mapped(paths, ctx, column_mapping)

    return reader


def _cannot_read() -> str:
    return _("the file does not exist or cannot be read")
