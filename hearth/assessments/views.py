"""Check-up pages: answering, the agent's own result, settings, campaigns, reports, quality."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hearth.assessments import aggregates, selectors, services
from hearth.assessments.access import (
    CAMPAIGN_ROLES,
    QUALITY_ROLES,
    REPORT_ROLES,
    access_campaign,
    access_invitation,
    report_team_ids,
)
from hearth.assessments.forms import CampaignForm, ConsentForm, QuestionnaireForm, SettingsForm
from hearth.assessments.models import InvitationStatus, Response
from hearth.assessments.quality import campaign_quality
from hearth.audit.selectors import audit_views_of
from hearth.core.access import require_person, roles_required
from hearth.engine.instruments import load_instrument
from hearth.people import selectors as people_selectors
from hearth.people.services import person_language_set


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The agent's home: open check-ups, past results, their support requests."""
    person = require_person(request)
    from hearth.care.selectors import support_requests_of

    return render(request, "assessments/mine.html", {
        "open_invitations": selectors.invitations_open_for(person=person),
        "results": list(reversed(selectors.my_results(person=person))),
        "support_requests": support_requests_of(person=person),
    })


@login_required
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Asked once, at the first check-up: may the social worker see my results and reach out?"""
    person = require_person(request)
    invitation = access_invitation(person, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outreach_consent_set(person=person, granted=form.cleaned_data["outreach"])
        return redirect("checkups:answer", pk=invitation.pk)
    return render(request, "assessments/consent.html", {"form": form, "invitation": invitation})


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """One questionnaire of the check-up per page; answers are saved on every step."""
    person = require_person(request)
    invitation = access_invitation(person, pk)
    if invitation.status == InvitationStatus.SUBMITTED:
        return redirect("checkups:result", pk=invitation.pk)
    if selectors.outreach_consent_current(person=person) is None:
        return redirect("checkups:consent", pk=invitation.pk)
    sections = invitation.campaign.instruments
    try:
        index = min(max(int(request.GET.get("s", "0")), 0), len(sections) - 1)
    except ValueError:
        index = 0
    instrument = load_instrument(sections[index])
    response = Response.objects.filter(invitation=invitation).first()
    saved = (response.answers if response else {}).get(instrument.id, {})
    language = get_language() or "zh-hans"
    form = QuestionnaireForm(request.POST or None, instrument=instrument, language=language, initial_answers=saved)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "next")
        try:
            services.invitation_save(invitation=invitation, instrument_id=instrument.id, answers=form.answers(), language=language)
            if action == "submit":
                services.invitation_submit(invitation=invitation)
                return redirect("checkups:result", pk=invitation.pk)
        except services.CheckupError as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('checkups:answer', args=[invitation.pk])}?s={index}")
        if action == "later":
            messages.success(request, _("Saved. You can finish later — we will keep your answers."))
            return redirect("checkups:mine")
        target = index - 1 if action == "back" else index + 1
        return redirect(f"{reverse('checkups:answer', args=[invitation.pk])}?s={max(0, min(target, len(sections) - 1))}")
    answered = sum(len(v) for v in (response.answers if response else {}).values())
    total = sum(len(load_instrument(i).items) for i in sections)
    return render(request, "assessments/answer.html", {
        "invitation": invitation, "instrument": instrument, "form": form, "index": index,
        "sections": len(sections), "is_last": index == len(sections) - 1,
        "progress": round(100 * answered / total) if total else 0, "language": language,
    })


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """The agent's own result right after answering, with the trend and the button to ask for support."""
    person = require_person(request)
    invitation = access_invitation(person, pk)
    results = selectors.my_results(person=person)
    current = next((r for r in results if r.invitation.pk == invitation.pk), None)
    if current is None:
        return redirect("checkups:answer", pk=invitation.pk)
    from hearth.care.forms import SupportRequestForm

    return render(request, "assessments/result.html", {
        "result": current, "support_form": SupportRequestForm(), "language": get_language(),
        "consent": selectors.outreach_consent_current(person=person),
    })


@login_required
def my_settings(request: HttpRequest) -> HttpResponse:
    """Change outreach consent (any time) and display language."""
    person = require_person(request)
    current = selectors.outreach_consent_current(person=person)
    initial = {"outreach": "yes" if current else "no", "language": person.ui_language or person.centre.language}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["outreach"] != current:
            services.outreach_consent_set(person=person, granted=form.cleaned_data["outreach"])
        person_language_set(person=person, language=form.cleaned_data["language"])
        messages.success(request, _("Your settings are saved."))
        response = redirect("checkups:settings")
        response.set_cookie("django_language", form.cleaned_data["language"], samesite="Lax")
        return response
    return render(request, "assessments/settings.html", {
        "form": form, "consent": current, "views": audit_views_of(subject_id=person.pk),
    })


@roles_required(*CAMPAIGN_ROLES)
def campaigns(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    return render(request, "assessments/campaigns.html", {"campaigns": selectors.campaigns_for_centre(centre_id=person.centre_id)})


@roles_required(*CAMPAIGN_ROLES)
def campaign_new(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    form = CampaignForm(request.POST or None, centre_id=person.centre_id, language=get_language() or "zh-hans")
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(centre=person.centre, created_by=person, **form.cleaned_data)
        except services.CheckupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Check-up scheduled."))
            return redirect("checkups:campaign", pk=campaign.pk)
    return render(request, "assessments/campaign_new.html", {"form": form})


@roles_required(*CAMPAIGN_ROLES)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    campaign = access_campaign(person, pk)
    teams = {t.pk: t for t in people_selectors.team_list(centre=person.centre)}
    rows = [(teams.get(p.team_id), p) for p in aggregates.campaign_participation(campaign=campaign)]
    return render(request, "assessments/campaign_detail.html", {
        "campaign": campaign, "rows": rows, "k": campaign.centre.k, "can_report": person.has_role(*REPORT_ROLES),
    })


@roles_required(*QUALITY_ROLES)
def quality(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    campaign = access_campaign(person, pk) if person.has_role(*CAMPAIGN_ROLES) else None
    if campaign is None:
        return redirect("checkups:mine")
    language = get_language() or "zh-hans"
    return render(request, "assessments/quality.html", {
        "campaign": campaign, "reports": campaign_quality(campaign=campaign, language=language), "k": campaign.centre.k,
    })


@roles_required(*REPORT_ROLES)
def reports(request: HttpRequest) -> HttpResponse:
    """Team and centre aggregates: never an individual, never a group under k, never a differencing pair."""
    person = require_person(request)
    from hearth.assessments.reports import build_report

    context = build_report(person=person, params=request.GET, allowed_team_ids=report_team_ids(person),
                           language=get_language() or "zh-hans")
    template = "assessments/reports.html#report" if request.htmx else "assessments/reports.html"  # type: ignore[attr-defined]
    return render(request, template, context)

