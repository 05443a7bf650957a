"""Helpdesk conversations as Hearth keeps them: what was computed from each message, never the text
by default; each agent's daily load; the runs that produced them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class IngestRun(models.Model):
    """One `hearth ingest`: what was read, when, with what result and errors."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="ingest_runs")
    format = models.CharField(max_length=32)
    paths = models.JSONField(default=list)
    strict = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    counts = models.JSONField(default=dict)  # records, messages_new, messages_seen, conversations, errors, unknown_accounts
    errors = models.JSONField(default=list)  # the first bad records, as text
    quarantine_path = models.CharField(max_length=500, blank=True)
    engine_version = models.CharField(max_length=64)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"ingest {self.pk} {self.format} ({self.status})"


class SourceConversation(models.Model):
    """A helpdesk conversation, merged across exports by its source id."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=32)
    external_id = models.CharField(max_length=200)
    channel = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    assignees = models.JSONField(default=list)
    team_name = models.CharField(max_length=200, blank=True)
    customer_locale = models.CharField(max_length=32, blank=True)
    customer_time_zone = models.CharField(max_length=64, blank=True)
    csat_score = models.FloatField(null=True, blank=True)
    csat_scale = models.FloatField(null=True, blank=True)
    tags = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "source", "external_id"], name="source_conversation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class SourceMessage(models.Model):
    """One message's facts and detector results. `text` stays empty unless the centre keeps full text."""

    conversation = models.ForeignKey(SourceConversation, on_delete=models.CASCADE, related_name="messages")
    external_id = models.CharField(max_length=200)
    sent_at = models.DateTimeField(db_index=True)
    author_role = models.CharField(max_length=16)
    agent_account = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    internal = models.BooleanField(default=False)
    lang = models.CharField(max_length=8, blank=True)
    hostility = models.FloatField(null=True)
    hostile = models.BooleanField(default=False)
    negative_score = models.FloatField(null=True)
    negative = models.BooleanField(default=False)
    empathy = models.BooleanField(default=False)
    apology = models.BooleanField(default=False)
    ownership = models.BooleanField(default=False)
    canned = models.BooleanField(default=False)
    signature = models.BinaryField(null=True, blank=True)  # MinHash of an agent reply: no text, for canned detection
    detectors_version = models.CharField(max_length=64)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "external_id"], name="source_message_unique")
        ]
        indexes = [models.Index(fields=["person", "sent_at"]), models.Index(fields=["agent_account", "sent_at"])]

    def __str__(self) -> str:
        return f"message {self.external_id} of {self.conversation_id}"


class EvidenceSnippet(models.Model):
    """A short, masked excerpt of a hostile customer message, so a social worker can see what an agent faced.

    Deleted when it expires (the centre's retention setting, 30 days by default).
    """

    message = models.OneToOneField(SourceMessage, on_delete=models.CASCADE, related_name="evidence")
    snippet = models.CharField(max_length=300)
    cues = models.JSONField(default=list)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"evidence for message {self.message_id}"


class UnknownAccount(models.Model):
    """A helpdesk account seen in an export that no person is mapped to yet."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=32)
    external_id = models.CharField(max_length=200)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    messages = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "source", "external_id"], name="unknown_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class ColumnMappingPreset(models.Model):
    """A saved column mapping for CSV/XLSX exports of other tools, reusable by name."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    definition = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="column_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name


class FeatureRun(models.Model):
    """One computation of agent-day features: which days, how many rows, which engine version, errors."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    first_day = models.DateField(null=True)
    last_day = models.DateField(null=True)
    agents = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    engine_version = models.CharField(max_length=64)
    errors = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"features {self.pk} ({self.status})"


class AgentDay(models.Model):
    """One agent's load on one local calendar day. Recomputing a day replaces its row."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="agent_days")
    day = models.DateField()
    features = models.JSONField(default=dict)  # engine feature name → value (None when undefined)
    run = models.ForeignKey(FeatureRun, on_delete=models.PROTECT, related_name="agent_days")
    engine_version = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="agent_day_unique")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"
