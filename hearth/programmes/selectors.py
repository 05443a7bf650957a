"""Reads for group programmes: the facilitator's group page (audited), the agent's own groups, outcomes.

Member-level data (who is in a group, their attendance, consent and pairs) leaves this module only for
the group's facilitators, through `programme_page`, which audits the read per member in the same
transaction, or for the member themself (`my_groups`, not audited). Everyone else gets `programme_outcome`
and `programmes_overview`: anonymous, with every number hidden below the centre's k.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from hearth.assessments import selectors as checkup_selectors
from hearth.audit.services import audit_record_many
from hearth.engine.anonymity import Cell, release_cells
from hearth.engine.instruments import InstrumentError, load_instrument
from hearth.engine.outcomes import (
    AttendanceResult,
    ChangeResult,
    ImprovementResult,
    PairedScores,
    attendance_rate,
    first_reliable_improvement,
    gas_t_score,
    paired_change,
    time_to_improvement,
    withheld,
)
from hearth.engine.risk_config import reliable_change_for
from hearth.people.models import Centre, Person, PersonStatus, Role
from hearth.programmes.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    Membership,
    MemberStatus,
    MentorPair,
    MentorReward,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
)
from hearth.programmes.selectors_coping import (
    MemberProgress,
    completed_person_ids,
    coping_board,
    my_progress,
)

# ------------------------------------------------------------------------------------------ outcomes


@dataclass(frozen=True)
class SubscaleChange:
    """The paired change before → after in one subscale of the group's questionnaire."""

    subscale_id: str
    name: dict[str, str]
    result: ChangeResult
    # Kaplan–Meier days from the before-measure to the first reliably better score (the after-measure or a
    # regular check-up in between); None when the instrument has no reliable-change figure.
    improvement: ImprovementResult | None = None


@dataclass(frozen=True)
class ProgrammeOutcome:
    """A group's anonymous outcome; below k (``released`` False) every number is None or empty."""

    programme_id: int
    k: int
    released: bool
    counted: int | None  # members taking part who consented to counting; None below k
    instrument: str
    changes: tuple[SubscaleChange, ...] = ()  # empty when hidden, or before/after not both sent
    attendance: AttendanceResult | None = None  # None when hidden or no session held yet
    goal_t: float | None = None  # GAS T-score of the group's rated goals (50 = as expected)
    goals_rated: int = 0
    goals_total: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, for pages that draw charts or export."""
        return {
            "programme_id": self.programme_id, "k": self.k, "released": self.released, "counted": self.counted,
            "instrument": self.instrument,
            "changes": [{"subscale": c.subscale_id, **c.result.to_dict(),
                         "improvement": c.improvement.to_dict() if c.improvement else None} for c in self.changes],
            "attendance": self.attendance.to_dict() if self.attendance else None,
            "goal_t": self.goal_t, "goals_rated": self.goals_rated, "goals_total": self.goals_total,
        }


def counted_person_ids(*, programme: Programme) -> list[int]:
    """Members taking part who consent, right now, to be counted in anonymous statistics."""
    return sorted(programme.memberships.filter(status=MemberStatus.ACTIVE, counted=True)
                  .values_list("person_id", flat=True))


def programme_outcome(*, programme: Programme) -> ProgrammeOutcome:
    """The anonymous outcome of one group, for its page and for centre-wide outcome pages.

    Signature: ``programme_outcome(*, programme: Programme) -> ProgrammeOutcome``. Only members taking part
    who consented to counting are included, and nothing is released below ``programme.centre.k``
    (``release_cells`` decides; its floor is 3). Released, it holds per subscale of the group's
    questionnaire the engine's ``paired_change`` (before = the "pre" measure, after = the "post" one;
    Hedges' g_av with its 95% CI; reliable change as the radar counts it, ``reliable_change_for``), the
    ``attendance_rate`` over the sessions held, the GAS T-score of the group's rated goals, and per subscale
    the Kaplan–Meier time from the before-measure to a reliable improvement (``_subscale_changes``). Not
    audited: it returns no person's data (``AttendanceResult.rates`` is per member: never show it).
    """
    k = programme.centre.k
    people = counted_person_ids(programme=programme)
    decision = release_cells([Cell("programme", frozenset(people))], k)["programme"]
    if not decision.released:
        return ProgrammeOutcome(programme.pk, max(k, 3), False, None, programme.instrument)
    changes: list[SubscaleChange] = []
    if programme.instrument and programme.pre_campaign_id and programme.post_campaign_id:
        try:
            instrument = load_instrument(programme.instrument)
        except (InstrumentError, KeyError):
            instrument = None
        if instrument is not None:
            changes = _subscale_changes(programme, instrument, people, k)
    attendance = None
    held = programme.sessions.filter(held=True).count()
    if held:
        present = dict(Attendance.objects.filter(
            session__programme=programme, session__held=True, status=AttendanceStatus.PRESENT,
            membership__person_id__in=people,
        ).values("membership__person_id").annotate(n=Count("pk")).values_list("membership__person_id", "n"))
        attendance = attendance_rate(held, {str(pid): present.get(pid, 0) for pid in people}, k=k)
    rated = [g for g in programme.goals.all() if g.attainment is not None]
    return ProgrammeOutcome(
        programme.pk, max(k, 3), True, len(people), programme.instrument, tuple(changes), attendance,
        gas_t_score([g.attainment for g in rated if g.attainment is not None]) if rated else None,
        len(rated), programme.goals.count(),
    )


def _subscale_changes(programme: Programme, instrument: Any, people: list[int], k: int) -> list[SubscaleChange]:
    """Per subscale of the group's questionnaire: the paired change before → after and the time to improvement.

    Time to improvement runs from a member's before-measure to their first score reliably better than it:
    the after-measure or a regular check-up in between (check-ups only: never another group's questionnaire).
    A member with no later score is not followed; one not (yet) better is censored at their latest score.
    The improvement cells of all subscales are released together, so no two can be differenced.
    """
    pre_id, post_id = programme.pre_campaign_id, programme.post_campaign_id
    dated: dict[tuple[int, str, int], tuple[datetime, float]] = {}
    for campaign_id, person_id, instrument_id, subscale_id, value, at in checkup_selectors.campaign_score_rows(
        campaign_ids=[pre_id, post_id], person_ids=people,
    ):
        if instrument_id == instrument.id:
            dated[(campaign_id, subscale_id, person_id)] = (at, value)
    between: dict[tuple[str, int], list[tuple[datetime, float]]] = defaultdict(list)
    for person_id, _inv, _instrument, subscale_id, value, _level, at in checkup_selectors.scores_for_models(
        person_ids=people, instrument=instrument.id,
    ):
        between[(subscale_id, person_id)].append((at, value))
    rc = reliable_change_for(instrument.id)
    now = timezone.now()
    built: list[tuple[str, dict[str, str], ChangeResult, ImprovementResult | None, frozenset[str]]] = []
    for subscale in instrument.subscales:
        worse_up = subscale.direction == "higher_is_worse"
        pairs = [
            PairedScores(str(pid), dated[(pre_id, subscale.id, pid)][1], dated[(post_id, subscale.id, pid)][1])
            for pid in people if (pre_id, subscale.id, pid) in dated and (post_id, subscale.id, pid) in dated
        ]
        change = paired_change(pairs, k=k, higher_is_worse=worse_up, reliable_change=rc)
        follow: list[tuple[str, date, date | None, date]] = []
        for pid in people if rc is not None else []:
            if (pre_id, subscale.id, pid) not in dated:
                continue
            began, before = dated[(pre_id, subscale.id, pid)]
            post = dated.get((post_id, subscale.id, pid))
            end = post[0] if post else now
            later = sorted([(at, v) for at, v in between[(subscale.id, pid)] if began < at <= end] + ([post] if post else []))
            if not later:
                continue
            better = first_reliable_improvement(before, later, reliable_change=rc, higher_is_worse=worse_up)
            follow.append((str(pid), timezone.localdate(began), timezone.localdate(better) if better else None,
                           timezone.localdate(later[-1][0])))
        improvement = time_to_improvement(follow, k=k) if rc is not None else None
        built.append((subscale.id, subscale.name, change, improvement, frozenset(f[0] for f in follow)))
    decisions = release_cells([Cell(sid, members) for sid, _n, _c, _i, members in built], k)
    return [
        SubscaleChange(sid, name, change,
                       improvement if improvement is None or not improvement.released or decisions[sid].released
                       else withheld(improvement, decisions[sid].suppression or improvement.suppression))
        for sid, name, change, improvement, _members in built
    ]


@dataclass(frozen=True)
class OverviewRow:
    """One group in the anonymous overview: no member is named, counts and outcomes only above k."""

    programme: Programme
    sessions_held: int
    members: int | None  # None: fewer than k
    outcome: ProgrammeOutcome
    phased: bool = False  # a programme with phases (stress-coping): it has completions
    completed: int | None = None  # members who completed it; None below k, or when it would single someone out


def programmes_overview(*, centre: Centre) -> list[OverviewRow]:
    """Every group of the centre with anonymous counts and outcomes (for leads, HR, managers, social workers).

    A phased programme also shows how many members completed it, decided together with the member count so
    that neither count, nor their difference, is shown for fewer than k people.
    """
    rows = []
    k = centre.k
    programmes = (Programme.objects.filter(centre=centre).select_related("centre")
                  .annotate(held=Count("sessions", filter=Q(sessions__held=True), distinct=True),
                            n_phases=Count("phases", distinct=True)))
    for programme in programmes:
        active = frozenset(programme.memberships.filter(status=MemberStatus.ACTIVE).values_list("person_id", flat=True))
        phased = bool(programme.n_phases)  # type: ignore[attr-defined]
        cells = [Cell("members", active)]
        if phased:
            cells.append(Cell("completed", frozenset(completed_person_ids(programme=programme)) & active))
        decisions = release_cells(cells, k)
        completed = decisions["completed"] if phased else None
        rows.append(OverviewRow(programme, programme.held,  # type: ignore[attr-defined]
                                len(active) if decisions["members"].released else None,
                                programme_outcome(programme=programme), phased,
                                completed.n if completed is not None and completed.released else None))
    return rows


def programmes_completed(*, person: Person) -> list[Programme]:
    """The programmes the person completed (ended or not), newest completion first; each carries `completed_on`.

    Signature: ``programmes_completed(*, person: Person) -> list[Programme]``, for the person's own growth
    portfolio: their own data, not audited.
    """
    memberships = (Membership.objects.filter(person=person, completion__isnull=False)
                   .select_related("programme", "completion").order_by("-completion__completed_on", "-pk"))
    programmes = []
    for membership in memberships:
        programme = membership.programme
        programme.completed_on = membership.completion.completed_on  # type: ignore[attr-defined]
        programmes.append(programme)
    return programmes


# ---------------------------------------------------------------------------------- the group page


def programmes_facilitated(*, reader: Person) -> list[Programme]:
    """The groups the social worker facilitates, newest first, with members taking part and sessions held."""
    return list(
        Programme.objects.filter(facilitators=reader).annotate(
            active=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE), distinct=True),
            held=Count("sessions", filter=Q(sessions__held=True), distinct=True),
        ).order_by("-created_at")
    )


@dataclass
class SessionRow:
    """A session with each member's attendance (membership id → status) for the grid."""

    session: Any
    marks: dict[int, str] = field(default_factory=dict)


def programme_page(*, reader: Person, programme: Programme, ip: str | None = None) -> dict[str, Any]:
    """Everything the facilitators see on the group page; the read is audited once per member named."""
    with transaction.atomic():
        memberships = list(programme.memberships.select_related("person", "person__team").order_by("status", "pk"))
        marks: dict[int, dict[int, str]] = defaultdict(dict)
        for session_id, membership_id, status in Attendance.objects.filter(session__programme=programme).values_list(
                "session_id", "membership_id", "status"):
            marks[session_id][membership_id] = status
        sessions = [SessionRow(s, marks[s.pk]) for s in programme.sessions.select_related("phase")]
        pairs = list(MentorPair.objects.filter(programme=programme).select_related("mentor__person", "mentee__person"))
        rewards = list(MentorReward.objects.filter(programme=programme).select_related("mentor__person"))
        if memberships:
            audit_record_many(actor=reader.user, action="programme.members.view",
                              subjects=[m.person for m in memberships], reason=f"programme {programme.pk}", ip=ip)
    campaigns = [c for c in (programme.pre_campaign_id, programme.post_campaign_id) if c]
    counts = checkup_selectors.campaign_response_counts(campaign_ids=campaigns)
    member_ids = ({m.person_id for m in memberships if m.status in (MemberStatus.ACTIVE, MemberStatus.INVITED)}
                  | set(programme.facilitators.values_list("pk", flat=True)))
    return {
        "memberships": memberships,
        "active": [m for m in memberships if m.status == MemberStatus.ACTIVE],
        "sessions": sessions,
        "pairs": pairs,
        "rewards": rewards,
        "measures": [
            ("pre", programme.pre_campaign, counts.get(programme.pre_campaign_id or 0)),
            ("post", programme.post_campaign, counts.get(programme.post_campaign_id or 0)),
        ],
        "facilitators": list(programme.facilitators.all()),
        "invitable": list(Person.objects.filter(centre_id=programme.centre_id, status=PersonStatus.ACTIVE,
                                                roles__role=Role.AGENT).exclude(pk__in=member_ids)
                          .distinct().order_by("name")),
        "co_facilitators": list(Person.objects.filter(
            centre_id=programme.centre_id,
            roles__role__in=[Role.SOCIAL_WORKER, Role.TRAINER] if programme.kind == ProgrammeKind.COPING
            else [Role.SOCIAL_WORKER],
        ).exclude(pk__in=member_ids).distinct().order_by("name")),
        "outcome": programme_outcome(programme=programme),
        "coping": (coping_board(programme=programme, active=[m for m in memberships if m.status == MemberStatus.ACTIVE])
                   if programme.phases.exists() else None),
    }


# --------------------------------------------------------------------------------------- my groups


@dataclass
class MyGroup:
    """One of the agent's groups as they see it: no other member is named but their own pair."""

    membership: Membership
    sessions: list[tuple[Any, str | None]]  # (session, my attendance)
    mentees: list[Person]
    mentors: list[Person]
    rewards: list[MentorReward]
    open_measures: list[tuple[str, int]]  # ("pre" | "post", my invitation id)
    phases: list[Any] = field(default_factory=list)  # a phased programme's phases, with modules and sessions
    progress: MemberProgress | None = None  # my results per phase, attendance and completion


def my_groups(*, person: Person) -> dict[str, Any]:
    """The agent's invitations, groups and the open groups they could join. Their own data: not audited."""
    memberships = list(Membership.objects.filter(person=person).select_related("programme")
                       .order_by("-programme__created_at"))
    mine = [m for m in memberships if m.status == MemberStatus.ACTIVE]
    mine_ids = [m.pk for m in mine]
    attended = {(a.session_id, a.membership_id): a.status for a in Attendance.objects.filter(membership_id__in=mine_ids)}
    campaign_of = {c: (phase, m.pk) for m in mine for phase, c in (("pre", m.programme.pre_campaign_id),
                                                                   ("post", m.programme.post_campaign_id)) if c}
    open_invitations = checkup_selectors.open_invitation_ids(person=person, campaign_ids=list(campaign_of))
    groups = []
    for m in mine:
        phased = my_progress(membership=m)
        groups.append(MyGroup(
            membership=m,
            sessions=[(s, attended.get((s.pk, m.pk))) for s in m.programme.sessions.all()],
            mentees=[p.mentee.person for p in m.mentee_pairs.select_related("mentee__person")],
            mentors=[p.mentor.person for p in m.mentor_pairs.select_related("mentor__person")],
            rewards=list(m.rewards.all()),
            open_measures=[(campaign_of[c][0], inv) for c, inv in open_invitations.items() if campaign_of[c][1] == m.pk],
            phases=phased[0] if phased else [], progress=phased[1] if phased else None,
        ))
    taken = {m.programme_id for m in memberships if m.status in (MemberStatus.ACTIVE, MemberStatus.INVITED)}
    joinable = [
        p for p in Programme.objects.filter(centre_id=person.centre_id, enrolment=Enrolment.OPEN)
        .exclude(status=ProgrammeStatus.ENDED).exclude(facilitators=person)
        .annotate(active=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE)))
        if p.pk not in taken and (p.capacity is None or p.active < p.capacity)  # type: ignore[attr-defined]
    ]
    return {
        "invitations": [m for m in memberships if m.status == MemberStatus.INVITED],
        "groups": groups,
        "joinable": joinable,
        "past": [m for m in memberships if m.status == MemberStatus.LEFT],
    }
