"""Forms of the radar pages: queue filters, alert actions, the centre's radar settings."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.engine.risk import TYPES, RiskConfig, RiskConfigError
from hearth.people.models import Team
from hearth.radar.models import AlertKind, RadarSettings
from hearth.radar.selectors import QueueFilters

STATUS_CHOICES = [
    ("due", _("Waiting")), ("open", _("Open")), ("snoozed", _("Snoozed")),
    ("resolved", _("Resolved")), ("case", _("Case opened")), ("all", _("All")),
]
SORT_CHOICES = [("newest", _("Newest first")), ("level", _("Highest level first")), ("team", _("By team"))]


class QueueFilterForm(forms.Form):
    """GET filters of the outreach queue; anything unknown falls back to the default."""

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    burnout_type = forms.ChoiceField(label=_("Burnout type"), required=False)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, centre_id: int, type_names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(AlertKind.choices)
        self.fields["burnout_type"].choices = everything + [(t, type_names[t]) for t in TYPES]
        self.fields["team"].choices = everything + [
            (t.pk, t.name) for t in Team.objects.filter(centre_id=centre_id).order_by("name")]

    def filters(self) -> QueueFilters:
        """The filters asked for, with defaults for anything missing or invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            status=data.get("status") or "due", kind=data.get("kind") or "", burnout_type=data.get("burnout_type") or "",
            team_id=data.get("team"), sort=data.get("sort") or "newest",
        )


def _in_a_week() -> Any:
    return timezone.localdate() + timedelta(days=7)


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Snooze until"), initial=_in_a_week,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean_until(self) -> Any:
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Pick a day after today."))
        return until


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("What was done (required)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write what was done."))
        return note


class RadarSettingsForm(forms.ModelForm):
    """Alert thresholds and risk-model overrides (JSON, checked against the model's config)."""

    risk_overrides_text = forms.CharField(
        label=_("Risk model overrides (JSON)"), required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "mono"}),
        help_text=_('A subset of the risk model\'s settings, e.g. {"levels": {"high": 55}}. Empty: the defaults.'),
    )

    class Meta:
        model = RadarSettings
        fields = ["burst_count", "burst_minutes", "team_hostile_day", "team_hostile_agents", "overtime_cap_hours",
                  "rise_points", "run_hour"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            overrides = self.instance.risk_overrides or {}
            self.initial["risk_overrides_text"] = json.dumps(overrides, ensure_ascii=False, indent=2) if overrides else ""

    def clean_run_hour(self) -> int:
        hour = self.cleaned_data["run_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError(_("An hour from 0 to 23."))
        return int(hour)

    def clean_risk_overrides_text(self) -> dict[str, Any]:
        text = (self.cleaned_data.get("risk_overrides_text") or "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s"), params={"error": str(exc)}) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Write a JSON object: {…}."))
        try:
            RiskConfig.default().with_overrides(data)
        except RiskConfigError as exc:
            raise forms.ValidationError(_("Not a valid risk model setting: %(error)s"), params={"error": str(exc)}) from exc
        return data

    def values(self) -> dict[str, Any]:
        """The threshold fields, for radar_settings_set."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReferForm(forms.Form):
    """A team lead's short concern when referring an agent to the social worker: words only, no data."""

    concern = forms.CharField(label=_("Your concern, in a few words"), max_length=500,
                              widget=forms.TextInput(attrs={"maxlength": 500}))

    def clean_concern(self) -> str:
        text = self.cleaned_data["concern"].strip()
        # Words only: no links, no long numbers (phone, id, ticket numbers) — the lead says why, not what.
        if "://" in text or "www." in text.lower() or any(ch.isdigit() for ch in text):
            raise forms.ValidationError(_("Write a few words only: no numbers or links."))
        return text
