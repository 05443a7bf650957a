"""Chat-webhook deliveries: sent once, retried with backoff, failed after the last attempt, never blocking each other."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.care.services import support_request_create
from hearth.engine.chat_webhooks import MAX_ATTEMPTS
from hearth.notices.models import DeliveryStatus, WebhookChannel, WebhookDelivery
from hearth.notices.services import (
    webhook_channel_test,
    webhook_delivery_attempt,
    webhook_outreach_queue_send,
    webhook_retry_due,
    webhook_send,
)
from hearth.notices.tasks import webhook_retry_task
from hearth.notices.tests.conftest import RECEIVER_SECRET, Receiver


def _channel(cast: Any, url: str, *, platform: str = "wecom", topics: tuple[str, ...] = ("team_load",),
             team: Any = None, language: str = "en", secret: str = "", active: bool = True,
             name: str = "Night leads") -> WebhookChannel:
    return WebhookChannel.objects.create(
        centre=cast.centre, name=name, platform=platform, url=url, secret=secret, language=language,
        team=team, topics=list(topics), active=active,
    )


def _send(cast: Any, capture: Any, **kwargs: Any) -> list[WebhookDelivery]:
    fields = {"centre": cast.centre, "topic": "team_load", "title": "Night: load is high",
              "text": "3 agents above their usual load.", "url": "/load/teams/1/", "team": cast.night} | kwargs
    with capture(execute=True):
        deliveries = webhook_send(**fields)
    for delivery in deliveries:
        delivery.refresh_from_db()
    return deliveries


@pytest.mark.parametrize(("platform", "path", "secret"), [
    ("wecom", "/wecom/ok", ""),
    ("dingtalk", "/dingtalk/signed", RECEIVER_SECRET),
    ("feishu", "/feishu/signed", RECEIVER_SECRET),
    ("slack", "/slack/ok", ""),
])
def test_a_delivery_is_sent_in_the_platforms_format(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any, platform: str, path: str, secret: str
) -> None:
    _channel(cast, receiver.url(path), platform=platform, secret=secret)
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 1, "")
    assert delivery.sent_at is not None and delivery.next_attempt_at is None
    [request] = receiver.requests
    text = request.raw.decode("utf-8")
    assert "Night: load is high" in text and "3 agents above their usual load." in text
    assert "http://127.0.0.1:8000/load/teams/1/" in text  # made absolute with HEARTH_BASE_URL
    assert "Open in Hearth" in text


@pytest.mark.parametrize("path", ["/wecom/error", "/wecom/500"])
def test_an_error_answer_schedules_a_retry(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any, path: str
) -> None:
    _channel(cast, receiver.url(path))
    before = timezone.now()
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1
    assert delivery.next_attempt_at is not None
    assert before + timedelta(seconds=59) < delivery.next_attempt_at < timezone.now() + timedelta(seconds=61)
    assert ("errcode 310000" if path.endswith("error") else "HTTP 500") in delivery.last_error


def test_a_wrong_signature_is_a_failure(cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    _channel(cast, receiver.url("/dingtalk/signed"), platform="dingtalk", secret="SECnot-the-one-the-robot-has")
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.RETRYING and "sign not match" in delivery.last_error
    assert "SECnot" not in delivery.last_error


def test_retries_back_off_and_the_delivery_fails_after_the_last_attempt(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _channel(cast, receiver.url("/wecom/500"))
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    waits = []
    while delivery.status == DeliveryStatus.RETRYING:
        assert delivery.next_attempt_at is not None
        waits.append(round((delivery.next_attempt_at - timezone.now()).total_seconds() / 60))
        assert webhook_retry_due() == 0  # not due yet: nothing is queued early
        with django_capture_on_commit_callbacks(execute=True):
            assert webhook_retry_due(now=delivery.next_attempt_at) == 1
        delivery.refresh_from_db()
    assert waits == [1, 5, 25, 125]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (DeliveryStatus.FAILED, MAX_ATTEMPTS, None)
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert webhook_retry_due(now=timezone.now() + timedelta(days=1)) == 0


def test_a_retry_that_succeeds_marks_the_delivery_sent(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = _channel(cast, receiver.url("/wecom/500"))
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    channel.url = receiver.url("/wecom/ok")  # the robot is back
    channel.save()
    with django_capture_on_commit_callbacks(execute=True):
        webhook_retry_task.enqueue()
        webhook_retry_due(now=timezone.now() + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, "")


def test_a_channel_turned_off_gets_no_more_retries(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = _channel(cast, receiver.url("/wecom/500"))
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    channel.active = False
    channel.save()
    with django_capture_on_commit_callbacks(execute=True):
        webhook_retry_due(now=timezone.now() + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert len(receiver.requests) == 1


def test_a_dead_channel_does_not_stop_another_channels_delivery(
    cast: Any, receiver: Receiver, dead_url: str, django_capture_on_commit_callbacks: Any
) -> None:
    dead = _channel(cast, dead_url, name="A dead robot")
    alive = _channel(cast, receiver.url("/slack/ok"), platform="slack", name="Slack")
    deliveries = {d.channel_id: d for d in _send(cast, django_capture_on_commit_callbacks)}
    assert deliveries[dead.pk].status == DeliveryStatus.RETRYING
    assert "refused" in deliveries[dead.pk].last_error.lower()
    assert dead_url not in deliveries[dead.pk].last_error
    assert deliveries[alive.pk].status == DeliveryStatus.SENT
    assert [r.platform for r in receiver.requests] == ["slack"]


def test_the_same_dedupe_key_sends_once(cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    _channel(cast, receiver.url("/wecom/ok"))
    first = _send(cast, django_capture_on_commit_callbacks, dedupe_key="team_load:night:2026-11-21")
    second = _send(cast, django_capture_on_commit_callbacks, dedupe_key="team_load:night:2026-11-21")
    assert len(first) == 1 and second == []
    assert WebhookDelivery.objects.count() == 1 and len(receiver.requests) == 1


def test_a_delivery_is_attempted_once_even_if_queued_twice(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _channel(cast, receiver.url("/wecom/ok"))
    [delivery] = _send(cast, django_capture_on_commit_callbacks)
    assert webhook_delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.SENT
    assert len(receiver.requests) == 1


def test_channels_get_only_their_topics_and_teams(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    night = _channel(cast, receiver.url("/wecom/ok"), team=cast.night, name="Night")
    all_teams = _channel(cast, receiver.url("/wecom/ok"), name="Everyone")
    _channel(cast, receiver.url("/wecom/ok"), team=cast.day, name="Day")
    _channel(cast, receiver.url("/wecom/ok"), topics=("outreach_queue",), name="Social work")
    _channel(cast, receiver.url("/wecom/ok"), active=False, name="Old")
    got = {d.channel_id for d in _send(cast, django_capture_on_commit_callbacks, team=cast.night_eu)}
    assert got == {night.pk, all_teams.pk}  # a team's channel also hears about its sub-teams


def test_a_channel_writes_in_its_own_language(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = _channel(cast, receiver.url("/wecom/ok"), language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhook_channel_test(channel=channel)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    content = receiver.requests[0].body["markdown"]["content"]
    assert "Hearth test message" not in content and "Open in Hearth" not in content
    assert "Hearth" in content  # the product name stays


def test_the_outreach_queue_message_is_a_count_and_a_link_never_a_name(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    social = _channel(cast, receiver.url("/feishu/ok"), platform="feishu", topics=("outreach_queue",), name="Social work")
    _channel(cast, receiver.url("/wecom/ok"), topics=("outreach_queue",), team=cast.night, name="Night")
    support_request_create(person=cast.alice, message="I am exhausted, please call me")
    with django_capture_on_commit_callbacks(execute=True):
        deliveries = webhook_outreach_queue_send(centre=cast.centre, count=1, dedupe_key="outreach:2026-11-21")
    assert [d.channel_id for d in deliveries] == [social.pk]  # centre-wide only, never a team's chat
    [request] = receiver.requests
    text = request.raw.decode("utf-8")
    assert "1 new item in the social worker's queue." in text and "/support/requests/" in text
    for detail in (cast.alice.name, cast.alice.employee_id, cast.night.name, "exhausted"):
        assert detail not in text
    with pytest.raises(ValueError, match="count only"):
        webhook_send(centre=cast.centre, topic="outreach_queue", title="Alice", text="Alice asked", team=None)


def test_a_delivery_left_sending_by_a_stopped_worker_is_retried(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = _channel(cast, receiver.url("/wecom/ok"))
    stale = WebhookDelivery.objects.create(
        channel=channel, topic="team_load", title="T", text="x", status=DeliveryStatus.SENDING, attempts=1,
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_retry_due() == 1
    stale.refresh_from_db()
    assert (stale.status, stale.attempts) == (DeliveryStatus.SENT, 2)


def test_an_alert_for_another_centres_team_is_refused(cast: Any) -> None:
    from hearth.people.tests.factories import TeamFactory

    with pytest.raises(ValueError, match="another centre"):
        webhook_send(centre=cast.centre, topic="team_load", title="T", text="x", team=TeamFactory())
