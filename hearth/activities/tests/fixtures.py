"""Objects for activity tests and the access matrix: a workshop for all staff, a rotation, a question."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from hearth.activities.models import Activity, Question, Rotation
from hearth.activities.services import ActivityDetails, activity_create
from hearth.activities.services_plan import question_ask, rotation_save


def workshop(cast: Any, *, by: Any = None, capacity: int | None = 2, starts_at: datetime | None = None,
             deadline: datetime | None = None, kind: str = "business_english", title: str = "Business English: refunds",
             **extra: Any) -> Activity:
    """A two-hour workshop for all staff in a week (or at `starts_at`)."""
    starts_at = starts_at or timezone.now() + timedelta(days=7)
    details = ActivityDetails(kind=kind, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                              place="Room 3", capacity=capacity, signup_deadline=deadline, **extra)
    return activity_create(centre=cast.centre, by=by or cast.max, details=details)[0]


def matrix_objects(cast: Any) -> dict[str, list[Any]]:
    """URL args for every activities URL that takes one."""
    activity = workshop(cast)
    rotation: Rotation = rotation_save(by=cast.hana, person=cast.bob, starts_on=timezone.localdate(),
                                       ends_on=timezone.localdate() + timedelta(days=30), from_queue="Refund disputes",
                                       to_team=cast.day, reason="Relief from refund disputes")
    question: Question = question_ask(person=cast.alice, text="Can night shifts get a later bus?")
    return {
        **{f"activities:{name}": [activity.pk] for name in (
            "activity", "activity_edit", "activity_cancel", "activity_signup", "activity_withdraw", "attendance")},
        "activities:rotation_edit": [rotation.pk],
        "activities:question_answer": [question.pk],
    }
