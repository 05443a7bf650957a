"""Case work pages: the social worker's ledger and case page, one small POST view per action; the agent's plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from hearth.care import selectors, selectors_cases, selectors_outcomes, services, services_cases
from hearth.care.access import (
    access_case,
    access_case_part,
    access_case_subject,
    access_own_case,
    access_own_task,
    access_unassigned_case,
)
from hearth.care.models import (
    ENTERPRISE_FACTORS,
    FACTOR_RATINGS,
    NEED_LEVELS,
    PERSONAL_FACTORS,
    PRIMARY_TYPES,
    SUPPORT_SOURCES,
    TECHNIQUES,
    Case,
    CaseGoal,
    CaseKind,
    CaseSource,
    CaseStage,
    ConsentKind,
    ExternalReferral,
    FamilyContact,
    FamilyRelation,
    LinkStatus,
    ReferralService,
    ReferralStatus,
    ResourceKind,
    SessionKind,
    SupportRequestStatus,
    TaskOwner,
)
from hearth.care.services_cases import CaseRuleError
from hearth.core.access import client_ip, require_person, roles_required
from hearth.core.exports import table_export
from hearth.people.models import Role

# The rule messages of services_cases, as the social worker reads them.
RULE_MESSAGES = {
    "close the case to leave review": gettext_lazy("Close the case to leave review."),
    "the agent has not consented to services": gettext_lazy("The agent has not consented to services."),
    "the agent has not consented to services (or withdrew)": gettext_lazy(
        "The agent has not consented to services (or withdrew their consent)."),
    "the supervisor has not approved the service plan yet": gettext_lazy(
        "The supervisor has not approved the service plan yet."),
    "only the case's supervisor approves its plan": gettext_lazy("Only the case's supervisor approves its plan."),
    "the case is closed: reopen it first": gettext_lazy("The case is closed: reopen it first."),
    "a case closes from review": gettext_lazy("A case closes from review."),
    "satisfaction is 1 to 5": gettext_lazy("Satisfaction is 1 to 5."),
    "only the case's supervisor approves a requested closure": gettext_lazy(
        "Only the case's supervisor approves a requested closure."),
    "only a closed case reopens": gettext_lazy("Only a closed case reopens."),
    "a goal needs a description": gettext_lazy("A goal needs a description."),
    "attainment is −2 to +2": gettext_lazy("Attainment is −2 to +2."),
    "a task needs a title and an owner (agent or social worker)": gettext_lazy(
        "A task needs a title and an owner (the agent or the social worker)."),
    "the agent ticks their own tasks": gettext_lazy("You can tick only your own tasks."),
    "only a social worker of the centre can work a case": gettext_lazy(
        "Only a social worker of the centre can work a case."),
    "the supervisor is another social worker of the centre": gettext_lazy(
        "The supervisor is another social worker of the centre, not one who works the case."),
    "the agent has not consented to contact with their family (or withdrew)": gettext_lazy(
        "The agent has not consented to contact with their family (or withdrew their consent)."),
    "a family contact needs a name and a relation": gettext_lazy("A family contact needs a name and a relation."),
    "unknown factor or rating": gettext_lazy("Rate each factor as a strength, neutral or a concern."),
    "a resource needs a kind and a name": gettext_lazy("A resource needs a kind and a name."),
    "the directory already has a resource of that name": gettext_lazy(
        "The directory already has a resource of that name."),
    "choose a resource of the centre's directory": gettext_lazy("Choose a resource of the centre's directory."),
}


def rule_message(error: CaseRuleError) -> str:
    """The rule the action broke, in the reader's language."""
    known = RULE_MESSAGES.get(str(error))
    return str(known) if known is not None else _("This action is not allowed here.")


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


# ----------------------------------------------------------------------------------------- the ledger


@roles_required(Role.SOCIAL_WORKER)
def case_list(request: HttpRequest) -> HttpResponse:
    """The case ledger: the reader's cases with stage, timing and tasks; the caseload per social worker."""
    reader = require_person(request)
    stage = request.GET.get("stage", "")
    rows = selectors_cases.case_ledger(reader=reader, stage=stage)
    types = dict(PRIMARY_TYPES)
    headers = [pgettext("case", "Case"), _("Agent"), pgettext("case", "Stage"), pgettext("case", "Kind"), _("Case type"),
               pgettext("case", "Source"), pgettext("case", "Opened"), _("Days to first contact"),
               _("Open tasks"), _("Overdue tasks")]
    table = [[r.case.pk, r.case.person.name,
              _("Waiting for a social worker") if r.waiting else r.case.get_stage_display(), r.case.get_kind_display(),
              str(types.get(r.primary_type, "")),
              r.case.get_source_display(), r.case.opened_at.date(), r.days_to_contact, r.open_tasks, r.overdue_tasks]
             for r in rows]
    if resp := table_export(request=request, filename="cases", headers=headers, rows=table):
        return resp
    return render(request, "care/cases.html", {
        "rows": rows, "types": types, "stage": stage, "stages": CaseStage.choices,
        "caseload": selectors_cases.caseload(reader=reader),
    })


@roles_required(Role.SOCIAL_WORKER)
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case for a person of the centre (the social worker becomes its worker)."""
    reader = require_person(request)
    subject = access_case_subject(reader, _int(request.GET.get("person") or request.POST.get("person"), 0) or 0)
    if request.method == "POST":
        kind = request.POST.get("kind", CaseKind.INDIVIDUAL)
        try:
            case = services_cases.case_open(person=subject, by=reader, source=CaseSource.SOCIAL_WORKER, kind=kind)
        except CaseRuleError as error:
            messages.error(request, rule_message(error))
        else:
            messages.success(request, _("The case is open."))
            return redirect("care:case", pk=case.pk)
    return render(request, "care/case_new.html", {"subject": subject, "kinds": CaseKind.choices})


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_from_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case from a support request: source "self", linked to it; the request is marked in contact."""
    reader = require_person(request)
    support = selectors.access_support_request(reader, pk, ip=client_ip(request))
    try:
        case = services_cases.case_open(person=support.person, by=reader, source=CaseSource.SELF,
                                        support_request=support)
    except CaseRuleError as error:
        messages.error(request, rule_message(error))
        return redirect("care:request", pk=support.pk)
    if support.status == SupportRequestStatus.OPEN:
        services.support_request_update(request=support, status=SupportRequestStatus.IN_CONTACT, by=reader)
    messages.success(request, _("The case is open."))
    return redirect("care:case", pk=case.pk)


# ------------------------------------------------------------------------------------------ the case


@roles_required(Role.SOCIAL_WORKER)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page: stage, consents, assessment, plan, sessions, referrals and the stage actions."""
    reader = require_person(request)
    try:
        case = access_case(reader, pk, ip=client_ip(request))
    except Http404:
        # A lead's referral no one has taken yet: a social worker of the centre sees its intake only.
        intake = access_unassigned_case(reader, pk, ip=client_ip(request))
        return render(request, "care/case_intake.html", {"case": intake})
    return case_page(request, case, reader)


def case_page(request: HttpRequest, case: Case, reader: Any, *, read_only: bool = False) -> HttpResponse:
    """Render the case page for a reader already let in (and audited); read-only for a break-glass read."""
    assessment = getattr(case, "assessment", None)
    consents = services_cases.case_consents(case=case)
    stage_index = [s for s, _label in CaseStage.choices].index(case.stage)
    return render(request, "care/case_detail.html", {
        "case": case, "reader": reader,
        "stages": [(i, label) for i, (_s, label) in enumerate(CaseStage.choices)], "stage_index": stage_index,
        "consents": [(k, label, consents.get(k)) for k, label in ConsentKind.choices],
        "assessment": assessment,
        "needs": [(k, label, bool(assessment and k in assessment.needs)) for k, label in NEED_LEVELS],
        "support_map": [(k, label, (assessment.support_map.get(k, 0) if assessment else 0))
                        for k, label in SUPPORT_SOURCES],
        "goals": list(case.goals.all()), "tasks": list(case.tasks.all()),
        "sessions": list(case.sessions.all()), "referrals": list(case.referrals.all()),
        "techniques": TECHNIQUES, "session_kinds": SessionKind.choices, "task_owners": TaskOwner.choices,
        "services": ReferralService.choices, "statuses": ReferralStatus.choices,
        "attainments": [-2, -1, 0, 1, 2], "satisfactions": [1, 2, 3, 4, 5], "strengths": [0, 1, 2, 3],
        "is_supervisor": case.supervisor_id == reader.pk,
        "approvals": services_cases.care_settings(centre_id=case.centre_id).approvals,
        "primary_types": PRIMARY_TYPES, "factor_ratings": FACTOR_RATINGS,
        "factor_groups": [
            (label, [(k, name, (assessment.factor_ratings.get(k, "") if assessment else "")) for k, name in factors])
            for label, factors in ((_("Personal factors"), PERSONAL_FACTORS), (_("Workplace factors"), ENTERPRISE_FACTORS))
        ],
        "family_consent": consents.get(ConsentKind.FAMILY),
        "family_contacts": selectors_cases.family_contacts_in_force(case=case),
        "relations": FamilyRelation.choices,
        "resource_links": list(case.resource_links.select_related("resource")),
        "resources": selectors_cases.resources_of(centre_id=case.centre_id, active_only=True),
        "link_statuses": LinkStatus.choices, "resource_kinds": ResourceKind.choices,
        "supervisors": [p for p in selectors_cases.social_workers_of(centre_id=case.centre_id)
                        if p.pk not in {w.pk for w in case.workers.all()}],
        "read_only": read_only,
    })


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_take(request: HttpRequest, pk: int) -> HttpResponse:
    """A social worker of the centre takes an unassigned referral."""
    reader = require_person(request)
    case = access_unassigned_case(reader, pk, ip=client_ip(request))
    try:
        services_cases.case_assign(case=case, worker=reader, by=reader)
    except CaseRuleError as error:
        messages.error(request, rule_message(error))
    else:
        messages.success(request, _("The case is yours."))
    return redirect("care:case", pk=case.pk)


def _case_action(request: HttpRequest, pk: int, action: Callable[[Case, Any], object], done: str) -> HttpResponse:
    """Fetch the case (audited), run one service, report the outcome or the rule it broke, back to the case."""
    reader = require_person(request)
    case = access_case(reader, pk, ip=client_ip(request))
    try:
        action(case, reader)
    except CaseRuleError as error:
        messages.error(request, rule_message(error))
    else:
        messages.success(request, done)
    return redirect("care:case", pk=case.pk)


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the agent's consent decision (granted or withdrawn)."""
    kind, granted = request.POST.get("kind", ""), request.POST.get("granted") == "1"
    return _case_action(request, pk, lambda case, by: services_cases.case_consent_set(
        case=case, kind=kind, granted=granted, by=by), _("Consent recorded."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the case to its next stage."""
    return _case_action(request, pk, lambda case, by: services_cases.case_advance(case=case, by=by),
                        _("The case moved to its next stage."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_supervisor(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the case's supervisor (another social worker of the centre), or none."""
    supervisor_pk = _int(request.POST.get("supervisor"))
    supervisors = {p.pk: p for p in selectors_cases.social_workers_of(centre_id=require_person(request).centre_id)}
    if supervisor_pk is not None and supervisor_pk not in supervisors:
        messages.error(request, _("Choose a social worker of the centre."))
        return redirect("care:case", pk=pk)
    return _case_action(request, pk, lambda case, by: services_cases.case_supervisor_set(
        case=case, by=by, supervisor=supervisors.get(supervisor_pk) if supervisor_pk else None),
        _("Supervisor saved."))


@roles_required(Role.SOCIAL_WORKER)
def case_checkups(request: HttpRequest, pk: int) -> HttpResponse:
    """The agent's check-ups and radar signals, and what changed since the case opened (audited, with consent)."""
    reader = require_person(request)
    case = access_case(reader, pk, ip=client_ip(request))
    if not services_cases.case_consents(case=case).get(ConsentKind.SERVICES):
        messages.error(request, _("The agent has not consented to services (or withdrew their consent)."))
        return redirect("care:case", pk=case.pk)
    view = selectors_outcomes.case_checkups(reader=reader, case=case, language=request.LANGUAGE_CODE,
                                            ip=client_ip(request))
    return render(request, "care/case_checkups.html", {"case": case, "view": view})


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor approves the service plan."""
    return _case_action(request, pk, lambda case, by: services_cases.case_plan_approve(case=case, by=by),
                        _("Service plan approved."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the case (or ask the supervisor to) with a reason and the agent's satisfaction."""
    reason = request.POST.get("reason", "")[:32]
    satisfaction = _int(request.POST.get("satisfaction"))
    return _case_action(request, pk, lambda case, by: services_cases.case_close(
        case=case, by=by, reason=reason, satisfaction=satisfaction), _("Closure recorded."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_close_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor approves a requested closure."""
    return _case_action(request, pk, lambda case, by: services_cases.case_close_approve(case=case, by=by),
                        _("Closure approved."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed case."""
    return _case_action(request, pk, lambda case, by: services_cases.case_reopen(case=case, by=by),
                        _("The case is open again."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the assessment: needs by level, support map, personal and workplace factors."""
    post = request.POST
    support_map = {k: _int(post.get(f"support_{k}"), 0) or 0 for k, _label in SUPPORT_SOURCES}
    return _case_action(request, pk, lambda case, by: services_cases.case_assessment_save(
        case=case, by=by, personal_factors=post.get("personal_factors", ""),
        enterprise_factors=post.get("enterprise_factors", ""), needs=post.getlist("needs"),
        support_map=support_map, primary_type=post.get("primary_type", ""),
        factor_ratings={k: post.get(f"factor_{k}", "") for k, _label in (*PERSONAL_FACTORS, *ENTERPRISE_FACTORS)}),
        _("Assessment saved."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a goal to the plan."""
    post = request.POST
    return _case_action(request, pk, lambda case, by: services_cases.case_goal_add(
        case=case, by=by, description=post.get("description", ""), indicator=post.get("indicator", "")),
        _("Goal added."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_goal_rate(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    """Score a goal's attainment (GAS, −2…+2)."""
    attainment = _int(request.POST.get("attainment"), 99) or 0
    return _case_action(request, pk, lambda case, by: services_cases.case_goal_rate(
        goal=access_case_part(case, CaseGoal, goal_pk), by=by, attainment=attainment), _("Attainment saved."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a task for the agent or the social worker."""
    post = request.POST
    due_on = _date(post.get("due_on"))
    if post.get("due_on") and due_on is None:  # a date the browser let through but we cannot read: say so
        messages.error(request, _("Please give the due date as a date, or leave it empty."))
        return redirect("care:case", pk=pk)
    return _case_action(request, pk, lambda case, by: services_cases.case_task_add(
        case=case, by=by, title=post.get("title", ""), owner=post.get("owner", ""), due_on=due_on), _("Task added."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a session."""
    post = request.POST
    held_on = _date(post.get("held_on"))
    minutes = _int(post.get("minutes"), 50) or 50
    if held_on is None or not 1 <= minutes <= 600 or post.get("kind") not in SessionKind.values:
        messages.error(request, _("Please give the date, the kind and the minutes of the session."))
        return redirect("care:case", pk=pk)
    present_ids = [i for i in (_int(v) for v in post.getlist("family_present")) if i is not None]

    def add(case: Case, by: Any) -> object:
        present = [access_case_part(case, FamilyContact, i) for i in present_ids]
        return services_cases.case_session_add(
            case=case, by=by, held_on=held_on, kind=post["kind"], minutes=minutes,
            techniques=post.getlist("techniques"), notes=post.get("notes", ""), next_step=post.get("next_step", ""),
            summary_for_agent=post.get("summary_for_agent", ""), shared_with_agent=post.get("shared") == "1",
            family_present=present)

    return _case_action(request, pk, add, _("Session recorded."))


@roles_required(Role.SOCIAL_WORKER)
@require_POST
def case_referral(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an external referral, or update its status."""
    post = request.POST
    referral_pk = _int(post.get("referral"))

    def save(case: Case, by: Any) -> object:
        referral = access_case_part(case, ExternalReferral, referral_pk) if referral_pk else None
        return services_cases.case_referral_save(
            case=case, by=by, service=post.get("service", referral.service if referral else ""),
            status=post.get("status", ReferralStatus.SUGGESTED),
            organisation=post.get("organisation", referral.organisation if referral else "")[:200],
            note=post.get("note", referral.note if referral else ""), referral=referral)

    return _case_action(request, pk, save, _("Referral saved."))


# ----------------------------------------------------------------------------------- the agent's plan


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """The agent's own plan: goals, their tasks, the session summaries shared with them (never notes)."""
    person = require_person(request)
    return render(request, "care/my_plan.html", {"plans": selectors_cases.my_plan(person=person)})


@login_required
@require_POST
def my_plan_agree(request: HttpRequest, pk: int) -> HttpResponse:
    """The agent agrees to the service plan of one of their cases."""
    person = require_person(request)
    case = access_own_case(person, pk)
    services_cases.case_plan_agree(case=case, by=person)
    messages.success(request, _("Thank you: your social worker can see that you agreed to the plan."))
    return redirect("care:my_plan")


@login_required
@require_POST
def my_task_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The agent ticks (or unticks) one of their own tasks."""
    person = require_person(request)
    task = access_own_task(person, pk)
    try:
        services_cases.case_task_done(task=task, by=person, done=request.POST.get("done") == "1")
    except CaseRuleError as error:
        messages.error(request, rule_message(error))
    return redirect("care:my_plan")
