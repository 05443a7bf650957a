"""Activities in Django's admin: read-mostly lists for staff (questions are left out: they may be anonymous)."""

from django.contrib import admin

from hearth.activities.models import Activity, Rotation


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Activities by date."""

    list_display = ["title", "kind", "starts_at", "status", "capacity"]
    list_filter = ["kind", "status"]


@admin.register(Rotation)
class RotationAdmin(admin.ModelAdmin):
    """Job rotations by first day."""

    list_display = ["pk", "starts_on", "ends_on", "status"]
