"""`hearth serve`: serve Hearth over HTTP with waitress (static files by WhiteNoise)."""

from __future__ import annotations

import argparse

from hearth.commands import CommandError, django_setup
from hearth.engine.i18n import gettext as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("serve", help=_("serve Hearth over HTTP"), description=_("Serve Hearth over HTTP."))
    parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    parser.add_argument("--threads", type=int, default=8, help=_("worker threads (default 8)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    django_setup()
    ensure_migrated()
    serve(args.host, args.port, args.threads)
    return 0


def ensure_migrated() -> None:
    """Refuse to serve a database whose schema is behind the code."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(_("The database needs migrating first: run `hearth manage migrate`."))


def serve(host: str, port: int, threads: int = 8) -> None:
    """Serve the WSGI application until interrupted."""
    from waitress import serve as waitress_serve

    from hearth.config.wsgi import application

    print(_("Hearth is running at http://%(host)s:%(port)s/ (Ctrl+C to stop)") % {"host": host, "port": port}, flush=True)
    waitress_serve(application, host=host, port=port, threads=threads, ident="hearth")
