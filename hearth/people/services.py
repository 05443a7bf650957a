"""Writes for people: importing the people list, leave and departures, the default centre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.audit.services import audit_record
from hearth.engine.people_records import PeopleFile, PersonRecord, RowError
from hearth.people.models import (
    Centre,
    HelpdeskAccount,
    Person,
    PersonStatus,
    Role,
    RoleAssignment,
    Team,
)

DEFAULT_CENTRE_NAME = "Hearth centre"

# Person fields a people file may set: file column → model field.
_PERSON_FIELDS = (
    "name", "email", "hire_date", "languages", "time_zone", "shift_pattern",
    "status", "leave_date", "leave_reason", "ui_language",
)
# Blank cells in these columns mean "not given": keep the stored value (or the model default).
_KEEP_WHEN_BLANK = frozenset({"time_zone", "shift_pattern", "status"})


class PeopleImportError(Exception):
    """A people file that cannot be imported; `errors` says where and why. Nothing was written."""

    def __init__(self, errors: list[RowError] | tuple[RowError, ...]) -> None:
        super().__init__(f"{len(errors)} error(s) in the people file")
        self.errors = tuple(errors)


@dataclass(frozen=True)
class PersonChange:
    """What an import did (or would do) to one person."""

    row: int
    employee_id: str
    name: str
    action: str  # "created", "updated" or "unchanged"


@dataclass(frozen=True)
class ImportResult:
    """How many people an import created, updated and left unchanged, and each person's change."""

    created: int
    updated: int
    unchanged: int
    changes: tuple[PersonChange, ...] = ()


class _DryRunRollback(Exception):
    pass


def centre_get_or_create_default() -> Centre:
    """The centre to work in when none is named: the first real centre, created if there is none."""
    centre = Centre.objects.filter(is_demo=False).order_by("pk").first() or Centre.objects.order_by("pk").first()
    if centre is None:
        centre = Centre.objects.create(name=DEFAULT_CENTRE_NAME, language="zh-hans")
    return centre


def people_import(
    *,
    centre: Centre,
    people_file: PeopleFile,
    actor_user: Any = None,
    dry_run: bool = False,
) -> ImportResult:
    """Upsert teams, people, roles, logins and helpdesk accounts from a people file, all or nothing.

    Raises PeopleImportError (and writes nothing) when the file or the database disagree with it.
    With dry_run the whole import runs and is rolled back, so the counts are exactly what it would do.
    """
    if people_file.errors:
        raise PeopleImportError(people_file.errors)
    result: ImportResult | None = None
    try:
        with transaction.atomic():
            result = _import(centre=centre, people_file=people_file, actor_user=actor_user)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    assert result is not None
    return result


def _import(*, centre: Centre, people_file: PeopleFile, actor_user: Any) -> ImportResult:
    columns = people_file.columns
    teams = _teams_upsert(centre=centre, people_file=people_file)
    existing = {
        p.employee_id: p
        for p in Person.objects.filter(
            centre=centre, employee_id__in=[r.employee_id for r in people_file.records]
        ).select_related("user")
    }
    errors: list[RowError] = []
    changes: list[PersonChange] = []
    User = get_user_model()
    for record in people_file.records:
        person = existing.get(record.employee_id)
        created = person is None
        if person is None:
            person = Person(centre=centre, employee_id=record.employee_id)
        changed = _person_apply(person=person, record=record, columns=columns, teams=teams)
        if created:
            if User.objects.filter(username=record.employee_id).exists():
                errors.append(
                    RowError(
                        people_file.filename, record.row, people_file.header_for("employee_id"),
                        _("A login named “%(username)s” already exists for someone else.")
                        % {"username": record.employee_id},
                    )
                )
                continue
            user = User(username=record.employee_id, email=record.email)
            user.set_unusable_password()
            user.save()
            person.user = user
            person.save()
        elif changed:
            person.save()
        if not created and person.user is not None and "email" in columns and person.user.email != person.email:
            person.user.email = person.email
            person.user.save(update_fields=["email"])
        related_changed = _roles_apply(person=person, record=record, columns=columns, created=created)
        related_changed |= person_admin_access_sync(person=person)
        related_changed |= _helpdesk_apply(
            person=person, record=record, columns=columns, people_file=people_file, errors=errors
        )
        if related_changed and not created and not changed:
            person.save(update_fields=["updated_at"])
            changed = True
        action = "created" if created else "updated" if changed else "unchanged"
        changes.append(PersonChange(record.row, record.employee_id, record.name, action))
    if errors:
        raise PeopleImportError(errors)
    result = ImportResult(
        created=sum(c.action == "created" for c in changes),
        updated=sum(c.action == "updated" for c in changes),
        unchanged=sum(c.action == "unchanged" for c in changes),
        changes=tuple(changes),
    )
    audit_record(
        actor=actor_user,
        action="people.import",
        reason=f"{people_file.filename}: created {result.created}, updated {result.updated}, "
        f"unchanged {result.unchanged}",
        obj=centre,
    )
    return result


def _teams_upsert(*, centre: Centre, people_file: PeopleFile) -> dict[str, Team]:
    teams = {t.name: t for t in Team.objects.filter(centre=centre)}

    def get(name: str) -> Team:
        if name not in teams:
            teams[name] = Team.objects.create(centre=centre, name=name)
        return teams[name]

    for record in people_file.records:
        if record.team:
            team = get(record.team)
            if "parent_team" in people_file.columns and record.parent_team:
                parent = get(record.parent_team)
                if team.parent_id != parent.pk:
                    team.parent = parent
                    team.save(update_fields=["parent"])
    return teams


def _person_apply(
    *, person: Person, record: PersonRecord, columns: frozenset[str], teams: dict[str, Team]
) -> bool:
    """Copy the file's columns onto the person; True when anything differs."""
    changed = False
    for field_name in _PERSON_FIELDS:
        if field_name not in columns and field_name != "name":
            continue
        value: Any = getattr(record, field_name)
        if field_name in _KEEP_WHEN_BLANK and not value:
            continue
        if field_name == "languages":
            value = list(value)
        if value is None and field_name not in {"hire_date", "leave_date"}:
            value = ""
        if getattr(person, field_name) != value:
            setattr(person, field_name, value)
            changed = True
    if "team" in columns:
        team = teams[record.team] if record.team else None
        if person.team_id != (team.pk if team else None):
            person.team = team
            changed = True
    return changed


def _roles_apply(*, person: Person, record: PersonRecord, columns: frozenset[str], created: bool) -> bool:
    changed = False
    if "roles" in columns or created:
        wanted = set(record.roles if "roles" in columns else (Role.AGENT,))
        current = set(person.roles.values_list("role", flat=True))
        if wanted != current:
            person.roles.exclude(role__in=wanted).delete()
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(person=person, role=r) for r in sorted(wanted - current)]
            )
            person._role_cache = frozenset(wanted)
            changed = True
        if Role.TEAM_LEAD not in wanted:
            for team in person.led_teams.all():
                team.leads.remove(person)
                changed = True
    if person.team_id is not None and person.has_role(Role.TEAM_LEAD):
        team = person.team
        assert team is not None
        if not team.leads.filter(pk=person.pk).exists():
            team.leads.add(person)
            changed = True
    return changed


def person_admin_access_sync(*, person: Person) -> bool:
    """Give holders of the admin role the Django admin (and take it away from others); True if changed.

    The Django admin registers no survey answers, scores or support requests, so admin access
    never reaches sensitive data; its audit log is read-only there too.
    """
    user = person.user
    if user is None:
        return False
    admin = person.has_role(Role.ADMIN)
    if user.is_staff == admin and user.is_superuser == admin:
        return False
    user.is_staff = user.is_superuser = admin
    user.save(update_fields=["is_staff", "is_superuser"])
    return True


def _helpdesk_apply(
    *,
    person: Person,
    record: PersonRecord,
    columns: frozenset[str],
    people_file: PeopleFile,
    errors: list[RowError],
) -> bool:
    if "helpdesk_accounts" not in columns:
        return False
    changed = False
    for source, external_id in record.helpdesk_accounts:
        account = (
            HelpdeskAccount.objects.filter(centre=person.centre, source=source, external_id=external_id)
            .select_related("person")
            .first()
        )
        if account is None:
            HelpdeskAccount.objects.create(
                centre=person.centre, person=person, source=source, external_id=external_id
            )
            changed = True
        elif account.person_id != person.pk:
            errors.append(
                RowError(
                    people_file.filename, record.row, people_file.header_for("helpdesk_accounts"),
                    _("Helpdesk account %(account)s already belongs to %(other)s.")
                    % {"account": f"{source}:{external_id}", "other": str(account.person)},
                )
            )
    return changed


def person_set_status(
    *,
    person: Person,
    status: str,
    leave_date: dt.date | None = None,
    reason: str = "",
    actor_user: Any = None,
) -> Person:
    """Mark someone active, on leave or left (with the date and reason); left needs a leave date."""
    if status not in PersonStatus.values:
        raise ValidationError(_("Unknown status."))
    if status == PersonStatus.LEFT and leave_date is None:
        raise ValidationError(_("A leave date is required for someone who has left."))
    if status == PersonStatus.LEFT and person.hire_date and leave_date and leave_date < person.hire_date:
        raise ValidationError(_("The leave date is before the hire date."))
    with transaction.atomic():
        person.status = status
        if status == PersonStatus.ACTIVE:
            person.leave_date, person.leave_reason = None, ""
        else:
            person.leave_date, person.leave_reason = leave_date, reason
        person.save(update_fields=["status", "leave_date", "leave_reason", "updated_at"])
        audit_record(actor=actor_user, action="person.status", subject=person, reason=f"{status}: {reason}", obj=person)
    return person


def person_language_set(*, person: Person, language: str) -> None:
    """The person's chosen display language for pages and emails."""
    from django.conf import settings as django_settings

    if language not in dict(django_settings.LANGUAGES):
        raise ValueError(f"unsupported language {language!r}")
    if person.ui_language != language:
        person.ui_language = language
        person.save(update_fields=["ui_language", "updated_at"])
