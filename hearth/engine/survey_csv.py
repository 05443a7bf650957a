"""Score a CSV of survey answers (one row per respondent) into a CSV of subscale scores and bands."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import IO

from hearth.engine.i18n import gettext as _
from hearth.engine.instruments import Instrument
from hearth.engine.scoring import InvalidAnswer, ScoreSheet, score_answers

RESPONDENT = "respondent"


class CsvInputError(ValueError):
    """The input CSV cannot be scored; the message names the file, line and column."""


def format_number(value: float | None) -> str:
    """At most two decimals, trailing zeros dropped (50, 58.33); empty for None."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _read_text(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, str]:
    """The file's display name and its text, with any UTF-8 BOM removed."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            raw: str | bytes = path.read_bytes()
        except OSError as exc:
            raise CsvInputError(
                _("{file}: cannot be read: {error}").format(
                    file=path.name, error=exc.strerror or exc
                )
            ) from exc
        name = path.name
    else:
        name = Path(str(getattr(source, "name", "<input>"))).name
        content: str | bytes = source.read()
        raw = content
    if isinstance(raw, bytes):
        try:
            return name, raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CsvInputError(
                _("{file}: is not UTF-8 text (byte {position})").format(
                    file=name, position=exc.start
                )
            ) from exc
    return name, raw.removeprefix("\ufeff")


def score_csv(
    instrument: Instrument,
    in_path_or_stream: str | os.PathLike[str] | IO[str] | IO[bytes],
    out_stream: IO[str],
) -> int:
    """Score every row of the input CSV into out_stream; validates it all before writing."""
    name, text = _read_text(in_path_or_stream)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise CsvInputError(_("{file}: is empty").format(file=name))
    header = [column.strip() for column in header]
    if RESPONDENT not in header:
        raise CsvInputError(
            _("{file} line 1: there is no '{column}' column").format(file=name, column=RESPONDENT)
        )
    item_ids = [item.id for item in instrument.items]
    unknown = [c for c in header if c != RESPONDENT and c not in item_ids]
    if unknown:
        raise CsvInputError(
            _("{file} line 1: unknown column(s) for {instrument}: {columns}").format(
                file=name, instrument=instrument.id, columns=", ".join(unknown)
            )
        )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise CsvInputError(
            _("{file} line 1: column(s) appear more than once: {columns}").format(
                file=name, columns=", ".join(duplicated)
            )
        )
    missing = [i for i in item_ids if i not in header]
    if missing:
        raise CsvInputError(
            _("{file} line 1: missing column(s) for {instrument}: {columns}").format(
                file=name, instrument=instrument.id, columns=", ".join(missing)
            )
        )

    sheets: list[tuple[str, ScoreSheet]] = []
    seen: dict[str, int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise CsvInputError(
                _("{file} line {line}: has {found} fields, the header has {expected}").format(
                    file=name, line=line, found=len(fields), expected=len(header)
                )
            )
        row = dict(zip(header, (f.strip() for f in fields), strict=True))
        respondent = row.pop(RESPONDENT)
        if not respondent:
            raise CsvInputError(
                _("{file} line {line}, column {column}: is empty").format(
                    file=name, line=line, column=RESPONDENT
                )
            )
        if respondent in seen:
            raise CsvInputError(
                _(
                    "{file} line {line}, column {column}: '{respondent}' already appears on line {other}"
                ).format(
                    file=name,
                    line=line,
                    column=RESPONDENT,
                    respondent=respondent,
                    other=seen[respondent],
                )
            )
        seen[respondent] = line
        answers: dict[str, int | None] = {}
        for item_id, cell in row.items():
            if cell == "":
                answers[item_id] = None
                continue
            try:
                answers[item_id] = int(cell)
            except ValueError:
                raise CsvInputError(
                    _(
                        "{file} line {line}, column {column}: '{value}' is not a whole number"
                    ).format(file=name, line=line, column=item_id, value=cell)
                ) from None
        try:
            sheets.append((respondent, score_answers(instrument, answers)))
        except InvalidAnswer as exc:
            raise CsvInputError(
                _("{file} line {line}, column {column}: {reason}").format(
                    file=name, line=line, column=exc.item_id, reason=exc.reason
                )
            ) from None

    writer = csv.writer(out_stream, lineterminator="\n")
    out_header = [RESPONDENT]
    for subscale in instrument.subscales:
        out_header += [subscale.id, f"{subscale.id}_band"]
    writer.writerow(out_header)
    for respondent, sheet in sheets:
        out_row = [respondent]
        for subscale in instrument.subscales:
            score = sheet.scores[subscale.id]
            out_row += [format_number(score.value), score.band.id if score.band else ""]
        writer.writerow(out_row)
    return len(sheets)
