"""Family services: contacts only with the family consent, family sessions, the resource directory and links."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from hearth.care.models import FamilyContact, LinkStatus, ResourceLink
from hearth.care.services_cases import CaseRuleError, case_consent_set, case_open, case_session_add
from hearth.care.services_family import family_contact_add, resource_link_save, resource_save


@pytest.fixture
def case(cast: Any) -> Any:
    case = case_open(person=cast.alice, by=cast.sam, source="social_worker", kind="family")
    case_consent_set(case=case, kind="services", granted=True, by=cast.sam)
    return case


def test_a_family_contact_needs_the_agents_consent_to_contact_family(cast: Any, case: Any) -> None:
    with pytest.raises(CaseRuleError, match="family"):
        family_contact_add(case=case, by=cast.sam, name="王秀英", relation="parent")
    page = cast.client_for("sam").get(reverse("care:case", args=[case.pk])).content.decode()
    assert "has not consented to contact with their family" in page
    assert "Add the family contact" not in page


def test_a_family_contacts_name_and_phone_are_ciphertext_in_the_database(cast: Any, case: Any) -> None:
    case_consent_set(case=case, kind="family", granted=True, by=cast.sam)
    contact = family_contact_add(case=case, by=cast.sam, name="王秀英", relation="parent", phone="13800001111")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM care_familycontact WHERE id = %s", [contact.pk])
        name, phone = cursor.fetchone()
    assert name.startswith("enc1:") and "王秀英" not in name
    assert phone.startswith("enc1:") and "13800001111" not in phone
    assert FamilyContact.objects.get(pk=contact.pk).name == "王秀英"


def test_the_social_worker_adds_a_contact_and_records_a_family_mediation_with_them(cast: Any, case: Any) -> None:
    case_consent_set(case=case, kind="family", granted=True, by=cast.sam)
    client = cast.client_for("sam")
    client.post(reverse("care:case_family_add", args=[case.pk]),
                {"name": "Li Wei", "relation": "partner", "phone": "555-0101", "note": "shift pattern only"})
    contact = FamilyContact.objects.get(case=case)
    response = client.post(reverse("care:case_session_add", args=[case.pk]), {
        "held_on": "2026-11-28", "kind": "mediation", "minutes": "90", "techniques": ["mediation"],
        "family_present": [str(contact.pk)], "notes": "Agreed on who sleeps when after night shifts",
    }, follow=True)
    page = response.content.decode()
    assert "Session recorded." in page
    assert "Family mediation" in page and "Family members present: Li Wei" in page
    assert list(case.sessions.get().family_present.all()) == [contact]


def test_withdrawing_the_family_consent_hides_contacts_and_stops_family_sessions(cast: Any, case: Any) -> None:
    case_consent_set(case=case, kind="family", granted=True, by=cast.sam)
    family_contact_add(case=case, by=cast.sam, name="Li Wei", relation="partner", phone="555-0101")
    case_consent_set(case=case, kind="family", granted=False, by=cast.sam)
    client = cast.client_for("sam")
    page = client.get(reverse("care:case", args=[case.pk])).content.decode()
    assert "Li Wei" not in page and "555-0101" not in page
    response = client.post(reverse("care:case_session_add", args=[case.pk]),
                           {"held_on": "2026-11-28", "kind": "family", "minutes": "60"}, follow=True)
    assert "has not consented to contact with their family" in response.content.decode()
    assert not case.sessions.exists()
    # An individual session still goes ahead: only the family part stopped.
    case_session_add(case=case, by=cast.sam, held_on=date(2026, 11, 29), kind="individual", minutes=50)


def test_a_contact_of_another_case_cannot_be_marked_present(cast: Any, case: Any) -> None:
    other = case_open(person=cast.bob, by=cast.sam, source="social_worker")
    for c in (case, other):
        case_consent_set(case=c, kind="services", granted=True, by=cast.sam)
        case_consent_set(case=c, kind="family", granted=True, by=cast.sam)
    stranger = family_contact_add(case=other, by=cast.sam, name="Bob's brother", relation="sibling")
    response = cast.client_for("sam").post(reverse("care:case_session_add", args=[case.pk]), {
        "held_on": "2026-11-28", "kind": "family", "minutes": "60", "family_present": [str(stranger.pk)]})
    assert response.status_code == 404
    assert not case.sessions.exists()


def test_the_directory_refuses_a_duplicate_name_with_a_message(cast: Any) -> None:
    client = cast.client_for("sam")
    form = {"kind": "childcare", "name": "Riverside nursery", "description": "Night-shift places", "contact": "Room 3"}
    client.post(reverse("care:resources"), form)
    response = client.post(reverse("care:resources"), form, follow=True)
    assert "already has a resource of that name" in response.content.decode()
    assert cast.centre.care_resources.count() == 1


def test_a_resource_is_offered_to_the_family_and_its_status_follows(cast: Any, case: Any) -> None:
    resource = resource_save(centre_id=cast.centre.pk, by=cast.sam, kind="family_jobs", name="Warehouse jobs")
    with pytest.raises(CaseRuleError, match="family"):
        resource_link_save(case=case, by=cast.sam, resource=resource, for_family=True)
    case_consent_set(case=case, kind="family", granted=True, by=cast.sam)
    client = cast.client_for("sam")
    client.post(reverse("care:case_resource", args=[case.pk]),
                {"resource": str(resource.pk), "for_family": "1", "note": "Her husband is looking for day work"})
    link = ResourceLink.objects.get(case=case)
    assert link.for_family and link.status == LinkStatus.SUGGESTED
    client.post(reverse("care:case_resource", args=[case.pk]), {"link": str(link.pk), "status": "granted"})
    page = client.get(reverse("care:case", args=[case.pk])).content.decode()
    assert "Warehouse jobs" in page and "for the family" in page
    link.refresh_from_db()
    assert link.status == LinkStatus.GRANTED


def test_a_resource_of_another_centre_cannot_be_offered(cast: Any, case: Any) -> None:
    from hearth.people.tests.factories import CentreFactory

    other = CentreFactory(name="Elsewhere")
    resource = resource_save(centre_id=other.pk, by=cast.sam, kind="hardship", name="Hardship fund")
    response = cast.client_for("sam").post(reverse("care:case_resource", args=[case.pk]),
                                           {"resource": str(resource.pk)}, follow=True)
    assert "Choose a resource of the centre" in response.content.decode()
    assert not ResourceLink.objects.exists()
