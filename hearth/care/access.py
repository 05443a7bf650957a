"""Who may read a case. Missing and forbidden both answer 404; every read is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404

from hearth.audit.services import audit_record
from hearth.care.models import CareSettings, Case, CaseTask
from hearth.people.models import Person, PersonStatus, Role

BREAK_GLASS_MIN_REASON = 20  # characters: a sentence, not "x"


def case_readers(case: Case) -> set[int]:
    """The people who may read a case's content: its social workers and its supervisor."""
    readers = set(case.workers.values_list("pk", flat=True))
    if case.supervisor_id is not None:
        readers.add(case.supervisor_id)
    return readers


def access_case(reader: Person, pk: int, *, ip: str | None = None) -> Case:
    """A case its reader works or supervises; the read is audited. Leads, HR, managers and admins: 404."""
    case = Case.objects.select_related("person").filter(pk=pk, centre_id=reader.centre_id).first()
    if case is None or reader.pk not in case_readers(case):
        raise Http404
    with transaction.atomic():
        audit_record(actor=reader.user, action="case.view", subject=case.person, obj=case, ip=ip)
    return case


def access_case_subject(reader: Person, pk: int) -> Person:
    """An active person of the social worker's centre, to open a case for (404 otherwise)."""
    if not reader.has_role(Role.SOCIAL_WORKER):
        raise Http404
    person = Person.objects.filter(pk=pk, centre_id=reader.centre_id, status=PersonStatus.ACTIVE).first()
    if person is None or person.pk == reader.pk:
        raise Http404
    return person


def access_own_case(reader: Person, pk: int) -> Case:
    """One of the agent's own cases that is not closed (404 otherwise)."""
    case = Case.objects.filter(pk=pk, person=reader).exclude(stage="closed").first()
    if case is None:
        raise Http404
    return case


def access_own_task(reader: Person, pk: int) -> CaseTask:
    """One of the agent's own tasks, in a case of theirs (404 otherwise)."""
    task = CaseTask.objects.select_related("case").filter(pk=pk, case__person=reader).first()
    if task is None:
        raise Http404
    return task


def access_case_part(case: Case, model: type[Any], pk: int) -> Any:
    """A goal, task or referral of a case already fetched through access_case (404 otherwise)."""
    part = model.objects.filter(pk=pk, case=case).first()
    if part is None:
        raise Http404
    return part


def access_unassigned_case(reader: Person, pk: int, *, ip: str | None = None) -> Case:
    """A team lead's referral no social worker has taken yet, for a social worker of the centre; audited.

    Only the referral's intake (the lead's concern) is shown through it, so that someone can take the case.
    """
    if not reader.has_role(Role.SOCIAL_WORKER):
        raise Http404
    case = (Case.objects.select_related("person")
            .filter(pk=pk, centre_id=reader.centre_id, source="lead", workers__isnull=True).first())
    if case is None:
        raise Http404
    with transaction.atomic():
        audit_record(actor=reader.user, action="case.view.intake", subject=case.person, obj=case, ip=ip)
    return case



def break_glass_available(reader: Person) -> CareSettings | None:
    """The centre's settings when `reader` is an administrator and the centre allows break-glass reads."""
    if not reader.has_role(Role.ADMIN):
        return None
    settings = CareSettings.objects.filter(centre_id=reader.centre_id, break_glass=True).first()
    return settings if settings is not None and settings.supervisor_id is not None else None


def access_case_break_glass(reader: Person, employee_id: str, *, reason: str, ip: str | None = None) -> Case | None:
    """An administrator's emergency read of a person's latest case: a written reason, audited, the supervisor told.

    The case's supervisor and the centre's social-work supervisor are notified in the same transaction as
    the audit event, so a read that is not recorded or not told cannot happen. A look-up that finds no
    case is recorded too (it tells the administrator that there is none). Http404 when the centre has
    not enabled break-glass reads; ValueError when the reason is too short.
    """
    from django.urls import reverse

    from hearth.notices.services import notice_send

    settings = break_glass_available(reader)
    if settings is None:
        raise Http404
    reason = reason.strip()
    if len(reason) < BREAK_GLASS_MIN_REASON:
        raise ValueError("a break-glass read needs a written reason")
    person = Person.objects.filter(centre_id=reader.centre_id, employee_id=employee_id.strip()).exclude(pk=reader.pk).first()
    case = (Case.objects.select_related("person").filter(person=person).order_by("-opened_at").first()
            if person is not None else None)
    with transaction.atomic():
        event = audit_record(actor=reader.user, action="case.break_glass" if case else "case.break_glass.none",
                             subject=person, obj=case, reason=reason, ip=ip)
        told = {pid for pid in (case.supervisor_id if case else None, settings.supervisor_id)
                if pid is not None and pid != reader.pk}
        for supervisor in Person.objects.filter(pk__in=told):
            notice_send(person=supervisor, kind="case_break_glass",
                        params={"admin": reader.name, "case": case.pk if case else "—", "reason": reason[:300]},
                        url=reverse("care:case", args=[case.pk]) if case else "",
                        dedupe_key=f"case_break_glass:{event.pk}:{supervisor.pk}")
    return case
