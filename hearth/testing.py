"""A fixed cast for view and service tests: one centre, two teams (one with a sub-team), a person per role.

alice: agent in Night (consents to outreach)    bob: agent in Night (never asked)
carol: team lead of Night                       dave: team lead of Day
sam: social worker    hana: HR    max: manager    tina: trainer    ada: admin
Night has 7 more agents (n1…n7), its sub-team "Night EU" holds n5–n7; Day has 6 agents (d1…d6).
Two-factor is waived for the cast's centre; its own tests live in people/tests/test_accounts.py.
Everyone reads English (ui_language "en"); tests of Chinese set it themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.people.models import Centre, Person, Team
from hearth.people.tests.factories import DEFAULT_PASSWORD, CentreFactory, TeamFactory, make_person


@dataclass
class Cast:
    """The people and teams of the test centre, by name."""

    centre: Centre
    night: Team
    night_eu: Team
    day: Team
    people: dict[str, Person]

    def __getattr__(self, name: str) -> Person:
        try:
            return self.__dict__["people"][name]
        except KeyError:
            raise AttributeError(name) from None

    def client_for(self, name: str) -> Client:
        """A browser signed in as `name`."""
        client = Client()
        assert client.login(username=name, password=DEFAULT_PASSWORD)
        return client


@pytest.fixture
def cast(db: Any) -> Cast:
    centre = CentreFactory(name="Test centre", two_factor_waived=True, k_anonymity=5)
    night = TeamFactory(centre=centre, name="Night")
    night_eu = TeamFactory(centre=centre, name="Night EU", parent=night)
    day = TeamFactory(centre=centre, name="Day")
    people: dict[str, Person] = {}

    def add(username: str, *roles: str, team: Team | None = None, **fields: Any) -> None:
        # The cast reads English so assertions read plainly; Chinese has its own tests.
        people[username] = make_person(username, *roles, centre=centre, team=team, ui_language="en", **fields)

    add("alice", "agent", team=night, shift_pattern="night")
    add("bob", "agent", team=night, shift_pattern="night")
    for i in range(1, 8):
        add(f"n{i}", "agent", team=night_eu if i >= 5 else night, shift_pattern="night" if i % 2 else "evening",
            name=f"Night agent {i}")  # a space: such a name cannot occur inside a token on the page
    for i in range(1, 7):
        add(f"d{i}", "agent", team=day, shift_pattern="day", name=f"Day agent {i}")
    add("carol", "team_lead", team=night)
    add("dave", "team_lead", team=day)
    add("sam", "social_worker")
    add("hana", "hr")
    add("max", "manager")
    add("tina", "trainer")
    add("ada", "admin")
    return Cast(centre, night, night_eu, day, people)


@pytest.fixture
def open_campaign(cast: Cast) -> Iterator[Any]:
    """A CBI check-up for all teams, open since yesterday for a week."""
    from hearth.assessments.services import campaign_create

    now = timezone.now()
    yield campaign_create(
        centre=cast.centre, created_by=cast.hana, title="November check-up", instruments=["cbi"],
        teams=[cast.night, cast.day], opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7),
    )


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Run background tasks at once in tests, so their effects (emails) can be asserted."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with empty caches: aggregates memoised under row ids must not outlive a test's data."""
    from django.core.cache import cache

    from hearth.core.memo import memo_clear

    cache.clear()
    memo_clear()
    yield
    cache.clear()
    memo_clear()


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Service messages in English unless a test asks otherwise (requests use each person's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def flushable_audit(transactional_db: Any) -> Iterator[None]:
    """Let a transactional test's teardown flush the append-only audit table (SQLite flushes with DELETE).

    PostgreSQL flushes with TRUNCATE, which row triggers do not see, so only SQLite needs this.
    The trigger is put back before every such test, so the guarantee holds while the test runs.
    """
    from django.db import connection

    from hearth.audit.migrations import _triggers

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in _triggers.SQLITE_IF_MISSING:
                cursor.execute(sql)
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
