"""`hearth demo`: set up the demo centre in its own database, start the worker, serve Hearth."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from hearth.commands import CommandError, django_setup
from hearth.engine.i18n import gettext as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "demo", help=_("load the demo centre and serve it"),
        description=_("Create the demo centre in its own database (var/demo.sqlite3), start the background worker and serve Hearth."),
    )
    parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    parser.add_argument("--reset", action="store_true", help=_("delete the demo database and build it again"))
    parser.add_argument("--no-serve", action="store_true", help=_("only build the demo centre; do not start the worker or the server"))
    parser.add_argument("--seed", type=int, default=7, help=_("random seed for the demo data (default 7)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if os.environ.get("DATABASE_URL") and not os.environ.get("HEARTH_DEMO_DATABASE_URL"):
        # The demo never writes into a real centre's database.
        os.environ.pop("DATABASE_URL")
    if os.environ.get("HEARTH_DEMO_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["HEARTH_DEMO_DATABASE_URL"]
    os.environ["HEARTH_DEMO"] = "1"
    if args.reset:
        from hearth.config.settings import VAR_DIR  # plain module, no Django setup needed

        (VAR_DIR / "demo.sqlite3").unlink(missing_ok=True)
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from hearth.demo.builder import DemoError, demo_load

    try:
        summary = demo_load(seed=args.seed)
    except DemoError as exc:
        raise CommandError(str(exc)) from exc
    print(summary.describe(), flush=True)
    from hearth.demo.helpdesk import demo_helpdesk_load
    from hearth.people.models import Centre

    helpdesk = demo_helpdesk_load(centre=Centre.objects.get(pk=summary.centre_id), seed=args.seed)
    if helpdesk is not None:
        print(_("Helpdesk history: %(n)s messages loaded through `hearth ingest` (%(path)s); %(days)s agent-days computed.")
              % {"n": helpdesk.messages, "path": helpdesk.export_path, "days": helpdesk.agent_days}, flush=True)
        from hearth.demo.radar import demo_radar_history

        runs = demo_radar_history(centre=Centre.objects.get(pk=summary.centre_id))
        latest = runs[-1]
        print(_("Radar: %(nights)s nightly runs replayed; on the last, %(high)s agents at high or severe risk, %(alerts)s alerts in all.")
              % {"nights": len(runs), "high": latest.counts.get("levels", {}).get("2", 0) + latest.counts.get("levels", {}).get("3", 0),
                 "alerts": sum(r.counts.get("alerts", 0) for r in runs)}, flush=True)
    if args.no_serve:
        return 0
    worker = subprocess.Popen([sys.executable, "-m", "hearth.cli", "worker"], env=os.environ.copy())  # noqa: S603
    try:
        from hearth.commands.serve import serve

        serve(args.host, args.port)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0
