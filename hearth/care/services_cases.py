"""Writes for case work: open, assign, consent, move through the stages, sessions, close, reopen.

Every write records an AuditEvent in the same transaction. The workflow is intake → assessment →
service plan → services → review → closed; a case moves one stage at a time. Rules that protect the
agent are enforced here, not in views: no stage past intake without consent to services, no session
after that consent is withdrawn, and, when the centre turns approvals on, the case's supervisor
approves the plan before services start and the closure before a case closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from hearth.audit.services import audit_record
from hearth.care.models import (
    CASE_STAGES,
    ENTERPRISE_FACTORS,
    FACTOR_RATINGS,
    FAMILY_SESSION_KINDS,
    NEED_LEVELS,
    PERSONAL_FACTORS,
    PRIMARY_TYPES,
    SUPPORT_SOURCES,
    TECHNIQUES,
    CareSettings,
    Case,
    CaseAssessment,
    CaseConsent,
    CaseGoal,
    CaseKind,
    CaseSession,
    CaseSource,
    CaseStage,
    CaseTask,
    ConsentKind,
    ExternalReferral,
    FamilyContact,
    ReferralService,
    ReferralStatus,
    SessionKind,
    SupportRequest,
    TaskOwner,
)
from hearth.people.models import Person, Role


class CaseRuleError(ValueError):
    """A case action the rules do not allow; the message says why, for the social worker."""


def care_settings(*, centre_id: int) -> CareSettings:
    """The centre's case-work rules (created with approvals off)."""
    settings, _ = CareSettings.objects.get_or_create(centre_id=centre_id)
    return settings


def case_consents(*, case: Case) -> dict[str, bool]:
    """The decision in force for each kind of consent (absent when not asked yet)."""
    return {c.kind: c.granted for c in case.consents.order_by("decided_at", "pk")}


def case_open(
    *, person: Person, by: Person, source: str, kind: str = CaseKind.INDIVIDUAL,
    support_request: SupportRequest | None = None, concern: str = "", supervisor: Person | None = None,
) -> Case:
    """Open a case for `person`. A social worker opening it is assigned; a lead's referral waits for one."""
    if source not in CaseSource.values or kind not in CaseKind.values:
        raise CaseRuleError(f"unknown source {source!r} or kind {kind!r}")
    if person.centre_id != by.centre_id or person.pk == by.pk:
        raise CaseRuleError("a case is opened for another person of the same centre")
    if source == CaseSource.LEAD:
        if not by.has_role(Role.TEAM_LEAD):
            raise CaseRuleError("only a team lead refers")
    elif not by.has_role(Role.SOCIAL_WORKER):
        raise CaseRuleError("only a social worker opens a case")
    if supervisor is None:
        supervisor = care_settings(centre_id=person.centre_id).supervisor
    if supervisor is not None and not supervisor.has_role(Role.SOCIAL_WORKER):
        raise CaseRuleError("the supervisor must be a social worker")
    with transaction.atomic():
        case = Case.objects.create(
            centre_id=person.centre_id, person=person, kind=kind, source=source, support_request=support_request,
            opened_at=timezone.now(), opened_by=by, supervisor=supervisor,
            referred_by=by if source == CaseSource.LEAD else None,
            referral_concern=concern.strip()[:500] if source == CaseSource.LEAD else "",
        )
        if source != CaseSource.LEAD:
            case.workers.add(by)
        audit_record(actor=by.user, action="case.open", subject=person, obj=case, reason=source)
    return case


def case_assign(*, case: Case, worker: Person, by: Person) -> Case:
    """Add a social worker to the case."""
    if not worker.has_role(Role.SOCIAL_WORKER) or worker.centre_id != case.centre_id:
        raise CaseRuleError("only a social worker of the centre can work a case")
    with transaction.atomic():
        case.workers.add(worker)
        audit_record(actor=by.user, action="case.assign", subject=case.person, obj=case, reason=worker.employee_id)
    return case


def case_supervisor_set(*, case: Case, supervisor: Person | None, by: Person) -> Case:
    """Name the case's supervisor (a social worker of the centre who does not work the case), or none."""
    if supervisor is not None and (
        not supervisor.has_role(Role.SOCIAL_WORKER) or supervisor.centre_id != case.centre_id
        or case.workers.filter(pk=supervisor.pk).exists()
    ):
        raise CaseRuleError("the supervisor is another social worker of the centre")
    with transaction.atomic():
        case.supervisor = supervisor
        case.save(update_fields=["supervisor"])
        audit_record(actor=by.user, action="case.supervisor.set", subject=case.person, obj=case,
                     reason=supervisor.employee_id if supervisor else "")
    return case


def care_settings_update(
    *, centre_id: int, by: Person, approvals: bool, break_glass: bool, supervisor: Person | None,
) -> CareSettings:
    """Change the centre's case-work rules (recorded in the audit log)."""
    if supervisor is not None and (not supervisor.has_role(Role.SOCIAL_WORKER) or supervisor.centre_id != centre_id):
        raise CaseRuleError("the supervisor is another social worker of the centre")
    with transaction.atomic():
        settings = care_settings(centre_id=centre_id)
        settings.approvals, settings.break_glass, settings.supervisor = approvals, break_glass, supervisor
        settings.save()
        audit_record(actor=by.user, action="care.settings.update", obj=settings,
                     reason=f"approvals={approvals} break_glass={break_glass} "
                            f"supervisor={supervisor.employee_id if supervisor else '-'}")
    return settings


def case_consent_set(*, case: Case, kind: str, granted: bool, by: Person) -> CaseConsent:
    """Record the agent's decision (given at intake, or withdrawn later); it takes effect at once."""
    if kind not in ConsentKind.values:
        raise CaseRuleError(f"unknown consent {kind!r}")
    with transaction.atomic():
        consent = CaseConsent.objects.create(case=case, kind=kind, granted=granted, decided_at=timezone.now(),
                                             recorded_by=by)
        audit_record(actor=by.user, action=f"case.consent.{kind}.{'granted' if granted else 'withdrawn'}",
                     subject=case.person, obj=case)
    return consent


def case_advance(*, case: Case, by: Person) -> Case:
    """Move the case to its next stage (closing has its own action)."""
    if case.stage in (CaseStage.REVIEW, CaseStage.CLOSED):
        raise CaseRuleError("close the case to leave review")
    if not case_consents(case=case).get(ConsentKind.SERVICES):
        raise CaseRuleError("the agent has not consented to services")
    if (case.stage == CaseStage.PLAN and care_settings(centre_id=case.centre_id).approvals
            and case.plan_approved_at is None):
        raise CaseRuleError("the supervisor has not approved the service plan yet")
    with transaction.atomic():
        case.stage = CASE_STAGES[CASE_STAGES.index(case.stage) + 1]
        case.save(update_fields=["stage"])
        audit_record(actor=by.user, action=f"case.stage.{case.stage}", subject=case.person, obj=case)
    return case


def case_plan_approve(*, case: Case, by: Person) -> Case:
    """The case's supervisor approves the service plan."""
    if case.supervisor_id != by.pk:
        raise CaseRuleError("only the case's supervisor approves its plan")
    with transaction.atomic():
        case.plan_approved_at, case.plan_approved_by = timezone.now(), by
        case.save(update_fields=["plan_approved_at", "plan_approved_by"])
        audit_record(actor=by.user, action="case.plan.approve", subject=case.person, obj=case)
    return case


def case_session_add(
    *, case: Case, by: Person, held_on: date, kind: str, minutes: int, techniques: Sequence[str] = (),
    notes: str = "", next_step: str = "", summary_for_agent: str = "", shared_with_agent: bool = False,
    family_present: Sequence[FamilyContact] = (),
) -> CaseSession:
    """Record a session; its notes, next step and summary are encrypted at rest.

    A family session or mediation needs the agent's consent to contact their family, in force now.
    """
    if case.stage == CaseStage.CLOSED:
        raise CaseRuleError("the case is closed: reopen it first")
    if kind not in SessionKind.values:
        raise CaseRuleError(f"unknown session kind {kind!r}")
    consents = case_consents(case=case)
    if not consents.get(ConsentKind.SERVICES):
        raise CaseRuleError("the agent has not consented to services (or withdrew)")
    if (kind in FAMILY_SESSION_KINDS or family_present) and not consents.get(ConsentKind.FAMILY):
        raise CaseRuleError("the agent has not consented to contact with their family (or withdrew)")
    if any(contact.case_id != case.pk for contact in family_present):
        raise CaseRuleError("a family contact of another case")
    known = {value for value, _label in TECHNIQUES}
    if unknown := [t for t in techniques if t not in known]:
        raise CaseRuleError(f"unknown techniques: {', '.join(unknown)}")
    with transaction.atomic():
        session = CaseSession.objects.create(
            case=case, held_on=held_on, kind=kind, minutes=minutes, techniques=list(techniques), notes=notes.strip(),
            next_step=next_step.strip(), summary_for_agent=summary_for_agent.strip(),
            shared_with_agent=shared_with_agent and bool(summary_for_agent.strip()), recorded_by=by,
            created_at=timezone.now(),
        )
        if family_present:
            session.family_present.set(family_present)
        if case.first_contact_at is None:
            case.first_contact_at = timezone.now()
            case.save(update_fields=["first_contact_at"])
        audit_record(actor=by.user, action="case.session.add", subject=case.person, obj=session)
    return session


def case_close(*, case: Case, by: Person, reason: str, satisfaction: int | None = None) -> Case:
    """Close the case (from review); with approvals on, ask the supervisor instead."""
    if case.stage != CaseStage.REVIEW:
        raise CaseRuleError("a case closes from review")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise CaseRuleError("satisfaction is 1 to 5")
    with transaction.atomic():
        case.closure_reason, case.satisfaction = reason, satisfaction
        if care_settings(centre_id=case.centre_id).approvals and case.supervisor_id != by.pk:
            case.closure_requested_at = timezone.now()
            case.save(update_fields=["closure_reason", "satisfaction", "closure_requested_at"])
            audit_record(actor=by.user, action="case.close.request", subject=case.person, obj=case)
            return case
        case.stage, case.closed_at = CaseStage.CLOSED, timezone.now()
        case.closure_approved_by = by if case.supervisor_id == by.pk else None
        case.save()
        audit_record(actor=by.user, action="case.close", subject=case.person, obj=case, reason=reason)
    return case


def case_close_approve(*, case: Case, by: Person) -> Case:
    """The supervisor approves a requested closure."""
    if case.supervisor_id != by.pk or case.closure_requested_at is None:
        raise CaseRuleError("only the case's supervisor approves a requested closure")
    with transaction.atomic():
        case.stage, case.closed_at, case.closure_approved_by = CaseStage.CLOSED, timezone.now(), by
        case.save(update_fields=["stage", "closed_at", "closure_approved_by"])
        audit_record(actor=by.user, action="case.close.approve", subject=case.person, obj=case)
    return case


def case_reopen(*, case: Case, by: Person) -> Case:
    """Reopen a closed case at assessment."""
    if case.stage != CaseStage.CLOSED:
        raise CaseRuleError("only a closed case reopens")
    with transaction.atomic():
        case.stage, case.closed_at, case.closure_requested_at = CaseStage.ASSESSMENT, None, None
        case.reopened += 1
        case.save(update_fields=["stage", "closed_at", "closure_requested_at", "reopened"])
        audit_record(actor=by.user, action="case.reopen", subject=case.person, obj=case)
    return case


# ------------------------------------------------------------------------------- assessment and plan


def case_assessment_save(
    *, case: Case, by: Person, personal_factors: str = "", enterprise_factors: str = "",
    needs: Sequence[str] = (), support_map: dict[str, int] | None = None, primary_type: str = "",
    factor_ratings: dict[str, str] | None = None,
) -> CaseAssessment:
    """Write (or rewrite) the case's assessment."""
    if primary_type and primary_type not in {value for value, _label in PRIMARY_TYPES}:
        raise CaseRuleError(f"unknown burnout type {primary_type!r}")
    factor_ratings = {k: v for k, v in (factor_ratings or {}).items() if v}
    known_factors = {value for value, _label in (*PERSONAL_FACTORS, *ENTERPRISE_FACTORS)}
    if set(factor_ratings) - known_factors or set(factor_ratings.values()) - {v for v, _l in FACTOR_RATINGS}:
        raise CaseRuleError("unknown factor or rating")
    known_needs = {value for value, _label in NEED_LEVELS}
    known_sources = {value for value, _label in SUPPORT_SOURCES}
    support_map = support_map or {}
    if set(needs) - known_needs or set(support_map) - known_sources or any(
        not 0 <= v <= 3 for v in support_map.values()
    ):
        raise CaseRuleError("unknown need level or support source, or a strength outside 0-3")
    with transaction.atomic():
        assessment, _ = CaseAssessment.objects.update_or_create(case=case, defaults={
            "personal_factors": personal_factors.strip(), "enterprise_factors": enterprise_factors.strip(),
            "needs": list(needs), "support_map": dict(support_map), "primary_type": primary_type,
            "factor_ratings": factor_ratings,
            "updated_at": timezone.now(), "updated_by": by,
        })
        audit_record(actor=by.user, action="case.assessment.save", subject=case.person, obj=case)
    return assessment


def case_goal_add(*, case: Case, by: Person, description: str, indicator: str = "") -> CaseGoal:
    """Add a goal with its measurable indicator to the service plan."""
    if not description.strip():
        raise CaseRuleError("a goal needs a description")
    with transaction.atomic():
        goal = CaseGoal.objects.create(case=case, description=description.strip(), indicator=indicator.strip(),
                                       created_at=timezone.now())
        audit_record(actor=by.user, action="case.goal.add", subject=case.person, obj=goal)
    return goal


def case_goal_rate(*, goal: CaseGoal, by: Person, attainment: int) -> CaseGoal:
    """Score a goal's attainment on the GAS scale: −2 much less than expected … +2 much more."""
    if not -2 <= attainment <= 2:
        raise CaseRuleError("attainment is −2 to +2")
    with transaction.atomic():
        goal.attainment = attainment
        goal.save(update_fields=["attainment"])
        audit_record(actor=by.user, action="case.goal.rate", subject=goal.case.person, obj=goal)
    return goal


def case_task_add(*, case: Case, by: Person, title: str, owner: str, due_on: date | None = None) -> CaseTask:
    """A task of the plan, for the agent or the social worker."""
    if owner not in TaskOwner.values or not title.strip():
        raise CaseRuleError("a task needs a title and an owner (agent or social worker)")
    with transaction.atomic():
        task = CaseTask.objects.create(case=case, title=title.strip(), owner=owner, due_on=due_on,
                                       created_at=timezone.now())
        audit_record(actor=by.user, action="case.task.add", subject=case.person, obj=task)
    return task


def case_task_done(*, task: CaseTask, by: Person, done: bool = True) -> CaseTask:
    """Tick (or untick) a task: the agent their own, a case worker any."""
    case = task.case
    if by.pk == case.person_id:
        if task.owner != TaskOwner.AGENT:
            raise CaseRuleError("the agent ticks their own tasks")
    elif not case.workers.filter(pk=by.pk).exists():
        raise CaseRuleError("only the agent or the case's social workers tick tasks")
    with transaction.atomic():
        task.done_at = timezone.now() if done else None
        task.save(update_fields=["done_at"])
        audit_record(actor=by.user, action="case.task.done" if done else "case.task.undone", subject=case.person,
                     obj=task)
    return task


def case_plan_agree(*, case: Case, by: Person) -> Case:
    """The agent agrees to their service plan (recorded by them or, with them, by the social worker)."""
    with transaction.atomic():
        case.plan_agreed_at = timezone.now()
        case.save(update_fields=["plan_agreed_at"])
        audit_record(actor=by.user, action="case.plan.agree", subject=case.person, obj=case)
    return case


def case_referral_save(
    *, case: Case, by: Person, service: str, status: str = ReferralStatus.SUGGESTED, organisation: str = "",
    note: str = "", referral: ExternalReferral | None = None,
) -> ExternalReferral:
    """Add a referral to an outside service, or update its status."""
    if service not in ReferralService.values or status not in ReferralStatus.values:
        raise CaseRuleError("unknown service or status")
    with transaction.atomic():
        now = timezone.now()
        if referral is None:
            referral = ExternalReferral(case=case, created_at=now)
        referral.service, referral.status, referral.organisation = service, status, organisation.strip()
        referral.note, referral.updated_at = note.strip(), now
        referral.save()
        audit_record(actor=by.user, action=f"case.referral.{status}", subject=case.person, obj=referral)
    return referral
