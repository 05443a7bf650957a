"""Background work for the diary and the peer buddy, run by `hearth worker`."""

from __future__ import annotations

from django_tasks import task

from hearth.diaries.services import buddy_checkin_reminders


@task()
def buddy_checkin_reminder_task() -> int:
    """Remind buddies who have not checked in for a week (at most twice per quiet spell); returns notices sent."""
    return buddy_checkin_reminders()
