"""The only ways a view gets a group programme or its parts by id. Missing and forbidden both answer 404.

A group's members are seen by its facilitators and by each member themself: a social worker who does not
facilitate the group, a lead, HR, a manager or an admin gets 404 here (they have the anonymous overview).
A trainer facilitates stress-coping programmes only; a counselling group is 404 to a trainer, always.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hearth.people.models import Person, Role
from hearth.programmes.models import (
    Enrolment,
    Membership,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
)

OVERVIEW_ROLES = (Role.TEAM_LEAD, Role.HR, Role.MANAGER, Role.SOCIAL_WORKER)


def access_programme(reader: Person, pk: int) -> Programme:
    """A group the reader facilitates (404 otherwise); reading its members is audited by `programme_page`."""
    programmes = (Programme.objects.select_related("centre", "pre_campaign", "post_campaign")
                  .filter(pk=pk, centre_id=reader.centre_id, facilitators=reader))
    if not reader.has_role(Role.SOCIAL_WORKER):
        programmes = programmes.filter(kind=ProgrammeKind.COPING)
    programme = programmes.first()
    if programme is None:
        raise Http404
    return programme


def access_programme_part(programme: Programme, model: type[Any], pk: int) -> Any:
    """A goal, membership, session, reward or phase of a group already fetched through access_programme (404
    otherwise)."""
    part = model.objects.filter(pk=pk, programme=programme).first()
    if part is None:
        raise Http404
    return part


def access_membership(reader: Person, pk: int) -> Membership:
    """The reader's own membership (an invitation or a group they are in); nobody else's, whoever asks."""
    membership = Membership.objects.select_related("programme", "person").filter(pk=pk, person=reader).first()
    if membership is None:
        raise Http404
    return membership


def access_open_programme(reader: Person, pk: int) -> Programme:
    """A group of the reader's centre open for self-enrolment and not ended (404 otherwise)."""
    programme = (Programme.objects.filter(pk=pk, centre_id=reader.centre_id, enrolment=Enrolment.OPEN)
                 .exclude(status=ProgrammeStatus.ENDED).first())
    if programme is None:
        raise Http404
    return programme
