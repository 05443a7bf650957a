"""Reads for training: scenario lists with filters, the trainee's home, a simulation's transcript, the
certification tests a person can take, and the growth portfolio (audited when someone else reads it).

The portfolio shows the diary streak as a number only (never an entry) and, to anyone but the person,
how many group programmes they completed (not which: a group's name can say something about its members).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hearth.audit.services import audit_record
from hearth.engine.sim.scenario import DIMENSIONS
from hearth.people.models import Person, PersonStatus, Role
from hearth.training.models import (
    Certificate,
    CertificationTest,
    ScenarioRecord,
    ScenarioStatus,
    SimTurn,
    Simulation,
)


def scenarios_filtered(*, centre_id: int, language: str = "", platform: str = "", level: str = "",
                       published_only: bool = False) -> QuerySet[ScenarioRecord]:
    """The centre's scenarios, narrowed by language, platform and level (empty: any)."""
    qs = ScenarioRecord.objects.filter(centre_id=centre_id).select_related("editor")
    if published_only:
        qs = qs.filter(status=ScenarioStatus.PUBLISHED)
    for name, value in (("language", language), ("platform", platform), ("level", level)):
        if value:
            qs = qs.filter(**{name: value})
    return qs


def scenario_facets(*, centre_id: int) -> dict[str, list[str]]:
    """The languages, platforms and levels the centre's scenarios use (for the filter menus)."""
    rows = ScenarioRecord.objects.filter(centre_id=centre_id).values_list("language", "platform", "level")
    return {name: sorted({r[i] for r in rows if r[i]}) for i, name in enumerate(("language", "platform", "level"))}


def hint_for(scenario: Any, state: Any) -> str:
    """A model reply for the customer message waiting in `state` (the first one the scenario offers)."""
    replies = scenario.model_replies.get(state.node_id) or ()
    return str(replies[0]) if replies else ""


def transcript(simulation: Simulation) -> list[SimTurn]:
    """The kept turns of a simulation, in order (retried replies left out)."""
    return list(simulation.turns.filter(superseded=False).order_by("index", "pk"))


def recent_simulations(*, person: Person, limit: int = 10) -> list[Simulation]:
    """The person's latest simulations."""
    return list(Simulation.objects.filter(person=person).select_related("scenario")[:limit])


def tests_open(*, person: Person) -> list[CertificationTest]:
    """The centre's active certification tests."""
    return list(CertificationTest.objects.filter(centre_id=person.centre_id, active=True).prefetch_related("scenarios"))


def trainees(*, centre_id: int) -> list[Person]:
    """The centre's active agents, for the trainer's list of portfolios."""
    return list(Person.objects.filter(centre_id=centre_id, roles__role=Role.AGENT, status=PersonStatus.ACTIVE)
                .distinct().select_related("team").order_by("name"))


@dataclass
class Portfolio:
    """One person's growth: simulations done, scores over time per rubric dimension, certificates, the rest."""

    person: Person
    practice_done: int
    tests_done: int
    weeks: list[str]
    series: dict[str, list[float | None]]  # "total" and each rubric dimension → mean per week (0–100)
    certificates: list[Certificate]
    programmes_completed: int
    programme_titles: list[str] = field(default_factory=list)
    diary_streak: int | None = None


def _week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def portfolio(*, reader: Person, person: Person, ip: str | None = None) -> Portfolio:
    """The person's portfolio; reading someone else's writes an AuditEvent in the same transaction."""
    with transaction.atomic():
        if reader.pk != person.pk:
            audit_record(actor=reader.user, action="training.portfolio_read", subject=person, ip=ip)
        sims = list(Simulation.objects.filter(person=person).exclude(finished_at=None).order_by("finished_at"))
        by_week: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for sim in sims:
            week = _week(timezone.localdate(sim.finished_at))
            if sim.total is not None:
                by_week[week]["total"].append(float(sim.total))
            for dimension, value in (sim.dimensions or {}).items():
                if value is not None:
                    by_week[week][dimension].append(float(value) * 100)
        weeks = sorted(by_week)[-12:]
        used = ["total", *[d for d in DIMENSIONS if any(by_week[w].get(d) for w in weeks)]]
        series = {name: [round(sum(v) / len(v), 1) if (v := by_week[w].get(name)) else None for w in weeks]
                  for name in used}
        certificates = list(Certificate.objects.filter(person=person))
        titles = _programmes_completed(person)
        return Portfolio(
            person=person, practice_done=sum(1 for s in sims if s.mode == "practice"),
            tests_done=sum(1 for s in sims if s.mode == "test"), weeks=weeks, series=series,
            certificates=certificates, programmes_completed=len(titles),
            programme_titles=titles if reader.pk == person.pk else [], diary_streak=_diary_streak(person),
        )


def _programmes_completed(person: Person) -> list[str]:
    """Titles of the group programmes the person completed: a completion recorded (programmes with pass
    rules), or taking part until the group ended."""
    from hearth.programmes.models import ProgrammeStatus
    from hearth.programmes.selectors import my_groups, programmes_completed

    done = {p.pk: p.title for p in programmes_completed(person=person)}
    for group in my_groups(person=person)["groups"]:
        programme = group.membership.programme
        if programme.status == ProgrammeStatus.ENDED:
            done.setdefault(programme.pk, programme.title)
    return list(done.values())


def _diary_streak(person: Person) -> int | None:
    """The diary streak as a count, when the diaries app is installed (never any entry)."""
    try:
        from hearth.diaries.selectors import diary_streak
    except ImportError:
        return None
    return int(diary_streak(person=person))


def certificate_by_number(*, centre_id: int, number: str) -> Certificate | None:
    """A certificate of the centre by its number (for checking one someone shows)."""
    return (Certificate.objects.select_related("person").filter(person__centre_id=centre_id, number=number.strip().upper())
            .first())
