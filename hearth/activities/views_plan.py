"""Rotation plan pages (managers and HR) and the leadership open channel: ask, the board, leadership's inbox."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.activities import selectors, services_plan
from hearth.activities.access import access_question, access_rotation
from hearth.activities.forms import AnswerForm, QuestionForm, RotationForm
from hearth.activities.models import Rotation, RotationStatus
from hearth.activities.selectors import LEADERSHIP_ROLES
from hearth.activities.services import ActivityRuleError
from hearth.activities.services_plan import RotationOverlapError
from hearth.core.access import require_person, roles_required
from hearth.core.exports import table_export


@roles_required(*LEADERSHIP_ROLES)
def rotations(request: HttpRequest) -> HttpResponse:
    """The centre's rotation plan, filterable by status, with CSV/Excel export."""
    person = require_person(request)
    status = request.GET.get("status", "")
    plan = list(selectors.rotation_plan(centre_id=person.centre_id, status=status))
    headers = [_("Person"), _("Employee id"), _("From"), _("To"), _("First day"), _("Last day"), _("Status"),
               _("Reason")]
    table = [[r.person.name, r.person.employee_id, _where(r.from_team, r.from_queue), _where(r.to_team, r.to_queue),
              r.starts_on, r.ends_on, r.get_status_display(), r.reason] for r in plan]
    if resp := table_export(request=request, filename="rotation-plan", headers=headers, rows=table):
        return resp
    return render(request, "activities/rotations.html", {
        "plan": plan, "status": status, "statuses": RotationStatus.choices,
    })


def _where(team: Any, queue: str) -> str:
    return " · ".join(x for x in (team.name if team else "", queue) if x)


def _rotation_form(request: HttpRequest, rotation: Rotation | None) -> HttpResponse:
    person = require_person(request)
    initial = {} if rotation is None else {
        "person": rotation.person, "from_team": rotation.from_team, "from_queue": rotation.from_queue,
        "to_team": rotation.to_team, "to_queue": rotation.to_queue, "starts_on": rotation.starts_on,
        "ends_on": rotation.ends_on, "status": rotation.status, "reason": rotation.reason,
    }
    if rotation is None and request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = RotationForm(request.POST or None, people=services_plan.rotation_people(by=person), centre=person.centre,
                        initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services_plan.rotation_save(
                by=person, person=d["person"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                from_team=d.get("from_team"), from_queue=d.get("from_queue") or "", to_team=d.get("to_team"),
                to_queue=d.get("to_queue") or "", reason=d.get("reason") or "", status=d["status"], rotation=rotation)
        except RotationOverlapError as error:
            form.add_error("starts_on", str(error))
        except ActivityRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Rotation saved."))
            return redirect("activities:rotations")
    return render(request, "activities/rotation_form.html", {"form": form, "rotation": rotation})


@roles_required(*LEADERSHIP_ROLES)
def rotation_new(request: HttpRequest) -> HttpResponse:
    """Plan a rotation; an overlap with the person's other rotations is refused on the form."""
    return _rotation_form(request, None)


@roles_required(*LEADERSHIP_ROLES)
def rotation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a rotation (dates, where, status)."""
    return _rotation_form(request, access_rotation(require_person(request), pk))


# ------------------------------------------------------------------------------------ the open channel


@login_required
def channel(request: HttpRequest) -> HttpResponse:
    """The open channel: ask leadership (anonymously by default), the board of published answers, my named ones."""
    person = require_person(request)
    return render(request, "activities/channel.html", {
        "form": QuestionForm(), "board": selectors.board(centre_id=person.centre_id),
        "mine": selectors.my_questions(person=person),
        "leadership": person.has_role(*LEADERSHIP_ROLES),
    })


@login_required
@require_POST
def channel_ask(request: HttpRequest) -> HttpResponse:
    """Send a question or suggestion."""
    person = require_person(request)
    form = QuestionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services_plan.question_ask(person=person, text=d["text"], kind=d["kind"], anonymous=not d["with_name"])
        except ActivityRuleError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Sent with your name. You will be told when it is answered.")
                             if d["with_name"] else
                             _("Sent anonymously. If leadership publishes the answer, you will find it on the board."))
            return redirect("activities:channel")
    return render(request, "activities/channel.html", {
        "form": form, "board": selectors.board(centre_id=person.centre_id),
        "mine": selectors.my_questions(person=person), "leadership": person.has_role(*LEADERSHIP_ROLES),
    })


@roles_required(*LEADERSHIP_ROLES)
def inbox(request: HttpRequest) -> HttpResponse:
    """Leadership's inbox: every question, unanswered first, with an answer form each."""
    person = require_person(request)
    questions = selectors.inbox(centre_id=person.centre_id, unanswered_only=request.GET.get("open") == "1")
    return render(request, "activities/inbox.html", {
        "questions": [(q, AnswerForm(initial={"answer": q.answer, "published": q.published}, prefix=f"q{q.pk}"))
                      for q in questions],
        "open_only": request.GET.get("open") == "1",
    })


@roles_required(*LEADERSHIP_ROLES)
@require_POST
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a question (or change the answer) and choose whether the board shows it."""
    person = require_person(request)
    question = access_question(person, pk)
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            services_plan.question_answer(question=question, by=person, answer=form.cleaned_data["answer"],
                                          published=form.cleaned_data["published"])
        except ActivityRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Answer saved."))
    return redirect("activities:inbox")
