"""Forms for the people pages: the list filters and the people-file upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.people.models import Centre, PersonStatus, Team

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".xlsx")


class PersonFilterForm(forms.Form):
    """Search by name or employee id; filter by team and status."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *PersonStatus.choices]
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(centre=centre).order_by("name")  # type: ignore[attr-defined]


class PeopleUploadForm(forms.Form):
    """One .csv or .xlsx people file."""

    file = forms.FileField(
        label=_("People file (.csv or .xlsx)"),
        help_text=_("First row: column headers such as 工号/employee_id, 姓名/name, 团队/team, 角色/roles."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload


class AdminPeopleUploadForm(PeopleUploadForm):
    """The upload in the Django admin also names the centre and may be a dry run."""

    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.order_by("name"))
    dry_run = forms.BooleanField(label=_("Dry run (check only, write nothing)"), required=False)
