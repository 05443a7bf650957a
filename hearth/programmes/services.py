"""Writes for group programmes. Every write records an AuditEvent in the same transaction.

The rules that protect members live here, not in views: only a group's facilitators run it; a person is
in a group only after accepting an invitation or enrolling themself; consent to be counted is the
member's own decision and takes effect at once; attendance is recorded for members taking part; the
before/after measures go to the members by name through the check-up flow, never as a team check-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.assessments.models import Campaign, CampaignPurpose
from hearth.assessments.services import CheckupError, campaign_create, campaign_people_add
from hearth.audit.services import audit_record
from hearth.engine.instruments import available_instruments
from hearth.people.models import Centre, Person, PersonStatus
from hearth.programmes.catalogue import TEMPLATES, template_kind
from hearth.programmes.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    MemberRole,
    Membership,
    MemberStatus,
    MentorPair,
    MentorReward,
    Phase,
    Programme,
    ProgrammeGoal,
    ProgrammeSession,
    ProgrammeStatus,
    RewardKind,
)
from hearth.programmes.rules import (
    ProgrammeRuleError as ProgrammeRuleError,  # views and other apps catch it here
)
from hearth.programmes.rules import may_run, require_facilitator
from hearth.programmes.services_coping import completions_record, phases_create

MEASURE_DAYS = 14  # how long a before/after questionnaire stays open


_require_facilitator = require_facilitator


def programme_create(
    *, centre: Centre, by: Person, title: str = "", template: str = "", language: str = "zh-hans",
    starts_on: date | None = None, ends_on: date | None = None, enrolment: str | None = None,
    capacity: int | None = None, purpose: str = "", instrument: str | None = None,
) -> Programme:
    """Start a group from a template (its purpose, goals, sessions and questionnaire are copied; a phased template
    also its phases and modules) or custom (empty). Trainers start stress-coping programmes only."""
    chosen = TEMPLATES.get(template) if template else None
    if template and chosen is None:
        raise ProgrammeRuleError(_("Unknown template."))
    kind = template_kind(template)
    if by.centre_id != centre.pk or not may_run(by, kind):
        raise ProgrammeRuleError(_("Only a social worker of the centre runs group programmes; "
                                   "trainers run stress-coping programmes."))
    enrolment = enrolment or (chosen.enrolment if chosen else Enrolment.INVITE)
    instrument = instrument if instrument is not None else (chosen.instrument if chosen else "")
    if enrolment not in Enrolment.values:
        raise ProgrammeRuleError(_("Unknown enrolment."))
    if instrument and instrument not in available_instruments():
        raise ProgrammeRuleError(_("Unknown questionnaire."))
    if starts_on and ends_on and ends_on < starts_on:
        raise ProgrammeRuleError(_("The group must end after it starts."))
    if capacity is not None and capacity < 1:
        raise ProgrammeRuleError(_("A group needs at least one place."))
    title = title.strip() or (chosen.text(chosen.name, language) if chosen else "")
    if not title:
        raise ProgrammeRuleError(_("A custom group needs a title."))
    now = timezone.now()
    with transaction.atomic():
        programme = Programme.objects.create(
            centre=centre, template=template, kind=kind, mentoring=bool(chosen and chosen.mentoring),
            title=title[:200],
            purpose=purpose.strip() or (chosen.text(chosen.purpose, language) if chosen else ""),
            enrolment=enrolment, capacity=capacity, starts_on=starts_on, ends_on=ends_on, instrument=instrument,
            created_by=by, created_at=now,
        )
        programme.facilitators.add(by)
        if chosen is not None:
            ProgrammeGoal.objects.bulk_create([
                ProgrammeGoal(programme=programme, description=chosen.text(goal, language),
                              indicator=chosen.text(indicator, language), created_at=now)
                for goal, indicator in chosen.goals
            ])
            if chosen.phases:
                phases_create(programme=programme, template=chosen, language=language, now=now)
            else:
                ProgrammeSession.objects.bulk_create([
                    ProgrammeSession(programme=programme, number=i, theme=chosen.text(theme, language), created_at=now)
                    for i, theme in enumerate(chosen.sessions, start=1)
                ])
        audit_record(actor=by.user, action="programme.create", obj=programme, reason=template or "custom")
    return programme


def programme_status_set(*, programme: Programme, by: Person, status: str) -> Programme:
    """Start (planned → running) or end (running → ended) the group; ending a phased programme records the
    completions of members who meet its rule."""
    _require_facilitator(programme, by)
    allowed = {ProgrammeStatus.PLANNED: ProgrammeStatus.RUNNING, ProgrammeStatus.RUNNING: ProgrammeStatus.ENDED}
    if allowed.get(ProgrammeStatus(programme.status)) != status:
        raise ProgrammeRuleError(_("A group goes from planned to running to ended."))
    with transaction.atomic():
        programme.status = status
        today = timezone.localdate()
        if status == ProgrammeStatus.RUNNING and programme.starts_on is None:
            programme.starts_on = today
        if status == ProgrammeStatus.ENDED and programme.ends_on is None:
            programme.ends_on = today
        programme.save(update_fields=["status", "starts_on", "ends_on"])
        audit_record(actor=by.user, action=f"programme.{status}", obj=programme)
        if status == ProgrammeStatus.ENDED and programme.phases.exists():
            completions_record(programme=programme, by=by, on=today)
    return programme


def programme_facilitator_add(*, programme: Programme, by: Person, worker: Person) -> Programme:
    """Add a social worker of the centre (or, to a stress-coping programme, a trainer) as a co-facilitator."""
    _require_facilitator(programme, by)
    if not may_run(worker, programme.kind) or worker.centre_id != programme.centre_id:
        raise ProgrammeRuleError(_("Only a social worker of the centre can facilitate a group."))
    if programme.memberships.filter(person=worker).exclude(status=MemberStatus.DECLINED).exists():
        raise ProgrammeRuleError(_("A member of the group cannot also facilitate it."))
    with transaction.atomic():
        programme.facilitators.add(worker)
        audit_record(actor=by.user, action="programme.facilitator.add", obj=programme, reason=worker.employee_id)
    return programme


def programme_goal_add(*, programme: Programme, by: Person, description: str, indicator: str = "") -> ProgrammeGoal:
    """Add a goal of the group with its measurable indicator."""
    _require_facilitator(programme, by)
    if not description.strip():
        raise ProgrammeRuleError(_("A goal needs a description."))
    with transaction.atomic():
        goal = ProgrammeGoal.objects.create(programme=programme, description=description.strip(),
                                            indicator=indicator.strip(), created_at=timezone.now())
        audit_record(actor=by.user, action="programme.goal.add", obj=goal)
    return goal


def programme_goal_rate(*, goal: ProgrammeGoal, by: Person, attainment: int) -> ProgrammeGoal:
    """Score the group's attainment of a goal on the GAS scale: −2 much less than expected … +2 much more."""
    _require_facilitator(goal.programme, by)
    if attainment not in (-2, -1, 0, 1, 2):
        raise ProgrammeRuleError(_("Attainment is −2 to +2."))
    with transaction.atomic():
        goal.attainment = attainment
        goal.save(update_fields=["attainment"])
        audit_record(actor=by.user, action="programme.goal.rate", obj=goal)
    return goal


# ------------------------------------------------------------------------------------------- members


def _places_left(programme: Programme) -> int | None:
    if programme.capacity is None:
        return None
    return programme.capacity - programme.memberships.filter(status=MemberStatus.ACTIVE).count()


def membership_invite(*, programme: Programme, by: Person, person: Person) -> Membership:
    """Invite an agent of the centre; they accept or decline on their "My groups" page."""
    _require_facilitator(programme, by)
    if programme.status == ProgrammeStatus.ENDED:
        raise ProgrammeRuleError(_("The group has ended."))
    if person.centre_id != programme.centre_id or person.status != PersonStatus.ACTIVE:
        raise ProgrammeRuleError(_("Only an active person of the centre can be invited."))
    if programme.facilitators.filter(pk=person.pk).exists():
        raise ProgrammeRuleError(_("A facilitator cannot be a member of their own group."))
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(programme=programme, person=person)
        if membership.status == MemberStatus.ACTIVE:
            raise ProgrammeRuleError(_("This person already takes part."))
        membership.status, membership.invited_by, membership.invited_at = MemberStatus.INVITED, by, timezone.now()
        membership.self_enrolled, membership.left_at = False, None
        membership.save()
        audit_record(actor=by.user, action="programme.member.invite", subject=person, obj=membership)
    return membership


def membership_respond(*, membership: Membership, accept: bool) -> Membership:
    """The invited person accepts or declines."""
    if membership.status != MemberStatus.INVITED:
        raise ProgrammeRuleError(_("There is no open invitation."))
    if accept and (left := _places_left(membership.programme)) is not None and left <= 0:
        raise ProgrammeRuleError(_("The group is full."))
    with transaction.atomic():
        membership.status = MemberStatus.ACTIVE if accept else MemberStatus.DECLINED
        membership.joined_at = timezone.now() if accept else None
        membership.save(update_fields=["status", "joined_at"])
        audit_record(actor=membership.person.user, action=f"programme.member.{'accept' if accept else 'decline'}",
                     subject=membership.person, obj=membership)
    return membership


def membership_join(*, programme: Programme, person: Person) -> Membership:
    """An agent enrols themself in an open group that has places left."""
    if (programme.enrolment != Enrolment.OPEN or programme.status == ProgrammeStatus.ENDED
            or programme.centre_id != person.centre_id):
        raise ProgrammeRuleError(_("This group is not open for enrolment."))
    if programme.facilitators.filter(pk=person.pk).exists():
        raise ProgrammeRuleError(_("A facilitator cannot be a member of their own group."))
    if (left := _places_left(programme)) is not None and left <= 0:
        raise ProgrammeRuleError(_("The group is full."))
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(programme=programme, person=person)
        if membership.status == MemberStatus.ACTIVE:
            raise ProgrammeRuleError(_("You already take part."))
        membership.status, membership.self_enrolled = MemberStatus.ACTIVE, True
        membership.joined_at, membership.left_at = timezone.now(), None
        membership.save()
        audit_record(actor=person.user, action="programme.member.join", subject=person, obj=membership)
    return membership


def membership_consent_set(*, membership: Membership, counted: bool) -> Membership:
    """The member's decision on counting their results in anonymous statistics; it takes effect at once."""
    if membership.status != MemberStatus.ACTIVE:
        raise ProgrammeRuleError(_("Only a member taking part decides this."))
    with transaction.atomic():
        membership.counted, membership.counted_decided_at = counted, timezone.now()
        membership.save(update_fields=["counted", "counted_decided_at"])
        audit_record(actor=membership.person.user,
                     action=f"programme.member.counting.{'granted' if counted else 'withdrawn'}",
                     subject=membership.person, obj=membership)
    return membership


def membership_leave(*, membership: Membership) -> Membership:
    """The member leaves the group; from then on they are not counted."""
    if membership.status != MemberStatus.ACTIVE:
        raise ProgrammeRuleError(_("You are not taking part in this group."))
    with transaction.atomic():
        membership.status, membership.left_at, membership.counted = MemberStatus.LEFT, timezone.now(), False
        membership.save(update_fields=["status", "left_at", "counted"])
        audit_record(actor=membership.person.user, action="programme.member.leave", subject=membership.person,
                     obj=membership)
    return membership


# ------------------------------------------------------------------------------- mentoring circle


def pair_add(*, programme: Programme, by: Person, mentor: Membership, mentee: Membership) -> MentorPair:
    """Pair an experienced agent (mentor) with a newer one (mentee) in a mentoring circle."""
    _require_facilitator(programme, by)
    if not programme.mentoring:
        raise ProgrammeRuleError(_("Only a mentoring circle has pairs."))
    if mentor.pk == mentee.pk or {mentor.programme_id, mentee.programme_id} != {programme.pk}:
        raise ProgrammeRuleError(_("Choose two different members of this group."))
    if mentor.status != MemberStatus.ACTIVE or mentee.status != MemberStatus.ACTIVE:
        raise ProgrammeRuleError(_("Both must have accepted the invitation."))
    if mentor.role == MemberRole.MENTEE or mentee.role == MemberRole.MENTOR:
        raise ProgrammeRuleError(_("A member is either a mentor or a mentee."))
    with transaction.atomic():
        pair, created = MentorPair.objects.get_or_create(programme=programme, mentor=mentor, mentee=mentee,
                                                         defaults={"created_at": timezone.now()})
        if not created:
            raise ProgrammeRuleError(_("They are already paired."))
        Membership.objects.filter(pk=mentor.pk).update(role=MemberRole.MENTOR)
        Membership.objects.filter(pk=mentee.pk).update(role=MemberRole.MENTEE)
        audit_record(actor=by.user, action="programme.pair.add", subject=mentor.person, obj=pair,
                     reason=mentee.person.employee_id)
    return pair


def reward_add(*, mentor: Membership, by: Person, kind: str, awarded_on: date, note: str = "") -> MentorReward:
    """Record a reward for a mentor of a mentoring circle (seen by the facilitators and the mentor)."""
    programme = mentor.programme
    _require_facilitator(programme, by)
    if mentor.role != MemberRole.MENTOR:
        raise ProgrammeRuleError(_("Rewards are for mentors."))
    if kind not in RewardKind.values:
        raise ProgrammeRuleError(_("Unknown kind of reward."))
    with transaction.atomic():
        reward = MentorReward.objects.create(programme=programme, mentor=mentor, kind=kind, awarded_on=awarded_on,
                                             note=note.strip(), recorded_by=by, created_at=timezone.now())
        audit_record(actor=by.user, action="programme.reward.add", subject=mentor.person, obj=reward, reason=kind)
    return reward


# ----------------------------------------------------------------------------------------- sessions


def session_add(*, programme: Programme, by: Person, theme: str, held_on: date | None = None,
                minutes: int = 90, phase: Phase | None = None) -> ProgrammeSession:
    """Add a session to the group's outline (in one of its phases, for a phased programme)."""
    _require_facilitator(programme, by)
    if not theme.strip() or not 1 <= minutes <= 600:
        raise ProgrammeRuleError(_("A session needs a theme and a length of 1 to 600 minutes."))
    if phase is not None and phase.programme_id != programme.pk:
        raise ProgrammeRuleError(_("Choose a phase of this programme."))
    with transaction.atomic():
        last = programme.sessions.order_by("-number").values_list("number", flat=True).first() or 0
        session = ProgrammeSession.objects.create(programme=programme, number=last + 1, theme=theme.strip()[:200],
                                                  phase=phase, held_on=held_on, minutes=minutes,
                                                  created_at=timezone.now())
        audit_record(actor=by.user, action="programme.session.add", obj=session)
    return session


def session_record(
    *, session: ProgrammeSession, by: Person, held_on: date | None, minutes: int,
    attendance: Mapping[int, str], notes: str = "",
) -> ProgrammeSession:
    """Record a session: its date, length, attendance per member (membership id → status) and group notes.

    Recording attendance marks the session held. Notes are about the group, never a named member.
    """
    programme = session.programme
    _require_facilitator(programme, by)
    if attendance and programme.status == ProgrammeStatus.PLANNED:
        raise ProgrammeRuleError(_("Start the group before recording attendance."))
    if any(status not in AttendanceStatus.values for status in attendance.values()):
        raise ProgrammeRuleError(_("Attendance is present, absent or excused."))
    active = set(programme.memberships.filter(status=MemberStatus.ACTIVE, pk__in=list(attendance))
                 .values_list("pk", flat=True))
    if set(attendance) - active:
        raise ProgrammeRuleError(_("Attendance is recorded for members taking part only."))
    if attendance and held_on is None:
        raise ProgrammeRuleError(_("A session that was held needs its date."))
    if not 1 <= minutes <= 600:
        raise ProgrammeRuleError(_("A session needs a theme and a length of 1 to 600 minutes."))
    with transaction.atomic():
        for membership_id, status in attendance.items():
            Attendance.objects.update_or_create(session=session, membership_id=membership_id,
                                                defaults={"status": status})
        session.held_on, session.minutes, session.notes, session.updated_by = held_on, minutes, notes.strip(), by
        session.held = session.held or bool(attendance)
        session.save(update_fields=["held_on", "minutes", "notes", "updated_by", "held"])
        audit_record(actor=by.user, action="programme.session.record", obj=session)
    return session


# ------------------------------------------------------------------------------------------ measures


def programme_measure_send(*, programme: Programme, by: Person, phase: str, days: int = MEASURE_DAYS) -> Campaign:
    """Send the before ("pre") or after ("post") questionnaire to the members taking part, through the
    check-up flow (a campaign of purpose "programme" naming them). Sending again invites members who
    joined since, while it is open."""
    _require_facilitator(programme, by)
    if phase not in ("pre", "post"):
        raise ProgrammeRuleError(_("Unknown measure."))
    if not programme.instrument:
        raise ProgrammeRuleError(_("Choose the group's questionnaire first."))
    if phase == "pre" and programme.status == ProgrammeStatus.ENDED:
        raise ProgrammeRuleError(_("The group has ended: send the after questionnaire."))
    if phase == "post" and (programme.status == ProgrammeStatus.PLANNED or programme.pre_campaign_id is None):
        raise ProgrammeRuleError(_("The after questionnaire follows the before one, once the group runs."))
    members = [m.person for m in programme.memberships.filter(status=MemberStatus.ACTIVE).select_related("person")]
    if not members:
        raise ProgrammeRuleError(_("No member has joined yet."))
    existing = programme.pre_campaign if phase == "pre" else programme.post_campaign
    now = timezone.now()
    with transaction.atomic():
        if existing is not None:
            if existing.closes_at <= now:
                raise ProgrammeRuleError(_("This questionnaire has closed."))
            campaign_people_add(campaign=existing, people=members)
            audit_record(actor=by.user, action=f"programme.measure.{phase}.resend", obj=programme)
            return existing
        label = _("before the group") if phase == "pre" else _("after the group")
        try:
            campaign = campaign_create(
                centre=programme.centre, created_by=by, title=f"{programme.title} · {label}"[:200],
                instruments=[programme.instrument], people=members, opens_at=now, closes_at=now + timedelta(days=days),
                purpose=CampaignPurpose.PROGRAMME,
            )
        except CheckupError as error:
            raise ProgrammeRuleError(str(error)) from error
        if phase == "pre":
            programme.pre_campaign = campaign
        else:
            programme.post_campaign = campaign
        programme.save(update_fields=["pre_campaign", "post_campaign"])
        audit_record(actor=by.user, action=f"programme.measure.{phase}.send", obj=programme)
    return campaign
