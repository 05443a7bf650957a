"""Reads of helpdesk-derived data: daily load per agent and per team, evidence, runs, unknown accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.audit.services import audit_record
from hearth.ingest.models import AgentDay, EvidenceSnippet, IngestRun, SourceMessage, UnknownAccount
from hearth.people.models import Centre, Person, PersonStatus, Role, Team

# The features shown on the load pages, in order: (feature key, kind) — kind picks the formatting.
LOAD_COLUMNS: list[tuple[str, str]] = [
    ("conversations", "int"), ("agent_messages", "int"), ("customer_messages", "int"),
    ("hostile_messages", "int"), ("hostile_conversations", "int"), ("negative_share", "pct"),
    ("first_response_seconds_mean", "dur"), ("response_seconds_mean", "dur"), ("night_minutes", "min"),
    ("work_minutes", "min"), ("consecutive_days", "int"), ("rest_hours_before", "hours"),
    ("empathy_rate", "pct"), ("canned_rate", "pct"), ("csat_mean", "pct"), ("csat_count", "int"),
]


# The handful shown first, as this week against last week: (key, kind, how to combine days).
SUMMARY_COLUMNS: list[tuple[str, str, str]] = [
    ("conversations", "int", "sum"), ("hostile_messages", "int", "sum"), ("night_minutes", "min", "sum"),
    ("first_response_seconds_mean", "dur", "mean"), ("empathy_rate", "pct", "mean"), ("canned_rate", "pct", "mean"),
]
DAY_COLUMNS = [c for c in LOAD_COLUMNS if c[0] in {
    "conversations", "hostile_messages", "first_response_seconds_mean", "night_minutes", "work_minutes",
    "empathy_rate", "canned_rate", "csat_mean"}]


@dataclass
class LoadSeries:
    """One person's daily rows over a window, oldest first, with per-feature series for sparklines."""

    person: Person
    days: list[AgentDay]

    def series(self, key: str) -> list[float | None]:
        return [d.features.get(key) for d in self.days]

    def total(self, key: str) -> float:
        """Sum of a feature over the window; a true flag (quick_return) counts as 1."""
        return float(sum(v for v in self.series(key) if isinstance(v, int | float)))

    def summary(self, until: date) -> list[dict[str, Any]]:
        """This week (the 7 days to `until`) against the 7 days before, for the summary columns."""
        out = []
        for key, kind, how in SUMMARY_COLUMNS:
            this = [d.features.get(key) for d in self.days if until - timedelta(days=7) < d.day <= until]
            last = [d.features.get(key) for d in self.days if until - timedelta(days=14) < d.day <= until - timedelta(days=7)]
            out.append({"key": key, "kind": kind, "this": _combine(this, how), "last": _combine(last, how)})
        return out


def _combine(values: list[Any], how: str) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, int | float)]
    if not numbers:
        return None
    return sum(numbers) if how == "sum" else sum(numbers) / len(numbers)


def load_window(*, person: Person, days: int = 28, until: date | None = None) -> LoadSeries:
    """The person's agent-days in the last `days` days."""
    until = until or timezone.localdate()
    rows = list(AgentDay.objects.filter(person=person, day__gt=until - timedelta(days=days), day__lte=until).order_by("day"))
    return LoadSeries(person, rows)


def load_for_social_worker(*, reader: Person, subject: Person, ip: str | None, days: int = 28) -> tuple[LoadSeries, list[EvidenceSnippet]]:
    """An agent's load and the masked evidence of hostile messages they faced; the read is audited."""
    with transaction.atomic():
        series = load_window(person=subject, days=days)
        # Hostile messages are the customers'; they reach the agent through the conversations the agent handled.
        handled = SourceMessage.objects.filter(person=subject).values("conversation_id")
        evidence = list(
            EvidenceSnippet.objects.filter(message__conversation_id__in=handled, expires_at__gt=timezone.now())
            .select_related("message").order_by("-message__sent_at")[:50]
        )
        audit_record(actor=reader.user, action="load.view", subject=subject, reason="daily load and hostile-message evidence", ip=ip)
    return series, evidence


def team_load(*, team: Team, days: int = 14) -> list[LoadSeries]:
    """Every active member's load over the window (operational data: names are shown to the team lead)."""
    members = Person.objects.filter(team=team, status=PersonStatus.ACTIVE, roles__role=Role.AGENT).order_by("name")
    return [load_window(person=p, days=days) for p in members]


def unknown_accounts(*, centre: Centre) -> list[UnknownAccount]:
    return list(UnknownAccount.objects.filter(centre=centre).order_by("-messages"))


def ingest_runs(*, centre: Centre, limit: int = 50) -> list[IngestRun]:
    return list(IngestRun.objects.filter(centre=centre)[:limit])


def message_counts(*, centre: Centre) -> dict[str, Any]:
    """How much helpdesk data the centre holds, and how much of it keeps text (shown on the settings page)."""
    messages = SourceMessage.objects.filter(conversation__centre=centre)
    return {
        "messages": messages.count(),
        "with_text": messages.exclude(text="").count(),
        "evidence": EvidenceSnippet.objects.filter(message__conversation__centre=centre).count(),
    }
