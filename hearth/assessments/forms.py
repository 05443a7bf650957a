"""Forms for check-ups: the questionnaire page, campaign scheduling, personal settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hearth.assessments.models import Recurrence
from hearth.engine.instruments import Instrument, available_instruments, text_for
from hearth.people.models import Team


class QuestionnaireForm(forms.Form):
    """One questionnaire of a check-up: a radio group per item; unanswered items stay missing."""

    def __init__(self, *args: Any, instrument: Instrument, language: str, initial_answers: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for number, item in enumerate(instrument.items, start=1):
            self.fields[f"item_{item.id}"] = forms.TypedChoiceField(
                label=f"{number}. {text_for(item.text, language)}",
                choices=[(o.value, text_for(o.label, language)) for o in item.options],
                coerce=int, required=False, empty_value=None, widget=forms.RadioSelect,
                initial=initial_answers.get(item.id),
            )

    def answers(self) -> dict[str, int | None]:
        """Item id → coded answer (None when not answered)."""
        return {item.id: self.cleaned_data.get(f"item_{item.id}") for item in self.instrument.items}


class CampaignForm(forms.Form):
    """Schedule a check-up for chosen teams."""

    title = forms.CharField(label=_("Title"), max_length=200)
    instruments = forms.MultipleChoiceField(label=_("Questionnaires"), widget=forms.CheckboxSelectMultiple)
    teams = forms.ModelMultipleChoiceField(label=_("Teams"), queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple)
    opens_at = forms.DateTimeField(label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices, initial=Recurrence.ONCE)

    def __init__(self, *args: Any, centre_id: int, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(centre_id=centre_id)  # type: ignore[attr-defined]
        self.fields["instruments"].choices = [  # type: ignore[attr-defined]
            (i.id, f"{text_for(i.name, language)} · {len(i.items)}") for i in available_instruments().values()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The close date must be after the open date."))
        return data


class SettingsForm(forms.Form):
    """The agent's own settings: outreach consent and display language."""

    outreach = forms.TypedChoiceField(
        label=_("May the social worker see your check-up results and reach out to you?"),
        choices=[("yes", _("Yes, they may see my results and contact me")), ("no", _("No, my results are for me only"))],
        widget=forms.RadioSelect, coerce=lambda v: v == "yes",
    )
    language = forms.ChoiceField(label=_("Display language"), choices=settings.LANGUAGES)


class ConsentForm(forms.Form):
    """The first-check-up question on outreach."""

    outreach = SettingsForm.base_fields["outreach"]
