"""The administrators' chat-channel pages: add, change, test, turn off; the send log; secrets never shown back."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.notices.models import DeliveryStatus, WebhookChannel, WebhookDelivery
from hearth.notices.tests.conftest import RECEIVER_SECRET, Receiver
from hearth.people.tests.factories import make_person

SECRET = RECEIVER_SECRET


def _form(**overrides: Any) -> dict[str, Any]:
    return {"name": "Night leads", "platform": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=tok123456",
            "secret": SECRET, "language": "zh-hans", "team": "", "topics": ["team_load"], "active": "on"} | overrides


def test_the_admin_adds_a_channel_and_its_secret_is_not_shown_back(cast: Any) -> None:
    client = cast.client_for("ada")
    response = client.post(reverse("notices:channel_new"), _form(team=str(cast.night.pk)))
    assert response.status_code == 302
    channel = WebhookChannel.objects.get()
    assert (channel.centre, channel.team, channel.secret, channel.topics) == (cast.centre, cast.night, SECRET, ["team_load"])
    assert AuditEvent.objects.filter(action="settings.webhook_channel", object_id=str(channel.pk)).exists()
    page = client.get(reverse("notices:channels")).content.decode()
    assert "Night leads" in page and "DingTalk" in page
    assert SECRET not in page and "tok123456" not in page
    assert f"ends in {SECRET[-4:]}" in page and "https://oapi.dingtalk.com/…3456" in page
    edit = client.get(reverse("notices:channel", args=[channel.pk])).content.decode()
    assert SECRET not in edit and "tok123456" not in edit


def test_an_empty_address_or_secret_keeps_the_stored_one(cast: Any) -> None:
    client = cast.client_for("ada")
    client.post(reverse("notices:channel_new"), _form())
    channel = WebhookChannel.objects.get()
    response = client.post(reverse("notices:channel", args=[channel.pk]), _form(name="Renamed", url="", secret=""))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.secret) == ("Renamed", SECRET)
    assert channel.url.endswith("tok123456")
    client.post(reverse("notices:channel", args=[channel.pk]), _form(url="", secret="", clear_secret="on"))
    channel.refresh_from_db()
    assert channel.secret == ""


def test_moving_a_channel_to_a_platform_without_signing_drops_its_secret(cast: Any) -> None:
    client = cast.client_for("ada")
    client.post(reverse("notices:channel_new"), _form())
    channel = WebhookChannel.objects.get()
    response = client.post(reverse("notices:channel", args=[channel.pk]),
                           _form(platform="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", secret=""))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.platform, channel.secret) == ("wecom", "")


def test_the_form_refuses_bad_channels(cast: Any) -> None:
    client = cast.client_for("ada")
    cases = [
        _form(url="ftp://example.com/hook"),
        _form(url="javascript:alert(1)"),
        _form(platform="telegram"),
        _form(platform="slack", url="https://hooks.slack.com/services/T/B/X"),  # Slack does not sign: no secret
        _form(topics=["outreach_queue"], team=str(cast.night.pk)),  # the queue is centre-wide
        _form(topics=[]),
    ]
    for data in cases:
        response = client.post(reverse("notices:channel_new"), data)
        assert response.status_code == 200, data
        assert "errorlist" in response.content.decode(), data
    assert not WebhookChannel.objects.exists()


def test_the_test_button_sends_and_the_log_shows_it(
    cast: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    channel = WebhookChannel.objects.create(centre=cast.centre, name="Feishu", platform="feishu",
                                            url=receiver.url("/feishu/signed"), secret=SECRET, language="en")
    client = cast.client_for("ada")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notices:channel_test", args=[channel.pk]))
    assert response.status_code == 302
    delivery = WebhookDelivery.objects.get(channel=channel)
    assert (delivery.topic, delivery.status) == ("test", DeliveryStatus.SENT)
    assert receiver.requests[0].body["content"]["post"]["zh_cn"]["title"] == "Hearth test message"
    page = client.get(reverse("notices:channels")).content.decode()
    assert "Test message" in page and "Sent" in page


def test_the_log_shows_errors_and_attempts(cast: Any) -> None:
    channel = WebhookChannel.objects.create(centre=cast.centre, name="WeCom", platform="wecom", url="https://w.example/")
    WebhookDelivery.objects.create(channel=channel, topic="team_load", title="T", text="x", attempts=2,
                                   status=DeliveryStatus.RETRYING, last_error="HTTP 200, errcode 93000: invalid webhook url")
    page = cast.client_for("ada").get(reverse("notices:channels")).content.decode()
    assert "Team load alerts" in page and "Will retry" in page and "errcode 93000" in page


def test_the_admin_turns_a_channel_off(cast: Any) -> None:
    channel = WebhookChannel.objects.create(centre=cast.centre, name="Slack", platform="slack", url="https://s.example/")
    response = cast.client_for("ada").post(reverse("notices:channel_deactivate", args=[channel.pk]))
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.active is False


def test_nobody_else_reaches_the_channels(cast: Any) -> None:
    channel = WebhookChannel.objects.create(centre=cast.centre, name="Slack", platform="slack", url="https://s.example/")
    other_admin = make_person("oscar", "admin")  # an administrator of another centre
    other_admin.centre.two_factor_waived = True
    other_admin.centre.save()
    for name in ("carol", "sam", "hana", "max"):
        client = cast.client_for(name)
        assert client.get(reverse("notices:channels")).status_code == 404
        assert client.post(reverse("notices:channel_test", args=[channel.pk])).status_code == 404
    outsider = cast.client_for("oscar")
    assert outsider.get(reverse("notices:channel", args=[channel.pk])).status_code == 404
    assert outsider.post(reverse("notices:channel_deactivate", args=[channel.pk])).status_code == 404
    channel.refresh_from_db()
    assert channel.active is True and not WebhookDelivery.objects.exists()
