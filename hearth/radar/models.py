"""Weekly risk per agent, the nightly runs that compute it, and the alerts it raises.

RiskWeek and Alert hold individual risk: sensitive. They are read only through radar selectors,
which audit every read of a named person's risk by someone other than that person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class RiskRun(models.Model):
    """One run of the nightly pipeline (features → risk → alerts) for one centre and day."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()  # the last day of the rolling week assessed
    trigger = models.CharField(max_length=16, default="nightly")  # nightly, manual, demo
    requested_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    step = models.CharField(max_length=32, blank=True)  # features, risk, alerts, done
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    counts = models.JSONField(default=dict)  # agents, weeks, alerts, team_alerts, feature_rows
    errors = models.JSONField(default=list)
    model_version = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "as_of"])]

    def __str__(self) -> str:
        return f"risk run {self.pk} for {self.as_of} ({self.status})"

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class RiskWeek(models.Model):
    """One agent's risk for the rolling week ending `as_of`: a level and score per type, with reasons."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_weeks")
    as_of = models.DateField()
    run = models.ForeignKey(RiskRun, on_delete=models.SET_NULL, null=True, related_name="weeks")
    model_version = models.CharField(max_length=64)
    level = models.PositiveSmallIntegerField()  # overall: 0 low, 1 watch, 2 high, 3 severe
    score = models.FloatField()
    level_basic = models.PositiveSmallIntegerField()
    level_belonging = models.PositiveSmallIntegerField()
    level_developmental = models.PositiveSmallIntegerField()
    score_basic = models.FloatField()
    score_belonging = models.FloatField()
    score_developmental = models.FloatField()
    reasons = models.JSONField(default=dict)  # type → [{code, params, weight, evidence}]
    has_checkup = models.BooleanField(default=False)  # whether any reason comes from a check-up
    # Chance of leaving within 12 weeks, only when a centre-fitted survival model beat the points model.
    leave_probability = models.FloatField(null=True, blank=True)
    # Expected CBI work-related score at the next check-up, only when a centre-fitted regression beat the points model.
    expected_work_burnout = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "as_of"], name="risk_week_unique")]
        indexes = [models.Index(fields=["as_of", "level"])]

    def __str__(self) -> str:
        # Never the level: this string can end up in logs.
        return f"risk of person {self.person_id} to {self.as_of}"


class AlertKind(models.TextChoices):
    HIGH_RISK = "high_risk", _("Entered high risk")
    SHARP_RISE = "sharp_rise", _("Risk rose sharply")
    HOSTILE_SPIKE = "hostile_spike", _("Abusive-customer spike")


class AlertRoute(models.TextChoices):
    OUTREACH = "outreach", _("Social worker's outreach queue")
    NUDGE = "nudge", _("Private nudge to the agent")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SNOOZED = "snoozed", _("Snoozed")
    RESOLVED = "resolved", _("Resolved")
    CASE = "case", _("Case opened")


class Alert(models.Model):
    """An individual alert: to the outreach queue when the agent consented, otherwise a private nudge."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_alerts")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    route = models.CharField(max_length=16, choices=AlertRoute.choices)
    as_of = models.DateField()
    risk_week = models.ForeignKey(RiskWeek, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    level = models.PositiveSmallIntegerField(default=0)
    burnout_type = models.CharField(max_length=16, blank=True)  # the highest type when raised
    params = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)  # top reasons when raised
    created_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    snoozed_until = models.DateField(null=True, blank=True)
    handled_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    dedupe_key = models.CharField(max_length=120)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="alert_dedupe")]
        indexes = [models.Index(fields=["route", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} alert {self.pk}"


class TeamAlertKind(models.TextChoices):
    HOSTILE_EXPOSURE = "hostile_exposure", _("Agents above the hostile-exposure threshold")
    OVERTIME_CAP = "overtime_cap", _("Over the overtime cap")
    HOSTILE_BURST = "hostile_burst", _("Abusive chats in a short time")


class TeamAlert(models.Model):
    """An operational alert for a team's leads, built from workload only, never from check-ups."""

    team = models.ForeignKey("people.Team", on_delete=models.CASCADE, related_name="load_alerts")
    kind = models.CharField(max_length=24, choices=TeamAlertKind.choices)
    day = models.DateField()
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    dedupe_key = models.CharField(max_length=160)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="team_alert_dedupe")]

    def __str__(self) -> str:
        return f"{self.kind} for team {self.team_id} on {self.day}"


class RadarSettings(models.Model):
    """A centre's radar settings: overrides of the risk model's config and the alert thresholds."""

    centre = models.OneToOneField("people.Centre", on_delete=models.CASCADE, related_name="radar_settings")
    risk_overrides = models.JSONField(default=dict, blank=True)  # a subset of engine/risk_config.json
    burst_count = models.PositiveSmallIntegerField(_("abusive chats that make a spike"), default=3)
    burst_minutes = models.PositiveSmallIntegerField(_("within how many minutes"), default=20)
    team_hostile_day = models.PositiveSmallIntegerField(_("hostile conversations in a day that count as heavy exposure"), default=5)
    team_hostile_agents = models.PositiveSmallIntegerField(_("agents with heavy exposure that alert the team lead"), default=3)
    overtime_cap_hours = models.PositiveSmallIntegerField(_("weekly hours cap"), default=48)
    rise_points = models.PositiveSmallIntegerField(_("risk score rise in a week that counts as sharp"), default=20)
    run_hour = models.PositiveSmallIntegerField(_("hour of the nightly run (centre time)"), default=3)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"radar settings of centre {self.centre_id}"


class RiskModelFit(models.Model):
    """A centre-fitted model (leaving, or the next check-up score) and its held-out validation report."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # leaving, checkup
    created_at = models.DateTimeField()
    cutoff = models.DateField()
    use_fitted = models.BooleanField(default=False)
    report = models.JSONField(default=dict)  # hearth.engine.risk_fit.FitReport.to_dict()
    model_fit_version = models.CharField(max_length=32)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} fit {self.pk} of centre {self.centre_id}"
