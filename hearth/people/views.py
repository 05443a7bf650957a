"""People pages for HR, managers and admins: the people list and the people-file import."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hearth.core.access import require_person, roles_required
from hearth.engine.people_records import RowError
from hearth.people.forms import PeopleUploadForm, PersonFilterForm
from hearth.people.models import Role
from hearth.people.selectors import people_file_read, person_list
from hearth.people.services import PeopleImportError, people_import

PEOPLE_ROLES = (Role.HR, Role.ADMIN, Role.MANAGER)
_SESSION_KEY = "people_import_upload"


@roles_required(*PEOPLE_ROLES)
def people_list(request: HttpRequest) -> HttpResponse:
    """Everyone in the centre, searchable by name or employee id, filterable by team and status."""
    me = require_person(request)
    form = PersonFilterForm(request.GET or None, centre=me.centre)
    filters: dict[str, Any] = {}
    if form.is_valid():
        team = form.cleaned_data["team"]
        filters = {
            "query": form.cleaned_data["q"],
            "team_id": team.pk if team else None,
            "status": form.cleaned_data["status"],
        }
    page = Paginator(person_list(centre=me.centre, **filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "people/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@roles_required(*PEOPLE_ROLES)
@require_http_methods(["GET", "POST"])
def people_import_view(request: HttpRequest) -> HttpResponse:
    """Upload a people file, preview what it would do (a dry run), then confirm; all or nothing."""
    me = require_person(request)
    language = getattr(request, "LANGUAGE_CODE", "")
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(_SESSION_KEY)
        if not stored:
            messages.error(request, _("The upload has expired; please upload the file again."))
            return redirect("people:import")
        people_file = people_file_read(
            data=base64.b64decode(stored["data"]), filename=stored["filename"], language_code=language
        )
        try:
            result = people_import(centre=me.centre, people_file=people_file, actor_user=request.user)
        except PeopleImportError as exc:
            return _render_errors(request, PeopleUploadForm(), exc.errors, people_file.filename)
        del request.session[_SESSION_KEY]
        messages.success(
            request,
            _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("people:list")

    form = PeopleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        people_file = people_file_read(data=data, filename=upload.name, language_code=language)
        try:
            result = people_import(
                centre=me.centre, people_file=people_file, actor_user=request.user, dry_run=True
            )
        except PeopleImportError as exc:
            request.session.pop(_SESSION_KEY, None)
            return _render_errors(request, form, exc.errors, people_file.filename)
        request.session[_SESSION_KEY] = {
            "filename": people_file.filename,
            "data": base64.b64encode(data).decode("ascii"),
        }
        return render(
            request,
            "people/import.html",
            {
                "form": PeopleUploadForm(),
                "preview": result,
                "changed": [c for c in result.changes if c.action != "unchanged"],
                "filename": people_file.filename,
            },
        )
    return render(request, "people/import.html", {"form": form})


def _render_errors(
    request: HttpRequest, form: PeopleUploadForm, errors: tuple[RowError, ...], filename: str
) -> HttpResponse:
    return render(
        request,
        "people/import.html",
        {"form": form, "errors": errors, "filename": filename},
    )
