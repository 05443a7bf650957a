"""Recompute agents' daily load from the stored message facts with the engine (the same functions
`hearth features` and the Spark path use), replacing the affected agent-day rows, with a run record."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pyarrow as pa
from django.db import transaction
from django.utils import timezone

from hearth.engine.features import (
    CONVERSATION_SCHEMA,
    ENGINE_VERSION,
    MESSAGE_SCHEMA,
    agent_day_features,
    with_baselines,
)
from hearth.ingest.models import AgentDay, FeatureRun, RunStatus, SourceConversation, SourceMessage
from hearth.people.models import Centre, Person

# Days of history read before the first affected day: consecutive working days, rest between days
# and the trailing 8-week baseline all look back.
HISTORY_DAYS = 63


def agent_days_recompute(*, centre: Centre, touched: Mapping[int, set[date]]) -> FeatureRun:
    """Recompute every agent-day from the earliest touched day on (so runs of days and baselines stay right)."""
    all_days = [d for days in touched.values() for d in days]
    if not all_days:
        return _empty_run(centre)
    return _recompute(centre=centre, first_day=min(all_days))


def agent_days_recompute_for(*, centre: Centre, person: Person) -> FeatureRun:
    """Recompute after a person's account mapping changed: all their days."""
    first = SourceMessage.objects.filter(person=person).order_by("sent_at").values_list("sent_at", flat=True).first()
    if first is None:
        return _empty_run(centre)
    return _recompute(centre=centre, first_day=first.date() - timedelta(days=1))


def _empty_run(centre: Centre) -> FeatureRun:
    now = timezone.now()
    return FeatureRun.objects.create(centre=centre, started_at=now, finished_at=now, status=RunStatus.SUCCEEDED,
                                     engine_version=ENGINE_VERSION)


def _recompute(*, centre: Centre, first_day: date) -> FeatureRun:
    run = FeatureRun.objects.create(centre=centre, started_at=timezone.now(), engine_version=ENGINE_VERSION)
    try:
        since = timezone.make_aware(timezone.datetime.combine(first_day - timedelta(days=HISTORY_DAYS), timezone.datetime.min.time()))
        messages, conversations, people = _tables(centre, since)
        zones = {str(p.pk): p.time_zone for p in people.values()}
        teams = {str(p.pk): p.team.name if p.team else "" for p in people.values()}
        days = agent_day_features(messages, conversations, agent_zones=zones, agent_teams=teams, default_tz=centre.time_zone,
                                  business_hours={k: tuple(v) for k, v in (centre.business_hours or {}).items()} or None)
        days = with_baselines(days)
        rows = [r for r in days.to_pylist() if r["agent_id"] in zones and r["day"] >= (first_day - timedelta(days=1)).isoformat()]
        with transaction.atomic():
            person_ids = [int(a) for a in zones]
            AgentDay.objects.filter(person_id__in=person_ids, day__gte=first_day - timedelta(days=1)).delete()
            AgentDay.objects.bulk_create([
                AgentDay(person_id=int(r["agent_id"]), day=date.fromisoformat(r["day"]), features=_clean(r), run=run,
                         engine_version=ENGINE_VERSION)
                for r in rows
            ], batch_size=2000)
            run.status = RunStatus.SUCCEEDED
            run.first_day = min((date.fromisoformat(r["day"]) for r in rows), default=None)
            run.last_day = max((date.fromisoformat(r["day"]) for r in rows), default=None)
            run.rows = len(rows)
            run.agents = len({r["agent_id"] for r in rows})
            run.finished_at = timezone.now()
            run.save()
    except Exception as exc:
        FeatureRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished_at=timezone.now(), errors=[repr(exc)])
        raise
    return run


def _tables(centre: Centre, since: Any) -> tuple[pa.Table, pa.Table, dict[int, Person]]:
    """Stored messages since `since` as the engine's Arrow tables; agent ids are person ids."""
    rows = (
        SourceMessage.objects.filter(conversation__centre=centre, sent_at__gte=since)
        .values_list("conversation__source", "conversation__external_id", "external_id", "sent_at", "author_role",
                     "person_id", "agent_account", "internal", "lang", "hostile", "hostility", "negative",
                     "negative_score", "empathy", "apology", "ownership", "canned")
        .order_by("sent_at", "pk")
    )
    columns: dict[str, list[Any]] = {name: [] for name in MESSAGE_SCHEMA.names}
    conversation_keys: set[tuple[str, str]] = set()
    person_ids: set[int] = set()
    for (source, conversation, message, sent_at, role, person_id, account, internal, lang, hostile, hostility,
         negative, negative_score, empathy, apology, ownership, canned) in rows.iterator(chunk_size=5000):
        agent_id = ""
        if role == "agent":
            # Unmapped accounts keep their own id so they never mix with a person's load.
            agent_id = str(person_id) if person_id is not None else f"account:{account}"
            if person_id is not None:
                person_ids.add(person_id)
        for name, value in (
            ("source", source), ("conversation_id", conversation), ("message_id", message), ("sent_at", sent_at),
            ("author_role", role), ("agent_id", agent_id), ("internal", internal), ("lang", lang),
            ("hostile", hostile), ("hostility", hostility), ("negative", negative), ("negative_score", negative_score),
            ("empathy", empathy), ("apology", apology), ("ownership", ownership), ("canned", canned),
        ):
            columns[name].append(value)
        conversation_keys.add((source, conversation))
    messages = pa.table(columns, schema=MESSAGE_SCHEMA)
    conv_rows = SourceConversation.objects.filter(centre=centre, external_id__in={k[1] for k in conversation_keys})
    conv_columns: dict[str, list[Any]] = {name: [] for name in CONVERSATION_SCHEMA.names}
    for c in conv_rows:
        if (c.source, c.external_id) not in conversation_keys:
            continue
        normalised = c.csat_score / c.csat_scale if c.csat_score is not None and c.csat_scale else None
        for name, value in (("source", c.source), ("conversation_id", c.external_id), ("team", c.team_name),
                            ("started_at", c.started_at), ("ended_at", c.ended_at), ("csat", normalised),
                            ("csat_score", c.csat_score), ("csat_scale", c.csat_scale)):
            conv_columns[name].append(value)
    conversations = pa.table(conv_columns, schema=CONVERSATION_SCHEMA)
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids).select_related("team")}
    return messages, conversations, people


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """A feature row as JSON: no ids, no NaN."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("agent_id", "day"):
            continue
        if isinstance(value, float) and math.isnan(value):
            value = None
        elif isinstance(value, date):
            value = value.isoformat()
        out[key] = value
    return out
