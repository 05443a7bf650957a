"""The only ways a view gets a training object by id. Missing and forbidden both answer 404.

Scenarios and tests are edited by the centre's trainers (and admins). A simulation is its trainee's own. A
certificate is seen by its holder and the centre's trainers. A portfolio: the person and the centre's trainers
(team leads do not see portfolios).
"""

from __future__ import annotations

from django.http import Http404

from hearth.people.models import Person, Role
from hearth.training.models import (
    Certificate,
    CertificationTest,
    ScenarioRecord,
    ScenarioStatus,
    Simulation,
)

EDITOR_ROLES = (Role.TRAINER, Role.ADMIN)


def access_scenario(reader: Person, pk: int, *, write: bool = False) -> ScenarioRecord:
    """A scenario of the reader's centre: any for trainers and admins, published ones for everyone else."""
    record = ScenarioRecord.objects.filter(pk=pk, centre_id=reader.centre_id).first()
    if record is None:
        raise Http404
    if reader.has_role(*EDITOR_ROLES):
        return record
    if write or record.status != ScenarioStatus.PUBLISHED:
        raise Http404
    return record


def access_simulation(reader: Person, pk: int) -> Simulation:
    """The reader's own simulation."""
    simulation = (Simulation.objects.select_related("scenario", "attempt__test", "person")
                  .filter(pk=pk, person=reader).first())
    if simulation is None:
        raise Http404
    return simulation


def access_certification_test(reader: Person, pk: int, *, write: bool = False) -> CertificationTest:
    """A test of the reader's centre (active ones for trainees; any, and editing, for trainers and admins)."""
    test = CertificationTest.objects.filter(pk=pk, centre_id=reader.centre_id).first()
    if test is None or (not reader.has_role(*EDITOR_ROLES) and (write or not test.active)):
        raise Http404
    return test


def access_certificate(reader: Person, pk: int) -> Certificate:
    """A certificate the reader holds, or one of the centre's when the reader is a trainer."""
    certificate = Certificate.objects.select_related("person", "test").filter(pk=pk).first()
    if certificate is None:
        raise Http404
    if certificate.person_id == reader.pk:
        return certificate
    if reader.has_role(Role.TRAINER) and certificate.person.centre_id == reader.centre_id:
        return certificate
    raise Http404


def access_trainee(reader: Person, pk: int) -> Person:
    """A person of the reader's centre whose portfolio a trainer may read."""
    if not reader.has_role(Role.TRAINER):
        raise Http404
    person = Person.objects.filter(pk=pk, centre_id=reader.centre_id).first()
    if person is None:
        raise Http404
    return person
