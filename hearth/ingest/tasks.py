"""Background work for helpdesk data, run by `hearth worker`."""

from __future__ import annotations

from django_tasks import task

from hearth.ingest.services import evidence_purge


@task()
def evidence_purge_task() -> int:
    """Delete hostile-message snippets past their centre's retention period."""
    return evidence_purge()
