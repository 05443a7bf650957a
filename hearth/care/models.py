"""Support requests: an agent asks for a confidential conversation with the social worker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
