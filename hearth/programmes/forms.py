"""The form for starting a group; the group page's small forms are read in the views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.engine.instruments import available_instruments, text_for
from hearth.programmes.models import Enrolment


class ProgrammeForm(forms.Form):
    """Title, dates, enrolment and the before/after questionnaire of a new group."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the template's name."))
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("Leave empty to use the template's purpose."))
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    enrolment = forms.ChoiceField(label=_("Enrolment"), choices=Enrolment.choices)
    capacity = forms.IntegerField(label=_("Places (empty: no limit)"), required=False, min_value=1, max_value=500)
    instrument = forms.ChoiceField(label=_("Before/after questionnaire"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", _("None"))] + [  # type: ignore[attr-defined]
            (i.id, text_for(i.name, language)) for i in available_instruments().values()
        ]
