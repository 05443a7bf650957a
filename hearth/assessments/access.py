"""The only ways a view gets check-up objects by id. Missing and forbidden both answer 404."""

from __future__ import annotations

from django.http import Http404

from hearth.assessments.models import Campaign, CampaignPurpose, Invitation
from hearth.assessments.selectors import outreach_consent_current, team_subtree_ids
from hearth.people.models import Person, Role

CAMPAIGN_ROLES = (Role.HR, Role.SOCIAL_WORKER, Role.ADMIN)
REPORT_ROLES = (Role.TEAM_LEAD, Role.HR, Role.MANAGER, Role.SOCIAL_WORKER)
QUALITY_ROLES = (Role.HR, Role.SOCIAL_WORKER, Role.ADMIN)


def access_invitation(person: Person, pk: int) -> Invitation:
    """The person's own invitation; nobody else's, whoever asks."""
    invitation = Invitation.objects.select_related("campaign", "campaign__centre").filter(pk=pk, person=person).first()
    if invitation is None:
        raise Http404
    return invitation


def access_campaign(person: Person, pk: int) -> Campaign:
    """A campaign of the person's centre, for those who run check-ups."""
    if not person.has_role(*CAMPAIGN_ROLES):
        raise Http404
    # A group programme's measure is not a centre check-up: its members are named, and only its facilitators
    # see its response counts (on the group's page).
    campaign = Campaign.objects.filter(pk=pk, centre_id=person.centre_id, purpose=CampaignPurpose.CHECKUP).first()
    if campaign is None:
        raise Http404
    return campaign


def access_outreach_subject(reader: Person, pk: int) -> Person:
    """An agent whose results a social worker may open: same centre, and outreach consent in force."""
    if not reader.has_role(Role.SOCIAL_WORKER):
        raise Http404
    subject = Person.objects.select_related("centre", "team").filter(pk=pk, centre_id=reader.centre_id).first()
    if subject is None or subject.pk == reader.pk or outreach_consent_current(person=subject) is not True:
        raise Http404
    return subject


def report_team_ids(person: Person) -> set[int] | None:
    """Teams whose aggregates the person may see: None means every team of the centre."""
    if person.has_role(Role.HR, Role.MANAGER, Role.SOCIAL_WORKER):
        return None
    if person.has_role(Role.TEAM_LEAD):
        return team_subtree_ids(team_ids=person.led_teams.values_list("pk", flat=True))
    return set()
