"""Check-up campaigns, invitations, answers, scores and outreach consent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import EncryptedJSONField


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class CampaignPurpose(models.TextChoices):
    CHECKUP = "checkup", _("Check-up")
    PROGRAMME = "programme", _("Group programme measure")


class Campaign(models.Model):
    """A check-up sent to chosen teams (or named people) between an open and a close date; recurring ones repeat."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    instruments = models.JSONField(_("instruments"), default=list)
    teams = models.ManyToManyField("people.Team", related_name="campaigns", verbose_name=_("teams"))
    # A group programme's measure goes to its members by name, and is never a team check-up.
    people = models.ManyToManyField("people.Person", blank=True, related_name="targeted_campaigns")
    purpose = models.CharField(max_length=16, choices=CampaignPurpose.choices, default=CampaignPurpose.CHECKUP)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    recurrence = models.CharField(_("repeats"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONCE)
    series = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="waves",
        help_text="The first campaign of a recurring series; empty for the first itself.",
    )
    wave = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    next_wave_created = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("check-up")
        verbose_name_plural = _("check-ups")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="campaign_closes_after_opening")
        ]

    def __str__(self) -> str:
        return self.title


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("Started")
    SUBMITTED = "submitted", _("Submitted")


class Invitation(models.Model):
    """One person asked to answer one campaign wave. Holds no answers: those live in Response."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="invitations")
    # Snapshots at invitation time, so aggregates describe the team as it was.
    team = models.ForeignKey("people.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    shift_pattern = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    language = models.CharField(max_length=10, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="invitation_unique")]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.status})"


class Response(models.Model):
    """An invitation's item answers (draft until submitted). Sensitive: read only through selectors."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    answers = EncryptedJSONField(default=dict)  # {instrument_id: {item_id: coded value}}, encrypted at rest
    instrument_versions = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        # Never the answers themselves: this string can end up in logs.
        return f"response to invitation {self.invitation_id}"


class Score(models.Model):
    """One subscale score of one submitted check-up. Sensitive: read only through selectors."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="scores")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="scores")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scores")
    instrument = models.CharField(max_length=64)
    subscale = models.CharField(max_length=64)
    value = models.FloatField(null=True)
    band = models.CharField(max_length=32, blank=True)
    level = models.SmallIntegerField(null=True)
    answered = models.PositiveSmallIntegerField(default=0)
    items = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "instrument", "subscale"], name="score_unique")
        ]
        indexes = [models.Index(fields=["person", "instrument", "subscale", "submitted_at"])]

    def __str__(self) -> str:
        # Never the value: this string can end up in logs.
        return f"score {self.instrument}.{self.subscale} of invitation {self.invitation_id}"


class OutreachConsent(models.Model):
    """One decision by an agent on whether the social worker may see their results and reach out.

    Append-only: the latest row is the decision in force; earlier rows are its history.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="outreach_consents")
    granted = models.BooleanField()
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        get_latest_by = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"outreach consent of person {self.person_id} at {self.decided_at:%Y-%m-%d}"

