"""The signed-in person's notices; the administrators' chat channels and their send log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.access import require_person, roles_required
from hearth.notices.access import access_webhook_channel
from hearth.notices.forms import WebhookChannelForm
from hearth.notices.messages import render_notice
from hearth.notices.selectors import notice_list, webhook_channels_with_log
from hearth.notices.services import (
    notices_mark_read,
    webhook_channel_deactivate,
    webhook_channel_save,
    webhook_channel_test,
)
from hearth.people.models import Role


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    rows = [(n, *render_notice(n.kind, n.params)) for n in notice_list(person=person)]
    return render(request, "notices/list.html", {"rows": rows})


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    notices_mark_read(person=require_person(request))
    return redirect("notices:list")


@roles_required(Role.ADMIN)
def channels(request: HttpRequest) -> HttpResponse:
    """The centre's chat channels with their send log."""
    person = require_person(request)
    return render(request, "notices/channels.html", {"channels": webhook_channels_with_log(centre=person.centre)})


@roles_required(Role.ADMIN)
def channel_new(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    form = WebhookChannelForm(request.POST or None, centre=person.centre)
    if request.method == "POST" and form.is_valid():
        webhook_channel_save(centre=person.centre, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("notices:channels")
    return render(request, "notices/channel_form.html", {"form": form, "channel": None})


@roles_required(Role.ADMIN)
def channel(request: HttpRequest, pk: int) -> HttpResponse:
    person = require_person(request)
    the_channel = access_webhook_channel(person, pk)
    form = WebhookChannelForm(request.POST or None, centre=person.centre, channel=the_channel)
    if request.method == "POST" and form.is_valid():
        webhook_channel_save(centre=person.centre, actor=request.user, channel=the_channel, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("notices:channels")
    return render(request, "notices/channel_form.html", {"form": form, "channel": the_channel})


@roles_required(Role.ADMIN)
@require_POST
def channel_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    the_channel = access_webhook_channel(require_person(request), pk)
    webhook_channel_deactivate(channel=the_channel, actor=request.user)
    messages.success(request, _("The channel is off: nothing more is sent to it."))
    return redirect("notices:channels")


@roles_required(Role.ADMIN)
@require_POST
def channel_test(request: HttpRequest, pk: int) -> HttpResponse:
    the_channel = access_webhook_channel(require_person(request), pk)
    webhook_channel_test(channel=the_channel)
    messages.info(request, _("Test message queued: its result appears in the send log."))
    return redirect("notices:channels")
