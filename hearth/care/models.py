"""Support requests (an agent asks for a confidential conversation) and case work: cases, consents, sessions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hearth.core.fields import EncryptedTextField


class SupportRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    IN_CONTACT = "in_contact", _("In contact")
    CLOSED = "closed", _("Closed")


class ContactPreference(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat message")
    ANY = "any", _("Any way")


class SupportRequest(models.Model):
    """A request from an agent for a confidential conversation. Seen by the agent and social workers only."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="support_requests")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="support_requests")
    created_at = models.DateTimeField()
    message = EncryptedTextField(_("anything you would like to tell us first (optional)"), blank=True)
    contact_preference = models.CharField(
        _("how should we contact you?"), max_length=16, choices=ContactPreference.choices, default=ContactPreference.ANY
    )
    status = models.CharField(max_length=16, choices=SupportRequestStatus.choices, default=SupportRequestStatus.OPEN)
    handled_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="handled_support_requests"
    )
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=32, default="checkup_result")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"support request {self.pk} ({self.status})"


# ------------------------------------------------------------------------------------------------ cases
# Case work (issue 5). Content is seen only by the case's social workers and their supervisor; the agent
# sees their own plan, tasks and the session summaries shared with them. Notes are encrypted at rest.


class CaseKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    FAMILY = "family", _("Family")


class CaseStage(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Service plan")
    SERVICES = "services", _("Services")
    REVIEW = "review", _("Review")
    CLOSED = "closed", _("Closed")


# The workflow, in order; a case moves one stage forward at a time (reopening goes back to assessment).
CASE_STAGES = [s.value for s in CaseStage]


class CaseSource(models.TextChoices):
    SELF = "self", _("The agent asked for a conversation")
    RADAR = "radar", _("A radar alert (the agent consented to outreach)")
    LEAD = "lead", _("A team lead's referral")
    SOCIAL_WORKER = "social_worker", _("Opened by the social worker")


class Case(models.Model):
    """One agent's case: stage, who works it, where it came from, and how it closed."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cases")
    kind = models.CharField(max_length=16, choices=CaseKind.choices, default=CaseKind.INDIVIDUAL)
    stage = models.CharField(max_length=16, choices=CaseStage.choices, default=CaseStage.INTAKE)
    source = models.CharField(max_length=16, choices=CaseSource.choices)
    support_request = models.ForeignKey(SupportRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    workers = models.ManyToManyField("people.Person", related_name="assigned_cases")
    supervisor = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="supervised_cases")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    first_contact_at = models.DateTimeField(null=True, blank=True)
    plan_approved_at = models.DateTimeField(null=True, blank=True)
    plan_approved_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_approved_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closure_reason = models.CharField(max_length=32, blank=True)
    referred_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    referral_concern = EncryptedTextField(blank=True)  # a team lead's short concern: words only, no data
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)  # the agent's, 1-5
    reopened = models.PositiveSmallIntegerField(default=0)
    plan_agreed_at = models.DateTimeField(null=True, blank=True)  # the agent agreed to the service plan

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.stage})"  # never the person: this string can end up in logs


class ConsentKind(models.TextChoices):
    SERVICES = "services", _("To receive services")
    FAMILY = "family", _("To contact family")
    STATISTICS = "statistics", _("To count the outcome in anonymous statistics")


class CaseConsent(models.Model):
    """One decision of the agent on one kind of consent; the latest per kind is in force."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=16, choices=ConsentKind.choices)
    granted = models.BooleanField()
    decided_at = models.DateTimeField()
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} consent on case {self.case_id}"


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    FAMILY = "family", _("Family")
    MEDIATION = "mediation", _("Family mediation")
    PHONE = "phone", _("Phone")
    GROUP = "group", pgettext_lazy("session kind", "Group")


# Session kinds that involve the agent's family: they need the family consent in force.
FAMILY_SESSION_KINDS = frozenset({SessionKind.FAMILY, SessionKind.MEDIATION})


TECHNIQUES = [
    ("active_listening", _("Active listening")), ("cognitive_reframing", _("Cognitive reframing")),
    ("mindfulness", _("Mindfulness")), ("career_counselling", _("Career counselling")),
    ("problem_solving", _("Problem solving")), ("psychoeducation", _("Psychoeducation")),
    ("relaxation", _("Relaxation")), ("mediation", _("Mediation")),
]


class CaseSession(models.Model):
    """One session: when, how, what was done; the notes are encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    kind = models.CharField(max_length=16, choices=SessionKind.choices, default=SessionKind.INDIVIDUAL)
    minutes = models.PositiveSmallIntegerField(default=50)
    techniques = models.JSONField(default=list)
    notes = EncryptedTextField(blank=True)
    next_step = EncryptedTextField(blank=True)
    summary_for_agent = EncryptedTextField(blank=True)  # shown to the agent when shared
    shared_with_agent = models.BooleanField(default=False)
    recorded_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    family_present = models.ManyToManyField("FamilyContact", blank=True, related_name="sessions")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"session {self.pk} of case {self.case_id}"


class CareSettings(models.Model):
    """A centre's case-work rules: the social-work supervisor, approvals, and whether break-glass reads exist."""

    centre = models.OneToOneField("people.Centre", on_delete=models.CASCADE, related_name="care_settings")
    approvals = models.BooleanField(_("the supervisor approves service plans and closures"), default=False)
    # The centre's social-work supervisor: supervises new cases by default and hears of every break-glass read.
    supervisor = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    break_glass = models.BooleanField(
        _("an administrator may read a case in an emergency, with a written reason (the supervisor is told)"),
        default=False,
    )

    def __str__(self) -> str:
        return f"care settings of centre {self.centre_id}"


class CaseAssessment(models.Model):
    """The social worker's assessment: personal and workplace factors, needs by level, the support map."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    personal_factors = EncryptedTextField(blank=True)  # career plan, family support, resilience, work ability
    enterprise_factors = EncryptedTextField(blank=True)  # career development, pay, environment, support
    needs = models.JSONField(default=list)  # of NEED_LEVELS
    primary_type = models.CharField(max_length=16, blank=True)  # of PRIMARY_TYPES: the case type in outcomes
    factor_ratings = models.JSONField(default=dict)  # factor key (PERSONAL_FACTORS, ENTERPRISE_FACTORS) → FACTOR_RATINGS
    support_map = models.JSONField(default=dict)  # SUPPORT_SOURCES → 0 none … 3 strong
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"assessment of case {self.case_id}"


# The kind of burnout the case mainly addresses, as the social worker judges it: the "case type" of outcomes.
PRIMARY_TYPES = [("basic", _("Basic (exhaustion, low satisfaction)")),
                 ("belonging", _("Belonging (depersonalization, cynicism)")),
                 ("developmental", _("Developmental (low self-efficacy, intention to leave)"))]
# The assessment's factors, each rated a strength, neutral or a concern, with free-text notes beside them.
PERSONAL_FACTORS = [
    ("career_plan", _("Career plan")), ("family_support", _("Family support")),
    ("resilience", _("Stress resilience")), ("work_ability", _("Work ability")),
    ("language", _("Language skills")), ("cross_cultural", _("Cross-cultural skills")),
]
ENTERPRISE_FACTORS = [
    ("career_development", _("Career development")), ("pay", _("Pay and benefits")),
    ("environment", _("Work environment and schedule")), ("organisational_support", _("Organisational support")),
]
FACTOR_RATINGS = [("strength", _("Strength")), ("neutral", _("Neutral")), ("concern", _("Concern"))]
NEED_LEVELS = [("health_safety", _("Health and safety")), ("belonging", _("Belonging")), ("development", _("Development"))]
SUPPORT_SOURCES = [("family", _("Family")), ("friends", _("Friends")), ("colleagues", _("Colleagues")), ("mentor", _("Mentor"))]


class TaskOwner(models.TextChoices):
    AGENT = "agent", _("The agent")
    WORKER = "worker", _("The social worker")


class CaseGoal(models.Model):
    """A goal of the service plan with its measurable indicator; attainment scored −2…+2 (GAS)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    description = EncryptedTextField()
    indicator = EncryptedTextField(blank=True)
    attainment = models.SmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"goal {self.pk} of case {self.case_id}"


class CaseTask(models.Model):
    """A task of the plan, for the agent (who ticks it on their page) or the social worker, with a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField()
    owner = models.CharField(max_length=8, choices=TaskOwner.choices)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"task {self.pk} of case {self.case_id}"


class ReferralService(models.TextChoices):
    EAP = "eap", _("Employee assistance programme")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    MADE = "made", _("Referral made")
    ACCEPTED = "accepted", _("Accepted")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")


class ExternalReferral(models.Model):
    """A referral to an outside service, with its status."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service = models.CharField(max_length=16, choices=ReferralService.choices)
    organisation = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SUGGESTED)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"referral {self.pk} of case {self.case_id}"


# ------------------------------------------------------------------------------------------ families
# Family services happen only with the agent's consent to contact their family; withdrawing it hides the
# contacts everywhere and stops family sessions at once.


class FamilyRelation(models.TextChoices):
    PARTNER = "partner", _("Spouse or partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other relative")


class FamilyContact(models.Model):
    """A family member the agent agreed the social worker may contact; name and details encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_contacts")
    name = EncryptedTextField()
    relation = models.CharField(max_length=16, choices=FamilyRelation.choices)
    phone = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"family contact {self.pk} of case {self.case_id}"


class ResourceKind(models.TextChoices):
    FAMILY_JOBS = "family_jobs", _("Jobs for family members")
    HARDSHIP = "hardship", _("Hardship subsidy")
    CHILDCARE = "childcare", _("Childcare")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal advice")
    OTHER = "other", _("Other")


class Resource(models.Model):
    """A resource of the centre's directory that the social worker can link a case or family to."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="care_resources")
    kind = models.CharField(max_length=16, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it offers and who qualifies"), blank=True)
    contact = models.CharField(_("how to reach it"), max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="care_resource_unique_name")]

    def __str__(self) -> str:
        return self.name


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


class ResourceLink(models.Model):
    """A resource offered to a case (for the agent or their family), with its status."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resource_links")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="links")
    for_family = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"resource link {self.pk} of case {self.case_id}"
