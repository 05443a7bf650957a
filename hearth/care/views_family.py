"""Family services on the case page (contacts, links to resources) and the centre's resource directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.care import selectors_cases, services_family
from hearth.care.access import access_case_part
from hearth.care.models import Case, FamilyContact, Resource, ResourceKind, ResourceLink
from hearth.care.services_cases import CaseRuleError
from hearth.care.views_cases import _case_action, _int, rule_message
from hearth.core.access import require_person, roles_required
from hearth.people.models import Role


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def family_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a family member the agent agreed may be contacted."""
    post = request.POST
    return _case_action(request, pk, lambda case, by: services_family.family_contact_add(
        case=case, by=by, name=post.get("name", ""), relation=post.get("relation", ""),
        phone=post.get("phone", ""), note=post.get("note", "")), _("Family contact added."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def family_contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    """Delete a family contact."""
    return _case_action(request, pk, lambda case, by: services_family.family_contact_remove(
        contact=access_case_part(case, FamilyContact, contact_pk), by=by), _("Family contact removed."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def resource_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer a resource of the directory to the agent or their family, or update an offer's status."""
    post = request.POST
    link_pk, resource_pk = _int(post.get("link")), _int(post.get("resource"))

    def save(case: Case, by: Any) -> object:
        link = access_case_part(case, ResourceLink, link_pk) if link_pk else None
        resource = None
        if link is None:
            resource = Resource.objects.filter(pk=resource_pk or 0, centre_id=case.centre_id).first()
        return services_family.resource_link_save(
            case=case, by=by, resource=resource, link=link, status=post.get("status", "suggested"),
            for_family=post.get("for_family") == "1", note=post.get("note", ""))

    return _case_action(request, pk, save, _("Resource saved."))


@roles_required(Role.SOCIAL_WORKER)
def resources(request: HttpRequest) -> HttpResponse:
    """The centre's resource directory: jobs for family members, hardship subsidies, childcare and more."""
    reader = require_person(request)
    editing = None
    if edit_pk := _int(request.GET.get("edit") or request.POST.get("resource")):
        editing = Resource.objects.filter(pk=edit_pk, centre_id=reader.centre_id).first()
        if editing is None:
            raise Http404
    form = request.POST
    if request.method == "POST":
        try:
            services_family.resource_save(
                centre_id=reader.centre_id, by=reader, kind=form.get("kind", ""), name=form.get("name", ""),
                description=form.get("description", ""), contact=form.get("contact", ""),
                active=form.get("active", "1") == "1", resource=editing)
        except CaseRuleError as error:
            messages.error(request, rule_message(error))
        else:
            messages.success(request, _("Resource saved."))
            return redirect("care:resources")
    fields = ("kind", "name", "description", "contact")
    values = ({f: form.get(f, "") for f in fields} if request.method == "POST"
              else {f: getattr(editing, f, "") for f in fields})
    return render(request, "care/resources.html", {
        "resources": selectors_cases.resources_of(centre_id=reader.centre_id), "kinds": ResourceKind.choices,
        "editing": editing, "values": values,
    })
