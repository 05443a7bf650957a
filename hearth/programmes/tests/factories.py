"""Helpers that build groups through the real services, for the programme tests and the e2e test."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hearth.assessments.models import Campaign, Invitation
from hearth.assessments.services import invitation_save, invitation_submit
from hearth.programmes import services
from hearth.programmes.models import Membership, Programme


def group_with_members(cast: Any, names: Sequence[str], *, template: str = "confidence",
                       counted: Sequence[str] = ()) -> tuple[Programme, dict[str, Membership]]:
    """A group by sam with `names` invited and accepted; `counted` of them consent to counting."""
    programme = services.programme_create(centre=cast.centre, by=cast.sam, template=template, language="en")
    members = {}
    for name in names:
        membership = services.membership_invite(programme=programme, by=cast.sam, person=getattr(cast, name))
        members[name] = services.membership_respond(membership=membership, accept=True)
        if name in counted:
            services.membership_consent_set(membership=members[name], counted=True)
    return programme, members


def answer_cbi(campaign: Campaign, person: Any, personal_item: int) -> None:
    """The person answers the six personal-burnout items of CBI with the same value, and submits."""
    invitation = Invitation.objects.get(campaign=campaign, person=person)
    invitation_save(invitation=invitation, instrument_id="cbi", answers={f"p{i}": personal_item for i in range(1, 7)},
                    language="en")
    invitation_submit(invitation=invitation)
