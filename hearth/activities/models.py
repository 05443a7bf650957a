"""Preventive programmes: activities and who takes part, family events, job rotations, the leadership open channel."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hearth.core.fields import EncryptedTextField


class ActivityKind(models.TextChoices):
    BUSINESS_ENGLISH = "business_english", _("Business-English workshop")
    CROSS_CULTURAL = "cross_cultural", _("Cross-cultural workshop")
    SPORTS = "sports", _("Sports")
    TEAM = "team", _("Team activity")
    JOB_ROTATION = "job_rotation", _("Job rotation")
    OPEN_CHANNEL = "open_channel", _("Leadership open channel")
    FAMILY = "family", _("Family open day / family event")
    OTHER = "other", pgettext_lazy("activity kind", "Other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", pgettext_lazy("activity status", "Done")


class Audience(models.TextChoices):
    ALL = "all", _("All staff")
    TEAMS = "teams", _("Some teams")
    SHIFTS = "shifts", _("Some shifts")


class Recurrence(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class ActivitySeries(models.Model):
    """A repeating activity: its occurrences are separate, dated activities that point here."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="activity_series")
    recurrence = models.CharField(max_length=16, choices=Recurrence.choices)
    occurrences = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"series {self.pk} ({self.recurrence} × {self.occurrences})"


class Activity(models.Model):
    """One dated preventive activity (a workshop, a sports evening, a family open day…) with places and a waiting list."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="activities")
    series = models.ForeignKey(ActivitySeries, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="activities")
    kind = models.CharField(_("kind"), max_length=32, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    audience = models.CharField(_("who may join"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    teams = models.ManyToManyField("people.Team", blank=True, related_name="activities", verbose_name=_("teams"))
    shifts = models.JSONField(_("shifts"), default=list, blank=True)
    organiser = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL,
                                  related_name="organised_activities", verbose_name=_("organiser"))
    status = models.CharField(_("status"), max_length=16, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["centre", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_family(self) -> bool:
        """Whether agents register family members (adults, children) for it."""
        return self.kind == ActivityKind.FAMILY

    def seats_for(self, adults: int, children: int) -> int:
        """Places one sign-up takes: the agent, and at a family event each family member they bring."""
        return 1 + (adults + children if self.is_family else 0)


class ParticipationStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Signed up")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled their place")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


# The statuses that hold a place (attendance marks keep the place they were given).
HOLDS_PLACE = (ParticipationStatus.SIGNED_UP, ParticipationStatus.ATTENDED, ParticipationStatus.NO_SHOW)


class Participation(models.Model):
    """One person's place (or waiting-list spot) in one activity, with family headcounts and attendance."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="participations")
    status = models.CharField(max_length=16, choices=ParticipationStatus.choices)
    queued_at = models.DateTimeField()  # when they (last) signed up: the waiting list's order
    adults = models.PositiveSmallIntegerField(default=0)  # family members registered (counts only, no names)
    children = models.PositiveSmallIntegerField(default=0)
    adults_came = models.PositiveSmallIntegerField(null=True, blank=True)  # recorded with attendance
    children_came = models.PositiveSmallIntegerField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="participation_unique_person"),
        ]

    def __str__(self) -> str:
        return f"participation {self.pk} ({self.status})"


# ------------------------------------------------------------------------------------------- rotations


class RotationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    DONE = "done", pgettext_lazy("rotation status", "Done")
    CANCELLED = "cancelled", _("Cancelled")


class Rotation(models.Model):
    """One person's job rotation: from a team/queue/role to another team/queue, between two dates, and why."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="rotations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="rotations",
                               verbose_name=_("person"))
    from_team = models.ForeignKey("people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("from team"))
    from_queue = models.CharField(_("from queue or role"), max_length=200, blank=True)
    to_team = models.ForeignKey("people.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("to team"))
    to_queue = models.CharField(_("to queue or role"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=16, choices=RotationStatus.choices,
                              default=RotationStatus.PLANNED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"rotation {self.pk} ({self.starts_on}–{self.ends_on})"  # no name: this can end up in logs


# ------------------------------------------------------------------------------------ the open channel


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("A question")
    SUGGESTION = "suggestion", _("A suggestion")


class Question(models.Model):
    """A question or suggestion to the centre's leadership; an anonymous one has no author and only a day, no time."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="channel_questions")
    # Null for an anonymous question: nothing links it to its author, not even a timestamp to the second.
    author = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="channel_questions")
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.QUESTION)
    text = EncryptedTextField(_("your question or suggestion"))
    asked_on = models.DateField()
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("show on the board"), default=False)

    class Meta:
        verbose_name = _("open-channel question")
        verbose_name_plural = _("open-channel questions")
        ordering = ["-asked_on", "-pk"]

    def __str__(self) -> str:
        return f"question {self.pk}"

    @property
    def anonymous(self) -> bool:
        """Whether the question was asked without a name."""
        return self.author_id is None
