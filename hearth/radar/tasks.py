"""Background work for the radar, run by `hearth worker`."""

from __future__ import annotations

from django_tasks import task

from hearth.radar.models import RiskRun, RunStatus
from hearth.radar.services import risk_nightly_due, risk_run


@task()
def risk_run_task(run_id: int) -> str:
    """Run one queued radar run (nightly or "run now"); returns its final status."""
    run = RiskRun.objects.select_related("centre").filter(pk=run_id).first()
    if run is None or run.status not in (RunStatus.QUEUED, RunStatus.FAILED):
        return "skipped"
    return str(risk_run(run=run).status)


@task()
def risk_nightly_task() -> int:
    """Queue tonight's radar run for each centre whose run hour has come; returns how many."""
    return len(risk_nightly_due())
