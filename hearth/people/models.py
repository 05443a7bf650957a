"""Centre → teams → people, with roles and helpdesk accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    TEAM_LEAD = "team_lead", _("Team lead")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    TRAINER = "trainer", _("Trainer / QA")
    HR = "hr", _("HR")
    MANAGER = "manager", _("Centre manager")
    ADMIN = "admin", _("Administrator")


# Roles whose accounts must use TOTP two-factor (they read the most sensitive data).
TWO_FACTOR_ROLES = frozenset({Role.SOCIAL_WORKER, Role.HR, Role.ADMIN})


class ShiftPattern(models.TextChoices):
    DAY = "day", _("Day")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")
    ROTATING = "rotating", _("Rotating")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "on_leave", _("On leave")
    LEFT = "left", _("Left")


class Centre(models.Model):
    """A customer-service centre: the unit of configuration and of anonymity."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("default language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    k_anonymity = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=settings.HEARTH_K_ANONYMITY_DEFAULT,
        validators=[MinValueValidator(settings.HEARTH_K_ANONYMITY_FLOOR)],
        help_text=_("Aggregates are shown only where at least this many people answered (never below 3)."),
    )
    is_demo = models.BooleanField(_("demo centre"), default=False)
    two_factor_waived = models.BooleanField(
        _("two-factor waived"),
        default=False,
        help_text=_("Only for the demo centre: roles that normally need two-factor sign in without it."),
    )
    keep_message_text = models.BooleanField(
        _("keep full message text"),
        default=False,
        help_text=_("Off (recommended): Hearth keeps only what it computed from each message, plus a short, "
                    "masked snippet of hostile messages for a limited time."),
    )
    evidence_retention_days = models.PositiveSmallIntegerField(
        _("keep hostile-message snippets for (days)"), default=30,
        validators=[MinValueValidator(1)],
    )
    business_hours = models.JSONField(
        _("business hours"), default=dict, blank=True,
        help_text=_("Opening hours per weekday, e.g. {\"mon\": [\"09:00\", \"18:00\"]}; response times then count only open hours."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name

    @property
    def k(self) -> int:
        """The anonymity threshold in force, never below the floor."""
        return max(self.k_anonymity, settings.HEARTH_K_ANONYMITY_FLOOR)


class Team(models.Model):
    """A team of agents; a team may sit inside another (sub-teams)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent team"),
    )
    leads = models.ManyToManyField("Person", blank=True, related_name="led_teams", verbose_name=_("team leads"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="team_unique_name_per_centre")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who works at the centre, with or without a login."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    employee_id = models.CharField(_("employee id"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name=_("team")
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    shift_pattern = models.CharField(
        _("shift pattern"), max_length=16, choices=ShiftPattern.choices, default=ShiftPattern.DAY
    )
    status = models.CharField(_("status"), max_length=16, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    leave_reason = models.CharField(_("leave reason"), max_length=200, blank=True)
    ui_language = models.CharField(_("display language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "employee_id"], name="person_unique_employee_id")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"

    @property
    def role_set(self) -> frozenset[str]:
        """The roles this person holds (cached per instance)."""
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        """Whether the person holds any of the given roles."""
        return bool(self.role_set.intersection(roles))


class RoleAssignment(models.Model):
    """One role held by one person; a person may hold several."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="role_unique_per_person")]

    def __str__(self) -> str:
        return f"{self.person.employee_id}: {self.role}"


class HelpdeskAccount(models.Model):
    """An id under which a person appears in a helpdesk export (to map conversations to people)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="helpdesk_accounts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="helpdesk_accounts")
    source = models.CharField(_("helpdesk"), max_length=32, default="any")
    external_id = models.CharField(_("account id"), max_length=200)

    class Meta:
        verbose_name = _("helpdesk account")
        verbose_name_plural = _("helpdesk accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "source", "external_id"], name="helpdesk_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class LoginFailure(models.Model):
    """A failed sign-in, kept for lockout decisions."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"failed sign-in for {self.username} at {self.at:%Y-%m-%d %H:%M}"
