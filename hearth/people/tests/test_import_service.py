"""people_import: all or nothing, idempotent, only the file's columns change stored people."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearth.engine.people_records import PeopleFile, read_people_file
from hearth.people.models import HelpdeskAccount, Person, PersonStatus, Team
from hearth.people.services import (
    PeopleImportError,
    centre_get_or_create_default,
    people_import,
    person_set_status,
)
from hearth.people.tests.factories import CentreFactory, PersonFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "工号,姓名,邮箱,团队,上级团队,角色,入职日期,语言,班次,客服账号\n"
    "1001,李雷,lilei@example.com,一组,一楼,组长,2022-03-01,\"中文,英语\",白班,zendesk:11\n"
    "1002,韩梅梅,,一组,一楼,客服,2023-05-06,中文,晚班,zendesk:12\n"
    "1003,张三,zs@example.com,二组,一楼,\"人事,社工\",2020-01-01,,轮班,\n"
)


def people_file(tmp_path: Path, text: str, name: str = "people.csv") -> PeopleFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_people_file(path)


def test_it_creates_people_teams_roles_and_logins(tmp_path: Path) -> None:
    centre = CentreFactory()
    result = people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    li = Person.objects.get(centre=centre, employee_id="1001")
    assert li.name == "李雷" and li.team is not None and li.team.name == "一组"
    assert li.team.parent is not None and li.team.parent.name == "一楼"
    assert li.role_set == {"team_lead"}
    assert li in li.team.leads.all()
    assert li.languages == ["zh", "en"]
    assert li.time_zone == "Asia/Shanghai"
    assert li.user is not None and li.user.username == "1001" and not li.user.has_usable_password()
    assert li.user.email == "lilei@example.com"
    assert Person.objects.get(employee_id="1003").role_set == {"hr", "social_worker"}
    assert Person.objects.get(employee_id="1002").shift_pattern == "evening"
    assert HelpdeskAccount.objects.get(external_id="12").person.employee_id == "1002"
    assert set(Team.objects.filter(centre=centre).values_list("name", flat=True)) == {"一组", "二组", "一楼"}


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    centre = CentreFactory()
    people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    stamps = dict(Person.objects.values_list("employee_id", "updated_at"))
    result = people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Person.objects.count() == 3 and Team.objects.count() == 3
    assert HelpdeskAccount.objects.count() == 2
    assert dict(Person.objects.values_list("employee_id", "updated_at")) == stamps


def test_a_changed_file_updates_only_what_changed(tmp_path: Path) -> None:
    centre = CentreFactory()
    people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    changed = GOOD.replace("1002,韩梅梅,,一组,一楼,客服", "1002,韩梅梅,,二组,一楼,\"客服,组长\"")
    result = people_import(centre=centre, people_file=people_file(tmp_path, changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    han = Person.objects.get(employee_id="1002")
    assert han.team is not None and han.team.name == "二组"
    assert han.role_set == {"agent", "team_lead"}
    assert han in han.team.leads.all()


def test_absent_columns_leave_stored_values_alone(tmp_path: Path) -> None:
    centre = CentreFactory()
    people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    result = people_import(centre=centre, people_file=people_file(tmp_path, "工号,姓名\n1001,李雷\n1004,王五\n"))
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    li = Person.objects.get(employee_id="1001")
    assert li.email == "lilei@example.com" and li.role_set == {"team_lead"} and li.team is not None
    assert Person.objects.get(employee_id="1004").role_set == {"agent"}


def test_a_bad_file_writes_nothing_and_leaves_existing_data_alone(tmp_path: Path) -> None:
    centre = CentreFactory()
    people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    before = list(Person.objects.values_list("employee_id", "name", "team__name", "updated_at"))
    bad = GOOD.replace("李雷", "Li Renamed") + "1005,新人,,三组,,巫师,,,,\n"
    with pytest.raises(PeopleImportError) as exc:
        people_import(centre=centre, people_file=people_file(tmp_path, bad))
    assert [(e.row, e.column) for e in exc.value.errors] == [(5, "角色")]
    assert list(Person.objects.values_list("employee_id", "name", "team__name", "updated_at")) == before
    assert not Team.objects.filter(name="三组").exists()


def test_a_helpdesk_account_of_someone_else_rejects_the_whole_import(tmp_path: Path) -> None:
    centre = CentreFactory()
    people_import(centre=centre, people_file=people_file(tmp_path, GOOD))
    text = "工号,姓名,客服账号\n2001,新人,zendesk:99\n2002,另一个,zendesk:11\n"
    with pytest.raises(PeopleImportError) as exc:
        people_import(centre=centre, people_file=people_file(tmp_path, text))
    (error,) = exc.value.errors
    assert (error.row, error.column) == (3, "客服账号")
    assert "1001" in error.message
    assert not Person.objects.filter(employee_id__in=["2001", "2002"]).exists()
    assert not HelpdeskAccount.objects.filter(external_id="99").exists()


def test_a_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    centre = CentreFactory()
    result = people_import(centre=centre, people_file=people_file(tmp_path, GOOD), dry_run=True)
    assert result.created == 3
    assert [c.action for c in result.changes] == ["created"] * 3
    assert not Person.objects.exists() and not Team.objects.exists()


def test_the_default_centre_is_created_once() -> None:
    first = centre_get_or_create_default()
    assert first.name == "Hearth centre" and first.language == "zh-hans"
    assert centre_get_or_create_default() == first


def test_leaving_needs_a_date() -> None:
    from django.core.exceptions import ValidationError

    person = PersonFactory()
    with pytest.raises(ValidationError):
        person_set_status(person=person, status=PersonStatus.LEFT)
    import datetime as dt

    person_set_status(person=person, status=PersonStatus.LEFT, leave_date=dt.date(2025, 1, 31), reason="moved")
    person.refresh_from_db()
    assert (person.status, person.leave_date, person.leave_reason) == ("left", dt.date(2025, 1, 31), "moved")
    person_set_status(person=person, status=PersonStatus.ACTIVE)
    person.refresh_from_db()
    assert person.leave_date is None and person.leave_reason == ""


@pytest.mark.django_db
def test_an_imported_administrator_can_reach_the_django_admin_and_loses_it_with_the_role(tmp_path: Path) -> None:
    from hearth.engine.people_records import read_people_file
    from hearth.people.models import Person
    from hearth.people.services import centre_get_or_create_default, people_import

    centre = centre_get_or_create_default()
    path = tmp_path / "people.csv"
    path.write_text("name,employee_id,roles\nAda,ADM1,admin\nBo,AG1,agent\n", encoding="utf-8")
    people_import(centre=centre, people_file=read_people_file(path))
    ada = Person.objects.get(employee_id="ADM1").user
    bo = Person.objects.get(employee_id="AG1").user
    assert ada.is_staff and ada.is_superuser
    assert not bo.is_staff
    path.write_text("name,employee_id,roles\nAda,ADM1,hr\n", encoding="utf-8")
    people_import(centre=centre, people_file=read_people_file(path))
    ada.refresh_from_db()
    assert not ada.is_staff and not ada.is_superuser
