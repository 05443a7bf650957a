"""Reads for check-ups. Individual answers and scores leave this module only through functions
that either serve the person themself or write an audit event (see `scores_for_outreach`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.assessments.models import (
    Campaign,
    CampaignPurpose,
    Invitation,
    InvitationStatus,
    OutreachConsent,
    Score,
)
from hearth.audit.services import audit_record
from hearth.engine.burnout_types import BurnoutReading, read_burnout_types
from hearth.engine.instruments import Instrument, load_instrument
from hearth.engine.scoring import SubscaleScore
from hearth.people.models import Person, Team


def team_children() -> dict[int | None, list[int]]:
    """Parent team id → its child team ids (one query; pass it on to avoid repeating it)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Team.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    return children


def team_subtree_ids(*, team_ids: Iterable[int], children: dict[int | None, list[int]] | None = None) -> set[int]:
    """The given teams and every team below them."""
    if children is None:
        children = team_children()
    result: set[int] = set()
    stack = list(team_ids)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.add(pk)
        stack.extend(children[pk])
    return result


def outreach_consent_current(*, person: Person) -> bool | None:
    """The agent's decision in force on outreach; None if never asked."""
    latest = OutreachConsent.objects.filter(person=person).order_by("-decided_at", "-id").first()
    return None if latest is None else latest.granted


def outreach_consents_current(*, person_ids: Iterable[int]) -> dict[int, bool]:
    """For many agents at once: the decision in force on outreach (absent when never asked)."""
    latest: dict[int, bool] = {}
    rows = OutreachConsent.objects.filter(person_id__in=list(person_ids)).order_by("person_id", "decided_at", "id")
    for person_id, granted in rows.values_list("person_id", "granted"):
        latest[person_id] = granted
    return latest


def outreach_consenting_ids(*, person_ids: Iterable[int]) -> set[int]:
    """Of these agents, those whose outreach consent in force is yes (one query for all of them)."""
    return {pk for pk, granted in outreach_consents_current(person_ids=person_ids).items() if granted}


def scores_for_models(
    *, person_ids: Iterable[int] | None = None, centre_id: int | None = None, until: date | None = None,
    instrument: str | None = None, subscale: str | None = None,
) -> list[tuple[int, int, str, str, float, int | None, datetime]]:
    """Scores as plain rows (person, invitation, instrument, subscale, value, level, submitted_at) for the
    radar's nightly computation. Not audited: no person reads them; every page that shows a result audits.

    Check-ups only: a group programme's before and after questionnaires were answered for the group's own
    evaluation, so they never feed anyone's risk, alerts or case outcomes (purpose limitation).
    """
    rows = Score.objects.filter(value__isnull=False, campaign__purpose=CampaignPurpose.CHECKUP)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    if centre_id is not None:
        rows = rows.filter(person__centre_id=centre_id)
    if until is not None:
        rows = rows.filter(submitted_at__date__lte=until)
    if instrument is not None:
        rows = rows.filter(instrument=instrument)
    if subscale is not None:
        rows = rows.filter(subscale=subscale)
    return list(rows.values_list("person_id", "invitation_id", "instrument", "subscale", "value", "level", "submitted_at"))


def invitations_open_for(*, person: Person) -> list[Invitation]:
    """Check-ups the person can answer now."""
    now = timezone.now()
    return list(
        Invitation.objects.filter(person=person, campaign__opens_at__lte=now, campaign__closes_at__gt=now)
        .exclude(status=InvitationStatus.SUBMITTED)
        .select_related("campaign")
        .order_by("campaign__closes_at")
    )


@dataclass
class SubscaleResult:
    """One subscale of one submitted check-up, ready to show."""

    instrument: Instrument
    subscale_id: str
    value: float | None
    band_id: str
    level: int | None
    change: float | None = None  # since the previous check-up with this subscale

    @property
    def subscale(self) -> Any:
        return self.instrument.subscale(self.subscale_id)

    @property
    def band(self) -> Any:
        return next((b for b in self.subscale.bands if b.id == self.band_id), None)


@dataclass
class CheckupResult:
    """A person's submitted check-up: subscale results and the three burnout types read from them."""

    invitation: Invitation
    subscales: list[SubscaleResult]
    burnout_types: list[BurnoutReading]
    trends: dict[tuple[str, str], list[tuple[str, float]]] = field(default_factory=dict)


def _results(person: Person, invitations: list[Invitation]) -> list[CheckupResult]:
    scores_by_invitation: dict[int, list[Score]] = defaultdict(list)
    for score in Score.objects.filter(invitation__in=invitations).order_by("id"):
        scores_by_invitation[score.invitation_id].append(score)
    results = []
    previous: dict[tuple[str, str], float] = {}
    series: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for invitation in sorted(invitations, key=lambda i: i.submitted_at or timezone.now()):
        subscales = []
        engine_scores: dict[tuple[str, str], SubscaleScore] = {}
        for score in scores_by_invitation[invitation.pk]:
            instrument = load_instrument(score.instrument)
            key = (score.instrument, score.subscale)
            change = None
            if score.value is not None and key in previous:
                change = score.value - previous[key]
            subscales.append(SubscaleResult(instrument, score.subscale, score.value, score.band, score.level, change))
            if score.value is not None:
                previous[key] = score.value
                series[key].append((invitation.submitted_at.strftime("%Y-%m-%d") if invitation.submitted_at else "", score.value))
                subscale = instrument.subscale(score.subscale)
                engine_scores[key] = SubscaleScore(
                    subscale=score.subscale, value=score.value, band=subscale.band_for(score.value),
                    answered=score.answered, items=score.items,
                )
        results.append(CheckupResult(invitation, subscales, read_burnout_types(engine_scores)))
    for result in results:
        result.trends = {k: list(v) for k, v in series.items()}
    return results


def my_results(*, person: Person, checkups_only: bool = False) -> list[CheckupResult]:
    """The person's own submitted check-ups, oldest first, with change since the previous one.

    With `checkups_only`, a group programme's questionnaires are left out: what someone else may read
    (a consenting agent's results, a case's check-ups) never includes what was answered for a group.
    """
    invitations = Invitation.objects.filter(person=person, status=InvitationStatus.SUBMITTED).select_related("campaign")
    if checkups_only:
        invitations = invitations.filter(campaign__purpose=CampaignPurpose.CHECKUP)
    return _results(person, list(invitations))


def scores_for_outreach(*, reader: Person, subject: Person, reason: str, ip: str | None = None) -> list[CheckupResult]:
    """A consenting agent's results for a social worker; writes the audit event in the same transaction.

    The caller has already checked access (`hearth.assessments.access.access_outreach_subject`).
    """
    with transaction.atomic():
        results = my_results(person=subject, checkups_only=True)
        audit_record(actor=reader.user, action="checkup.scores.view", subject=subject, reason=reason, ip=ip)
    return results


def campaigns_for_centre(*, centre_id: int) -> list[Campaign]:
    """All check-up campaigns of a centre, newest first (a group programme's measures are not among them)."""
    return list(Campaign.objects.filter(centre_id=centre_id, purpose=CampaignPurpose.CHECKUP)
                .prefetch_related("teams").order_by("-opens_at"))


def campaign_score_rows(
    *, campaign_ids: Iterable[int], person_ids: Iterable[int],
) -> list[tuple[int, int, str, str, float, datetime]]:
    """Scores (campaign, person, instrument, subscale, value, submitted_at) of the given people in the given
    campaigns.

    For anonymous outcome statistics only (a group programme's change before → after and its time to
    improvement): the caller passes only people who consented to being counted and shows nothing but what
    the engine releases above k.
    """
    rows = Score.objects.filter(campaign_id__in=list(campaign_ids), person_id__in=list(person_ids),
                                value__isnull=False)
    return list(rows.values_list("campaign_id", "person_id", "instrument", "subscale", "value", "submitted_at"))


def campaign_response_counts(*, campaign_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Invited and submitted counts per campaign."""
    counts: dict[int, list[int]] = {pk: [0, 0] for pk in campaign_ids}
    for campaign_id, status in Invitation.objects.filter(campaign_id__in=list(counts)).values_list("campaign_id", "status"):
        counts[campaign_id][0] += 1
        counts[campaign_id][1] += status == InvitationStatus.SUBMITTED
    return {pk: (invited, submitted) for pk, (invited, submitted) in counts.items()}


def open_invitation_ids(*, person: Person, campaign_ids: Iterable[int]) -> dict[int, int]:
    """Campaign id → the person's own open (not yet submitted) invitation id, among these campaigns."""
    now = timezone.now()
    rows = (Invitation.objects.filter(person=person, campaign_id__in=list(campaign_ids), campaign__opens_at__lte=now,
                                      campaign__closes_at__gt=now)
            .exclude(status=InvitationStatus.SUBMITTED).values_list("campaign_id", "pk"))
    return dict(rows)
