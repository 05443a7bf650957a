"""Forms for helpdesk data: the centre's privacy settings, mapping an account to a person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.people.models import Centre, Person

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_business_hours(text: str) -> dict[str, list[str]]:
    """Lines like "mon-fri 09:00-18:00" or "sat 10:00-16:00" → {"mon": ["09:00", "18:00"], …}."""
    import re

    hours: dict[str, list[str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lower()
        if not line:
            continue
        match = re.fullmatch(r"([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})", line)
        if not match or match.group(1) not in WEEKDAYS or (match.group(2) and match.group(2) not in WEEKDAYS):
            raise forms.ValidationError(
                _("Line %(n)s: write a weekday (or range) and hours, like “mon-fri 09:00-18:00”."), params={"n": number})
        first, last = match.group(1), match.group(2) or match.group(1)
        opens, closes = match.group(3).zfill(5), match.group(4).zfill(5)
        if not ("00:00" <= opens < closes <= "24:00"):
            raise forms.ValidationError(_("Line %(n)s: the closing time must be after the opening time."), params={"n": number})
        for day in WEEKDAYS[WEEKDAYS.index(first): WEEKDAYS.index(last) + 1]:
            hours[day] = [opens, closes]
    return hours


def format_business_hours(hours: dict[str, list[str]]) -> str:
    """The stored hours as one line per weekday."""
    return "\n".join(f"{day} {hours[day][0]}-{hours[day][1]}" for day in WEEKDAYS if day in hours)


class PrivacySettingsForm(forms.ModelForm):
    """Whether message text is kept, for how long hostile-message snippets are, and business hours."""

    business_hours_text = forms.CharField(
        label=_("Business hours"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per weekday or range, e.g. “mon-fri 09:00-18:00”. Empty: response times count every minute."),
    )

    class Meta:
        model = Centre
        fields = ["keep_message_text", "evidence_retention_days"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.fields["business_hours_text"].initial = format_business_hours(self.instance.business_hours or {})

    def clean_business_hours_text(self) -> dict[str, list[str]]:
        return parse_business_hours(self.cleaned_data.get("business_hours_text") or "")


class AccountMapForm(forms.Form):
    """Map an unknown helpdesk account to a person of the centre."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(centre=centre).order_by("name")  # type: ignore[attr-defined]
