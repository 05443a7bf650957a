"""Forms for helpdesk data: the centre's privacy settings, mapping an account to a person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.people.models import Centre, Person


class PrivacySettingsForm(forms.ModelForm):
    """Whether message text is kept, and for how long hostile-message snippets are."""

    class Meta:
        model = Centre
        fields = ["keep_message_text", "evidence_retention_days"]


class AccountMapForm(forms.Form):
    """Map an unknown helpdesk account to a person of the centre."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(centre=centre).order_by("name")  # type: ignore[attr-defined]
