"""Writes for check-ups: campaigns, invitations, answers, scores, outreach consent."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.assessments.models import (
    Campaign,
    CampaignPurpose,
    Invitation,
    InvitationStatus,
    OutreachConsent,
    Recurrence,
    Response,
    Score,
)
from hearth.assessments.selectors import team_subtree_ids
from hearth.audit.services import audit_record
from hearth.engine.instruments import InstrumentError, available_instruments, load_instrument
from hearth.engine.scoring import InvalidAnswer, score_answers
from hearth.notices.services import notice_send
from hearth.people.models import Centre, Person, PersonStatus, Team


class CheckupError(Exception):
    """A check-up action that cannot be done; the message is shown to the user as is."""


def campaign_create(
    *,
    centre: Centre,
    created_by: Person | None,
    title: str,
    instruments: Iterable[str],
    teams: Iterable[Team] = (),
    opens_at: datetime,
    closes_at: datetime,
    recurrence: str = Recurrence.ONCE,
    people: Iterable[Person] = (),
    purpose: str = CampaignPurpose.CHECKUP,
) -> Campaign:
    """Schedule a check-up for `teams`, or for named `people` (a group programme's measure, purpose
    "programme"); it opens (invitations, notices, emails) at `opens_at`."""
    instrument_ids = list(dict.fromkeys(instruments))
    known = available_instruments()
    unknown = [i for i in instrument_ids if i not in known]
    if not instrument_ids:
        raise CheckupError(_("Choose at least one questionnaire."))
    if unknown:
        raise CheckupError(_("Unknown questionnaire: %(ids)s") % {"ids": ", ".join(unknown)})
    team_list, person_list = list(teams), list(people)
    if purpose not in CampaignPurpose.values:
        raise CheckupError(_("Unknown kind of check-up."))
    if purpose == CampaignPurpose.PROGRAMME:
        if team_list or not person_list:
            raise CheckupError(_("A group's measure goes to its members by name, not to teams."))
        if recurrence != Recurrence.ONCE:
            raise CheckupError(_("A group's measure does not repeat."))
    elif not team_list or person_list:
        raise CheckupError(_("Choose at least one team."))
    if any(t.centre_id != centre.pk for t in team_list) or any(p.centre_id != centre.pk for p in person_list):
        raise CheckupError(_("Every team must belong to this centre."))
    if closes_at <= opens_at:
        raise CheckupError(_("The close date must be after the open date."))
    if recurrence not in Recurrence.values:
        raise CheckupError(_("Unknown repeat interval."))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            centre=centre, title=title.strip(), instruments=instrument_ids, opens_at=opens_at,
            closes_at=closes_at, recurrence=recurrence, created_by=created_by, purpose=purpose,
        )
        campaign.teams.set(team_list)
        campaign.people.set(person_list)
    if opens_at <= timezone.now() < closes_at:
        campaign_open(campaign=campaign)
    return campaign


def campaign_open(*, campaign: Campaign) -> int:
    """Invite every active member of the campaign's teams (and sub-teams), or exactly its named people;
    safe to run again."""
    if campaign.purpose == CampaignPurpose.PROGRAMME:
        people = campaign.people.filter(centre_id=campaign.centre_id, status=PersonStatus.ACTIVE)
    else:
        team_ids = team_subtree_ids(team_ids=campaign.teams.values_list("pk", flat=True))
        people = Person.objects.filter(centre_id=campaign.centre_id, team_id__in=team_ids, status=PersonStatus.ACTIVE)
    people = people.select_related("centre")
    minutes = round(sum(load_instrument(i).estimated_minutes for i in campaign.instruments))
    created = 0
    with transaction.atomic():
        for person in people:
            invitation, new = Invitation.objects.get_or_create(
                campaign=campaign, person=person,
                defaults={"team_id": person.team_id, "shift_pattern": person.shift_pattern},
            )
            if not new:
                continue
            created += 1
            notice_send(
                person=person, kind="checkup_open",
                params={"title": campaign.title, "closes": _local_date(campaign.closes_at, person), "minutes": max(minutes, 1)},
                url=reverse("checkups:answer", args=[invitation.pk]),
                dedupe_key=f"checkup_open:{campaign.pk}",
            )
        if campaign.invitations_sent_at is None:
            campaign.invitations_sent_at = timezone.now()
            campaign.save(update_fields=["invitations_sent_at"])
    return created


def campaign_people_add(*, campaign: Campaign, people: Iterable[Person]) -> int:
    """Add named people to a group programme's measure; if it is open, invite them now. Returns new invitations."""
    if campaign.purpose != CampaignPurpose.PROGRAMME:
        raise CheckupError(_("Only a group's measure goes to people by name."))
    person_list = [p for p in people if p.centre_id == campaign.centre_id]
    with transaction.atomic():
        campaign.people.add(*person_list)
    if campaign.opens_at <= timezone.now() < campaign.closes_at:
        return campaign_open(campaign=campaign)
    return 0


def add_months(moment: datetime, months: int) -> datetime:
    """The same wall-clock time `months` later, clamping the day to the month's length."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def campaign_next_wave(*, campaign: Campaign) -> Campaign | None:
    """Schedule the next wave of a recurring check-up, once."""
    if campaign.recurrence == Recurrence.ONCE or campaign.next_wave_created:
        return None
    months = 1 if campaign.recurrence == Recurrence.MONTHLY else 3
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.next_wave_created:
            return None
        wave = Campaign.objects.create(
            centre_id=locked.centre_id, title=locked.title, instruments=locked.instruments,
            opens_at=add_months(locked.opens_at, months), closes_at=add_months(locked.closes_at, months),
            recurrence=locked.recurrence, series=locked.series or locked, wave=locked.wave + 1,
            created_by=locked.created_by,
        )
        wave.teams.set(locked.teams.all())
        locked.next_wave_created = True
        locked.save(update_fields=["next_wave_created"])
    campaign.next_wave_created = True
    return wave


def campaigns_tick(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic sweep: open due check-ups, schedule next waves, send reminders. Idempotent."""
    now = now or timezone.now()
    opened = 0
    for campaign in Campaign.objects.filter(opens_at__lte=now, closes_at__gt=now, invitations_sent_at__isnull=True):
        campaign_open(campaign=campaign)
        opened += 1
    waves = 0
    for campaign in Campaign.objects.filter(opens_at__lte=now, next_wave_created=False).exclude(recurrence=Recurrence.ONCE):
        if campaign_next_wave(campaign=campaign) is not None:
            waves += 1
    return {"opened": opened, "waves": waves, "reminded": invitations_remind(now=now)}


def invitations_remind(*, now: datetime) -> int:
    """Remind people who have not submitted: halfway through the window, and on the last day."""
    sent = 0
    pending = Invitation.objects.filter(
        campaign__opens_at__lte=now, campaign__closes_at__gt=now, reminders_sent__lt=2,
    ).exclude(status=InvitationStatus.SUBMITTED).select_related("campaign", "person__centre")
    for invitation in pending:
        campaign = invitation.campaign
        halfway = campaign.opens_at + (campaign.closes_at - campaign.opens_at) / 2
        last_day = campaign.closes_at - timedelta(days=1)
        due = (invitation.reminders_sent == 0 and now >= halfway) or (
            invitation.reminders_sent == 1 and now >= last_day
        )
        if not due:
            continue
        number = invitation.reminders_sent + 1
        with transaction.atomic():
            notice_send(
                person=invitation.person, kind="checkup_reminder",
                params={"title": campaign.title, "closes": _local_date(campaign.closes_at, invitation.person)},
                url=reverse("checkups:answer", args=[invitation.pk]),
                dedupe_key=f"checkup_reminder:{invitation.pk}:{number}",
            )
            Invitation.objects.filter(pk=invitation.pk).update(reminders_sent=number, reminded_at=now)
        sent += 1
    return sent


def _local_date(moment: datetime, person: Person) -> str:
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(person.time_zone)
    except (KeyError, ValueError):
        zone = ZoneInfo(person.centre.time_zone)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _require_open(invitation: Invitation) -> None:
    now = timezone.now()
    campaign = invitation.campaign
    if invitation.status == InvitationStatus.SUBMITTED:
        raise CheckupError(_("You have already submitted this check-up."))
    if now < campaign.opens_at:
        raise CheckupError(_("This check-up has not opened yet."))
    if now >= campaign.closes_at:
        raise CheckupError(_("This check-up has closed."))


def invitation_save(
    *, invitation: Invitation, instrument_id: str, answers: Mapping[str, int | None], language: str
) -> Response:
    """Save (and later resume) the answers to one questionnaire of a check-up."""
    _require_open(invitation)
    if instrument_id not in invitation.campaign.instruments:
        raise CheckupError(_("That questionnaire is not part of this check-up."))
    instrument = load_instrument(instrument_id)
    try:
        score_answers(instrument, answers)  # validates every value against the item's options
    except InvalidAnswer as exc:
        raise CheckupError(_("Question %(item)s: that answer is not one of the options.") % {"item": exc.item_id}) from exc
    with transaction.atomic():
        response, _created = Response.objects.select_for_update().get_or_create(invitation=invitation)
        stored = dict(response.answers.get(instrument_id, {}))
        for item_id, value in answers.items():
            if value is None:
                stored.pop(item_id, None)
            else:
                stored[item_id] = int(value)
        response.answers = {**response.answers, instrument_id: stored}
        response.instrument_versions = {**response.instrument_versions, instrument_id: instrument.version}
        response.save()
        if invitation.status == InvitationStatus.PENDING:
            invitation.status = InvitationStatus.IN_PROGRESS
            invitation.started_at = timezone.now()
        invitation.language = language
        invitation.save(update_fields=["status", "started_at", "language"])
    return response


def invitation_submit(*, invitation: Invitation) -> list[Score]:
    """Score every questionnaire of the check-up and close it for the person."""
    _require_open(invitation)
    response = Response.objects.filter(invitation=invitation).first()
    answers = response.answers if response else {}
    if not any(v is not None for items in answers.values() for v in items.values()):
        raise CheckupError(_("Answer at least one question before submitting."))
    now = timezone.now()
    scores: list[Score] = []
    with transaction.atomic():
        for instrument_id in invitation.campaign.instruments:
            try:
                instrument = load_instrument(instrument_id)
            except InstrumentError as exc:
                raise CheckupError(str(exc)) from exc
            sheet = score_answers(instrument, answers.get(instrument_id, {}))
            for subscale_id, result in sheet.scores.items():
                scores.append(
                    Score(
                        invitation=invitation, person_id=invitation.person_id, campaign_id=invitation.campaign_id,
                        instrument=instrument_id, subscale=subscale_id, value=result.value,
                        band=result.band.id if result.band else "", level=result.band.level if result.band else None,
                        answered=result.answered, items=result.items, submitted_at=now,
                    )
                )
        Score.objects.bulk_create(scores)
        invitation.status = InvitationStatus.SUBMITTED
        invitation.submitted_at = now
        invitation.save(update_fields=["status", "submitted_at"])
    return scores


def outreach_consent_set(*, person: Person, granted: bool, actor: object = None) -> OutreachConsent:
    """Record the agent's decision on outreach; it takes effect at once everywhere."""
    with transaction.atomic():
        consent = OutreachConsent.objects.create(person=person, granted=granted, decided_at=timezone.now())
        audit_record(
            actor=actor if actor is not None else person.user,
            action="consent.outreach.granted" if granted else "consent.outreach.withdrawn",
            subject=person, obj=consent,
        )
    return consent


def invitation_record_past(
    *, invitation: Invitation, answers: Mapping[str, Mapping[str, int | None]], submitted_at: datetime, language: str = "zh-hans"
) -> list[Score]:
    """Record a check-up answered in the past (survey history imported from elsewhere, or the demo centre).

    Validates and scores exactly like a live submission; refuses an invitation already submitted.
    """
    if invitation.status == InvitationStatus.SUBMITTED:
        raise CheckupError(_("You have already submitted this check-up."))
    scores: list[Score] = []
    with transaction.atomic():
        clean: dict[str, dict[str, int]] = {}
        for instrument_id in invitation.campaign.instruments:
            instrument = load_instrument(instrument_id)
            given = dict(answers.get(instrument_id, {}))
            try:
                sheet = score_answers(instrument, given)
            except InvalidAnswer as exc:
                raise CheckupError(f"{instrument_id}.{exc.item_id}: {exc}") from exc
            clean[instrument_id] = {k: int(v) for k, v in given.items() if v is not None}
            for subscale_id, result in sheet.scores.items():
                scores.append(Score(
                    invitation=invitation, person_id=invitation.person_id, campaign_id=invitation.campaign_id,
                    instrument=instrument_id, subscale=subscale_id, value=result.value,
                    band=result.band.id if result.band else "", level=result.band.level if result.band else None,
                    answered=result.answered, items=result.items, submitted_at=submitted_at,
                ))
        Response.objects.update_or_create(invitation=invitation, defaults={
            "answers": clean,
            "instrument_versions": {i: load_instrument(i).version for i in invitation.campaign.instruments},
        })
        Score.objects.bulk_create(scores)
        invitation.status = InvitationStatus.SUBMITTED
        invitation.started_at = invitation.started_at or submitted_at
        invitation.submitted_at = submitted_at
        invitation.language = language
        invitation.save(update_fields=["status", "started_at", "submitted_at", "language"])
    return scores
