"""Getting one activity, rotation or question by id for a view. Missing and forbidden both answer 404."""

from __future__ import annotations

from django.http import Http404

from hearth.activities.models import Activity, Question, Rotation
from hearth.activities.selectors import LEADERSHIP_ROLES, in_audience, is_organiser
from hearth.people.models import Person


def access_activity(reader: Person, pk: int, *, organise: bool = False) -> Activity:
    """An activity of the reader's centre meant for them (any, for an organiser); `organise`: organisers only."""
    activity = (Activity.objects.select_related("centre", "organiser").prefetch_related("teams")
                .filter(pk=pk, centre_id=reader.centre_id).first())
    if activity is None:
        raise Http404
    if is_organiser(reader):
        return activity
    if organise or not in_audience(activity=activity, person=reader):
        raise Http404
    return activity


def access_rotation(reader: Person, pk: int) -> Rotation:
    """A rotation of the reader's centre, for managers and HR."""
    if not reader.has_role(*LEADERSHIP_ROLES):
        raise Http404
    rotation = Rotation.objects.select_related("person").filter(pk=pk, centre_id=reader.centre_id).first()
    if rotation is None:
        raise Http404
    return rotation


def access_question(reader: Person, pk: int) -> Question:
    """A question of the reader's centre, for leadership (managers and HR)."""
    if not reader.has_role(*LEADERSHIP_ROLES):
        raise Http404
    question = Question.objects.filter(pk=pk, centre_id=reader.centre_id).first()
    if question is None:
        raise Http404
    return question
