"""Forms of the diary and the buddy pages (the small POST forms are read in the views)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.diaries.models import Feeling, Mood
from hearth.diaries.services import NOTE_MAX, TEXT_MAX


def mood_choices() -> list[tuple[int, str]]:
    """1–5 as words; the scale template adds each face beside its word, hidden from screen readers."""
    return list(Mood.choices)


class EntryForm(forms.Form):
    """A diary entry: mood, situation, thought, feelings, what I did."""

    mood = forms.TypedChoiceField(label=_("How do you feel right now?"), coerce=int, choices=mood_choices,
                                  widget=forms.RadioSelect)
    situation = forms.CharField(label=_("What happened?"), required=False, max_length=TEXT_MAX,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("Where you were, who was there, what was said."))
    thought = forms.CharField(label=_("What went through your mind?"), max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Write the thought as it came, in your own words."))
    feelings = forms.MultipleChoiceField(label=_("What did you feel?"), required=False, choices=Feeling.choices,
                                         widget=forms.CheckboxSelectMultiple)
    feeling_note = forms.CharField(label=_("Other feelings, in your words"), required=False, max_length=NOTE_MAX)
    did = forms.CharField(label=_("What did you do?"), required=False, max_length=TEXT_MAX,
                          widget=forms.Textarea(attrs={"rows": 2}))


class ReframeForm(forms.Form):
    """The agent's own kinder, more balanced thought."""

    reframe = forms.CharField(label=_("A more balanced thought"), required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))


class CheckInForm(forms.Form):
    """A buddy check-in: how are you, and a short note the two of you see."""

    how = forms.TypedChoiceField(label=_("How are you?"), coerce=int, choices=mood_choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("A short note (only the two of you see it)"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))
