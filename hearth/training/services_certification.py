"""Writes for certification: tests (trainers), attempts (trainees: one test-mode simulation per scenario),
certificates (issued on a pass, with a notice), and the centre's training settings (the optional endpoint).

An attempt passes when every scenario reaches its own pass mark and the mean reaches the test's. Attempts
are limited per test and spaced by a cool-down; an unfinished attempt is resumed, never restarted.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.services import audit_record
from hearth.notices.services import notice_send
from hearth.people.models import Centre, Person, Role
from hearth.training.models import (
    Certificate,
    CertificationAttempt,
    CertificationTest,
    Level,
    Mode,
    ScenarioRecord,
    Simulation,
    TrainingSettings,
)
from hearth.training.services_scenarios import TrainingRuleError, require_trainer

NUMBER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed by hand


def certification_test_save(
    *, centre: Centre, by: Person, title: str, level: str, scenario_marks: Mapping[int, int | None],
    pass_mark: int, attempts_allowed: int = 3, cooldown_hours: int = 24, active: bool = True,
    test: CertificationTest | None = None,
) -> CertificationTest:
    """Create or update a test: its level, scenarios (record pk → own pass mark, None = the overall mark)."""
    require_trainer(by, centre.pk)
    if level not in Level.values:
        raise TrainingRuleError(_("Unknown level."))
    if not title.strip():
        raise TrainingRuleError(_("A test needs a title."))
    records = list(ScenarioRecord.objects.filter(centre=centre, pk__in=list(scenario_marks)))
    if not records or len(records) != len(scenario_marks):
        raise TrainingRuleError(_("Choose at least one scenario of the centre."))
    for mark in [pass_mark, *[m for m in scenario_marks.values() if m is not None]]:
        if not 0 <= mark <= 100:
            raise TrainingRuleError(_("Pass marks are between 0 and 100."))
    with transaction.atomic():
        if test is None:
            test = CertificationTest(centre=centre, created_by=by, created_at=timezone.now())
        elif test.centre_id != centre.pk:
            raise TrainingRuleError(_("Only a trainer of the centre can do this."))
        test.title, test.level, test.pass_mark = title.strip()[:200], level, pass_mark
        test.attempts_allowed, test.cooldown_hours, test.active = attempts_allowed, cooldown_hours, active
        test.scenario_pass_marks = {str(pk): mark for pk, mark in scenario_marks.items() if mark is not None}
        test.save()
        test.scenarios.set(records)
        audit_record(actor=by.user, action="training.certification_test_save", obj=test)
    return test


def test_scenarios(test: CertificationTest) -> list[ScenarioRecord]:
    """The test's scenarios in a fixed order (level, then id)."""
    return sorted(test.scenarios.all(), key=lambda r: (r.language, r.key))


def scenario_pass_mark(test: CertificationTest, record: ScenarioRecord) -> float:
    """The pass mark of one scenario in the test (its own, else the test's)."""
    return float(test.scenario_pass_marks.get(str(record.pk), test.pass_mark))


def attempt_blocker(*, test: CertificationTest, person: Person, now: datetime | None = None) -> str:
    """Why the person cannot start a new attempt now ("" when they can)."""
    now = now or timezone.now()
    attempts = list(test.attempts.filter(person=person))
    if not test.active:
        return _("This test is closed.")
    if len(attempts) >= test.attempts_allowed:
        return _("You have used all %(n)s attempts at this test.") % {"n": test.attempts_allowed}
    finished = [a.finished_at for a in attempts if a.finished_at]
    if finished and max(finished) + timedelta(hours=test.cooldown_hours) > now:
        until = timezone.localtime(max(finished) + timedelta(hours=test.cooldown_hours))
        return _("You can try again from %(when)s.") % {"when": until.strftime("%Y-%m-%d %H:%M")}
    return ""


def attempt_start(*, test: CertificationTest, person: Person, now: datetime | None = None) -> Simulation:
    """Start (or resume) an attempt: the simulation to take next, in test mode."""
    if test.centre_id != person.centre_id:
        raise TrainingRuleError(_("This test is not open to you."))
    open_attempt = test.attempts.filter(person=person, finished_at=None).first()
    if open_attempt is not None:
        waiting = open_attempt.simulations.filter(finished_at=None).first()
        if waiting is not None:
            return waiting
        return _next_simulation(open_attempt, now)
    blocker = attempt_blocker(test=test, person=person, now=now)
    if blocker:
        raise TrainingRuleError(blocker)
    with transaction.atomic():
        attempt = CertificationAttempt.objects.create(test=test, person=person, started_at=now or timezone.now())
        audit_record(actor=person.user, action="training.attempt_start", obj=attempt)
        return _next_simulation(attempt, now)


def _next_simulation(attempt: CertificationAttempt, now: datetime | None) -> Simulation:
    from hearth.training.services import simulation_start

    done = set(attempt.simulations.values_list("scenario_id", flat=True))
    for record in test_scenarios(attempt.test):
        if record.pk not in done:
            return simulation_start(person=attempt.person, record=record, mode=Mode.TEST, attempt=attempt, now=now)
    raise TrainingRuleError(_("This attempt is complete."))


def attempt_advance(*, attempt: CertificationAttempt, now: datetime | None = None) -> Certificate | None:
    """After a simulation of the attempt finished: serve the next scenario, or, when all are done, mark the
    attempt and issue a certificate on a pass."""
    test = attempt.test
    sims = {s.scenario_id: s for s in attempt.simulations.exclude(finished_at=None)}
    records = test_scenarios(test)
    if any(r.pk not in sims for r in records):
        if not attempt.simulations.filter(finished_at=None).exists():
            _next_simulation(attempt, now)
        return None
    now = now or timezone.now()
    totals = [float(sims[r.pk].total or 0.0) for r in records]
    each = all(float(sims[r.pk].total or 0.0) >= scenario_pass_mark(test, r) for r in records)
    attempt.total = round(sum(totals) / len(totals), 1)
    attempt.passed = each and attempt.total >= test.pass_mark
    attempt.finished_at = now
    with transaction.atomic():
        attempt.save(update_fields=["total", "passed", "finished_at"])
        audit_record(actor=attempt.person.user, action="training.attempt_finish", obj=attempt,
                     reason="passed" if attempt.passed else "not passed")
        if attempt.passed:
            return certificate_issue(attempt=attempt, now=now)
    return None


def certificate_issue(*, attempt: CertificationAttempt, now: datetime | None = None) -> Certificate:
    """Issue the certificate of a passed attempt (once) and tell the person."""
    existing = Certificate.objects.filter(attempt=attempt).first()
    if existing is not None:
        return existing
    if not attempt.passed:
        raise TrainingRuleError(_("Only a passed attempt earns a certificate."))
    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        certificate = Certificate.objects.create(
            person=attempt.person, test=attempt.test, attempt=attempt, level=attempt.test.level, issued_on=today,
            number=certificate_number(today.year), total=attempt.total,
        )
        audit_record(actor=attempt.person.user, action="training.certificate_issue", obj=certificate,
                     reason=certificate.number)
        notice_send(person=attempt.person, kind="certificate_issued",
                    params={"title": attempt.test.title, "number": certificate.number},
                    url=reverse("training:certificate", args=[certificate.pk]),
                    dedupe_key=f"certificate:{certificate.pk}")
    return certificate


def certificate_number(year: int) -> str:
    """A new certificate number: HT-<year>-<8 characters>, unique, hard to guess, easy to read aloud."""
    while True:
        code = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
        number = f"HT-{year}-{code[:4]}-{code[4:]}"
        if not Certificate.objects.filter(number=number).exists():
            return number


def training_settings_for(centre: Centre) -> TrainingSettings:
    """The centre's training settings (created, off, on first read)."""
    settings, _created = TrainingSettings.objects.get_or_create(centre=centre)
    return settings


def training_settings_update(*, centre: Centre, by: Person, values: Mapping[str, Any]) -> TrainingSettings:
    """Change the endpoint settings (admins only); an empty API key keeps the stored one."""
    if not by.has_role(Role.ADMIN) or by.centre_id != centre.pk:
        raise TrainingRuleError(_("Only an administrator of the centre can do this."))
    with transaction.atomic():
        settings = training_settings_for(centre)
        for field in ("endpoint_enabled", "base_url", "model_name", "timeout_seconds"):
            if field in values:
                setattr(settings, field, values[field])
        if values.get("clear_key"):
            settings.api_key = ""
        elif values.get("api_key"):
            settings.api_key = str(values["api_key"])
        settings.updated_by, settings.updated_at = by, timezone.now()
        settings.save()
        audit_record(actor=by.user, action="training.settings_update", obj=settings,
                     reason="model on" if settings.endpoint_enabled else "model off")
    return settings
