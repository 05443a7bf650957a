"""Training: a centre's scenarios (with their edit history), simulated chats and their turns, certification
tests, attempts and certificates, and the centre's optional language-model endpoint.

A scenario is stored as the engine's own dict (`scenario_to_dict`); `load_scenario` is the only validator.
A simulation keeps a copy of the scenario it ran, so later edits never change a past score.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import EncryptedTextField


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ScenarioRecord(models.Model):
    """A centre's scenario: the engine scenario as JSON, draft or published, who edited it last."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="scenarios")
    key = models.CharField(max_length=100)  # the engine scenario's id, unique per centre
    version = models.PositiveIntegerField(default=1)
    language = models.CharField(max_length=10)
    platform = models.CharField(max_length=50, blank=True)
    level = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    data = models.JSONField()
    status = models.CharField(max_length=16, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT)
    editor = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["language", "level", "title"]
        constraints = [models.UniqueConstraint(fields=["centre", "key"], name="scenario_unique_key_per_centre")]

    def __str__(self) -> str:
        return f"scenario {self.key} v{self.version}"


class ScenarioVersion(models.Model):
    """One saved version of a scenario: kept on every edit, with who saved it and when."""

    record = models.ForeignKey(ScenarioRecord, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)  # "seeded", "edited", "imported from x.json", "published"

    class Meta:
        ordering = ["-version", "-at"]

    def __str__(self) -> str:
        return f"version {self.version} of scenario {self.record_id}"


class Mode(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    TEST = "test", _("Test")


class Level(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    SENIOR = "senior", _("Senior")


class CertificationTest(models.Model):
    """A certification test: a level, its scenarios with a pass mark each, an overall pass mark and attempt rules."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="certification_tests")
    level = models.CharField(max_length=20, choices=Level.choices)
    title = models.CharField(max_length=200)
    scenarios = models.ManyToManyField(ScenarioRecord, related_name="certification_tests")
    scenario_pass_marks = models.JSONField(default=dict)  # str(record pk) -> pass mark 0..100
    pass_mark = models.PositiveSmallIntegerField(default=70)
    attempts_allowed = models.PositiveSmallIntegerField(default=3)
    cooldown_hours = models.PositiveIntegerField(default=24)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["level", "title"]

    def __str__(self) -> str:
        return f"certification test {self.pk} ({self.level})"


class CertificationAttempt(models.Model):
    """One person's attempt at a certification test: one test-mode simulation per scenario."""

    test = models.ForeignKey(CertificationTest, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="certification_attempts")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"attempt {self.pk} at test {self.test_id}"


class Simulation(models.Model):
    """A trainee's run of a scenario (a copy of the version run), in practice or test mode, and its result."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="simulations")
    scenario = models.ForeignKey(ScenarioRecord, on_delete=models.PROTECT, related_name="simulations")
    scenario_version = models.PositiveIntegerField()
    scenario_data = models.JSONField()
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.PRACTICE)
    attempt = models.ForeignKey(CertificationAttempt, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="simulations")
    started_at = models.DateTimeField()
    served_at = models.DateTimeField()  # when the customer's current message was served: the clock starts here
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    dimensions = models.JSONField(default=dict)  # rubric dimension -> mean 0..1 (None: not scored)
    hints_used = models.PositiveSmallIntegerField(default=0)
    retries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"simulation {self.pk} ({self.mode})"


class MessageSource(models.TextChoices):
    SCRIPT = "script", _("Script")
    MODEL = "model", _("Language model")
    FALLBACK = "fallback", _("Script (the model did not answer)")


class SimTurn(models.Model):
    """One exchange: the customer's message, the agent's reply, the seconds it took, its score and feedback."""

    simulation = models.ForeignKey(Simulation, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveSmallIntegerField()
    customer_message = models.TextField()
    source = models.CharField(max_length=16, choices=MessageSource.choices, default=MessageSource.SCRIPT)
    source_note = models.CharField(max_length=300, blank=True)  # why the model was not used
    agent_reply = models.TextField(blank=True)
    served_at = models.DateTimeField()
    replied_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    total = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=50, blank=True)
    dimensions = models.JSONField(default=dict)
    feedback = models.JSONField(default=list)  # [{kind, dimension, message: {en, zh-hans}, cues: [...]}]
    hint_shown = models.BooleanField(default=False)
    superseded = models.BooleanField(default=False)  # a practice retry replaced this reply

    class Meta:
        ordering = ["simulation", "index", "pk"]

    def __str__(self) -> str:
        return f"turn {self.index} of simulation {self.simulation_id}"


class Certificate(models.Model):
    """A certificate for passing a certification test: person, level, date and a number anyone can verify."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="certificates")
    test = models.ForeignKey(CertificationTest, null=True, on_delete=models.SET_NULL, related_name="certificates")
    attempt = models.OneToOneField(CertificationAttempt, null=True, on_delete=models.SET_NULL, related_name="certificate")
    level = models.CharField(max_length=20, choices=Level.choices)
    issued_on = models.DateField()
    number = models.CharField(max_length=40, unique=True)
    total = models.FloatField(null=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"certificate {self.number}"


class TrainingSettings(models.Model):
    """A centre's optional OpenAI-compatible endpoint for the simulated customer; off by default."""

    centre = models.OneToOneField("people.Centre", on_delete=models.CASCADE, related_name="training_settings")
    endpoint_enabled = models.BooleanField(_("use a language model for the customer"), default=False)
    base_url = models.URLField(_("base URL"), blank=True)
    model_name = models.CharField(_("model name"), max_length=200, blank=True)
    api_key = EncryptedTextField(_("API key"), blank=True)
    timeout_seconds = models.FloatField(_("timeout (seconds)"), default=10.0)
    updated_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"training settings of centre {self.centre_id}"


# Names of the engine's rubric dimensions and reply categories, in the reader's language.
DIMENSION_LABELS = {
    "total": _("Overall"),
    "empathy": _("Empathy"),
    "apology": _("Apology"),
    "ownership": _("Ownership"),
    "solution": _("Concrete solution"),
    "clarity": _("Clarity"),
    "politeness": _("Politeness"),
    "forbidden": _("No forbidden phrases"),
    "blame": _("No blaming"),
    "response_time": _("Response time"),
    "similarity": _("Close to a model reply"),
}
CATEGORY_LABELS = {
    "calm": _("The customer calms down"),
    "neutral": _("The customer stays as they were"),
    "escalate": _("The customer gets more upset"),
}
FEEDBACK_LABELS = {"keep": _("Keep"), "start": _("Start"), "stop": _("Stop")}
