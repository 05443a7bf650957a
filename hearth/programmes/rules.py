"""Who may run which programme, shared by the programme services, access and views.

Counselling groups (every template but the stress-coping one, and custom groups) say something about their
members and are run by the centre's social workers only. Stress-coping programmes are training: a trainer
runs them as well as a social worker.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hearth.people.models import Person, Role
from hearth.programmes.models import Programme, ProgrammeKind

RUNNER_ROLES = (Role.SOCIAL_WORKER, Role.TRAINER)  # who may open the programme pages at all


class ProgrammeRuleError(ValueError):
    """A programme action the rules do not allow; the message is shown to the user as is."""


def may_run(person: Person, kind: str) -> bool:
    """Whether the person may start or facilitate a programme of this kind (social workers any, trainers coping)."""
    if person.has_role(Role.SOCIAL_WORKER):
        return True
    return kind == ProgrammeKind.COPING and person.has_role(Role.TRAINER)


def require_facilitator(programme: Programme, by: Person) -> None:
    """Refuse unless `by` facilitates the programme and still holds a role that may run its kind."""
    if not programme.facilitators.filter(pk=by.pk).exists() or not may_run(by, programme.kind):
        raise ProgrammeRuleError(_("Only the group's facilitators can do this."))
