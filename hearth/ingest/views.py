"""Daily-load pages (agent, social worker, team lead) and helpdesk-data administration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.core.access import client_ip, require_person, roles_required
from hearth.ingest import selectors
from hearth.ingest.access import TEAM_LOAD_ROLES, access_agent_load, access_team_load, visible_teams
from hearth.ingest.forms import AccountMapForm, PrivacySettingsForm
from hearth.ingest.models import UnknownAccount
from hearth.ingest.services import account_map
from hearth.ingest.services_settings import centre_privacy_set
from hearth.people.models import Role


@login_required
def my_load(request: HttpRequest) -> HttpResponse:
    """The agent's own daily load over four weeks."""
    person = require_person(request)
    series = selectors.load_window(person=person)
    return render(request, "ingest/agent_load.html", _load_context(person, series, own=True))


def _load_context(subject: object, series: selectors.LoadSeries, *, own: bool, evidence: object = None) -> dict[str, object]:
    return {"subject": subject, "series": series, "summary": series.summary(timezone.localdate()),
            "columns": selectors.DAY_COLUMNS, "evidence": evidence, "own": own}


@roles_required(Role.SOCIAL_WORKER)
def agent_load(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent's daily load and the (masked) hostile messages they faced, for the social worker; audited."""
    reader = require_person(request)
    subject = access_agent_load(reader, pk)
    series, evidence = selectors.load_for_social_worker(reader=reader, subject=subject, ip=client_ip(request))
    return render(request, "ingest/agent_load.html", _load_context(subject, series, own=False, evidence=evidence))


@roles_required(*TEAM_LOAD_ROLES)
def teams(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    visible = visible_teams(person)
    if len(visible) == 1:
        return redirect("load:team", pk=visible[0].pk)
    return render(request, "ingest/teams.html", {"teams": visible})


@roles_required(*TEAM_LOAD_ROLES)
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """Per-agent operational load of one team (names allowed: this is workload, not survey data)."""
    person = require_person(request)
    the_team = access_team_load(person, pk)
    return render(request, "ingest/team_load.html", {"team": the_team, "rows": selectors.team_load(team=the_team)})


@roles_required(Role.ADMIN, Role.HR)
def accounts(request: HttpRequest) -> HttpResponse:
    """Helpdesk accounts seen in exports that nobody is mapped to yet."""
    person = require_person(request)
    form = AccountMapForm(request.POST or None, centre=person.centre)
    if request.method == "POST":
        account = UnknownAccount.objects.filter(pk=request.POST.get("account"), centre=person.centre).first()
        if account is not None and form.is_valid():
            attached = account_map(centre=person.centre, source=account.source, external_id=account.external_id,
                                   person=form.cleaned_data["person"])
            from hearth.ingest.features import agent_days_recompute_for

            agent_days_recompute_for(centre=person.centre, person=form.cleaned_data["person"])
            messages.success(request, _("Mapped; %(n)s past messages attached and the daily load recomputed.") % {"n": attached})
            return redirect("ingest:accounts")
    return render(request, "ingest/accounts.html", {"accounts": selectors.unknown_accounts(centre=person.centre), "form": form})


@roles_required(Role.ADMIN)
def privacy(request: HttpRequest) -> HttpResponse:
    """The centre's explicit choice on keeping customer message text."""
    person = require_person(request)
    form = PrivacySettingsForm(request.POST or None, instance=person.centre)
    if request.method == "POST" and form.is_valid():
        centre_privacy_set(centre=person.centre, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("ingest:privacy")
    return render(request, "ingest/privacy.html", {"form": form, "counts": selectors.message_counts(centre=person.centre)})


@roles_required(Role.ADMIN)
def runs(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    return render(request, "ingest/runs.html", {"runs": selectors.ingest_runs(centre=person.centre)})
