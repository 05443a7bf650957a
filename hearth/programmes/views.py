"""Group programme pages: the social worker's list, new group and group page (one POST view per action),
the agent's "My groups" and the anonymous overview for leads, HR, managers and social workers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.access import client_ip, require_person, roles_required
from hearth.people.models import Person, Role
from hearth.programmes import selectors, services, services_coping
from hearth.programmes.access import (
    OVERVIEW_ROLES,
    access_membership,
    access_open_programme,
    access_programme,
    access_programme_part,
)
from hearth.programmes.catalogue import TEMPLATES
from hearth.programmes.forms import ProgrammeForm
from hearth.programmes.models import (
    AttendanceStatus,
    Membership,
    MemberStatus,
    ModuleKind,
    Phase,
    Programme,
    ProgrammeGoal,
    ProgrammeSession,
    ProgrammeStatus,
    RewardKind,
)
from hearth.programmes.rules import RUNNER_ROLES, may_run
from hearth.programmes.services import ProgrammeRuleError


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _language() -> str:
    return get_language() or "zh-hans"


# -------------------------------------------------------------------------------- the social worker


@roles_required(*RUNNER_ROLES)
def programme_list(request: HttpRequest) -> HttpResponse:
    """The groups the reader facilitates, and the templates they may start one from (trainers: stress-coping)."""
    reader = require_person(request)
    language = _language()
    return render(request, "programmes/list.html", {
        "programmes": selectors.programmes_facilitated(reader=reader),
        "templates": [(t, t.text(t.name, language), t.text(t.purpose, language)) for t in TEMPLATES.values()
                      if may_run(reader, t.kind)],
        "custom_allowed": reader.has_role(Role.SOCIAL_WORKER),
    })


@roles_required(*RUNNER_ROLES)
def programme_new(request: HttpRequest) -> HttpResponse:
    """Start a group from a template (?template=key) or a custom one."""
    reader = require_person(request)
    language = _language()
    key = request.POST.get("template") or request.GET.get("template") or ""
    chosen = TEMPLATES.get(key)
    key = chosen.key if chosen else ""
    if not may_run(reader, chosen.kind if chosen else "counselling"):
        raise Http404
    initial = {"enrolment": chosen.enrolment if chosen else "invite", "instrument": chosen.instrument if chosen else "cbi"}
    form = ProgrammeForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                centre=reader.centre, by=reader, template=key, language=language, title=data["title"],
                purpose=data["purpose"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                enrolment=data["enrolment"], capacity=data["capacity"], instrument=data["instrument"],
            )
        except ProgrammeRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The group is set up. Invite its members."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/new.html", {
        "form": form, "template": chosen, "template_key": key,
        "template_name": chosen.text(chosen.name, language) if chosen else "",
        "template_purpose": chosen.text(chosen.purpose, language) if chosen else "",
        "template_sessions": [chosen.text(s, language) for s in chosen.sessions] if chosen else [],
        "template_phases": [(chosen.text(p.name, language), p.days, [chosen.text(m.title, language) for m in p.modules])
                            for p in chosen.phases] if chosen else [],
    })


@roles_required(*RUNNER_ROLES)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The group page: members, invitations, pairs, rewards, sessions with attendance, notes, measures, outcome."""
    reader = require_person(request)
    programme = access_programme(reader, pk)
    context = selectors.programme_page(reader=reader, programme=programme, ip=client_ip(request))
    return render(request, "programmes/detail.html", {
        **context, "programme": programme, "language": _language(),
        "template_name": (TEMPLATES[programme.template].text(TEMPLATES[programme.template].name, _language())
                          if programme.template in TEMPLATES else ""),
        "attendance_choices": AttendanceStatus.choices, "reward_kinds": RewardKind.choices,
        "attainments": [-2, -1, 0, 1, 2], "today": timezone.localdate().isoformat(),
        "module_kinds": dict(ModuleKind.choices),
    })


def _action(request: HttpRequest, pk: int, action: Callable[[Programme, Person], object], done: str,
            anchor: str = "") -> HttpResponse:
    """Fetch the group (facilitators only), run one service, report the outcome or the rule it broke."""
    reader = require_person(request)
    programme = access_programme(reader, pk)
    try:
        action(programme, reader)
    except ProgrammeRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    response = redirect("programmes:detail", pk=programme.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@roles_required(*RUNNER_ROLES)
@require_POST
def programme_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Start or end the group."""
    status = request.POST.get("status", "")
    return _action(request, pk, lambda p, by: services.programme_status_set(programme=p, by=by, status=status),
                   _("The group has started.") if status == ProgrammeStatus.RUNNING else _("The group has ended."))


@roles_required(*RUNNER_ROLES)
@require_POST
def facilitator_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a co-facilitator."""
    reader = require_person(request)
    worker = Person.objects.filter(pk=_int(request.POST.get("person"), 0), centre_id=reader.centre_id).first()

    def add(p: Programme, by: Person) -> object:
        if worker is None:
            raise ProgrammeRuleError(_("Choose a social worker."))
        return services.programme_facilitator_add(programme=p, by=by, worker=worker)

    return _action(request, pk, add, _("Co-facilitator added."))


@roles_required(*RUNNER_ROLES)
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a goal with its indicator."""
    description, indicator = request.POST.get("description", ""), request.POST.get("indicator", "")
    return _action(request, pk, lambda p, by: services.programme_goal_add(
        programme=p, by=by, description=description, indicator=indicator), _("Goal added."), "goals")


@roles_required(*RUNNER_ROLES)
@require_POST
def goal_rate(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    """Rate the group's attainment of a goal (−2…+2)."""
    attainment = _int(request.POST.get("attainment"), 99) or 0

    def rate(p: Programme, by: Person) -> object:
        goal = access_programme_part(p, ProgrammeGoal, goal_pk)
        return services.programme_goal_rate(goal=goal, by=by, attainment=attainment)

    return _action(request, pk, rate, _("Goal rated."), "goals")


@roles_required(*RUNNER_ROLES)
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite one or more agents of the centre."""
    reader = require_person(request)
    ids = [i for i in (_int(v) for v in request.POST.getlist("person")) if i]
    people = list(Person.objects.filter(pk__in=ids, centre_id=reader.centre_id))

    def invite_all(p: Programme, by: Person) -> object:
        if not people:
            raise ProgrammeRuleError(_("Choose at least one person."))
        return [services.membership_invite(programme=p, by=by, person=person) for person in people]

    return _action(request, pk, invite_all, _("Invitations sent."), "members")


@roles_required(*RUNNER_ROLES)
@require_POST
def pair_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair a mentor with a mentee."""

    def pair(p: Programme, by: Person) -> object:
        mentor = access_programme_part(p, Membership, _int(request.POST.get("mentor"), 0) or 0)
        mentee = access_programme_part(p, Membership, _int(request.POST.get("mentee"), 0) or 0)
        return services.pair_add(programme=p, by=by, mentor=mentor, mentee=mentee)

    return _action(request, pk, pair, _("Pair added."), "pairs")


@roles_required(*RUNNER_ROLES)
@require_POST
def reward_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a reward for a mentor."""
    kind, note = request.POST.get("kind", ""), request.POST.get("note", "")
    awarded_on = _date(request.POST.get("awarded_on"))

    def reward(p: Programme, by: Person) -> object:
        mentor = access_programme_part(p, Membership, _int(request.POST.get("mentor"), 0) or 0)
        if awarded_on is None:
            raise ProgrammeRuleError(_("A reward needs its date."))
        return services.reward_add(mentor=mentor, by=by, kind=kind, awarded_on=awarded_on, note=note)

    return _action(request, pk, reward, _("Reward recorded."), "pairs")


@roles_required(*RUNNER_ROLES)
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a session to the outline."""
    theme, held_on = request.POST.get("theme", ""), _date(request.POST.get("held_on"))
    minutes = _int(request.POST.get("minutes"), 90) or 0
    phase_pk = _int(request.POST.get("phase"))

    def add(p: Programme, by: Person) -> object:
        phase = access_programme_part(p, Phase, phase_pk) if phase_pk else None
        return services.session_add(programme=p, by=by, theme=theme, held_on=held_on, minutes=minutes, phase=phase)

    return _action(request, pk, add, _("Session added."), "sessions")


@roles_required(*RUNNER_ROLES)
@require_POST
def session_record(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """Save a session: date, length, each member's attendance and the notes about the group."""
    held_on, minutes = _date(request.POST.get("held_on")), _int(request.POST.get("minutes"), 90) or 0
    notes = request.POST.get("notes", "")
    attendance: dict[int, str] = {}
    for name, value in request.POST.items():
        if name.startswith("m-") and value and (membership_id := _int(name[2:])) is not None:
            attendance[membership_id] = str(value)

    def record(p: Programme, by: Person) -> object:
        session = access_programme_part(p, ProgrammeSession, session_pk)
        return services.session_record(session=session, by=by, held_on=held_on, minutes=minutes,
                                       attendance=attendance, notes=notes)

    return _action(request, pk, record, _("Session saved."), f"session-{session_pk}")


@roles_required(*RUNNER_ROLES)
@require_POST
def measure_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the before or after questionnaire to the members taking part."""
    phase = request.POST.get("phase", "")
    return _action(request, pk, lambda p, by: services.programme_measure_send(programme=p, by=by, phase=phase),
                   _("The questionnaire is sent to the members."), "measures")


@roles_required(*RUNNER_ROLES)
@require_POST
def phase_assess(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    """Record a phase's results for the members: a score 0–100, or pass/fail, and a note each member reads."""
    entries: dict[int, services_coping.AssessmentEntry] = {}
    for name, value in request.POST.items():
        if not name.startswith("s-") or (membership_id := _int(name[2:])) is None:
            continue
        verdict = request.POST.get(f"v-{membership_id}", "")
        score = _int(value, -1) if value.strip() else None
        if score is None and verdict not in ("pass", "fail"):
            continue  # nothing entered for this member
        entries[membership_id] = (score, {"pass": True, "fail": False}.get(verdict),
                                  request.POST.get(f"n-{membership_id}", ""))

    def record(p: Programme, by: Person) -> object:
        phase = access_programme_part(p, Phase, phase_pk)
        return services_coping.phase_assessments_record(phase=phase, by=by, entries=entries)

    return _action(request, pk, record, _("Results saved."), "assessments")


@roles_required(*RUNNER_ROLES)
@require_POST
def completion_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the attendance (%) a member needs to complete the programme."""
    attendance = _int(request.POST.get("attendance"), -1)
    return _action(request, pk, lambda p, by: services_coping.completion_rule_set(
        programme=p, by=by, attendance=attendance if attendance is not None else -1),
        _("Completion rule saved."), "completion")


@roles_required(*RUNNER_ROLES)
@require_POST
def completions_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the completion of every member who now meets the rule."""
    return _action(request, pk, lambda p, by: services_coping.completions_record(programme=p, by=by),
                   _("Completions recorded for every member who meets the rule."), "completion")


# ------------------------------------------------------------------------------------------ the agent


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My groups: invitations to answer, groups I take part in, groups open to join."""
    person = require_person(request)
    return render(request, "programmes/mine.html", {**selectors.my_groups(person=person),
                                                    "member_status": MemberStatus})


def _my_action(request: HttpRequest, action: Callable[[], object], done: str) -> HttpResponse:
    try:
        action()
    except ProgrammeRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("programmes:mine")


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation."""
    membership = access_membership(require_person(request), pk)
    accept = request.POST.get("accept") == "1"
    return _my_action(request, lambda: services.membership_respond(membership=membership, accept=accept),
                      _("Welcome to the group.") if accept else _("Invitation declined."))


@login_required
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Give or withdraw consent to count my results in the group's anonymous statistics."""
    membership = access_membership(require_person(request), pk)
    counted = request.POST.get("counted") == "1"
    return _my_action(request, lambda: services.membership_consent_set(membership=membership, counted=counted),
                      _("Your results will be counted, anonymously.") if counted
                      else _("Your results are no longer counted."))


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave a group."""
    membership = access_membership(require_person(request), pk)
    return _my_action(request, lambda: services.membership_leave(membership=membership), _("You have left the group."))


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """Join a group open for enrolment."""
    person = require_person(request)
    programme = access_open_programme(person, pk)
    return _my_action(request, lambda: services.membership_join(programme=programme, person=person),
                      _("Welcome to the group."))


# ------------------------------------------------------------------------------------------ the staff


@roles_required(*OVERVIEW_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    """Every group of the centre, anonymously: counts and outcomes only where at least k members are counted."""
    person = require_person(request)
    language = _language()

    def kind(template: str) -> str:
        chosen = TEMPLATES.get(template)
        return chosen.text(chosen.name, language) if chosen else _("Custom group")

    rows = [(row, kind(row.programme.template)) for row in selectors.programmes_overview(centre=person.centre)]
    return render(request, "programmes/overview.html", {"rows": rows, "k": person.centre.k})
