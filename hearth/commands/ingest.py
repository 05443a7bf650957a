"""`hearth ingest FORMAT PATH…`: load helpdesk exports; `hearth map-account`: map a helpdesk account to a person."""

from __future__ import annotations

import argparse
from pathlib import Path

from hearth.commands import CommandError, django_setup
from hearth.engine.i18n import gettext as _

FORMATS = ("generic", "zendesk", "freshdesk", "chatwoot", "zammad", "mapping")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "ingest", help=_("load helpdesk exports into Hearth"),
        description=_("Load helpdesk conversations. Safe to repeat: the same export twice changes nothing, and an interrupted run can simply be run again."),
    )
    parser.add_argument("format", choices=FORMATS, help=_("the export's format"))
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_("export files"))
    parser.add_argument("--mapping", metavar="NAME", help=_("a saved column mapping (format 'mapping'), or a JSON file with one"))
    parser.add_argument("--strict", action="store_true", help=_("stop at the first bad record instead of quarantining it"))
    parser.add_argument("--quarantine", metavar="FILE", help=_("where bad records go (default: var/quarantine/ingest-<run>.jsonl)"))
    parser.add_argument("--encoding", help=_("text encoding of CSV files (detected when omitted: UTF-8 or GB18030)"))
    parser.add_argument("--tz", metavar="ZONE", help=_("time zone of timestamps that carry none (e.g. Asia/Shanghai)"))
    parser.add_argument("--centre", metavar="NAME", help=_("the centre to load into (default: the only one)"))
    parser.add_argument("--no-features", action="store_true", help=_("do not recompute agents' daily load afterwards"))
    parser.set_defaults(func=run)

    mappings = sub.add_parser(
        "mapping", help=_("save or list column mappings for other tools' CSV/XLSX exports"),
        description=_("Save a column mapping (JSON) under a name, for `hearth ingest mapping FILE --mapping NAME`."),
    )
    mapping_sub = mappings.add_subparsers(dest="action", metavar="ACTION", required=True)
    save = mapping_sub.add_parser("save", help=_("check a mapping file and save it under a name"))
    save.add_argument("name")
    save.add_argument("file", help=_("the mapping as JSON"))
    save.add_argument("--centre", metavar="NAME")
    save.set_defaults(func=run_mapping_save)
    listing = mapping_sub.add_parser("list", help=_("list saved mappings"))
    listing.add_argument("--centre", metavar="NAME")
    listing.set_defaults(func=run_mapping_list)

    mapper = sub.add_parser(
        "map-account", help=_("map a helpdesk account to a person"),
        description=_("Map a helpdesk account seen in exports to a person, and attach their past messages."),
    )
    mapper.add_argument("source", help=_("the helpdesk (zendesk, chatwoot, generic, …)"))
    mapper.add_argument("account", help=_("the account id in that helpdesk"))
    mapper.add_argument("employee_id", help=_("the person's employee id"))
    mapper.add_argument("--centre", metavar="NAME")
    mapper.set_defaults(func=run_map)


def _centre(name: str | None):  # type: ignore[no-untyped-def]
    from hearth.people.models import Centre
    from hearth.people.services import centre_get_or_create_default

    if name:
        centre = Centre.objects.filter(name=name).first()
        if centre is None:
            raise CommandError(_("No centre is named “{name}”.").format(name=name))
        return centre
    return centre_get_or_create_default()


def _mapping(value: str | None, centre: object):  # type: ignore[no-untyped-def]
    import json

    from hearth.engine.readers.mapping import ColumnMapping
    from hearth.ingest.models import ColumnMappingPreset

    if not value:
        return None
    path = Path(value)
    if path.exists():
        try:
            return ColumnMapping.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(_("{path}: not a valid column mapping: {error}").format(path=path, error=exc)) from exc
    preset = ColumnMappingPreset.objects.filter(centre=centre, name=value).first()
    if preset is None:
        raise CommandError(_("No saved column mapping is named “{name}”.").format(name=value))
    return ColumnMapping.from_dict(preset.definition)


def run(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings

    from hearth.commands.progress import Progress
    from hearth.engine.readers import ReaderError, read
    from hearth.ingest import services
    from hearth.ingest.features import agent_days_recompute

    for path in args.paths:
        if not Path(path).exists():
            raise CommandError(_("{path}: no such file").format(path=path))
    if args.format == "mapping" and not args.mapping:
        raise CommandError(_("Format 'mapping' needs --mapping NAME (a saved mapping) or --mapping FILE.json."))
    centre = _centre(args.centre)
    mapping = _mapping(args.mapping, centre)
    run_record = services.ingest_run_start(centre=centre, format=args.format, paths=[str(p) for p in args.paths], strict=args.strict)
    quarantine = Path(args.quarantine) if args.quarantine else Path(settings.VAR_DIR) / "quarantine" / f"ingest-{run_record.pk}.jsonl"
    quarantine.parent.mkdir(parents=True, exist_ok=True)
    stream = read(args.format, args.paths, strict=args.strict, quarantine=None if args.strict else quarantine,
                  encoding=args.encoding, mapping=mapping, default_tz=args.tz)
    progress = Progress(_("ingest"))

    def report(counts: services.IngestCounts) -> None:
        total = getattr(stream, "total_bytes", 0) or 0
        done = getattr(stream, "bytes_read", 0) or 0
        progress.update(counts.records, done / total if total else None,
                        _("new %(n)s, already there %(s)s") % {"n": counts.messages_new, "s": counts.messages_seen})

    try:
        counts = services.ingest_records(centre=centre, records=stream, run=run_record, progress=report)
    except ReaderError as exc:
        progress.done()
        services.ingest_run_finish(run=run_record, counts=services.IngestCounts(), errors=[exc.error], failed=True)
        raise CommandError(_("stopped at the first bad record (--strict): {error}").format(error=exc.error)) from exc
    progress.update(counts.records, 1.0, force=True)
    progress.done()
    errors = list(getattr(stream, "errors", []))
    counts.errors = len(errors)
    services.ingest_run_finish(run=run_record, counts=counts, errors=errors,
                               quarantine_path=str(quarantine) if errors else "")
    print(_("records %(records)s · conversations new %(conversations)s · messages new %(new)s, already there %(seen)s · bad records %(errors)s") % {
        "records": counts.records, "conversations": counts.conversations, "new": counts.messages_new,
        "seen": counts.messages_seen, "errors": len(errors)})
    if errors:
        print(_("Bad records were written to %(path)s with the reason; the first ones:") % {"path": quarantine})
        for error in errors[:10]:
            print(f"  {error}")
    if counts.unknown_accounts:
        print(_("Helpdesk accounts not mapped to anyone (map them with `hearth map-account SOURCE ACCOUNT EMPLOYEE_ID` or on the Helpdesk accounts page):"))
        for source, account in sorted(counts.unknown_accounts)[:20]:
            print(f"  {source} {account}")
    if counts.touched and not args.no_features:
        feature_run = agent_days_recompute(centre=centre, touched=counts.touched)
        print(_("daily load recomputed: %(rows)s agent-days for %(agents)s agents") % {"rows": feature_run.rows, "agents": feature_run.agents})
    if counts.touched:
        # Abusive-chat spikes are for now, not for tonight: look at the days just loaded.
        from hearth.radar.services import hostile_spikes_now

        spikes = hostile_spikes_now(centre=centre, days={d for days in counts.touched.values() for d in days})
        if spikes:
            print(_("abusive-chat spikes: %(n)s (team leads and the agents concerned have been told)") % {"n": spikes})
    return 0


def run_map(args: argparse.Namespace) -> int:
    django_setup()
    from hearth.ingest.features import agent_days_recompute_for
    from hearth.ingest.services import account_map
    from hearth.people.models import Person

    centre = _centre(args.centre)
    person = Person.objects.filter(centre=centre, employee_id=args.employee_id).first()
    if person is None:
        raise CommandError(_("No person has employee id {id}.").format(id=args.employee_id))
    attached = account_map(centre=centre, source=args.source, external_id=args.account, person=person)
    agent_days_recompute_for(centre=centre, person=person)
    print(_("%(account)s is now %(name)s; %(n)s past messages attached.") % {"account": args.account, "name": person.name, "n": attached})
    return 0


def run_mapping_save(args: argparse.Namespace) -> int:
    django_setup()
    from hearth.ingest.models import ColumnMappingPreset

    centre = _centre(args.centre)
    if not Path(args.file).exists():
        raise CommandError(_("{path}: no such file").format(path=args.file))
    mapping = _mapping(args.file, centre)
    ColumnMappingPreset.objects.update_or_create(centre=centre, name=args.name, defaults={"definition": mapping.to_dict()})
    print(_("Saved column mapping “{name}”.").format(name=args.name))
    return 0


def run_mapping_list(args: argparse.Namespace) -> int:
    django_setup()
    from hearth.ingest.models import ColumnMappingPreset

    centre = _centre(args.centre)
    for preset in ColumnMappingPreset.objects.filter(centre=centre).order_by("name"):
        print(preset.name)
    return 0
