"""Forms: an activity (validated, errors on the field at fault), a rotation, a question to leadership."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.activities.models import (
    Activity,
    ActivityKind,
    Audience,
    QuestionKind,
    Recurrence,
    RotationStatus,
)
from hearth.activities.services import MAX_FAMILY, MAX_OCCURRENCES, ActivityDetails
from hearth.people.models import Centre, Person, ShiftPattern, Team

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.Form):
    """An activity as the organiser writes it; times are the centre's wall-clock times (the view sets the zone)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), max_length=500, required=False, assume_scheme="https")
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    signup_deadline = forms.DateTimeField(label=_("Sign-up deadline"), required=False, widget=DATETIME)
    capacity = forms.IntegerField(label=_("Places"), required=False, help_text=_("Leave empty for no limit. At a family event everyone who comes takes a place: "
                                              "the agent and each family member."),
                                  error_messages={"min_value": _("Places: at least 1 (leave empty for no limit).")},
                                  min_value=1, max_value=10000)
    audience = forms.ChoiceField(label=_("Who may join"), choices=Audience.choices, widget=forms.RadioSelect,
                                 initial=Audience.ALL)
    teams = forms.ModelMultipleChoiceField(label=_("Teams"), queryset=Team.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    shifts = forms.MultipleChoiceField(label=_("Shifts"), choices=ShiftPattern.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices, required=False)
    occurrences = forms.IntegerField(label=_("Number of dates"), min_value=2, max_value=MAX_OCCURRENCES,
                                     required=False, help_text=_("For a series: each date becomes its own activity."))

    apply_to = forms.ChoiceField(label=_("Apply the changes to"), widget=forms.RadioSelect, initial="this", choices=[
        ("this", _("This date only")), ("later", _("This date and every later date of the series")),
    ], required=False)

    def __init__(self, *args: Any, centre: Centre, series: bool = True, in_series: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(centre=centre).order_by("name")
        if not series:
            del self.fields["recurrence"], self.fields["occurrences"]
        if not in_series:  # editing one date of a series: the organiser chooses how far the change goes
            del self.fields["apply_to"]

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        """The form's initial values for an existing activity."""
        return {
            "kind": activity.kind, "title": activity.title, "description": activity.description,
            "place": activity.place, "online_link": activity.online_link, "starts_at": activity.starts_at,
            "ends_at": activity.ends_at, "signup_deadline": activity.signup_deadline, "capacity": activity.capacity,
            "audience": activity.audience, "teams": list(activity.teams.all()), "shifts": activity.shifts,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends, deadline = data.get("starts_at"), data.get("ends_at"), data.get("signup_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        if starts and deadline and deadline > starts:
            self.add_error("signup_deadline", _("The sign-up deadline must be before the start."))
        if not (data.get("place") or "").strip() and not data.get("online_link") and "online_link" not in self.errors:
            self.add_error("place", _("Give a place or an online link."))
        if data.get("audience") == Audience.TEAMS and not data.get("teams"):
            self.add_error("teams", _("Choose at least one team."))
        if data.get("audience") == Audience.SHIFTS and not data.get("shifts"):
            self.add_error("shifts", _("Choose at least one shift."))
        if data.get("recurrence") and not data.get("occurrences"):
            self.add_error("occurrences", _("How many dates should the series have (2 to %(max)s)?")
                           % {"max": MAX_OCCURRENCES})
        return data

    def details(self) -> ActivityDetails:
        """The cleaned form as the service takes it."""
        d = self.cleaned_data
        return ActivityDetails(
            kind=d["kind"], title=d["title"], starts_at=d["starts_at"], ends_at=d["ends_at"],
            description=d.get("description") or "", place=d.get("place") or "", online_link=d.get("online_link") or "",
            signup_deadline=d.get("signup_deadline"), capacity=d.get("capacity"), audience=d["audience"],
            teams=tuple(d.get("teams") or ()), shifts=tuple(d.get("shifts") or ()),
        )


class SignupForm(forms.Form):
    """Family members an agent brings to a family event: counts only, never names."""

    adults = forms.IntegerField(label=_("Adults coming with you"), min_value=0, max_value=MAX_FAMILY, initial=0)
    children = forms.IntegerField(label=_("Children coming with you"), min_value=0, max_value=MAX_FAMILY,
                                  initial=0)


class RotationForm(forms.Form):
    """One rotation of the plan."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    from_team = forms.ModelChoiceField(label=_("From team"), queryset=Team.objects.none(), required=False)
    from_queue = forms.CharField(label=_("From queue or role"), max_length=200, required=False)
    to_team = forms.ModelChoiceField(label=_("To team"), queryset=Team.objects.none(), required=False)
    to_queue = forms.CharField(label=_("To queue or role"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=RotationStatus.choices, initial=RotationStatus.PLANNED)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             help_text=_("For example: relief from the refund-dispute queue."))

    def __init__(self, *args: Any, people: list[Person], centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("name")
        for name in ("from_team", "to_team"):
            self.fields[name].queryset = Team.objects.filter(centre=centre).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The rotation must end on or after its first day."))
        if not data.get("to_team") and not (data.get("to_queue") or "").strip():
            self.add_error("to_queue", _("Say where the person rotates to: a team, a queue or both."))
        return data


class QuestionForm(forms.Form):
    """A question or suggestion to leadership; anonymous unless the person chooses to give their name."""

    kind = forms.ChoiceField(label=_("This is"), choices=QuestionKind.choices, initial=QuestionKind.QUESTION,
                             widget=forms.RadioSelect)
    text = forms.CharField(label=_("Your question or suggestion"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    with_name = forms.BooleanField(label=_("Send it with my name"), required=False,
                                   help_text=_("Off by default: leadership then sees no name, and Hearth keeps "
                                               "nothing that links the question to you."))


class AnswerForm(forms.Form):
    """Leadership's answer, and whether the board shows it."""

    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    published = forms.BooleanField(label=_("Show the question and answer on the board"), required=False)
