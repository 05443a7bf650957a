"""Reads of support requests."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from hearth.audit.services import audit_record
from hearth.care.models import SupportRequest, SupportRequestStatus
from hearth.people.models import Person, Role


def support_requests_of(*, person: Person) -> list[SupportRequest]:
    """The agent's own requests, newest first."""
    return list(SupportRequest.objects.filter(person=person).order_by("-created_at"))


def support_request_queue(*, reader: Person, status: str = "") -> list[SupportRequest]:
    """Requests of the social worker's centre: open ones first, then newest."""
    if not reader.has_role(Role.SOCIAL_WORKER):
        return []
    requests = SupportRequest.objects.filter(centre_id=reader.centre_id).select_related("person", "person__team", "handled_by")
    if status in SupportRequestStatus.values:
        requests = requests.filter(status=status)
    order = {SupportRequestStatus.OPEN: 0, SupportRequestStatus.IN_CONTACT: 1, SupportRequestStatus.CLOSED: 2}
    return sorted(requests, key=lambda r: (order[SupportRequestStatus(r.status)], -r.created_at.timestamp()))


def access_support_request(reader: Person, pk: int, *, ip: str | None = None) -> SupportRequest:
    """A request of the reader's centre, for social workers only (404 otherwise); the read is audited."""
    if not reader.has_role(Role.SOCIAL_WORKER):
        raise Http404
    request = SupportRequest.objects.select_related("person", "person__team").filter(pk=pk, centre_id=reader.centre_id).first()
    if request is None:
        raise Http404
    with transaction.atomic():
        audit_record(actor=reader.user, action="support_request.view", subject=request.person, obj=request, ip=ip)
    return request
