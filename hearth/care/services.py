"""Writes for support requests."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hearth.audit.services import audit_record
from hearth.care.models import SupportRequest, SupportRequestStatus
from hearth.notices.services import notice_send
from hearth.people.models import Person, PersonStatus, Role


def support_request_create(*, person: Person, message: str = "", contact_preference: str = "any", source: str = "checkup_result") -> SupportRequest:
    """An agent asks for a confidential conversation; every social worker of the centre is told."""
    with transaction.atomic():
        request = SupportRequest.objects.create(
            centre_id=person.centre_id, person=person, created_at=timezone.now(), message=message.strip(),
            contact_preference=contact_preference, source=source,
        )
        audit_record(actor=person.user, action="support_request.create", subject=person, obj=request)
        social_workers = Person.objects.filter(
            centre_id=person.centre_id, roles__role=Role.SOCIAL_WORKER, status=PersonStatus.ACTIVE
        ).exclude(pk=person.pk)
        for worker in social_workers:
            notice_send(
                person=worker, kind="support_request_new", params={"name": person.name},
                url=reverse("care:request", args=[request.pk]), dedupe_key=f"support_request_new:{request.pk}",
            )
    return request


def support_request_update(*, request: SupportRequest, status: str, by: Person) -> SupportRequest:
    """The social worker records contact or closes the request; the agent is told."""
    if status not in SupportRequestStatus.values:
        raise ValueError(f"unknown status {status!r}")
    with transaction.atomic():
        now = timezone.now()
        request.status = status
        request.handled_by = by
        if status == SupportRequestStatus.IN_CONTACT and request.first_contact_at is None:
            request.first_contact_at = now
        if status == SupportRequestStatus.CLOSED:
            request.closed_at = now
        request.save()
        audit_record(actor=by.user, action=f"support_request.{status}", subject=request.person, obj=request)
        if status != SupportRequestStatus.OPEN:
            notice_send(
                person=request.person, kind=f"support_request_{status}",
                url=reverse("checkups:mine"), dedupe_key=f"support_request_update:{request.pk}:{status}",
            )
    return request


def case_refer(*, person: Person, by: Person, concern: str) -> Any:
    """A team lead refers an agent to the social worker: a case waits for one; the centre's social workers are told."""
    from hearth.care.services_cases import case_open

    with transaction.atomic():
        case = case_open(person=person, by=by, source="lead", concern=concern)
        social_workers = Person.objects.filter(
            centre_id=person.centre_id, roles__role=Role.SOCIAL_WORKER, status=PersonStatus.ACTIVE
        ).exclude(pk=person.pk).distinct()
        for worker in social_workers:
            notice_send(
                person=worker, kind="case_referral_new", params={"name": person.name},
                url=reverse("care:case", args=[case.pk]), dedupe_key=f"case_referral_new:{case.pk}",
            )
    return case
