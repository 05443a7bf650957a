"""Background work for notices: emails, each in its reader's language; chat-webhook deliveries and retries."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from hearth.notices.messages import render_notice
from hearth.notices.models import Notice
from hearth.notices.services import webhook_delivery_attempt, webhook_retry_due


@task()
def notice_email_send(notice_id: int) -> bool:
    """Email one notice to its person; False when there is nothing to send."""
    notice = Notice.objects.select_related("person__centre").filter(pk=notice_id).first()
    if notice is None or not notice.person.email:
        return False
    person = notice.person
    with translation.override(person.ui_language or person.centre.language):
        title, body = render_notice(notice.kind, notice.params)
        text = render_to_string(
            "notices/email/notice.txt",
            {"title": title, "body": body, "url": notice.url, "base_url": settings.HEARTH_BASE_URL},
        )
    send_mail(title, text, settings.DEFAULT_FROM_EMAIL, [person.email])
    return True


@task()
def webhook_deliver(delivery_id: int) -> str:
    """One attempt at one chat-webhook delivery; failures are recorded and retried later, never raised."""
    return webhook_delivery_attempt(delivery_id=delivery_id)


@task()
def webhook_retry_task() -> int:
    """Queue the chat-webhook deliveries whose retry time has come (run every minute by `hearth worker`)."""
    return webhook_retry_due()
