"""`hearth import-people FILE`: load the people list (CSV or Excel) into a centre, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hearth.commands import CommandError, django_setup
from hearth.engine.i18n import gettext as _


def register(sub: Any) -> None:
    """Add the import-people subcommand."""
    parser = sub.add_parser(
        "import-people",
        help=_("Import the people list (CSV or Excel) into a centre."),
        description=_("Import the people list (CSV or Excel) into a centre."),
    )
    parser.add_argument("file", metavar="FILE", help=_("The people file (.csv or .xlsx)."))
    parser.add_argument(
        "--dry-run", action="store_true",
        help=_("Check the file and show what would change, without writing anything."),
    )
    parser.add_argument(
        "--centre", metavar="NAME",
        help=_("Import into the centre with this name (default: the only centre)."),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, validate and import; print every error and exit 1 with nothing written."""
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("File not found: {path}").format(path=path))
    django_setup()
    from django.db import DatabaseError

    from hearth.engine.people_records import format_error, read_people_file
    from hearth.people.selectors import centre_by_name
    from hearth.people.services import (
        PeopleImportError,
        centre_get_or_create_default,
        people_import,
    )

    people_file = read_people_file(path)
    try:
        if people_file.errors:  # the file alone is wrong: say so before touching the database
            raise PeopleImportError(people_file.errors)
        if args.centre:
            centre = centre_by_name(name=args.centre)
            if centre is None:
                raise CommandError(_("No centre is named “{name}”.").format(name=args.centre))
        else:
            centre = centre_get_or_create_default()
        result = people_import(centre=centre, people_file=people_file, dry_run=args.dry_run)
    except PeopleImportError as exc:
        for error in exc.errors:
            print(format_error(error))
        print(_("{count} error(s); nothing was imported.").format(count=len(exc.errors)))
        return 1
    except DatabaseError as exc:
        raise CommandError(
            _("The database is not ready ({error}); run `hearth manage migrate` first.").format(error=exc)
        ) from exc
    print(
        _("created {created}, updated {updated}, unchanged {unchanged}").format(
            created=result.created, updated=result.updated, unchanged=result.unchanged
        )
    )
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    return 0
