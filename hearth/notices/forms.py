"""The chat-channel form: where alerts go, in which language, for which team and topics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from hearth.notices.models import (
    CHANNEL_TOPICS,
    SIGNING_PLATFORMS,
    WebhookChannel,
    WebhookPlatform,
    WebhookTopic,
)
from hearth.people.models import Centre, Team


class WebhookChannelForm(forms.Form):
    """Add or change a chat channel; the stored address and secret are never sent back to the browser."""

    name = forms.CharField(label=_("Channel name"), max_length=100)
    platform = forms.ChoiceField(label=_("Platform"), choices=WebhookPlatform.choices)
    url = forms.URLField(
        label=_("Webhook address"), max_length=500, assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"}),
        validators=[URLValidator(schemes=["http", "https"], message=_("Enter an http:// or https:// address."))],
        help_text=_("The robot's webhook address, copied from the group chat's robot settings."),
    )
    secret = forms.CharField(
        label=_("Signing secret"), max_length=200, required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("DingTalk (加签, starts with SEC) and Feishu (签名校验) only; leave empty if the robot has none."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the stored secret"), required=False)
    language = forms.ChoiceField(label=_("Message language"), choices=settings.LANGUAGES)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams"),
        help_text=_("A team's channel also receives the alerts of its sub-teams."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Alerts"), widget=forms.CheckboxSelectMultiple,
        choices=[(topic.value, topic.label) for topic in CHANNEL_TOPICS],
    )
    active = forms.BooleanField(label=_("Channel is on"), required=False, initial=True)

    def __init__(self, *args: Any, centre: Centre, channel: WebhookChannel | None = None, **kwargs: Any) -> None:
        if channel is not None:
            kwargs.setdefault("initial", {
                "name": channel.name, "platform": channel.platform, "language": channel.language,
                "team": channel.team_id, "topics": channel.topics, "active": channel.active,
            })
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["team"].queryset = Team.objects.filter(centre=centre).order_by("name")  # type: ignore[attr-defined]
        if channel is None:
            del self.fields["clear_secret"]
            self.initial.setdefault("language", centre.language)
        else:
            self.fields["url"].required = False
            self.fields["url"].help_text = _("Stored: %(hint)s. Leave empty to keep it.") % {"hint": channel.url_hint}
            if channel.secret:
                self.fields["secret"].help_text = _("A secret is stored. Leave empty to keep it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        platform = data.get("platform")
        if platform and platform not in SIGNING_PLATFORMS and data.get("secret"):
            self.add_error("secret", _("Only DingTalk and Feishu robots sign requests: leave the secret empty."))
        if WebhookTopic.OUTREACH_QUEUE in (data.get("topics") or []) and data.get("team") is not None:
            self.add_error("topics", _("The social worker's queue is centre-wide: send it to a channel for all teams."))
        return data
