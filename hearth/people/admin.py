"""Django admin for centres, teams, people and helpdesk accounts, with the people-file import."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.people.forms import AdminPeopleUploadForm
from hearth.people.models import Centre, HelpdeskAccount, Person, RoleAssignment, Team
from hearth.people.selectors import people_file_read
from hearth.people.services import PeopleImportError, centre_get_or_create_default, people_import


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "time_zone", "k_anonymity", "is_demo")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "centre", "parent")
    list_filter = ("centre",)
    search_fields = ("name",)
    filter_horizontal = ("leads",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


class HelpdeskAccountInline(admin.TabularInline):
    model = HelpdeskAccount
    extra = 0
    fields = ("centre", "source", "external_id")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("employee_id", "name", "team", "status", "centre")
    list_filter = ("centre", "status", "team", "shift_pattern")
    search_fields = ("name", "employee_id", "email")
    raw_id_fields = ("user",)
    inlines = (RoleAssignmentInline, HelpdeskAccountInline)
    change_list_template = "people/admin/person_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="people_person_import",
            )
        ]
        return custom + super().get_urls()  # type: ignore[operator]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import people from CSV/Excel through the same service as the HR page."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = AdminPeopleUploadForm(
            request.POST or None, request.FILES or None,
            initial={"centre": centre_get_or_create_default() if request.method == "GET" else None},
        )
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext_lazy("Import people from CSV/Excel"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            people_file = people_file_read(
                data=upload.read(), filename=upload.name,
                language_code=getattr(request, "LANGUAGE_CODE", ""),
            )
            dry_run = form.cleaned_data["dry_run"]
            try:
                result = people_import(
                    centre=form.cleaned_data["centre"], people_file=people_file,
                    actor_user=request.user, dry_run=dry_run,
                )
            except PeopleImportError as exc:
                context["errors"] = exc.errors
                return render(request, "people/admin/import.html", context)
            summary = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
                "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            }
            if dry_run:
                messages.info(request, _("Dry run, nothing saved: %(summary)s") % {"summary": summary})
                context["preview"] = result
                return render(request, "people/admin/import.html", context)
            messages.success(request, _("Imported: %(summary)s") % {"summary": summary})
            return redirect("admin:people_person_changelist")
        return render(request, "people/admin/import.html", context)


@admin.register(HelpdeskAccount)
class HelpdeskAccountAdmin(admin.ModelAdmin):
    list_display = ("source", "external_id", "person", "centre")
    list_filter = ("centre", "source")
    search_fields = ("external_id", "person__name", "person__employee_id")
    raw_id_fields = ("person",)
