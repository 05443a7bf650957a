"""Who may see which load page. Missing and forbidden both answer 404."""

from __future__ import annotations

from django.http import Http404

from hearth.people.models import Person, Role, Team

TEAM_LOAD_ROLES = (Role.TEAM_LEAD, Role.HR, Role.MANAGER, Role.SOCIAL_WORKER)


def access_team_load(person: Person, pk: int) -> Team:
    """A team of the person's centre: its leads, and HR, managers and social workers."""
    team = Team.objects.filter(pk=pk, centre_id=person.centre_id).first()
    if team is None or not person.has_role(*TEAM_LOAD_ROLES):
        raise Http404
    if person.has_role(Role.HR, Role.MANAGER, Role.SOCIAL_WORKER) or team.leads.filter(pk=person.pk).exists():
        return team
    raise Http404


def visible_teams(person: Person) -> list[Team]:
    """Teams whose load page the person may open."""
    teams = Team.objects.filter(centre_id=person.centre_id).order_by("name")
    if person.has_role(Role.HR, Role.MANAGER, Role.SOCIAL_WORKER):
        return list(teams)
    if person.has_role(Role.TEAM_LEAD):
        return list(teams.filter(leads=person))
    return []


def access_agent_load(reader: Person, pk: int) -> Person:
    """An agent of the social worker's centre (their daily load and the hostile messages they faced)."""
    if not reader.has_role(Role.SOCIAL_WORKER):
        raise Http404
    subject = Person.objects.filter(pk=pk, centre_id=reader.centre_id).first()
    if subject is None:
        raise Http404
    return subject
