"""Psychometric quality of a campaign's measures: alpha, omega, item–total correlations, warnings.

Statistics over many people's answers, never one person's; shown only where at least k
people gave complete answers to the subscale.
"""

from __future__ import annotations

from dataclasses import dataclass

from hearth.assessments.models import Campaign, InvitationStatus, Response
from hearth.engine.instruments import Instrument, load_instrument, text_for
from hearth.engine.psychometrics import ScaleQuality, scale_quality


@dataclass
class QualityReport:
    """One subscale's quality, with its warnings in the reader's language."""

    instrument: Instrument
    subscale_name: str
    quality: ScaleQuality | None
    warnings: list[str]
    n_complete: int


def campaign_quality(*, campaign: Campaign, language: str) -> list[QualityReport]:
    """Quality of every subscale in the campaign (None where fewer than k complete responses)."""
    responses = list(
        Response.objects.filter(invitation__campaign=campaign, invitation__status=InvitationStatus.SUBMITTED)
        .values_list("answers", "invitation__language")
    )
    reports = []
    for instrument_id in campaign.instruments:
        instrument = load_instrument(instrument_id)
        rows = [answers.get(instrument_id, {}) for answers, _ in responses]
        langs = [lang or "zh-hans" for _, lang in responses]
        for subscale in instrument.subscales:
            result = scale_quality(instrument, subscale.id, rows, langs)
            if result.n_complete < campaign.centre.k:
                reports.append(QualityReport(instrument, text_for(subscale.name, language), None, [], result.n_complete))
                continue
            reports.append(QualityReport(
                instrument, text_for(subscale.name, language), result,
                [w.message(language) for w in result.warnings], result.n_complete,
            ))
    return reports
