"""Support requests: the agent asks; the social worker sees the queue and, with consent, the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.assessments.access import access_outreach_subject
from hearth.assessments.selectors import outreach_consent_current, scores_for_outreach
from hearth.audit.selectors import audit_views_of
from hearth.care import selectors, services
from hearth.care.forms import SupportRequestForm, SupportRequestUpdateForm, ViewReasonForm
from hearth.care.models import SupportRequestStatus
from hearth.core.access import client_ip, require_person, roles_required
from hearth.people.models import Role


@login_required
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    form = SupportRequestForm(request.POST)
    if form.is_valid():
        services.support_request_create(
            person=person, message=form.cleaned_data["message"], contact_preference=form.cleaned_data["contact_preference"]
        )
        messages.success(request, _("Your request has been sent to the social worker, in confidence. They will contact you soon."))
    else:
        messages.error(request, _("Your request could not be sent: please check the form."))
    return redirect("checkups:mine")


@roles_required(Role.SOCIAL_WORKER)
def requests(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    status = request.GET.get("status", "")
    return render(request, "care/requests.html", {
        "requests": selectors.support_request_queue(reader=person, status=status), "status": status,
        "statuses": SupportRequestStatus.choices,
    })


@roles_required(Role.SOCIAL_WORKER)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    support = selectors.access_support_request(person, pk, ip=client_ip(request))
    form = SupportRequestUpdateForm(request.POST or None, initial={"status": support.status})
    if request.method == "POST" and form.is_valid():
        services.support_request_update(request=support, status=form.cleaned_data["status"], by=person)
        messages.success(request, _("Updated."))
        return redirect("care:request", pk=support.pk)
    return render(request, "care/request_detail.html", {
        "support": support, "form": form, "consent": outreach_consent_current(person=support.person),
    })


@roles_required(Role.SOCIAL_WORKER)
def person_checkups(request: HttpRequest, pk: int) -> HttpResponse:
    """A consenting agent's check-up results. Opening them asks why, and writes an audit event."""
    reader = require_person(request)
    subject = access_outreach_subject(reader, pk)
    form = ViewReasonForm(request.POST or None, initial={"reason": request.GET.get("reason", "")})
    if request.method == "POST" and form.is_valid():
        results = scores_for_outreach(reader=reader, subject=subject, reason=form.reason_text(), ip=client_ip(request))
        return render(request, "care/person_checkups.html", {
            "subject": subject, "results": list(reversed(results)), "views": audit_views_of(subject_id=subject.pk),
        })
    return render(request, "care/view_reason.html", {"subject": subject, "form": form})
