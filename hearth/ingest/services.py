"""Loading helpdesk data: idempotent, resumable, private by default.

Records are written in batches, each in its own transaction, keyed by their source ids: the same
export twice changes nothing, overlapping exports merge, and a run killed half-way leaves whole
batches behind, so running it again adds exactly what is missing. Message text is scored and
dropped unless the centre chose to keep it; hostile customer messages leave a short masked snippet
that expires after the centre's retention period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.engine.canonical import Conversation, Message, RecordError, conversation_merge
from hearth.ingest.models import (
    EvidenceSnippet,
    IngestRun,
    RunStatus,
    SourceConversation,
    SourceMessage,
    UnknownAccount,
)
from hearth.people.models import Centre, HelpdeskAccount, Person

BATCH_SIZE = 1000
SNIPPET_CHARS = 200
CANNED_HISTORY_DAYS = 30


@dataclass
class IngestCounts:
    """What a run did; shown at the end and kept on the run record."""

    records: int = 0
    conversations: int = 0
    messages_new: int = 0
    messages_seen: int = 0
    errors: int = 0
    unknown_accounts: set[tuple[str, str]] = field(default_factory=set)
    touched: dict[int, set[date]] = field(default_factory=dict)  # person id → local days with new messages

    def as_dict(self) -> dict[str, int]:
        return {
            "records": self.records, "conversations": self.conversations, "messages_new": self.messages_new,
            "messages_seen": self.messages_seen, "errors": self.errors, "unknown_accounts": len(self.unknown_accounts),
        }


def engine_version() -> str:
    """The detectors' version, recorded on every scored message and run."""
    from hearth.engine.detectors import DETECTORS_VERSION

    return str(DETECTORS_VERSION)


class _AccountMap:
    """Helpdesk account → person, for one centre, cached for the run."""

    def __init__(self, centre: Centre) -> None:
        self.by_key: dict[tuple[str, str], Person] = {}
        for account in HelpdeskAccount.objects.filter(centre=centre).select_related("person"):
            self.by_key[(account.source, account.external_id)] = account.person

    def person(self, source: str, account: str) -> Person | None:
        return self.by_key.get((source, account)) or self.by_key.get(("any", account))


def ingest_records(
    *,
    centre: Centre,
    records: Iterable[Conversation | Message],
    run: IngestRun,
    progress: Callable[[IngestCounts], None] | None = None,
    score_customer: Callable[..., Any] | None = None,
    score_agent: Callable[..., Any] | None = None,
    mask_personal: Callable[[str], str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestCounts:
    """Write `records` into the centre's helpdesk data in idempotent batches; returns the counts."""
    if score_customer is None or score_agent is None or mask_personal is None:
        from hearth.engine import detectors

        score_customer = score_customer or detectors.score_customer
        score_agent = score_agent or detectors.score_agent
        mask_personal = mask_personal or detectors.mask_personal
    counts = IngestCounts()
    accounts = _AccountMap(centre)
    pending_conversations: dict[tuple[str, str], Conversation] = {}
    pending_messages: list[Message] = []
    writer = _BatchWriter(centre, run, accounts, counts, score_customer, score_agent, mask_personal)
    for record in records:
        counts.records += 1
        if isinstance(record, Conversation):
            key = (record.source, record.conversation_id)
            pending_conversations[key] = conversation_merge(pending_conversations.get(key), record)
        else:
            pending_messages.append(record)
        if len(pending_messages) >= batch_size or len(pending_conversations) >= batch_size:
            writer.write(pending_conversations, pending_messages)
            pending_conversations, pending_messages = {}, []
            if progress:
                progress(counts)
    writer.write(pending_conversations, pending_messages)
    if progress:
        progress(counts)
    return counts


class _BatchWriter:
    def __init__(self, centre: Centre, run: IngestRun, accounts: _AccountMap, counts: IngestCounts,
                 score_customer: Callable[..., Any], score_agent: Callable[..., Any],
                 mask_personal: Callable[[str], str]) -> None:
        self.centre = centre
        self.run = run
        self.accounts = accounts
        self.counts = counts
        self.score_customer = score_customer
        self.score_agent = score_agent
        self.mask_personal = mask_personal
        self.version = run.engine_version
        self.expiry = timedelta(days=centre.evidence_retention_days)
        from hearth.engine.canned import CannedReplyDetector

        self.canned = CannedReplyDetector()
        # History from earlier runs is replayed from stored signatures (never text), once per scope.
        self.history_bound = SourceMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.seeded: set[tuple[str, str]] = set()

    def write(self, conversations: dict[tuple[str, str], Conversation], messages: list[Message]) -> None:
        if not conversations and not messages:
            return
        with transaction.atomic():
            by_key = self._conversations(conversations, messages)
            self._messages(by_key, messages)

    def _conversations(self, incoming: dict[tuple[str, str], Conversation], messages: list[Message]) -> dict[tuple[str, str], SourceConversation]:
        keys = set(incoming) | {(m.source, m.conversation_id) for m in messages}
        existing: dict[tuple[str, str], SourceConversation] = {}
        for source in {k[0] for k in keys}:
            ids = [k[1] for k in keys if k[0] == source]
            for row in SourceConversation.objects.filter(centre=self.centre, source=source, external_id__in=ids):
                existing[(row.source, row.external_id)] = row
        to_create = []
        for key in keys:
            record = incoming.get(key)
            row = existing.get(key)
            if row is None:
                row = SourceConversation(centre=self.centre, source=key[0], external_id=key[1])
                if record is not None:
                    _apply(row, record)
                to_create.append(row)
                existing[key] = row
            elif record is not None and _apply(row, record):
                row.save()
        # SQLite (3.35+) and PostgreSQL both return the new ids from a bulk insert.
        SourceConversation.objects.bulk_create(to_create)
        self.counts.conversations += len(to_create)
        return existing

    def _messages(self, conversations: dict[tuple[str, str], SourceConversation], messages: list[Message]) -> None:
        if not messages:
            return
        seen: set[tuple[int, str]] = set()
        conv_ids = {conversations[(m.source, m.conversation_id)].pk for m in messages}
        for conv_id, external_id in SourceMessage.objects.filter(conversation_id__in=conv_ids).values_list("conversation_id", "external_id"):
            seen.add((conv_id, external_id))
        rows: list[SourceMessage] = []
        replies: list[tuple[SourceMessage, str, str]] = []
        hostile_texts: dict[int, tuple[str, tuple[str, ...]]] = {}
        for message in sorted(messages, key=lambda m: m.sent_at):
            conversation = conversations[(message.source, message.conversation_id)]
            key = (conversation.pk, message.message_id)
            if key in seen:
                self.counts.messages_seen += 1
                continue
            seen.add(key)
            row = SourceMessage(
                conversation=conversation, external_id=message.message_id, sent_at=message.sent_at,
                author_role=message.author_role, agent_account=message.agent_id, internal=message.internal,
                detectors_version=self.version, text=message.text if self.centre.keep_message_text else "",
            )
            if message.author_role == "customer" and not message.internal:
                signals = self.score_customer(message.text)
                row.lang, row.hostility, row.hostile = signals.lang, signals.hostility, signals.hostile
                row.negative_score, row.negative = signals.negative_score, signals.negative
                if signals.hostile:
                    hostile_texts[len(rows)] = (self.mask_personal(message.text), tuple(signals.cues))
            elif message.author_role == "agent" and not message.internal:
                agent_signals = self.score_agent(message.text)
                row.lang = agent_signals.lang
                row.empathy, row.apology, row.ownership = agent_signals.empathy, agent_signals.apology, agent_signals.ownership
            if message.agent_id:
                person = self.accounts.person(message.source, message.agent_id)
                if person is None:
                    self._unknown(message)
                else:
                    row.person = person
                    zone = _zone(person.time_zone)
                    self.counts.touched.setdefault(person.pk, set()).add(message.sent_at.astimezone(zone).date())
            rows.append(row)
            if message.author_role == "agent" and not message.internal:
                replies.append((row, message.text, conversation.team_name or (row.person.team.name if row.person and row.person.team else "")))
        self._canned(replies)
        created = SourceMessage.objects.bulk_create(rows)
        self.counts.messages_new += len(created)
        if hostile_texts:
            now = timezone.now()
            EvidenceSnippet.objects.bulk_create([
                EvidenceSnippet(message_id=created[i].pk, snippet=_snip(text), cues=list(cues), expires_at=now + self.expiry)
                for i, (text, cues) in hostile_texts.items()
            ])

    def _canned(self, replies: list[tuple[SourceMessage, str, str]]) -> None:
        """Flag near-duplicate agent replies against the agent's and the team's earlier ones."""
        if not replies:
            return
        for row, _, team in replies:
            self._seed("agent", row.agent_account)
            if team:
                self._seed("team", team)
        signatures = self.canned.signatures([text for _, text, _ in replies])
        flags = self.canned.observe_signatures(
            [(row.agent_account, team, sig) for (row, _, team), sig in zip(replies, signatures, strict=True)]
        )
        for (row, _, _), signature, flag in zip(replies, signatures, flags, strict=True):
            row.canned = flag
            row.signature = signature.tobytes() if signature is not None else None

    def _seed(self, kind: str, name: str) -> None:
        if (kind, name) in self.seeded:
            return
        self.seeded.add((kind, name))
        import numpy as np

        history = SourceMessage.objects.filter(
            conversation__centre=self.centre, author_role="agent", internal=False, signature__isnull=False,
            pk__lte=self.history_bound, sent_at__gte=timezone.now() - timedelta(days=CANNED_HISTORY_DAYS),
        )
        history = history.filter(agent_account=name) if kind == "agent" else history.filter(conversation__team_name=name)
        rows = list(history.order_by("-sent_at").values_list("agent_account", "conversation__team_name", "signature")[:5000])
        self.canned.observe_signatures([
            (account if kind == "agent" else "", team if kind == "team" else "", np.frombuffer(bytes(sig), dtype=np.uint32))
            for account, team, sig in reversed(rows)
        ])

    def _unknown(self, message: Message) -> None:
        key = (message.source, message.agent_id)
        self.counts.unknown_accounts.add(key)
        updated = UnknownAccount.objects.filter(centre=self.centre, source=key[0], external_id=key[1]).update(
            messages=F("messages") + 1, last_seen=timezone.now()
        )
        if not updated:
            now = timezone.now()
            UnknownAccount.objects.create(
                centre=self.centre, source=key[0], external_id=key[1], first_seen=now, last_seen=now, messages=1
            )


def _apply(row: SourceConversation, record: Conversation) -> bool:
    """Copy the record's known fields onto the row; True if anything changed."""
    values: dict[str, Any] = {
        "channel": record.channel, "started_at": record.started_at, "ended_at": record.ended_at,
        "assignees": list(record.assignees), "team_name": record.team, "customer_locale": record.customer_locale,
        "customer_time_zone": record.customer_time_zone, "tags": list(record.tags),
    }
    if record.csat is not None:
        values["csat_score"], values["csat_scale"] = record.csat.score, record.csat.scale
    changed = False
    for name, value in values.items():
        if value in (None, "", []) or getattr(row, name) == value:
            continue
        setattr(row, name, value)
        changed = True
    return changed


def _snip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def ingest_run_start(*, centre: Centre, format: str, paths: list[str], strict: bool) -> IngestRun:
    """Open the run record before reading anything."""
    return IngestRun.objects.create(
        centre=centre, format=format, paths=paths, strict=strict, started_at=timezone.now(), engine_version=engine_version()
    )


def ingest_run_finish(*, run: IngestRun, counts: IngestCounts, errors: list[RecordError], failed: bool = False,
                      quarantine_path: str = "") -> IngestRun:
    """Close the run record with its counts and the first errors."""
    run.finished_at = timezone.now()
    run.status = RunStatus.FAILED if failed else RunStatus.SUCCEEDED
    run.counts = counts.as_dict()
    run.errors = [str(e) for e in errors[:200]]
    run.quarantine_path = quarantine_path
    run.save()
    return run


def account_map(*, centre: Centre, source: str, external_id: str, person: Person) -> int:
    """Map a helpdesk account to a person and attach their past messages; returns how many were attached."""
    with transaction.atomic():
        HelpdeskAccount.objects.update_or_create(
            centre=centre, source=source, external_id=external_id, defaults={"person": person}
        )
        attached = SourceMessage.objects.filter(
            conversation__centre=centre, conversation__source=source, agent_account=external_id, person__isnull=True
        ).update(person=person)
        UnknownAccount.objects.filter(centre=centre, source=source, external_id=external_id).delete()
    return attached


def evidence_purge(*, now: datetime | None = None) -> int:
    """Delete hostile-message snippets past their retention; returns how many."""
    deleted, _ = EvidenceSnippet.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
