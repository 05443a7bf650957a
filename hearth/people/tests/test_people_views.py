"""The people pages: who may see them, the list filters, and upload → preview → confirm."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.people.models import Centre, Person
from hearth.people.tests.factories import (
    DEFAULT_PASSWORD,
    CentreFactory,
    TeamFactory,
    person_with_user,
)

pytestmark = pytest.mark.django_db

GOOD = b"employee_id,name,team,roles\n1001,Li Lei,Alpha,agent\n1002,Han Meimei,Alpha,team_lead\n"
BAD = b"employee_id,name,hire_date,roles\n1001,Li Lei,2023-02-30,agent\n1002,,,wizard\n"


@pytest.fixture
def centre() -> Centre:
    # HR must otherwise pass two-factor first; that flow is tested with the accounts.
    return CentreFactory(two_factor_waived=True, language="en")


def client_for(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    assert client.login(username=person.user.username, password=DEFAULT_PASSWORD)
    return client


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.parametrize("role", ["agent", "team_lead", "social_worker", "trainer"])
@pytest.mark.parametrize("url_name", ["people:list", "people:import"])
def test_other_roles_get_404(centre: Centre, role: str, url_name: str) -> None:
    client = client_for(person_with_user(centre, roles=[role]))
    assert client.get(reverse(url_name)).status_code == 404
    assert client.post(reverse(url_name)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("people:list"))
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["hr", "admin", "manager"])
def test_people_roles_see_the_list(centre: Centre, role: str) -> None:
    client = client_for(person_with_user(centre, roles=[role], name="Viewer"))
    assert client.get(reverse("people:list")).status_code == 200


def test_the_list_searches_and_filters(centre: Centre) -> None:
    alpha, beta = TeamFactory(centre=centre, name="Alpha"), TeamFactory(centre=centre, name="Beta")
    person_with_user(centre, team=alpha, name="Ada Lovelace", employee_id="A1")
    person_with_user(centre, team=beta, name="Grace Hopper", employee_id="G7", status="on_leave")
    person_with_user(CentreFactory(), name="Other Centre Person")
    client = client_for(person_with_user(centre, roles=["hr"], name="Hr Person"))
    body = client.get(reverse("people:list")).content.decode()
    assert "Ada Lovelace" in body and "Grace Hopper" in body and "Other Centre Person" not in body
    body = client.get(reverse("people:list"), {"q": "g7"}).content.decode()
    assert "Grace Hopper" in body and "Ada Lovelace" not in body
    body = client.get(reverse("people:list"), {"team": alpha.pk}).content.decode()
    assert "Ada Lovelace" in body and "Grace Hopper" not in body
    body = client.get(reverse("people:list"), {"status": "on_leave"}).content.decode()
    assert "Grace Hopper" in body and "Ada Lovelace" not in body


def test_hr_uploads_previews_and_confirms(centre: Centre) -> None:
    client = client_for(person_with_user(centre, roles=["hr"], name="Hr Person"))
    response = client.post(reverse("people:import"), {"file": upload("people.csv", GOOD)})
    assert response.status_code == 200
    assert response.context["preview"].created == 2
    assert "Han Meimei" in response.content.decode()
    assert not Person.objects.filter(employee_id="1001").exists()
    response = client.post(reverse("people:import"), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("people:list")
    assert set(Person.objects.filter(centre=centre, employee_id__in=["1001", "1002"]).values_list("name", flat=True)) == {"Li Lei", "Han Meimei"}
    assert AuditEvent.objects.filter(action="people.import").count() == 1


def test_hr_sees_every_error_and_nothing_is_written(centre: Centre) -> None:
    client = client_for(person_with_user(centre, roles=["hr"], name="Hr Person"))
    response = client.post(reverse("people:import"), {"file": upload("people.csv", BAD)})
    assert response.status_code == 200
    places = [(e.row, e.column) for e in response.context["errors"]]
    assert places == [(2, "hire_date"), (3, "name"), (3, "roles")]
    body = response.content.decode()
    assert "wizard" in body and "2023-02-30" in body
    assert not Person.objects.filter(employee_id__in=["1001", "1002"]).exists()
    response = client.post(reverse("people:import"), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("people:import")
    assert not Person.objects.filter(employee_id__in=["1001", "1002"]).exists()


def test_other_file_types_are_refused(centre: Centre) -> None:
    client = client_for(person_with_user(centre, roles=["hr"], name="Hr Person"))
    response = client.post(reverse("people:import"), {"file": upload("people.txt", GOOD)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_the_admin_imports_people(centre: Centre) -> None:
    admin_user = get_user_model().objects.create_superuser("root", "root@example.com", DEFAULT_PASSWORD)
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:people_person_import")
    # Superusers must pass two-factor first; that flow belongs to the accounts tests.
    with mock.patch("hearth.core.middleware.two_factor_required", return_value=False):
        assert client.get(url).status_code == 200
        response = client.post(url, {"file": upload("people.csv", GOOD), "centre": centre.pk})
    assert response.status_code == 302
    assert Person.objects.filter(centre=centre, employee_id="1001").exists()


def test_the_import_page_speaks_chinese_by_default() -> None:
    centre = CentreFactory(two_factor_waived=True, language="zh-hans")
    client = client_for(person_with_user(centre, roles=["hr"], name="Hr Person"))
    response = client.post(reverse("people:import"), {"file": upload("people.csv", BAD)})
    body = response.content.decode()
    assert "导入人员" in body
    assert "未知角色“wizard”" in body
    assert "不是有效日期" in body
