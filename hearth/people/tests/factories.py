"""factory_boy factories for centres, teams, people and their logins; shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory
from django.contrib.auth import get_user_model

from hearth.people.models import Centre, Person, RoleAssignment, Team

DEFAULT_PASSWORD = "correct-horse-battery"  # long enough for the password validators


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    language = "zh-hans"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:04d}")
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda p: f"{p.employee_id.lower()}@example.com")

    @factory.post_generation
    def roles(obj: Any, create: bool, extracted: Iterable[str] | None, **kwargs: Any) -> None:
        """PersonFactory(roles=["hr"]) assigns roles; default is agent."""
        if not create:
            return
        for role in extracted if extracted is not None else ["agent"]:
            RoleAssignment.objects.get_or_create(person=obj, role=role)
        obj.__dict__.pop("_role_cache", None)


def person_with_user(
    centre: Centre,
    roles: Iterable[str] = ("agent",),
    team: Team | None = None,
    username: str | None = None,
    password: str = DEFAULT_PASSWORD,
    **fields: Any,
) -> Person:
    """A person in `centre` with a login (username defaults to the employee id) and the given roles."""
    person = PersonFactory(centre=centre, team=team, roles=list(roles), **fields)
    user = UserFactory(username=username or person.employee_id, email=person.email, password=password)
    person.user = user
    person.save(update_fields=["user"])
    if "team_lead" in roles and team is not None:
        team.leads.add(person)
    return person


def make_person(
    username: str,
    *roles: str,
    centre: Centre | None = None,
    team: Team | None = None,
    **fields: Any,
) -> Person:
    """A person with a login named `username` (also the employee id): make_person("alice", "hr")."""
    return person_with_user(
        centre or CentreFactory(),
        roles=roles or ("agent",),
        team=team,
        username=username,
        employee_id=fields.pop("employee_id", username),
        name=fields.pop("name", username.title()),
        **fields,
    )
