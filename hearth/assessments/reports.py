"""Builds the team-results page: which slices the viewer may see, and what each may show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hearth.assessments.aggregates import AggregateCell, SliceKey, aggregate_family
from hearth.assessments.models import Campaign, CampaignPurpose
from hearth.engine.instruments import available_instruments, load_instrument, text_for
from hearth.people.models import Person, ShiftPattern, Team


@dataclass
class ReportRow:
    """One slice on the page: its label and one cell per subscale."""

    label: str
    slice: SliceKey
    cells: list[AggregateCell | None]


def build_report(*, person: Person, params: Mapping[str, str], allowed_team_ids: set[int] | None, language: str) -> dict[str, Any]:
    """Context for the reports page. `allowed_team_ids` None means every team of the centre."""
    centre = person.centre
    instruments = available_instruments()
    instrument_id = params.get("instrument") or "cbi"
    if instrument_id not in instruments:
        instrument_id = "cbi"
    instrument = load_instrument(instrument_id)
    # Waves that have opened; a recurring series schedules its next wave ahead of time.
    opened = Campaign.objects.filter(centre=centre, opens_at__lte=timezone.now(), purpose=CampaignPurpose.CHECKUP).order_by("-opens_at")
    periods = [c for c in opened if instrument_id in c.instruments]
    period = next((p for p in periods if str(p.pk) == params.get("period")), periods[0] if periods else None)
    teams = [t for t in Team.objects.filter(centre=centre).order_by("name") if allowed_team_ids is None or t.pk in allowed_team_ids]
    shift = params.get("shift") or ""
    if shift not in ShiftPattern.values:
        shift = ""

    families = {s.id: aggregate_family(centre=centre, instrument=instrument_id, subscale=s.id) for s in instrument.subscales}
    slices: list[tuple[str, SliceKey]] = []
    centre_label = str(centre)
    if shift:
        shift_label = str(ShiftPattern(shift).label)
        slices.append((f"{centre_label} · {shift_label}", SliceKey("shift", shift=shift)))
        slices += [(f"{t.name} · {shift_label}", SliceKey("team_shift", team_id=t.pk, shift=shift)) for t in teams]
    else:
        slices.append((centre_label, SliceKey("centre")))
        slices += [(t.name, SliceKey("team", team_id=t.pk)) for t in teams]

    rows: list[ReportRow] = []
    trend: list[dict[str, Any]] = []
    trend_label = ""
    if period is not None:
        for label, key in slices:
            rows.append(ReportRow(label, key, [families[s.id].get((period.pk, key)) for s in instrument.subscales]))
        # A team lead follows their own team over time; others follow the centre (or the shift).
        trend_label, trend_key = slices[1] if allowed_team_ids is not None and len(slices) > 1 else slices[0]
        for p in reversed(periods):
            points = []
            for s in instrument.subscales:
                cell = families[s.id].get((p.pk, trend_key))
                points.append(cell.mean if cell is not None and cell.released else None)
            trend.append({"period": p, "points": points})
    return {
        "instrument": instrument,
        "instrument_choices": [(i.id, text_for(i.name, language)) for i in instruments.values()],
        "subscales": [(s.id, text_for(s.name, language)) for s in instrument.subscales],
        "periods": periods, "period": period, "rows": rows, "trend": trend, "k": centre.k,
        "shift": shift, "shift_choices": ShiftPattern.choices, "language": language,
        "trend_label": trend_label,
    }
