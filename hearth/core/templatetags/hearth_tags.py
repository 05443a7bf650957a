"""Small template helpers: inline SVG sparklines, instrument text in the active language, formatting."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hearth.engine.instruments import text_for

register = template.Library()


@register.filter
def tr(value: dict[str, str] | None) -> str:
    """Instrument text (a {language: text} dict) in the active language."""
    return text_for(value or {}, get_language() or "zh-hans")


@register.filter
def score(value: float | None) -> str:
    """A score with at most one decimal."""
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".")


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign: +12, −5."""
    if value is None:
        return ""
    if abs(value) < 0.05:
        return "±0"
    return f"{'+' if value > 0 else '−'}{abs(value):.1f}".rstrip("0").rstrip(".")


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def sparkline(values: list[float | None], low: float = 0.0, high: float = 100.0, width: int = 120, height: int = 28) -> SafeString:
    """An inline SVG line of `values` (None breaks the line), with the last point marked."""
    points = [v for v in values if v is not None]
    if not points:
        return mark_safe("")  # noqa: S308 - constant
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    segments: list[list[str]] = [[]]
    last = ""
    for i, v in enumerate(values):
        if v is None:
            segments.append([])
            continue
        x = i * step if len(values) > 1 else width / 2
        y = height - 2 - (min(max(v, low), high) - low) / span * (height - 4)
        segments[-1].append(f"{x:.1f},{y:.1f}")
        last = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#c2410c"/>'
    lines = "".join(
        f'<polyline fill="none" stroke="#c2410c" stroke-width="1.6" points="{" ".join(s)}"/>' for s in segments if s
    )
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-hidden="true">{}{}</svg>',
        width, height, width, height, mark_safe(lines), mark_safe(last),  # noqa: S308 - numbers only
    )


@register.simple_tag
def sparkline_for(result: Any, subscale_result: Any) -> SafeString:
    """The sparkline of one subscale over the person's check-ups."""
    series = result.trends.get((subscale_result.instrument.id, subscale_result.subscale_id), [])
    values = [v for _, v in series]
    bands = subscale_result.subscale.bands
    lows = [b.min for b in bands if b.min is not None]
    highs = [b.max for b in bands if b.max is not None]
    low = min([0.0, *lows, *values]) if values else 0.0
    high = max([*highs, *values, 1.0]) if values else 100.0
    return sparkline(values, low, high) if len(values) > 1 else mark_safe("")  # noqa: S308


@register.filter
def subscale_name(reason: Any) -> str:
    """The subscale a burnout-type reason points at, by its name in the active language."""
    from hearth.engine.instruments import InstrumentError, load_instrument

    try:
        subscale = load_instrument(reason.instrument).subscale(reason.subscale)
    except (InstrumentError, KeyError):
        return f"{reason.instrument}.{reason.subscale}"
    return tr(subscale.name)


@register.filter
def fmt(value: Any, kind: str) -> str:
    """A feature value for display: int, pct (0–1), dur (seconds), min (minutes), hours."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if kind == "pct":
        return f"{round(number * 100)}%"
    if kind == "dur":
        return f"{number / 60:.1f}′" if number >= 60 else f"{number:.0f}″"
    if kind == "min":
        return f"{number / 60:.1f}h" if number >= 120 else f"{number:.0f}′"
    if kind == "hours":
        return f"{number:.1f}h"
    return f"{number:.0f}"


@register.simple_tag
def series_sparkline(series: Any, key: str) -> SafeString:
    """A sparkline of one feature over a load window (missing days break the line)."""
    values = [v if isinstance(v, int | float) else None for v in series.series(key)]
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return mark_safe("")  # noqa: S308 - constant
    return sparkline(values, min(0.0, *known), max(known) or 1.0)


@register.filter
def total(series: Any, key: str) -> float:
    """Sum of a feature over a load window (booleans count as 1)."""
    return float(series.total(key))


@register.filter
def maximum(series: Any, key: str) -> float | None:
    """Largest value of a feature over a load window."""
    values = [float(v) for v in series.series(key) if isinstance(v, int | float)]
    return max(values) if values else None
