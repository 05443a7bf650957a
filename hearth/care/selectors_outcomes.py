"""Reads of what case work achieved: one case's check-ups before and after (audited), and outcomes per case type.

A case's *type* is the kind of burnout it mainly addresses (the assessment's ``primary_type``); its
outcome measure is that type's primary check-up measure (``OUTCOME_MEASURES``). Outcomes per case type
count only cases whose agent's consent to statistics is in force, each person once (their latest such
case), and every cell goes through ``anonymity.release_cells`` so that no two cells can be differenced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.assessments.selectors import my_results, scores_for_models
from hearth.audit.services import audit_record
from hearth.care.models import PRIMARY_TYPES, Case, CaseConsent, CaseKind, CaseStage, ConsentKind
from hearth.engine.anonymity import Cell, release_cells
from hearth.engine.instruments import load_instrument
from hearth.engine.outcomes import (
    ChangeResult,
    GoalResult,
    ImprovementResult,
    PairedScores,
    first_reliable_improvement,
    gas_t_score,
    goal_attainment,
    paired_change,
    time_to_improvement,
    withheld,
)
from hearth.engine.risk_config import reliable_change_for
from hearth.people.models import Centre, Person

# Each case type's primary check-up measure (instrument, subscale); see engine/instruments/burnout_types.json.
OUTCOME_MEASURES: dict[str, tuple[str, str]] = {
    "basic": ("cbi", "work"),
    "belonging": ("cbi", "client"),
    "developmental": ("moaq_turnover", "intention"),
}
ALL_CASES_MEASURE = ("cbi", "work")  # every case, whatever its type: work-related burnout
BEFORE_WINDOW = timedelta(days=183)  # a "before" score is the latest check-up in the half-year before opening


def measure_label(instrument_id: str, subscale_id: str, language: str) -> str:
    """'Copenhagen Burnout Inventory · Work-related burnout' in the language."""
    from hearth.engine.instruments import text_for

    instrument = load_instrument(instrument_id)
    return f"{text_for(instrument.name, language)} · {text_for(instrument.subscale(subscale_id).name, language)}"


def higher_is_worse(instrument_id: str, subscale_id: str) -> bool:
    """Whether a higher score on this subscale means more burnout."""
    return bool(load_instrument(instrument_id).subscale(subscale_id).direction == "higher_is_worse")


# ------------------------------------------------------------------------------------------ one case


@dataclass(frozen=True)
class PrePost:
    """One subscale of the agent's check-ups: the last score before the case opened and the latest since."""

    instrument: str
    subscale: str
    label: str
    before: float | None
    before_on: date | None
    after: float | None
    after_on: date | None
    reliable_change: float | None
    higher_is_worse: bool

    @property
    def change(self) -> float | None:
        """After − before, in score units."""
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def verdict(self) -> str:
        """'better', 'worse', 'same' (no reliable change) or '' (no pair)."""
        change = self.change
        if change is None or self.reliable_change is None:
            return ""
        better = -change if self.higher_is_worse else change
        if better >= self.reliable_change:
            return "better"
        return "worse" if better <= -self.reliable_change else "same"


ScoreRow = tuple[int, int, str, str, float, int | None, datetime]


def _pre_post(case: Case, rows: Iterable[ScoreRow], language: str) -> list[PrePost]:
    opened = case.opened_at
    end = case.closed_at or timezone.now()
    before: dict[tuple[str, str], tuple[datetime, float]] = {}
    after: dict[tuple[str, str], tuple[datetime, float]] = {}
    for _person, _inv, instrument, subscale, value, _level, at in rows:
        key = (instrument, subscale)
        if opened - BEFORE_WINDOW <= at <= opened:
            if key not in before or at > before[key][0]:
                before[key] = (at, value)
        elif opened < at <= end and (key not in after or at > after[key][0]):
            after[key] = (at, value)
    out = []
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        out.append(PrePost(
            key[0], key[1], measure_label(*key, language), b[1] if b else None,
            timezone.localdate(b[0]) if b else None, a[1] if a else None, timezone.localdate(a[0]) if a else None,
            reliable_change_for(key[0]), higher_is_worse(*key),
        ))
    return out


@dataclass
class CaseCheckups:
    """What the case's social worker sees of the agent's check-ups and signals, for assessment and review."""

    results: list[Any]  # assessments.selectors.CheckupResult, newest first
    risk_week: Any
    risk_types: list[dict[str, Any]]
    pre_post: list[PrePost]
    gas_t: float | None
    rated_goals: int
    goals: int = field(default=0)


def case_checkups(*, reader: Person, case: Case, language: str, ip: str | None = None) -> CaseCheckups:
    """The agent's check-ups, latest radar week, change since the case opened and goal attainment; audited.

    The agent sees this read on their "who opened these results" list, with the case as the reason.
    The caller has already checked access (``care.access.access_case``) and the services consent.
    """
    from hearth.radar.selectors import risk_latest_for_case

    subject = case.person
    with transaction.atomic():
        results = my_results(person=subject, checkups_only=True)
        week, types = risk_latest_for_case(subject=subject, language=language)
        rows = scores_for_models(person_ids=[subject.pk])
        audit_record(actor=reader.user, action="checkup.scores.view", subject=subject, obj=case,
                     reason=f"case #{case.pk}", ip=ip)
    goals = list(case.goals.all())
    rated = [g.attainment for g in goals if g.attainment is not None]
    return CaseCheckups(
        results=list(reversed(results)), risk_week=week, risk_types=types, pre_post=_pre_post(case, rows, language),
        gas_t=gas_t_score(rated) if rated else None, rated_goals=len(rated), goals=len(goals),
    )


# ---------------------------------------------------------------------------------- per case type


@dataclass
class OutcomeRow:
    """One row of the outcomes table: a group of cases and what changed for them (each hidden below k)."""

    key: str
    label: str
    measure: str
    cases: int  # cases in the group counted in statistics; shown only when at least k
    change: ChangeResult
    goals: GoalResult
    improvement: ImprovementResult


def _statistics_consenting(cases: list[Case]) -> set[int]:
    """Cases whose latest statistics consent is a yes."""
    latest: dict[int, bool] = {}
    for case_id, granted in (CaseConsent.objects.filter(case__in=cases, kind=ConsentKind.STATISTICS)
                             .order_by("decided_at", "pk").values_list("case_id", "granted")):
        latest[case_id] = granted
    return {pk for pk, granted in latest.items() if granted}


def _groups(cases: list[Case]) -> list[tuple[str, str, tuple[str, str], list[Case]]]:
    """(key, label, measure, cases) for all cases, each case type and each kind; one case per person."""
    latest_per_person: dict[int, Case] = {}
    for case in sorted(cases, key=lambda c: c.opened_at):
        latest_per_person[case.person_id] = case
    counted = list(latest_per_person.values())
    type_of = {c.pk: getattr(getattr(c, "assessment", None), "primary_type", "") for c in counted}
    groups = [("all", _("All cases"), ALL_CASES_MEASURE, counted)]
    for value, label in PRIMARY_TYPES:
        groups.append((f"type:{value}", str(label), OUTCOME_MEASURES[value],
                       [c for c in counted if type_of[c.pk] == value]))
    for value, label in CaseKind.choices:
        groups.append((f"kind:{value}", str(label), ALL_CASES_MEASURE, [c for c in counted if c.kind == value]))
    return groups


def case_type_outcomes(*, centre: Centre, language: str, since: date | None = None) -> list[OutcomeRow]:
    """Outcomes of counted cases opened since `since`: all, per case type, per kind; cells under k hidden.

    Change: the type's measure, last check-up before opening → latest check-up since (paired, Hedges' g_av
    with its 95% interval). Goals: GAS T-scores of rated goals. Time to improvement: days from opening to
    the first check-up a reliable change better than before (Kaplan–Meier), censored at the latest check-up.
    """
    k = centre.k_anonymity
    cases = list(Case.objects.filter(centre=centre).exclude(stage=CaseStage.INTAKE)
                 .select_related("assessment").prefetch_related("goals"))
    if since is not None:
        cases = [c for c in cases if timezone.localdate(c.opened_at) >= since]
    counting = _statistics_consenting(cases)
    cases = [c for c in cases if c.pk in counting]
    scores: dict[int, list[ScoreRow]] = defaultdict(list)
    for row in scores_for_models(person_ids={c.person_id for c in cases}):
        scores[row[0]].append(row)

    built: list[tuple[str, str, str, int, dict[str, Any]]] = []
    for key, label, measure, group in _groups(cases):
        pairs, goals, follow = [], {}, []
        rc = reliable_change_for(measure[0])
        worse_up = higher_is_worse(*measure)
        for case in group:
            pid = str(case.person_id)
            rows = [r for r in scores[case.person_id] if (r[2], r[3]) == measure]
            pp = next((p for p in _pre_post(case, rows, language) if (p.instrument, p.subscale) == measure), None)
            if pp is not None and pp.before is not None and pp.after is not None:
                pairs.append(PairedScores(pid, pp.before, pp.after))
            rated = [g.attainment for g in case.goals.all() if g.attainment is not None]
            if rated:
                goals[pid] = rated
            follow_up = _follow_up(case, rows, pp, rc, worse_up)
            if follow_up is not None:
                follow.append((pid, *follow_up))
        built.append((key, label, measure_label(*measure, language), len(group), {
            "change": paired_change(pairs, k=k, higher_is_worse=worse_up, reliable_change=rc),
            "goals": goal_attainment(goals, k=k),
            "improvement": time_to_improvement(follow, k=k),
            "members": {"change": [p.person_id for p in pairs], "goals": list(goals), "improvement": [f[0] for f in follow],
                        "cases": [str(c.person_id) for c in group]},
        }))
    # Secondary suppression over the whole family, one statistic at a time.
    decisions = {
        stat: release_cells([Cell(key, frozenset(parts["members"][stat])) for key, _l, _m, _n, parts in built], k)
        for stat in ("change", "goals", "improvement", "cases")
    }
    out = []
    for key, label, measure, n, parts in built:
        results = {stat: parts[stat] if decisions[stat][key].released or not parts[stat].released
                   else withheld(parts[stat], decisions[stat][key].suppression or parts[stat].suppression)
                   for stat in ("change", "goals", "improvement")}
        out.append(OutcomeRow(key, label, measure, n if decisions["cases"][key].released else -1,
                              results["change"], results["goals"], results["improvement"]))
    return out


def _follow_up(
    case: Case, rows: list[ScoreRow], pp: PrePost | None, rc: float | None, worse_up: bool,
) -> tuple[date, date | None, date] | None:
    """(opened, first reliably better check-up or None, latest check-up) for a case with a before and an after."""
    if pp is None or pp.before is None or pp.after is None or rc is None:
        return None
    start = timezone.localdate(case.opened_at)
    end = case.closed_at or timezone.now()
    later = sorted((at, value) for *_x, value, _lvl, at in rows if case.opened_at < at <= end)
    improved = first_reliable_improvement(pp.before, later, reliable_change=rc, higher_is_worse=worse_up)
    return start, timezone.localdate(improved) if improved else None, timezone.localdate(later[-1][0])
