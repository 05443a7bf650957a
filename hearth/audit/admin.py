from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from hearth.audit.models import AuditEvent
from hearth.audit.selectors import sensitive_q


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: admins may read the audit trail; nobody may add, change or delete it."""

    list_display = ["at", "actor_label", "action", "subject_label", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_label", "subject_label", "reason"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        """Never the sensitive families here: the Hearth audit page shows them with the person as a code."""
        return super().get_queryset(request).exclude(sensitive_q())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
