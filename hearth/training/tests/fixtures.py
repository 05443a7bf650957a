"""Objects for training tests and the access matrix: the library seeded, a run, a test, a certificate."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hearth.training.models import (
    CertificationAttempt,
    CertificationTest,
    ScenarioRecord,
    Simulation,
)
from hearth.training.services import simulation_start
from hearth.training.services_certification import certificate_issue, certification_test_save
from hearth.training.services_scenarios import scenario_library_seed


def seeded(cast: Any) -> list[ScenarioRecord]:
    """The cast's centre with the shipped library (published)."""
    scenario_library_seed(centre=cast.centre)
    return list(ScenarioRecord.objects.filter(centre=cast.centre).order_by("key"))


def english(cast: Any) -> ScenarioRecord:
    """A shipped English scenario of the cast's centre (the cast reads English)."""
    seeded(cast)
    return ScenarioRecord.objects.filter(centre=cast.centre, language="en").order_by("key").first() or \
        ScenarioRecord.objects.filter(centre=cast.centre).order_by("key").first()  # type: ignore[return-value]


def junior_test(cast: Any, records: list[ScenarioRecord] | None = None, **extra: Any) -> CertificationTest:
    """A junior test of one English scenario, pass mark 10 (any sensible reply passes)."""
    records = records or [english(cast)]
    return certification_test_save(centre=cast.centre, by=cast.tina, title="Junior chat skills", level="junior",
                                   scenario_marks={r.pk: None for r in records}, pass_mark=extra.pop("pass_mark", 10),
                                   **extra)


def passed_certificate(cast: Any, person: Any) -> Any:
    """A certificate for `person` of a passed attempt at the junior test (no chat run: written directly)."""
    test = junior_test(cast)
    attempt = CertificationAttempt.objects.create(test=test, person=person, started_at=timezone.now(),
                                                  finished_at=timezone.now(), total=80.0, passed=True)
    return certificate_issue(attempt=attempt)


def matrix_objects(cast: Any) -> dict[str, list[Any]]:
    """URL args for every training URL that takes one (alice's run and certificate; the junior test)."""
    record = english(cast)
    simulation: Simulation = simulation_start(person=cast.alice, record=record)
    certificate = passed_certificate(cast, cast.alice)
    test = certificate.test
    return {
        **{f"training:{name}": [simulation.pk] for name in ("simulation", "reply", "hint", "retry")},
        **{f"training:{name}": [record.pk] for name in (
            "practise", "scenario_edit", "scenario_publish", "scenario_copy", "scenario_export")},
        "training:certification": [test.pk], "training:certification_start": [test.pk], "training:test_edit": [test.pk],
        "training:certificate": [certificate.pk], "training:person_portfolio": [cast.alice.pk],
    }
