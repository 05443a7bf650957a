"""`hearth import-people FILE [--dry-run] [--centre NAME]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearth.cli import main
from hearth.people.models import Centre, Person
from hearth.people.tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

GOOD = "employee_id,name,team,roles\n1001,Li Lei,Alpha,agent\n1002,Han Meimei,Alpha,team_lead\n"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_imports_into_the_default_centre(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-people", str(write(tmp_path, GOOD))]) == 0
    assert "created 2, updated 0, unchanged 0" in capsys.readouterr().out
    assert Centre.objects.get().name == "Hearth centre"
    assert Person.objects.count() == 2
    assert main(["import-people", str(write(tmp_path, GOOD))]) == 0
    assert "created 0, updated 0, unchanged 2" in capsys.readouterr().out


def test_a_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-people", "--dry-run", str(write(tmp_path, GOOD))]) == 0
    assert "created 2" in capsys.readouterr().out
    assert not Person.objects.exists()


def test_errors_are_printed_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = GOOD + "1003,,Alpha,wizard\n"
    assert main(["import-people", str(write(tmp_path, bad))]) == 1
    out = capsys.readouterr().out
    assert "people.csv row 4, column name: This value is required." in out
    assert "people.csv row 4, column roles: Unknown role “wizard”" in out
    assert not Person.objects.exists()


def test_a_named_centre_must_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    CentreFactory(name="North")
    assert main(["import-people", "--centre", "South", str(write(tmp_path, GOOD))]) == 1
    assert "South" in capsys.readouterr().err
    assert main(["import-people", "--centre", "North", str(write(tmp_path, GOOD))]) == 0
    assert Person.objects.filter(centre__name="North").count() == 2
