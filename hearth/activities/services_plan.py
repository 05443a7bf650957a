"""Writes for job rotations and the leadership open channel. Every write is audited in the same transaction,
except that an anonymous question's audit row names nobody: no actor, no subject, no address."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hearth.activities.models import Question, QuestionKind, Rotation, RotationStatus
from hearth.activities.selectors import LEADERSHIP_ROLES, zone_of
from hearth.activities.services import ActivityRuleError
from hearth.audit.services import audit_record
from hearth.notices.services import notice_send
from hearth.people.models import Person, PersonStatus, Team

MAX_QUESTION = 2000


class RotationOverlapError(ActivityRuleError):
    """The rotation's dates overlap another live rotation of the same person."""


def rotation_save(
    *, by: Person, person: Person, starts_on: date, ends_on: date, from_team: Team | None = None,
    from_queue: str = "", to_team: Team | None = None, to_queue: str = "", reason: str = "",
    status: str = RotationStatus.PLANNED, rotation: Rotation | None = None,
) -> Rotation:
    """Plan a rotation (or change one); refused when it overlaps another live rotation of the same person."""
    if not by.has_role(*LEADERSHIP_ROLES) or person.centre_id != by.centre_id:
        raise ActivityRuleError(_("Only managers and HR plan rotations."))
    if any(t is not None and t.centre_id != by.centre_id for t in (from_team, to_team)):
        raise ActivityRuleError(_("Unknown team."))
    if ends_on < starts_on:
        raise ActivityRuleError(_("The rotation must end on or after its first day."))
    if status not in RotationStatus.values:
        raise ActivityRuleError(_("Unknown status."))
    if to_team is None and not to_queue.strip():
        raise ActivityRuleError(_("Say where the person rotates to: a team, a queue or both."))
    with transaction.atomic():
        if status != RotationStatus.CANCELLED:
            clash = (Rotation.objects.select_for_update().filter(person=person)
                     .exclude(status=RotationStatus.CANCELLED).exclude(pk=getattr(rotation, "pk", None))
                     .filter(Q(starts_on__lte=ends_on) & Q(ends_on__gte=starts_on)).order_by("starts_on").first())
            if clash is not None:
                raise RotationOverlapError(
                    _("%(name)s already has a rotation from %(start)s to %(end)s: the dates overlap.") % {
                        "name": person.name, "start": date_format(clash.starts_on, "Y-m-d"),
                        "end": date_format(clash.ends_on, "Y-m-d")})
        now = timezone.now()
        created = rotation is None
        if rotation is None:
            rotation = Rotation(centre_id=by.centre_id, created_by=by, created_at=now)
        rotation.person, rotation.starts_on, rotation.ends_on, rotation.status = person, starts_on, ends_on, status
        rotation.from_team, rotation.from_queue = from_team, from_queue.strip()[:200]
        rotation.to_team, rotation.to_queue, rotation.reason = to_team, to_queue.strip()[:200], reason.strip()[:300]
        rotation.updated_at = now
        rotation.save()
        audit_record(actor=by.user, action="rotation.create" if created else f"rotation.update.{status}",
                     subject=person, obj=rotation)
    return rotation


def rotation_people(*, by: Person) -> list[Person]:
    """The active people of the centre a rotation can be planned for."""
    return list(Person.objects.filter(centre_id=by.centre_id, status=PersonStatus.ACTIVE).order_by("name"))


# ------------------------------------------------------------------------------------ the open channel


def question_ask(*, person: Person, text: str, kind: str = QuestionKind.QUESTION, anonymous: bool = True) -> Question:
    """Send a question or suggestion to leadership, anonymously (the default) or with one's name.

    Anonymous: no author, only the day (not the time), and an audit row that names nobody, so that nothing
    stored joins the question to the person who asked, not even the order of events in the audit log by actor.
    """
    text = text.strip()
    if not text:
        raise ActivityRuleError(_("Write your question or suggestion."))
    if len(text) > MAX_QUESTION:
        raise ActivityRuleError(_("Keep it under %(max)s characters.") % {"max": MAX_QUESTION})
    if kind not in QuestionKind.values:
        raise ActivityRuleError(_("Unknown kind."))
    with transaction.atomic():
        question = Question.objects.create(
            centre_id=person.centre_id, author=None if anonymous else person, kind=kind, text=text,
            asked_on=timezone.now().astimezone(zone_of(person.centre.time_zone)).date(),
        )
        if anonymous:
            audit_record(actor=None, action="channel.ask.anonymous", obj=question)
        else:
            audit_record(actor=person.user, action="channel.ask", subject=person, obj=question)
        leaders = Person.objects.filter(centre_id=person.centre_id, status=PersonStatus.ACTIVE,
                                        roles__role__in=LEADERSHIP_ROLES).exclude(pk=person.pk).distinct()
        for leader in leaders:
            notice_send(person=leader, kind="channel_question_new", url=reverse("activities:inbox"), email=False)
    return question


def question_answer(*, question: Question, by: Person, answer: str, published: bool) -> Question:
    """Leadership answers (or rewrites the answer) and chooses whether the board shows it; a named author is told."""
    if not by.has_role(*LEADERSHIP_ROLES) or by.centre_id != question.centre_id:
        raise ActivityRuleError(_("Only managers and HR answer the open channel."))
    answer = answer.strip()
    if not answer and published:
        raise ActivityRuleError(_("Write an answer before publishing it."))
    with transaction.atomic():
        first_answer = not question.answer and bool(answer)
        question.answer, question.published = answer, published and bool(answer)
        question.answered_by, question.answered_at = (by, timezone.now()) if answer else (None, None)
        question.save(update_fields=["answer", "published", "answered_by", "answered_at"])
        audit_record(actor=by.user, action="channel.answer" + (".published" if question.published else ""),
                     obj=question)
        if first_answer and question.author is not None:
            notice_send(person=question.author, kind="channel_answered", url=reverse("activities:channel"))
    return question
