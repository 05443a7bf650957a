"""In-app notices, stored as a message key and parameters so each reader sees their own language;
chat channels (group-robot webhooks) and their send log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core.fields import EncryptedTextField


class Notice(models.Model):
    """A notice for one person (new check-up, reminder, reply from the social worker…)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notice_dedupe"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for person {self.person_id}"


class WebhookPlatform(models.TextChoices):
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    FEISHU = "feishu", _("Feishu / Lark")
    SLACK = "slack", _("Slack")


# The platforms whose robots check a signature made with a secret.
SIGNING_PLATFORMS = (WebhookPlatform.DINGTALK, WebhookPlatform.FEISHU)


class WebhookTopic(models.TextChoices):
    TEAM_LOAD = "team_load", _("Team load alerts")
    OUTREACH_QUEUE = "outreach_queue", _("New items in the social worker's queue (a count only)")
    TEST = "test", _("Test message")


# What a channel can subscribe to (a test message is sent on request, not subscribed to).
CHANNEL_TOPICS = [WebhookTopic.TEAM_LOAD, WebhookTopic.OUTREACH_QUEUE]


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Will retry")
    FAILED = "failed", _("Failed")


class WebhookChannel(models.Model):
    """A team lead's (or the centre's) group chat that receives some alerts through a chat robot's webhook."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="webhook_channels")
    name = models.CharField(_("name"), max_length=100)
    platform = models.CharField(_("platform"), max_length=16, choices=WebhookPlatform.choices)
    url = models.URLField(
        _("webhook address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    secret = EncryptedTextField(_("signing secret"), blank=True)
    language = models.CharField(
        _("message language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="webhook_channels",
        verbose_name=_("team"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.platform})"

    @property
    def topic_labels(self) -> list[str]:
        """The labels of the topics this channel receives, in the active language."""
        return [str(WebhookTopic(topic).label) for topic in self.topics if topic in WebhookTopic.values]

    @property
    def secret_hint(self) -> str:
        """The secret's last four characters when it is long enough to spare them, else ""."""
        return self.secret[-4:] if len(self.secret) >= 12 else ""

    @property
    def url_hint(self) -> str:
        """The webhook address without its credential part: scheme, host and the last four characters."""
        scheme, _sep, rest = self.url.partition("://")
        host = rest.split("/", 1)[0].split("?", 1)[0]
        return f"{scheme}://{host}/…{self.url[-4:]}"


class WebhookDelivery(models.Model):
    """One message to one chat channel, with its attempts: the send log."""

    channel = models.ForeignKey(WebhookChannel, on_delete=models.CASCADE, related_name="deliveries")
    topic = models.CharField(max_length=32, choices=WebhookTopic.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # When the retry sweep should (re)enqueue it: the next retry, or a lease on a queued/sending one.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="webhook_delivery_dedupe"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.topic} to channel {self.channel_id}: {self.status}"
