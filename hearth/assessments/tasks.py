"""Background work for check-ups, run by `hearth worker`."""

from __future__ import annotations

from django_tasks import task

from hearth.assessments.services import campaigns_tick


@task()
def campaigns_tick_task() -> dict[str, int]:
    """Open due check-ups, schedule next waves of recurring ones, send reminders."""
    return campaigns_tick()
