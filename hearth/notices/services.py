"""Sending notices: in-app always, by email when the person has an address; chat webhooks to group chats."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from hearth.audit.services import audit_record
from hearth.engine.chat_webhooks import (
    MAX_ATTEMPTS,
    ChatMessage,
    WebhookRequest,
    build_request,
    read_response,
    retry_delay_seconds,
)
from hearth.notices.messages import (
    MESSAGES,
    WEBHOOK_LINK_LABEL,
    WEBHOOK_OUTREACH_QUEUE,
    WEBHOOK_TEST,
)
from hearth.notices.models import (
    CHANNEL_TOPICS,
    SIGNING_PLATFORMS,
    DeliveryStatus,
    Notice,
    WebhookChannel,
    WebhookDelivery,
    WebhookTopic,
)
from hearth.people.models import Centre, Person, Team


def notice_send(
    *, person: Person, kind: str, params: dict[str, Any] | None = None, url: str = "",
    dedupe_key: str = "", email: bool = True,
) -> Notice | None:
    """Give `person` a notice (once per dedupe_key) and queue its email; None if already sent."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notice kind {kind!r}")
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                person=person, kind=kind, params=params or {}, url=url,
                created_at=timezone.now(), dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return None
    if email and person.email:
        from hearth.notices.tasks import notice_email_send

        notice_id = notice.pk
        transaction.on_commit(lambda: notice_email_send.enqueue(notice_id))
    return notice


def notices_mark_read(*, person: Person) -> int:
    """Mark all of a person's notices read; returns how many changed."""
    return Notice.objects.filter(person=person, read_at__isnull=True).update(read_at=timezone.now())


# ------------------------------------------------------------------------------------ chat webhooks

HTTP_TIMEOUT_SECONDS = 10
RESPONSE_MAX_BYTES = 64 * 1024
# A queued or in-flight delivery the worker never finished is picked up again by the sweep after this.
DELIVERY_LEASE = timedelta(minutes=15)
DEDUPE_KEY_MAX = 120


def webhook_send(
    *, centre: Centre, topic: str, title: Any, text: Any, url: str = "", team: Team | None = None,
    dedupe_key: str = "", params: dict[str, Any] | None = None,
) -> list[WebhookDelivery]:
    """Queue `title`/`text` for every active channel of `centre` that takes `topic` (and `team`); once per dedupe_key.

    `title` and `text` may be lazy translations (rendered, with `params`, in each channel's language).
    A channel for a team also gets its sub-teams' alerts; an alert with no team goes to all-teams channels only.
    """
    if topic not in CHANNEL_TOPICS:
        raise ValueError(f"unknown webhook topic {topic!r}")
    if topic == WebhookTopic.OUTREACH_QUEUE:
        raise ValueError("the outreach queue carries a count only: use webhook_outreach_queue_send")
    return _deliveries_create(
        centre=centre, topic=topic, title=title, text=text, url=url, team=team, dedupe_key=dedupe_key,
        params=params,
    )


def webhook_outreach_queue_send(
    *, centre: Centre, count: int, url: str = "", dedupe_key: str = ""
) -> list[WebhookDelivery]:
    """Tell the centre's channels that `count` new items wait in the social worker's queue: a number and a link.

    `url` is the queue's page (default: the support requests); it must name nobody.
    """
    title, text = WEBHOOK_OUTREACH_QUEUE
    return _deliveries_create(
        centre=centre, topic=WebhookTopic.OUTREACH_QUEUE, title=title, text=text, url=url or reverse("care:requests"),
        team=None, dedupe_key=dedupe_key, params={"count": int(count)},
    )


def webhook_channel_test(*, channel: WebhookChannel) -> WebhookDelivery:
    """Queue a test message to one channel (active or not), whatever its topics."""
    title, text = WEBHOOK_TEST
    delivery = WebhookDelivery.objects.create(
        channel=channel, topic=WebhookTopic.TEST, title=_render(title, None, channel.language),
        text=_render(text, None, channel.language), url=_absolute(reverse("notices:channels")),
        next_attempt_at=timezone.now() + DELIVERY_LEASE,
    )
    _enqueue_on_commit(delivery.pk)
    return delivery


def _deliveries_create(
    *, centre: Centre, topic: str, title: Any, text: Any, url: str, team: Team | None, dedupe_key: str,
    params: dict[str, Any] | None,
) -> list[WebhookDelivery]:
    if team is not None and team.centre_id != centre.pk:
        raise ValueError("the team belongs to another centre")
    if len(dedupe_key) > DEDUPE_KEY_MAX:
        raise ValueError(f"dedupe_key longer than {DEDUPE_KEY_MAX} characters")
    covered = _team_and_ancestors(team)
    channels = [
        c for c in WebhookChannel.objects.filter(centre=centre, active=True).order_by("pk")
        if topic in c.topics and (c.team_id is None or c.team_id in covered)
    ]
    now = timezone.now()
    created: list[WebhookDelivery] = []
    for channel in channels:
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    channel=channel, topic=topic, title=_render(title, params, channel.language)[:200],
                    text=_render(text, params, channel.language), url=_absolute(url) if url else "",
                    dedupe_key=dedupe_key, created_at=now, next_attempt_at=now + DELIVERY_LEASE,
                )
        except IntegrityError:
            continue  # already sent for this dedupe_key (a re-run night)
        created.append(delivery)
        _enqueue_on_commit(delivery.pk)
    return created


def _team_and_ancestors(team: Team | None) -> set[int]:
    ids: set[int] = set()
    while team is not None and team.pk not in ids:
        ids.add(team.pk)
        team = team.parent
    return ids


def _render(value: Any, params: dict[str, Any] | None, language: str) -> str:
    with translation.override(language):
        return str(value % params if params else value)


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.HEARTH_BASE_URL + url


def _enqueue_on_commit(delivery_id: int) -> None:
    from hearth.notices.tasks import webhook_deliver

    # robust: a queue that refuses one delivery does not stop the others being queued.
    transaction.on_commit(lambda: webhook_deliver.enqueue(delivery_id), robust=True)


def webhook_delivery_attempt(*, delivery_id: int, clock: Callable[[], float] = time.time) -> str:
    """Make one attempt at a queued or retrying delivery and record it; returns the delivery's status.

    Never raises for a channel's failure: the error is recorded and a retry scheduled with backoff
    (1, 5, 25, 125 minutes) until MAX_ATTEMPTS, then the delivery is failed.
    """
    now = timezone.now()
    waiting = WebhookDelivery.objects.filter(pk=delivery_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING])
    # A channel turned off gets nothing more (a test message excepted: the admin asked for it).
    waiting.filter(channel__active=False).exclude(topic=WebhookTopic.TEST).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="the channel was turned off"
    )
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING]
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + DELIVERY_LEASE)
    delivery = WebhookDelivery.objects.select_related("channel").filter(pk=delivery_id).first()
    if delivery is None:
        return "missing"
    if not claimed:
        return delivery.status  # sent, failed, or another worker has it
    channel = delivery.channel
    try:
        with translation.override(channel.language):
            link_label = str(WEBHOOK_LINK_LABEL)
        message = ChatMessage(title=delivery.title, text=delivery.text, url=delivery.url, link_label=link_label)
        request = build_request(
            channel.platform, webhook_url=channel.url, message=message, secret=channel.secret, clock=clock
        )
        ok, error = read_response(channel.platform, *_http_post(request))
    except Exception as exc:  # a broken channel must never break the worker or other deliveries
        ok, error = False, _describe(exc, channel)
    done = timezone.now()
    if ok:
        delivery.status, delivery.sent_at, delivery.next_attempt_at, delivery.last_error = (
            DeliveryStatus.SENT, done, None, ""
        )
    else:
        delay = retry_delay_seconds(delivery.attempts)
        delivery.last_error = error[:300]
        if delay is None:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, done + timedelta(seconds=delay)
    delivery.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
    return delivery.status


def _http_post(request: WebhookRequest) -> tuple[int, bytes]:
    """POST the request; (HTTP status, body) for any answer, an exception when there is none."""
    if not request.url.startswith(("http://", "https://")):
        raise ValueError("the webhook address must start with http:// or https://")
    # http(s) only, checked above
    http_request = urllib.request.Request(request.url, data=request.body, headers=request.headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(http_request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status), response.read(RESPONSE_MAX_BYTES)
    except urllib.error.HTTPError as exc:
        with exc:
            return int(exc.code), exc.read(RESPONSE_MAX_BYTES)


def _describe(exc: Exception, channel: WebhookChannel) -> str:
    """A short error without the channel's address or secret (either may be a credential)."""
    reason = getattr(exc, "reason", None) or exc
    text = f"{type(exc).__name__}: {reason}"
    for credential in (channel.url, channel.secret):
        if credential:
            text = text.replace(credential, "…")
    return text[:300]


def webhook_retry_due(*, now: datetime | None = None) -> int:
    """Queue again every delivery whose retry time (or lease) has passed; returns how many were queued."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects.filter(
        status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SENDING], next_attempt_at__lte=now
    ).order_by("next_attempt_at").values_list("pk", "status", "attempts", "next_attempt_at")[:1000])
    queued = 0
    for pk, status, attempts, at in due:
        same = WebhookDelivery.objects.filter(pk=pk, status=status, next_attempt_at=at)
        if status == DeliveryStatus.SENDING and attempts >= MAX_ATTEMPTS:
            same.update(status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="the worker stopped while sending")
            continue
        # A delivery left "sending" (the worker stopped mid-way) counts as a failed attempt.
        new_status = DeliveryStatus.RETRYING if status == DeliveryStatus.SENDING else status
        if same.update(status=new_status, next_attempt_at=now + DELIVERY_LEASE):
            _enqueue_on_commit(pk)
            queued += 1
    return queued


def webhook_channel_save(
    *, centre: Centre, actor: Any, channel: WebhookChannel | None = None, name: str, platform: str,
    url: str = "", secret: str = "", clear_secret: bool = False, language: str, team: Team | None,
    topics: list[str], active: bool = True,
) -> WebhookChannel:
    """Add or change a chat channel (an empty url or secret keeps the stored one); audited."""
    if team is not None and team.centre_id != centre.pk:
        raise ValueError("the team belongs to another centre")
    with transaction.atomic():
        created = channel is None
        if channel is None:
            channel = WebhookChannel(centre=centre)
        channel.name, channel.platform, channel.language, channel.team = name, platform, language, team
        channel.topics, channel.active = [t for t in CHANNEL_TOPICS if t in topics], active
        if url:
            channel.url = url
        if secret:
            channel.secret = secret
        if clear_secret or platform not in SIGNING_PLATFORMS:  # WeCom and Slack robots have no signing secret
            channel.secret = ""
        channel.full_clean()
        channel.save()
        audit_record(
            actor=actor, action="settings.webhook_channel", obj=channel,
            reason=f"{'created' if created else 'changed'}: name={name}, platform={platform}, "
                   f"team={team.name if team else 'all'}, topics={channel.topics}, active={active}, "
                   f"secret={'set' if channel.secret else 'none'}",
        )
    return channel


def webhook_channel_deactivate(*, channel: WebhookChannel, actor: Any) -> WebhookChannel:
    """Stop sending to a channel (its log stays); audited."""
    with transaction.atomic():
        channel.active = False
        channel.save(update_fields=["active"])
        audit_record(actor=actor, action="settings.webhook_channel", obj=channel, reason="deactivated")
    return channel
