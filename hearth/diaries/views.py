"""Diary pages: write an entry, see its traps and reframe it, my diary, mood over time, share, delete; the
entries shared with a social worker or a buddy (audited reads); the buddy pages and the gentle way to the
social worker. Views validate, fetch through access.py, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.care.forms import SupportRequestForm
from hearth.core.access import client_ip, require_person, roles_required
from hearth.diaries import selectors, services
from hearth.diaries.access import access_entry, access_pair, access_share, access_shared_entry
from hearth.diaries.forms import CheckInForm, EntryForm, ReframeForm
from hearth.diaries.models import MOOD_FACES, Entry, Feeling, Mood
from hearth.diaries.services import DiaryRuleError
from hearth.engine.traps import TRAPS, trap_name
from hearth.people.models import Role


def _language() -> str:
    return get_language() or "zh-hans"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _entry_context(entry: Entry, language: str) -> dict[str, object]:
    """What an entry page shows, for its author or a reader it was shared with."""
    traps = selectors.trap_views(entry=entry, language=language)
    names = {t.key: t.name for t in traps}
    feelings = dict(Feeling.choices)
    return {
        "entry": entry, "traps": traps, "face": MOOD_FACES.get(entry.mood, ""), "mood_label": Mood(entry.mood).label,
        "thought_parts": selectors.highlight(entry.thought, entry.cues or {}, names),
        "feelings": [feelings[f] for f in entry.feelings or [] if f in feelings],
    }


# ------------------------------------------------------------------------------------------- the author


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My diary: entries newest first, filterable by thinking trap; the streak."""
    person = require_person(request)
    language = _language()
    trap = request.GET.get("trap", "")
    trap = trap if trap in TRAPS else ""
    entries = selectors.entries_of(person=person, trap=trap)
    rows = [{"entry": e, "face": MOOD_FACES.get(e.mood, ""), "mood_label": Mood(e.mood).label,
             "traps": [trap_name(t, language) for t in e.traps if t in TRAPS],
             "shared": any(s.withdrawn_at is None for s in e.shares.all())} for e in entries]
    return render(request, "diaries/mine.html", {
        "rows": rows, "trap": trap, "trap_choices": [(t, trap_name(t, language)) for t in TRAPS],
        "streak": selectors.diary_streak(person=person),
    })


@login_required
def write(request: HttpRequest) -> HttpResponse:
    """Write an entry; on saving, its page shows the thinking traps found and a box to reframe."""
    person = require_person(request)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_create(
                person=person, mood=data["mood"], situation=data["situation"], thought=data["thought"],
                feelings=data["feelings"], feeling_note=data["feeling_note"], did=data["did"],
            )
        except DiaryRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved in your private diary."))
            response = redirect("diaries:entry", pk=entry.pk)
            response["Location"] += "#traps"
            return response
    return render(request, "diaries/write.html", {"form": form, "faces": MOOD_FACES})


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One of my entries: the thought with its trigger words marked, each trap and its prompt, the reframe, sharing."""
    person = require_person(request)
    entry = access_entry(person, pk)
    readers = services.share_readers(person=person)
    shares = list(entry.shares.select_related("reader").all())
    shared_to = {s.reader_id for s in shares if s.withdrawn_at is None}
    return render(request, "diaries/entry.html", {
        **_entry_context(entry, _language()), "reframe_form": ReframeForm(initial={"reframe": entry.reframe}),
        "shares": shares, "share_options": [(r, kind) for r, kind in readers if r.pk not in shared_to],
        "reads": selectors.entry_reads(entry=entry, shares=shares),
    })


@login_required
@require_POST
def reframe(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the reframe the author wrote."""
    person = require_person(request)
    entry = access_entry(person, pk)
    form = ReframeForm(request.POST)
    if form.is_valid():
        services.entry_reframe(entry=entry, by=person, reframe=form.cleaned_data["reframe"])
        messages.success(request, _("Your reframe is saved."))
    else:
        messages.error(request, _("The reframe is too long."))
    return redirect("diaries:entry", pk=entry.pk)


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share this entry with a social worker or my buddy."""
    person = require_person(request)
    entry = access_entry(person, pk)
    try:
        services.entry_share(entry=entry, by=person, reader_id=_int(request.POST.get("reader")) or 0)
    except DiaryRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Shared. You can take it back at any time."))
    return redirect("diaries:entry", pk=entry.pk)


@login_required
@require_POST
def unshare(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a share back."""
    person = require_person(request)
    entry = access_entry(person, pk)
    services.share_withdraw(share=access_share(entry, _int(request.POST.get("share")) or 0), by=person)
    messages.success(request, _("No longer shared."))
    return redirect("diaries:entry", pk=entry.pk)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete the entry for good."""
    person = require_person(request)
    entry = access_entry(person, pk)
    if request.method == "POST":
        services.entry_delete(entry=entry, by=person)
        messages.success(request, _("The entry is deleted."))
        return redirect("diaries:mine")
    return render(request, "diaries/delete.html", {"entry": entry})


@login_required
def mood(request: HttpRequest) -> HttpResponse:
    """My mood over the last 30 days (chart and table) and my most frequent thinking traps."""
    person = require_person(request)
    language = _language()
    days = selectors.mood_by_day(person=person, days=30)
    chart = {
        "kind": "line", "labels": [d.strftime("%m-%d") for d, _m, _n in days], "min": 1, "max": 5,
        "series": [{"label": _("Mood (1 very low – 5 very good)"), "data": [m for _d, m, _n in days]}],
        "label_title": _("Day"), "value_title": _("Mood"),
    }
    rows = [[d.isoformat(), m, n] for d, m, n in days if n]
    return render(request, "diaries/mood.html", {
        "chart": chart, "rows": rows, "headers": [_("Day"), _("Mood"), _("Entries")],
        "traps": [(trap_name(t, language), n) for t, n in selectors.frequent_traps(person=person, days=30)],
        "written": sum(n for _d, _m, n in days),
    })


# ------------------------------------------------------------------------------- readers it was shared with


@roles_required(Role.SOCIAL_WORKER, Role.AGENT)
def shared(request: HttpRequest) -> HttpResponse:
    """Entries shared with me (a social worker, or a buddy): author and day only, until I open one."""
    person = require_person(request)
    return render(request, "diaries/shared.html", {"shares": selectors.shared_with(reader=person)})


@roles_required(Role.SOCIAL_WORKER, Role.AGENT)
def shared_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry shared with me; opening it is audited."""
    person = require_person(request)
    entry = access_shared_entry(person, pk, ip=client_ip(request))
    return render(request, "diaries/shared_entry.html", _entry_context(entry, _language()))


# ------------------------------------------------------------------------------------------------ buddies


def _buddy_redirect(request: HttpRequest, done: str, action: Callable[[], object]) -> HttpResponse:
    """Run one buddy service, report the outcome or the rule it broke, back to the buddy page."""
    try:
        action()
    except DiaryRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("diaries:buddy")


@roles_required(Role.AGENT)
def buddy(request: HttpRequest) -> HttpResponse:
    """My buddy: opt in, invite or answer, check in, end, suggest a talk with the social worker."""
    person = require_person(request)
    return render(request, "diaries/buddy.html", {
        **selectors.buddy_page(person=person), "checkin_form": CheckInForm(), "faces": MOOD_FACES,
    })


@roles_required(Role.AGENT)
@require_POST
def buddy_willing(request: HttpRequest) -> HttpResponse:
    """Offer to be a buddy and/or ask for one (or neither)."""
    person = require_person(request)
    offers, seeks = request.POST.get("offers") == "on", request.POST.get("seeks") == "on"
    return _buddy_redirect(request, _("Your choice is saved."),
                           lambda: services.buddy_willingness_set(person=person, offers=offers, seeks=seeks))


@roles_required(Role.AGENT)
@require_POST
def buddy_invite(request: HttpRequest) -> HttpResponse:
    """Invite an agent who offers to be a buddy."""
    person = require_person(request)
    invitee = selectors.offering_agent(reader=person, pk=_int(request.POST.get("invitee")) or 0)
    if invitee is None:
        messages.error(request, _("Choose someone to invite."))
        return redirect("diaries:buddy")
    return _buddy_redirect(request, _("Invitation sent. The pair starts when they accept."),
                           lambda: services.buddy_invite(by=person, invitee=invitee))


@roles_required(Role.AGENT)
@require_POST
def buddy_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation."""
    person = require_person(request)
    pair = access_pair(person, pk)
    accept = request.POST.get("answer") == "accept"
    return _buddy_redirect(request, _("You are buddies now.") if accept else _("Declined. Nobody else is told."),
                           lambda: services.buddy_respond(pair=pair, by=person, accept=accept))


@roles_required(Role.AGENT)
@require_POST
def buddy_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End the pairing (or withdraw my invitation)."""
    person = require_person(request)
    pair = access_pair(person, pk)
    return _buddy_redirect(request, _("The pairing has ended."), lambda: services.buddy_pair_end(pair=pair, by=person))


@roles_required(Role.AGENT)
@require_POST
def buddy_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a check-in."""
    person = require_person(request)
    pair = access_pair(person, pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you are, from 1 to 5."))
        return redirect("diaries:buddy")
    return _buddy_redirect(request, _("Check-in saved."), lambda: services.checkin_create(
        pair=pair, by=person, how=form.cleaned_data["how"], note=form.cleaned_data["note"]))


@roles_required(Role.AGENT)
@require_POST
def buddy_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """Suggest to my buddy that they talk to the social worker: only my buddy is told."""
    person = require_person(request)
    pair = access_pair(person, pk)
    return _buddy_redirect(
        request, _("Your buddy got a gentle note. Whether to talk to the social worker is their choice."),
        lambda: services.buddy_suggest_social_worker(pair=pair, by=person))


@login_required
def buddy_guide(request: HttpRequest) -> HttpResponse:
    """A short guide for buddies."""
    require_person(request)
    return render(request, "diaries/guide.html")


@roles_required(Role.SOCIAL_WORKER)
def buddy_pairs(request: HttpRequest) -> HttpResponse:
    """The social worker pairs two agents who opted in; the centre's current pairs."""
    person = require_person(request)
    if request.method == "POST":
        first = selectors.willing_agent(reader=person, pk=_int(request.POST.get("first")) or 0)
        second = selectors.willing_agent(reader=person, pk=_int(request.POST.get("second")) or 0)
        try:
            if first is None or second is None:
                raise DiaryRuleError(_("Choose two agents who opted in."))
            services.buddy_pair_create(by=person, first=first, second=second)
        except DiaryRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Paired. Both agents have been told, and either can end it at any time."))
        return redirect("diaries:buddy_pairs")
    return render(request, "diaries/pairs.html", selectors.buddy_pool(reader=person))


@login_required
def talk(request: HttpRequest) -> HttpResponse:
    """The gentle way to the social worker: nothing is sent unless I press the button."""
    person = require_person(request)
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.talk_request(person=person, message=form.cleaned_data["message"],
                              contact_preference=form.cleaned_data["contact_preference"])
        messages.success(request, _("Your request has been sent to the social worker, in confidence. They will contact you soon."))
        return redirect("diaries:mine")
    return render(request, "diaries/talk.html", {"support_form": form})
