"""`hearth keys new | rotate | check`: the keys that encrypt case notes at rest (HEARTH_FIELD_KEYS)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hearth.commands import CommandError, django_setup
from hearth.engine.i18n import gettext as _


def register(sub: Any) -> None:
    """Add `hearth keys` and its three actions."""
    parser = sub.add_parser(
        "keys",
        help=_("keys that encrypt data at rest: new, rotate, check"),
        description=_(
            "Manage the keys in HEARTH_FIELD_KEYS (comma-separated, newest first) that encrypt "
            "case notes in the database."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help=_("print a new key (put it first in HEARTH_FIELD_KEYS)"))
    new.set_defaults(func=keys_new)
    rotate = actions.add_parser(
        "rotate", help=_("re-encrypt with the newest key every value written with an older one")
    )
    rotate.add_argument(
        "--batch", type=_positive, default=500, metavar="N",
        help=_("values per transaction (default 500)"),
    )
    rotate.set_defaults(func=keys_rotate)
    check = actions.add_parser(
        "check", help=_("count the values under each key; exit 1 if any cannot be decrypted")
    )
    check.set_defaults(func=keys_check)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        message = _("{value} is not a whole number of at least 1").format(value=text)
        raise argparse.ArgumentTypeError(message)
    return value


def _setup() -> None:
    from django.core.exceptions import ImproperlyConfigured

    try:
        django_setup()
    except ImproperlyConfigured as exc:  # e.g. no HEARTH_FIELD_KEYS on a server: no traceback
        raise CommandError(str(exc)) from exc


def keys_new(args: argparse.Namespace) -> int:
    """Print a new random key; needs no database and no configured key."""
    from hearth.core.crypto import generate_key

    print(generate_key())
    print(
        _("Put it first in HEARTH_FIELD_KEYS, restart Hearth, then run `hearth keys rotate`."),
        file=sys.stderr,
    )
    return 0


def keys_rotate(args: argparse.Namespace) -> int:
    """Re-encrypt every older-key value of every encrypted field; exit 1 if some cannot be read."""
    _setup()
    from hearth.core.fields import encrypted_fields, encrypted_values_rotate

    fields = encrypted_fields()
    if not fields:
        print(_("No encrypted fields."))
        return 0
    rotated = unreadable = 0
    for field in fields:
        result = encrypted_values_rotate(field=field, batch_size=args.batch)
        rotated += result.rotated
        unreadable += result.unreadable
        print(
            _("{field}: {rotated} re-encrypted with the newest key").format(
                field=result.label, rotated=result.rotated
            )
        )
    print(_("Re-encrypted {count} value(s).").format(count=rotated))
    if unreadable:
        print(_unreadable_message(unreadable), file=sys.stderr)
        return 1
    return 0


def keys_check(args: argparse.Namespace) -> int:
    """Count values per key and undecryptable ones; exit 1 if any cannot be decrypted."""
    _setup()
    from django.conf import settings

    from hearth.core.fields import encrypted_fields, encrypted_values_check

    print(_("HEARTH_FIELD_KEYS: {count} key(s).").format(count=len(settings.HEARTH_FIELD_KEYS)))
    fields = encrypted_fields()
    if not fields:
        print(_("No encrypted fields."))
        return 0
    older = unreadable = 0
    for field in fields:
        usage = encrypted_values_check(field=field)
        parts = [
            (_("key {n} (newest)") if index == 0 else _("key {n}")).format(n=index + 1) + f": {count}"
            for index, count in usage.by_key.items()
        ]
        parts.append(_("cannot be decrypted") + f": {usage.unreadable}")
        print(
            _("{field}: {count} value(s); {counts}").format(
                field=usage.label, count=usage.values, counts=", ".join(parts)
            )
        )
        older += sum(n for index, n in usage.by_key.items() if index > 0)
        unreadable += usage.unreadable
    if older:
        print(
            _("{count} value(s) are under an older key: run `hearth keys rotate` before removing it.")
            .format(count=older)
        )
    if unreadable:
        print(_unreadable_message(unreadable), file=sys.stderr)
        return 1
    return 0


def _unreadable_message(count: int) -> str:
    return _(
        "{count} value(s) cannot be decrypted with any key in HEARTH_FIELD_KEYS: add back the key "
        "they were written with (from your secret store's backup)."
    ).format(count=count)
