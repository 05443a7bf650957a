"""Reads for people: the people list, teams, centres."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import Q, QuerySet

from hearth.engine.people_records import PeopleFile, read_people_file
from hearth.people.models import Centre, Person, Team


def person_list(
    *, centre: Centre, query: str = "", team_id: int | None = None, status: str = ""
) -> QuerySet[Person]:
    """People in a centre, searched by name or employee id, filtered by team and status."""
    people = (
        Person.objects.filter(centre=centre)
        .select_related("team")
        .prefetch_related("roles")
        .order_by("name", "employee_id")
    )
    query = query.strip()
    if query:
        people = people.filter(Q(name__icontains=query) | Q(employee_id__icontains=query))
    if team_id is not None:
        people = people.filter(team_id=team_id)
    if status:
        people = people.filter(status=status)
    return people


def team_list(*, centre: Centre) -> QuerySet[Team]:
    """A centre's teams, by name."""
    return Team.objects.filter(centre=centre).select_related("parent").order_by("name")


def centre_by_name(*, name: str) -> Centre | None:
    """The centre with this exact name, or None."""
    return Centre.objects.filter(name=name).order_by("pk").first()


def people_file_read(*, data: bytes, filename: str, language_code: str = "") -> PeopleFile:
    """Read an uploaded people file; error messages in the page's language ('en' or Chinese)."""
    suffix = Path(filename).suffix.lower()
    language = "en" if language_code.startswith("en") else "zh_Hans"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return read_people_file(path, filename=Path(filename).name, language=language)
