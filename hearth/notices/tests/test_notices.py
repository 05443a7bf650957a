"""Notices: once per reason, in-app and by email, in the reader's own language."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from hearth.notices.models import Notice
from hearth.notices.services import notice_send


def test_a_notice_is_sent_once_per_dedupe_key(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notice_send(person=cast.alice, kind="checkup_open", params={"title": "T", "closes": "x", "minutes": 3}, dedupe_key="k")
        second = notice_send(person=cast.alice, kind="checkup_open", params={"title": "T", "closes": "x", "minutes": 3}, dedupe_key="k")
    assert first is not None and second is None
    assert Notice.objects.filter(person=cast.alice).count() == 1
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_readers_language(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast.bob.ui_language = ""  # reads the centre's language: Simplified Chinese
    cast.bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice_send(person=cast.alice, kind="checkup_reminder", params={"title": "Monthly", "closes": "2026-12-01 18:00"})
        notice_send(person=cast.bob, kind="checkup_reminder", params={"title": "Monthly", "closes": "2026-12-01 18:00"})
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person[cast.alice.email].subject == "Reminder: Monthly"
    assert "Monthly" in by_person[cast.bob.email].subject and "Reminder" not in by_person[cast.bob.email].subject


def test_no_email_without_an_address(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast.bob.email = ""
    cast.bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice_send(person=cast.bob, kind="support_request_closed")
    assert mail.outbox == []
    assert Notice.objects.filter(person=cast.bob).exists()


def test_the_agent_sees_and_clears_their_notices(cast: Any) -> None:
    notice_send(person=cast.alice, kind="support_request_in_contact", email=False)
    client = cast.client_for("alice")
    assert "badge" in client.get(reverse("checkups:mine")).content.decode()
    client.post(reverse("notices:read"))
    assert not Notice.objects.filter(person=cast.alice, read_at__isnull=True).exists()
