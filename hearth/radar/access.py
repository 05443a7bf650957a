"""Who may open which radar page. Missing and forbidden both answer 404.

Individual risk (alerts, risk weeks) is for the social worker only, and only for agents whose
outreach consent is in force. Team pages follow the load pages' rule (hearth.ingest.access): a
team's own leads, and HR, managers and social workers; they show workload and k-anonymous
survey aggregates, never an individual's risk.
"""

from __future__ import annotations

from django.http import Http404

from hearth.assessments.selectors import outreach_consent_current
from hearth.ingest.access import TEAM_LOAD_ROLES, access_team_load, visible_teams
from hearth.people.models import Person, Role, Team
from hearth.radar.models import Alert, AlertRoute, RiskRun

OVERVIEW_ROLES = (Role.HR, Role.MANAGER, Role.SOCIAL_WORKER, Role.ADMIN)
QUEUE_ROLES = (Role.SOCIAL_WORKER,)
TEAM_ROLES = TEAM_LOAD_ROLES
ADMIN_ROLES = (Role.ADMIN,)
# The fitted models' validation: metrics and coefficients only, no person.
MODEL_ROLES = OVERVIEW_ROLES


def access_alert(reader: Person, pk: int) -> Alert:
    """An outreach alert of the social worker's centre, about an agent who allows outreach now."""
    if not reader.has_role(*QUEUE_ROLES):
        raise Http404
    alert = (
        Alert.objects.select_related("person", "person__team", "handled_by")
        .filter(pk=pk, route=AlertRoute.OUTREACH, person__centre_id=reader.centre_id)
        .exclude(person=reader)
        .first()
    )
    # Consent withdrawn since the alert was raised: the alert is no longer the social worker's to see.
    if alert is None or outreach_consent_current(person=alert.person) is not True:
        raise Http404
    return alert


def access_team(person: Person, pk: int) -> Team:
    """A team whose radar page the person may open (the same people as its load page)."""
    return access_team_load(person, pk)


def radar_teams(person: Person) -> list[Team]:
    """Teams whose radar page the person may open."""
    return visible_teams(person)


def access_run(person: Person, pk: int) -> RiskRun:
    """A radar run of the admin's centre."""
    if not person.has_role(*ADMIN_ROLES):
        raise Http404
    run = RiskRun.objects.filter(pk=pk, centre_id=person.centre_id).first()
    if run is None:
        raise Http404
    return run
