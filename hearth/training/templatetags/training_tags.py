"""Template helpers for training pages: cue words highlighted in a reply, labels of dimensions and categories."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hearth.training.models import CATEGORY_LABELS, DIMENSION_LABELS, FEEDBACK_LABELS, Level

register = template.Library()

# The notes a scenario version is saved with (services_scenarios), as the reader reads them.
VERSION_NOTES = {
    "created": _("created"), "edited": _("edited"), "published": _("published"), "back to draft": _("back to draft"),
    "seeded from the library": _("from Hearth's library"),
}
VERSION_NOTE_PREFIXES = {"copied from ": _("copied from %(what)s"), "imported from ": _("imported from %(what)s")}


@register.filter
def highlight(text: str, cues: Any) -> SafeString:
    """The text, escaped, with every cue word or phrase found in it marked (<mark>)."""
    words = sorted({str(c) for c in (cues or []) if str(c).strip()}, key=len, reverse=True)
    if not words:
        return mark_safe(escape(text))  # noqa: S308 -- escaped just above
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece escaped


@register.filter
def all_cues(feedback: Any) -> list[str]:
    """Every cue of a turn's feedback items (the words that earned them)."""
    return [c for item in feedback or [] for c in item.get("cues", [])]


@register.filter
def dimension_label(name: str) -> str:
    """A rubric dimension's name in the reader's language."""
    return str(DIMENSION_LABELS.get(name, name))


@register.filter
def category_label(name: str) -> str:
    """What a reply's category did to the customer, in the reader's language."""
    return str(CATEGORY_LABELS.get(name, name))


@register.filter
def version_note(note: str) -> str:
    """A version's note ("edited", "copied from amazon-…") in the reader's language; other notes as written."""
    if note in VERSION_NOTES:
        return str(VERSION_NOTES[note])
    for prefix, label in VERSION_NOTE_PREFIXES.items():
        if note.startswith(prefix):
            return str(label) % {"what": note[len(prefix):]}
    return note


@register.filter
def level_label(level: str) -> str:
    """Junior / intermediate / senior in the reader's language."""
    return str(dict(Level.choices).get(level, level))


@register.filter
def feedback_label(kind: str) -> str:
    """Keep / Start / Stop in the reader's language."""
    return str(FEEDBACK_LABELS.get(kind, kind))


@register.filter
def pct(value: float | None) -> str:
    """A 0..1 value as a whole percentage ("—" when not scored)."""
    return "—" if value is None else f"{round(float(value) * 100)}"
