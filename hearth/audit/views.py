"""The audit log page: admins read it (sensitive subjects as pseudonyms, see selectors); nobody can change it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.audit.selectors import audit_event_list, audit_row
from hearth.core.access import require_person, roles_required


@roles_required("admin")
def audit_list(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    action = request.GET.get("action", "")
    subject = request.GET.get("subject", "")
    events = audit_event_list(centre_id=person.centre_id, action=action,
                              subject_id=int(subject) if subject.isdigit() else None)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "rows": [audit_row(e) for e in page], "action": action})
