"""`hearth worker`: run background work (reminders, campaign openings, the nightly radar run, buddy check-ins).

Runs the django-tasks worker for the configured backend (database by default, RQ when
REDIS_URL is set) and a small scheduler that enqueues the periodic sweep every minute.
"""

from __future__ import annotations

import argparse
import threading

from hearth.commands import django_setup
from hearth.engine.i18n import gettext as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("worker", help=_("run background work"), description=_("Run background work: reminders, check-up openings, scheduled jobs."))
    parser.add_argument("--tick-seconds", type=float, default=60.0, help=_("how often to run the periodic sweep (default 60)"))
    parser.add_argument("--once", action="store_true", help=_("run the periodic sweep and every queued task once, then exit"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    django_setup()
    from django.db import close_old_connections

    from hearth.assessments.tasks import campaigns_tick_task
    from hearth.diaries.tasks import buddy_checkin_reminder_task
    from hearth.ingest.tasks import evidence_purge_task
    from hearth.notices.tasks import webhook_retry_task
    from hearth.radar.tasks import risk_nightly_task

    periodic = (campaigns_tick_task, evidence_purge_task, risk_nightly_task, webhook_retry_task,
                buddy_checkin_reminder_task)

    if args.once:
        for periodic_task in periodic:
            periodic_task.enqueue()
        _run_worker(once=True)
        return 0

    stop = threading.Event()

    def scheduler() -> None:
        while not stop.is_set():
            try:
                for periodic_task in periodic:
                    periodic_task.enqueue()
            finally:
                close_old_connections()
            stop.wait(args.tick_seconds)

    thread = threading.Thread(target=scheduler, name="hearth-scheduler", daemon=True)
    thread.start()
    try:
        _run_worker(once=False)
    finally:
        stop.set()
    return 0


def _run_worker(*, once: bool) -> None:
    """Run the worker of the configured backend; with `once`, until the queue is empty."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.REDIS_URL:
        call_command(
            "rqworker", "default", "--with-scheduler", "--job-class", "django_tasks_rq.backend.Job",
            *(["--burst"] if once else []),
        )
    else:
        call_command("db_worker", "--queue-name", "*", "--interval", "1", *(["--batch"] if once else []))
