"""Who may read a case. Missing and forbidden both answer 404; every read is audited."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from hearth.audit.services import audit_record
from hearth.care.models import Case
from hearth.people.models import Person


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
