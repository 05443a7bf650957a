"""Writes for phased (stress-coping) programmes: phases from the template, phase assessments, completions.

A member passes a phase with a score at or above its pass mark, or with a plain "pass" when the assessor
gives no score. A member completes the programme when every phase is passed and they attended at least
the programme's share of held sessions; the completion is recorded once, with its date, as a certificate.
Every write records an AuditEvent in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.services import audit_record
from hearth.people.models import Person
from hearth.programmes.catalogue import ProgrammeTemplate
from hearth.programmes.models import (
    Completion,
    Membership,
    MemberStatus,
    Module,
    Phase,
    PhaseAssessment,
    Programme,
    ProgrammeSession,
    ProgrammeStatus,
)
from hearth.programmes.rules import ProgrammeRuleError, require_facilitator
from hearth.programmes.selectors_coping import member_progress

# (score or None, passed or None, note) per membership id, as the assessment grid posts them.
AssessmentEntry = tuple[int | None, bool | None, str]


def phases_create(*, programme: Programme, template: ProgrammeTemplate, language: str, now: datetime) -> list[Phase]:
    """Copy a phased template into a new programme: phases, their modules (both languages) and their sessions."""
    phases = []
    number = 0
    for order, spec in enumerate(template.phases, start=1):
        phase = Phase.objects.create(programme=programme, order=order, name=template.text(spec.name, language),
                                     planned_days=spec.days, pass_criteria=template.text(spec.pass_criteria, language),
                                     pass_mark=spec.pass_mark)
        Module.objects.bulk_create([
            Module(phase=phase, order=i, kind=m.kind, title=dict(m.title), outline=dict(m.outline), link=m.link)
            for i, m in enumerate(spec.modules, start=1)
        ])
        sessions = []
        for theme, minutes in spec.sessions:
            number += 1
            sessions.append(ProgrammeSession(programme=programme, phase=phase, number=number, minutes=minutes,
                                             theme=template.text(theme, language), created_at=now))
        ProgrammeSession.objects.bulk_create(sessions)
        phases.append(phase)
    return phases


def phase_assess(*, phase: Phase, membership: Membership, by: Person, score: int | None = None,
                 passed: bool | None = None, note: str = "") -> PhaseAssessment:
    """Record (or correct) a member's result in a phase: a score 0–100, or pass/fail when there is no score."""
    programme = phase.programme
    require_facilitator(programme, by)
    if programme.status == ProgrammeStatus.PLANNED:
        raise ProgrammeRuleError(_("Start the group before recording assessments."))
    if membership.programme_id != programme.pk or membership.status != MemberStatus.ACTIVE:
        raise ProgrammeRuleError(_("Assessments are recorded for members taking part only."))
    if score is not None:
        if not 0 <= score <= 100:
            raise ProgrammeRuleError(_("A score is 0 to 100."))
        passed = score >= phase.pass_mark
    elif passed is None:
        raise ProgrammeRuleError(_("Give a score or choose pass or fail."))
    with transaction.atomic():
        assessment, _created = PhaseAssessment.objects.update_or_create(
            phase=phase, membership=membership,
            defaults={"score": score, "passed": passed, "note": note.strip(), "assessed_by": by,
                      "assessed_at": timezone.now()},
        )
        audit_record(actor=by.user, action="programme.phase.assess", subject=membership.person, obj=assessment,
                     reason=f"phase {phase.order}: {'passed' if passed else 'not passed'}")
    return assessment


def phase_assessments_record(*, phase: Phase, by: Person, entries: Mapping[int, AssessmentEntry]
                             ) -> list[PhaseAssessment]:
    """Record a phase's results for several members at once (membership id → entry); all or nothing."""
    require_facilitator(phase.programme, by)
    if not entries:
        raise ProgrammeRuleError(_("Enter at least one result."))
    members = {m.pk: m for m in Membership.objects.filter(programme=phase.programme, pk__in=list(entries))
               .select_related("person")}
    if set(entries) - set(members):
        raise ProgrammeRuleError(_("Assessments are recorded for members taking part only."))
    with transaction.atomic():
        return [phase_assess(phase=phase, membership=members[pk], by=by, score=score, passed=passed, note=note)
                for pk, (score, passed, note) in sorted(entries.items())]


def completion_rule_set(*, programme: Programme, by: Person, attendance: int) -> Programme:
    """Set the share of held sessions (%) a member must attend to complete the programme."""
    require_facilitator(programme, by)
    if not 0 <= attendance <= 100:
        raise ProgrammeRuleError(_("Attendance needed is 0 to 100%."))
    with transaction.atomic():
        programme.completion_attendance = attendance
        programme.save(update_fields=["completion_attendance"])
        audit_record(actor=by.user, action="programme.completion.rule", obj=programme, reason=f"{attendance}%")
    return programme


def completions_record(*, programme: Programme, by: Person, on: date | None = None) -> list[Completion]:
    """Record a completion for each member taking part who meets the rule and has none yet; returns the new ones."""
    require_facilitator(programme, by)
    if not programme.phases.exists():
        raise ProgrammeRuleError(_("Only a programme with phases has completions."))
    on = on or timezone.localdate()
    active = list(programme.memberships.filter(status=MemberStatus.ACTIVE).select_related("person"))
    created = []
    with transaction.atomic():
        for progress in member_progress(programme=programme, memberships=active):
            if progress.completion is None and progress.meets_rule:
                completion = Completion.objects.create(
                    membership=progress.membership, completed_on=on, attendance=progress.attendance or 0,
                    recorded_by=by, created_at=timezone.now())
                audit_record(actor=by.user, action="programme.complete", subject=progress.membership.person,
                             obj=completion)
                created.append(completion)
    return created
