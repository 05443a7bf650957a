"""Writes for a centre's scenarios: seeding from the engine's library, saving an edit (a new version each time),
publishing, copying, importing a file. `load_scenario` is the only validator: nothing is saved when it refuses.
Every write records an AuditEvent in the same transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.services import audit_record
from hearth.engine.sim import ScenarioError, library, load_scenario, scenario_to_dict
from hearth.people.models import Centre, Person, Role
from hearth.training.models import ScenarioRecord, ScenarioStatus, ScenarioVersion

MAX_FILE_BYTES = 512 * 1024


class TrainingRuleError(ValueError):
    """A training action the rules do not allow; the message is shown to the user as is."""


def require_trainer(by: Person, centre_id: int) -> None:
    """Only a trainer or an admin of the centre edits scenarios and tests."""
    if not by.has_role(Role.TRAINER, Role.ADMIN) or by.centre_id != centre_id:
        raise TrainingRuleError(_("Only a trainer of the centre can do this."))


def normalised(data: Mapping[str, Any] | str) -> dict[str, Any]:
    """The engine's own dict of a scenario (validated by `load_scenario`; raises ScenarioError naming the field)."""
    return scenario_to_dict(load_scenario(data))


def _fields(record: ScenarioRecord, data: dict[str, Any]) -> None:
    record.data = data
    record.key = str(data["id"])[:100]
    record.language = str(data.get("language", ""))[:10]
    record.platform = str(data.get("platform", ""))[:50]
    record.level = str(data.get("level", ""))[:20]
    record.title = str(data.get("title", ""))[:300]


def _version(record: ScenarioRecord, by: Person | None, note: str, now: datetime) -> None:
    ScenarioVersion.objects.create(record=record, version=record.version, data=record.data, by=by, at=now, note=note)


def scenario_library_seed(*, centre: Centre, by: Person | None = None) -> int:
    """Give the centre every shipped scenario it does not have yet (published); returns how many were added."""
    now = timezone.now()
    have = set(ScenarioRecord.objects.filter(centre=centre).values_list("key", flat=True))
    added = 0
    with transaction.atomic():
        for scenario in library():
            data = scenario_to_dict(scenario)
            if str(data["id"]) in have:
                continue
            record = ScenarioRecord(centre=centre, status=ScenarioStatus.PUBLISHED, version=1, editor=by,
                                    created_at=now, updated_at=now)
            _fields(record, data)
            record.save()
            _version(record, by, "seeded from the library", now)
            added += 1
        if added:
            audit_record(actor=by.user if by else None, action="training.scenarios_seed", reason=str(added))
    return added


def scenario_save(*, record: ScenarioRecord, by: Person, data: Mapping[str, Any], note: str = "edited") -> ScenarioRecord:
    """Save an edit as a new version (raises ScenarioError naming the field; nothing saved then).

    The scenario id is the record's key and does not change; its version number is the record's.
    """
    require_trainer(by, record.centre_id)
    candidate = dict(data)
    candidate["id"] = record.key
    candidate["version"] = record.version + 1
    clean = normalised(candidate)
    now = timezone.now()
    with transaction.atomic():
        record = ScenarioRecord.objects.select_for_update().get(pk=record.pk)
        record.version += 1
        clean["version"] = record.version
        _fields(record, clean)
        record.editor, record.updated_at = by, now
        record.save()
        _version(record, by, note, now)
        audit_record(actor=by.user, action="training.scenario_edit", obj=record, reason=note)
    return record


def scenario_publish(*, record: ScenarioRecord, by: Person, published: bool = True) -> ScenarioRecord:
    """Publish the scenario (trainees see it) or take it back to draft."""
    require_trainer(by, record.centre_id)
    with transaction.atomic():
        record.status = ScenarioStatus.PUBLISHED if published else ScenarioStatus.DRAFT
        record.editor, record.updated_at = by, timezone.now()
        record.save(update_fields=["status", "editor", "updated_at"])
        _version(record, by, "published" if published else "back to draft", record.updated_at)
        audit_record(actor=by.user, action=f"training.scenario_{record.status}", obj=record)
    return record


def scenario_copy(*, record: ScenarioRecord, by: Person) -> ScenarioRecord:
    """A new draft scenario starting from this one (a new id: `<id>-copy`, `-copy2`, …)."""
    require_trainer(by, record.centre_id)
    key = _free_key(record.centre_id, f"{record.key}-copy", separator="")
    suffix = _("copy")
    data = dict(record.data, id=key, version=1, title=f"{record.title} ({suffix})")
    clean = normalised(data)
    now = timezone.now()
    with transaction.atomic():
        copy = ScenarioRecord(centre_id=record.centre_id, status=ScenarioStatus.DRAFT, version=1, editor=by,
                              created_at=now, updated_at=now)
        _fields(copy, clean)
        copy.save()
        _version(copy, by, f"copied from {record.key}", now)
        audit_record(actor=by.user, action="training.scenario_copy", obj=copy, reason=record.key)
    return copy


# A new scenario's rubric: the weights, pass mark and three-minute response target the shipped library uses.
NEW_RUBRIC: dict[str, Any] = {
    "weights": {"empathy": 15, "apology": 10, "ownership": 10, "solution": 20, "clarity": 5, "politeness": 10,
                "forbidden": 10, "blame": 10, "response_time": 5, "similarity": 15},
    "pass_mark": 70,
    "response_time_target_seconds": 180,
}
# Phrases that read as brushing the customer off, by language: a start the trainer edits for the scenario.
NEW_FORBIDDEN = {
    "zh-hans": ["请耐心等待", "这不归我管", "您自己没看清楚"],
    "en": ["please be patient", "that's not my department", "nothing I can do"],
}


def _new_key(centre_id: int, title: str, language: str) -> str:
    """An id from the title's Latin letters and digits (or 'scenario'), with the language, unique in the centre."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    stem = "-".join(words)[:60].strip("-") or "scenario"
    return _free_key(centre_id, f"{stem}-{'zh' if language == 'zh-hans' else language}", separator="-")


def _free_key(centre_id: int, base: str, *, separator: str) -> str:
    """`base`, or `base` + separator + 2, 3, … : the first id the centre has no scenario with."""
    keys = set(ScenarioRecord.objects.filter(centre_id=centre_id, key__startswith=base).values_list("key", flat=True))
    return next(key for n in range(1, 10_000) if (key := base if n == 1 else f"{base}{separator}{n}") not in keys)


def scenario_new(*, centre: Centre, by: Person, fields: Mapping[str, Any]) -> ScenarioRecord:
    """A new draft scenario from the trainer's first answers: who the customer is, what they want, the
    platform's rules and the opening message; one turn with the library's rubric, to be built out in the editor.

    `fields`: language, platform, level, title, persona, goal, policy_facts (list), opening, mood,
    response_time_target_seconds. `load_scenario` judges the result (ScenarioError names the field).
    """
    require_trainer(by, centre.pk)
    language = str(fields["language"])
    rubric = dict(NEW_RUBRIC, forbidden_phrases=list(NEW_FORBIDDEN.get(language, [])),
                  response_time_target_seconds=fields.get("response_time_target_seconds")
                  or NEW_RUBRIC["response_time_target_seconds"])
    with transaction.atomic():
        key = _new_key(centre.pk, str(fields["title"]), language)
        data = normalised({
            "id": key, "version": 1, "language": language, "platform": fields["platform"], "title": fields["title"],
            "level": fields["level"], "tags": [], "persona": fields["persona"], "goal": fields["goal"],
            "policy_facts": list(fields["policy_facts"]),
            "nodes": [{"id": "open", "text": fields["opening"], "mood": fields.get("mood") or "upset",
                       "apology_due": True, "solution_terms": [], "branches": {}}],
            "model_replies": {}, "rubric": rubric,
        })
        now = timezone.now()
        record = ScenarioRecord(centre=centre, status=ScenarioStatus.DRAFT, version=1, editor=by,
                                created_at=now, updated_at=now)
        _fields(record, data)
        record.save()
        _version(record, by, "created", now)
        audit_record(actor=by.user, action="training.scenario_new", obj=record, reason=key)
    return record


def scenario_import(*, centre: Centre, by: Person, filename: str, content: bytes) -> tuple[ScenarioRecord, bool]:
    """Import a scenario file (JSON): a new draft, or a new version of the scenario with that id.

    Returns (record, changed). The same file again changes nothing. A bad file raises TrainingRuleError whose
    message names the file and the field.
    """
    require_trainer(by, centre.pk)
    name = filename or "scenario.json"
    if len(content) > MAX_FILE_BYTES:
        raise TrainingRuleError(_("%(file)s: the file is larger than 512 KB.") % {"file": name})
    try:
        raw = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TrainingRuleError(_("%(file)s: the file is not UTF-8 text.") % {"file": name}) from None
    except json.JSONDecodeError as error:
        raise TrainingRuleError(_("%(file)s: not valid JSON (line %(line)s, column %(column)s).") % {
            "file": name, "line": error.lineno, "column": error.colno}) from None
    if not isinstance(raw, dict):
        raise TrainingRuleError(_("%(file)s: a scenario file holds one JSON object.") % {"file": name})
    try:
        clean = normalised(raw)
    except ScenarioError as error:
        raise TrainingRuleError(f"{name}: {error}") from None
    existing = ScenarioRecord.objects.filter(centre=centre, key=str(clean["id"])).first()
    if existing is not None:
        if _same(existing.data, clean):
            return existing, False
        return scenario_save(record=existing, by=by, data=clean, note=f"imported from {name}"[:200]), True
    now = timezone.now()
    with transaction.atomic():
        record = ScenarioRecord(centre=centre, status=ScenarioStatus.DRAFT, editor=by, created_at=now, updated_at=now,
                                version=int(clean.get("version") or 1))
        _fields(record, clean)
        record.save()
        _version(record, by, f"imported from {name}"[:200], now)
        audit_record(actor=by.user, action="training.scenario_import", obj=record, reason=name[:200])
    return record, True


def _same(stored: Mapping[str, Any], incoming: Mapping[str, Any]) -> bool:
    """Whether two scenario dicts say the same thing (the version number aside)."""
    return {k: v for k, v in stored.items() if k != "version"} == {k: v for k, v in incoming.items() if k != "version"}


def scenario_export(*, record: ScenarioRecord) -> tuple[str, bytes]:
    """The scenario as a file: (file name, UTF-8 JSON that imports back unchanged)."""
    return f"{record.key}.json", json.dumps(record.data, ensure_ascii=False, indent=2).encode("utf-8")
