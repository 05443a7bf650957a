"""The social worker's group programmes: groups, goals, members, mentor pairs and rewards, sessions, attendance.

Who is in a group is sensitive (a counselling group says something about its members): members are seen
by the group's facilitators and by each member themself only; everyone else sees anonymous counts above k.
Session notes are about the group, never a named member, and are encrypted at rest.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hearth.core.fields import EncryptedTextField


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class Enrolment(models.TextChoices):
    INVITE = "invite", _("By invitation only")
    OPEN = "open", _("Open: agents can join themselves")


class ProgrammeKind(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling group")
    COPING = "coping", _("Stress-coping programme")


class Programme(models.Model):
    """A group the social worker runs: started from a template or custom, with goals, members and sessions."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="programmes")
    template = models.CharField(max_length=32, blank=True)  # a key of catalogue.TEMPLATES; empty: custom
    mentoring = models.BooleanField(default=False)  # a mentoring circle: mentor–mentee pairs and mentor rewards
    kind = models.CharField(max_length=16, choices=ProgrammeKind.choices, default=ProgrammeKind.COUNSELLING)
    # Completing a phased programme: every phase passed and at least this share (%) of held sessions attended.
    completion_attendance = models.PositiveSmallIntegerField(default=80)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED)
    enrolment = models.CharField(_("enrolment"), max_length=16, choices=Enrolment.choices, default=Enrolment.INVITE)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    instrument = models.CharField(_("before/after questionnaire"), max_length=64, blank=True)
    facilitators = models.ManyToManyField("people.Person", related_name="facilitated_programmes")
    pre_campaign = models.ForeignKey("assessments.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    post_campaign = models.ForeignKey("assessments.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"programme {self.pk} ({self.status})"


class ProgrammeGoal(models.Model):
    """A goal of the group with its measurable indicator; attainment at the end on the GAS scale −2…+2."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField()
    indicator = models.TextField(blank=True)
    attainment = models.SmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"goal {self.pk} of programme {self.programme_id}"


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", pgettext_lazy("member", "Taking part")
    LEFT = "left", _("Left")


class MemberRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("group role", "Member")
    MENTOR = "mentor", _("Mentor (experienced agent)")
    MENTEE = "mentee", _("Mentee (new agent)")


class Membership(models.Model):
    """One person in one group: invited or self-enrolled, their answer, and their consent to be counted."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="programme_memberships")
    status = models.CharField(max_length=16, choices=MemberStatus.choices, default=MemberStatus.INVITED)
    role = models.CharField(max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    self_enrolled = models.BooleanField(default=False)
    invited_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    counted = models.BooleanField(default=False)  # consents to count their results in anonymous statistics
    counted_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="membership_unique")]

    def __str__(self) -> str:
        return f"membership {self.pk} ({self.status})"  # never the person: this string can end up in logs


class MentorPair(models.Model):
    """A mentor and a mentee of the same mentoring circle."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="mentee_pairs")
    mentee = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="mentor_pairs")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["mentor", "mentee"], name="mentor_pair_unique")]

    def __str__(self) -> str:
        return f"pair {self.pk} of programme {self.programme_id}"


class RewardKind(models.TextChoices):
    POINTS = "points", _("Points")
    BONUS = "bonus", _("Bonus")
    CERTIFICATE = "certificate", _("Certificate")
    OTHER = "other", _("Other")


class MentorReward(models.Model):
    """A reward recorded for a mentor; seen by the group's facilitators and the mentor themself."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rewards")
    mentor = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="rewards")
    kind = models.CharField(max_length=16, choices=RewardKind.choices)
    awarded_on = models.DateField()
    note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["awarded_on", "pk"]

    def __str__(self) -> str:
        return f"reward {self.pk} of programme {self.programme_id}"


class Phase(models.Model):
    """One phase of a coping programme: its planned days, what it takes to pass, and the pass mark (0–100)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    planned_days = models.PositiveSmallIntegerField(default=1)
    pass_criteria = models.TextField(blank=True)
    pass_mark = models.PositiveSmallIntegerField(default=60)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="phase_order_unique")]

    def __str__(self) -> str:
        return f"phase {self.order} of programme {self.programme_id}"


class ModuleKind(models.TextChoices):
    COGNITIVE = "cognitive", _("Cognitive")
    EMOTIONAL = "emotional", _("Emotional")
    BEHAVIOURAL = "behavioural", _("Behavioural")
    SUPPORT = "support", _("Support")
    ACTION_PLAN = "action_plan", _("Action plan")


class Module(models.Model):
    """A module of a phase: its kind, title and content outline, both as {language: text}."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=ModuleKind.choices)
    title = models.JSONField(default=dict)  # {"en": …, "zh-hans": …}
    outline = models.JSONField(default=dict)
    link = models.CharField(max_length=200, blank=True)  # a Hearth page to practise on, e.g. /training/

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"module {self.order} ({self.kind}) of phase {self.phase_id}"


class ProgrammeSession(models.Model):
    """One session of a group: theme, date, length; held once attendance is recorded. Notes are about the group."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    theme = models.CharField(max_length=200)
    held_on = models.DateField(null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(default=90)
    held = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True)  # about the group, never a named member
    updated_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return f"session {self.number} of programme {self.programme_id}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    """Whether a member came to a session."""

    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "membership"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"attendance {self.pk} ({self.status})"


class PhaseAssessment(models.Model):
    """A member's result in one phase: a score 0–100 (passed at or above the pass mark) or a plain pass/fail."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="assessments")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assessments")
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # None: assessed pass/fail only
    passed = models.BooleanField()
    note = EncryptedTextField(blank=True)  # feedback the member reads on "My groups"
    assessed_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["phase", "membership"], name="phase_assessment_unique")]

    def __str__(self) -> str:
        return f"assessment {self.pk} ({'passed' if self.passed else 'not passed'})"


class Completion(models.Model):
    """A member completed the programme (every phase passed, attendance at the threshold): a certificate record."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="completion")
    completed_on = models.DateField()
    attendance = models.PositiveSmallIntegerField()  # % of held sessions attended when it was recorded
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"completion {self.pk} on {self.completed_on}"
