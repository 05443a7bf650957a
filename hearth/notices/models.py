"""In-app notices, stored as a message key and parameters so each reader sees their own language."""

from __future__ import annotations

from django.db import models


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
