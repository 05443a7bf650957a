"""Writes for family services: family contacts (only with the agent's consent), the resource directory, links.

Every write records an AuditEvent in the same transaction. Contact with the family rests on the agent's
consent to it, checked here on every write: withdrawn consent stops new contacts at once, and the pages
hide the contacts already recorded (``selectors_cases.family_contacts_in_force``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.audit.services import audit_record
from hearth.care.models import (
    Case,
    ConsentKind,
    FamilyContact,
    FamilyRelation,
    LinkStatus,
    Resource,
    ResourceKind,
    ResourceLink,
)
from hearth.care.services_cases import CaseRuleError, case_consents
from hearth.people.models import Person


def family_contact_add(
    *, case: Case, by: Person, name: str, relation: str, phone: str = "", note: str = "",
) -> FamilyContact:
    """Record a family member the agent agreed may be contacted; needs the family consent in force."""
    if not case_consents(case=case).get(ConsentKind.FAMILY):
        raise CaseRuleError("the agent has not consented to contact with their family (or withdrew)")
    if not name.strip() or relation not in FamilyRelation.values:
        raise CaseRuleError("a family contact needs a name and a relation")
    with transaction.atomic():
        contact = FamilyContact.objects.create(
            case=case, name=name.strip()[:200], relation=relation, phone=phone.strip()[:100], note=note.strip(),
            created_at=timezone.now(),
        )
        audit_record(actor=by.user, action="case.family_contact.add", subject=case.person, obj=contact)
    return contact


def family_contact_remove(*, contact: FamilyContact, by: Person) -> None:
    """Delete a family contact (the agent asked, or it is wrong); sessions keep that they took place."""
    case = contact.case
    with transaction.atomic():
        audit_record(actor=by.user, action="case.family_contact.remove", subject=case.person, obj=contact)
        contact.delete()


def resource_save(
    *, centre_id: int, by: Person, kind: str, name: str, description: str = "", contact: str = "",
    active: bool = True, resource: Resource | None = None,
) -> Resource:
    """Add a resource to the centre's directory, or change one."""
    if kind not in ResourceKind.values or not name.strip():
        raise CaseRuleError("a resource needs a kind and a name")
    duplicate = Resource.objects.filter(centre_id=centre_id, name=name.strip())
    if resource is not None:
        duplicate = duplicate.exclude(pk=resource.pk)
    if duplicate.exists():
        raise CaseRuleError("the directory already has a resource of that name")
    with transaction.atomic():
        resource = resource or Resource(centre_id=centre_id)
        resource.kind, resource.name, resource.description = kind, name.strip()[:200], description.strip()
        resource.contact, resource.active = contact.strip()[:300], active
        resource.save()
        audit_record(actor=by.user, action="care.resource.save", obj=resource)
    return resource


def resource_link_save(
    *, case: Case, by: Person, resource: Resource | None = None, status: str = LinkStatus.SUGGESTED,
    for_family: bool = False, note: str = "", link: ResourceLink | None = None,
) -> ResourceLink:
    """Offer a resource to the agent or their family, or update the status of an offer."""
    if status not in LinkStatus.values:
        raise CaseRuleError("unknown status")
    if link is None:
        if resource is None or resource.centre_id != case.centre_id or not resource.active:
            raise CaseRuleError("choose a resource of the centre's directory")
        if for_family and not case_consents(case=case).get(ConsentKind.FAMILY):
            raise CaseRuleError("the agent has not consented to contact with their family (or withdrew)")
    with transaction.atomic():
        now = timezone.now()
        if link is None:
            link = ResourceLink(case=case, resource=resource, for_family=for_family, created_at=now)
        link.status, link.updated_at = status, now
        if note.strip():
            link.note = note.strip()
        link.save()
        audit_record(actor=by.user, action=f"case.resource.{status}", subject=case.person, obj=link)
    return link
