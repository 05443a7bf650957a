"""Reads of case work: the social worker's ledger and caseload, the agent's own plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from hearth.care.models import (
    Case,
    CaseSession,
    CaseStage,
    CaseTask,
    ConsentKind,
    FamilyContact,
    Resource,
    TaskOwner,
)
from hearth.people.models import Person, PersonStatus, Role


@dataclass(frozen=True)
class LedgerRow:
    """One line of the case ledger."""

    case: Case
    days_to_contact: int | None
    open_tasks: int
    overdue_tasks: int
    waiting: bool = False  # a lead's referral no social worker has taken: only its intake can be opened
    primary_type: str = ""  # the case type, from the assessment


def case_ledger(*, reader: Person, stage: str = "") -> list[LedgerRow]:
    """Cases the reader works or supervises, and referrals no one has taken yet, newest first."""
    if not reader.has_role(Role.SOCIAL_WORKER):
        return []
    today = timezone.localdate()
    waiting = set(Case.objects.filter(centre_id=reader.centre_id, source="lead", workers__isnull=True)
                  .values_list("pk", flat=True))
    cases = (
        Case.objects.filter(centre_id=reader.centre_id)
        .filter(Q(workers=reader) | Q(supervisor=reader) | Q(pk__in=waiting)).distinct()
        .select_related("person", "person__team", "assessment")
        .annotate(
            open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True), distinct=True),
            overdue_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True, tasks__due_on__lt=today), distinct=True),
        )
    )
    if stage in CaseStage.values:
        cases = cases.filter(stage=stage)
    return [
        LedgerRow(
            case=c,
            days_to_contact=(c.first_contact_at - c.opened_at).days if c.first_contact_at else None,
            open_tasks=c.open_tasks, overdue_tasks=c.overdue_tasks,
            waiting=c.source == "lead" and c.pk in waiting,
            primary_type=getattr(getattr(c, "assessment", None), "primary_type", ""),
        )
        for c in cases
    ]


def caseload(*, reader: Person) -> list[tuple[str, int]]:
    """Open (not closed) cases per social worker of the reader's centre: counts only."""
    workers = (
        Person.objects.filter(centre_id=reader.centre_id, roles__role=Role.SOCIAL_WORKER, status=PersonStatus.ACTIVE)
        .annotate(n=Count("assigned_cases", filter=~Q(assigned_cases__stage=CaseStage.CLOSED), distinct=True))
        .order_by("name").distinct()
    )
    return [(w.name, w.n) for w in workers]


def my_plan(*, person: Person) -> list[dict[str, Any]]:
    """The agent's own cases that are not closed: goals, their own tasks, summaries shared with them."""
    result = []
    for case in Case.objects.filter(person=person).exclude(stage=CaseStage.CLOSED).order_by("opened_at"):
        result.append({
            "case": case,
            "goals": list(case.goals.all()),
            "tasks": list(CaseTask.objects.filter(case=case, owner=TaskOwner.AGENT)),
            "summaries": [
                (s.held_on, s.summary_for_agent)
                for s in CaseSession.objects.filter(case=case, shared_with_agent=True).exclude(summary_for_agent="")
            ],
        })
    return result


def has_open_case(*, person: Person) -> bool:
    """Whether the agent has a case that is not closed (for a link on their page)."""
    return Case.objects.filter(person=person).exclude(stage=CaseStage.CLOSED).exists()


def lead_referrals(*, reader: Person, people: list[Person]) -> dict[int, Any]:
    """When the lead last referred each of `people`, and nothing else about the cases."""
    referred: dict[int, Any] = {}
    for person_id, opened_at in (Case.objects.filter(referred_by=reader, person__in=people)
                                 .order_by("opened_at").values_list("person_id", "opened_at")):
        referred[person_id] = opened_at
    return referred


def family_contacts_in_force(*, case: Case) -> list[FamilyContact]:
    """The case's family contacts while the agent's family consent is in force; none once it is withdrawn."""
    latest = case.consents.filter(kind=ConsentKind.FAMILY).order_by("-decided_at", "-pk").first()
    if latest is None or not latest.granted:
        return []
    return list(case.family_contacts.all())


def resources_of(*, centre_id: int, active_only: bool = False) -> list[Resource]:
    """The centre's resource directory, by kind and name."""
    rows = Resource.objects.filter(centre_id=centre_id)
    return list(rows.filter(active=True) if active_only else rows)


def social_workers_of(*, centre_id: int) -> list[Person]:
    """Active social workers of a centre, by name (to choose a supervisor)."""
    return list(Person.objects.filter(centre_id=centre_id, roles__role=Role.SOCIAL_WORKER, status=PersonStatus.ACTIVE)
                .order_by("name").distinct())


def case_workers_of(*, person: Person) -> list[Person]:
    """The active social workers of the person's open cases (whom the agent may share a diary entry with)."""
    open_cases = Case.objects.filter(person=person).exclude(stage=CaseStage.CLOSED)
    return list(Person.objects.filter(assigned_cases__in=open_cases, status=PersonStatus.ACTIVE)
                .order_by("name").distinct())
