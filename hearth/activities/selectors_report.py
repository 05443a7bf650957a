"""The organiser's participation report (per activity, per kind, per team) and the centre outcomes summary.

Participation in preventive activities is not counselling data: organisers see who signed up for a workshop.
Group figures still protect small groups: a team's participation rate is shown only when the team passes the
centre's k-anonymity rule (engine.anonymity.release_cells, with differencing protection between a team, its
sub-teams and the centre); counts of people per kind only when at least k people took part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from hearth.activities.models import (
    HOLDS_PLACE,
    Activity,
    ActivityKind,
    ActivityStatus,
    Participation,
)
from hearth.activities.models import ParticipationStatus as PS
from hearth.engine.anonymity import Cell, release_cells
from hearth.people.models import Centre, Person, PersonStatus, Team


@dataclass(frozen=True)
class ActivityRow:
    """One activity's figures: places held, waiting, cancelled, came, did not come, family members who came."""

    activity: Activity
    places: int
    waiting: int
    cancelled: int
    attended: int
    no_show: int
    adults_came: int
    children_came: int


@dataclass(frozen=True)
class KindRow:
    """One kind of activity over a period; people counts are None when fewer than k took part."""

    kind: str
    label: str
    activities: int
    signups: int
    attendances: int | None
    people: int | None
    family_members: int | None
    suppressed: bool


@dataclass(frozen=True)
class TeamRow:
    """One team's participation: people who came at least once out of its active members, or suppressed."""

    team: Team
    members: int
    people: int | None
    rate: float | None
    suppressed: bool


def _activities(centre: Centre, since: datetime, until: datetime, kind: str = "") -> list[Activity]:
    qs = Activity.objects.filter(centre=centre, starts_at__gte=since, starts_at__lt=until).order_by("starts_at", "pk")
    return list(qs.filter(kind=kind) if kind else qs)


def report_by_activity(*, centre: Centre, since: datetime, until: datetime, kind: str = "") -> list[ActivityRow]:
    """Every activity of the period with its participation figures (names are on each attendance page)."""
    activities = _activities(centre, since, until, kind)
    rows: dict[int, list[Participation]] = defaultdict(list)
    for p in Participation.objects.filter(activity__in=activities):
        rows[p.activity_id].append(p)
    out = []
    for a in activities:
        ps = rows[a.pk]
        out.append(ActivityRow(
            activity=a, places=sum(p.status in HOLDS_PLACE for p in ps),
            waiting=sum(p.status == PS.WAITLISTED for p in ps), cancelled=sum(p.status == PS.CANCELLED for p in ps),
            attended=sum(p.status == PS.ATTENDED for p in ps), no_show=sum(p.status == PS.NO_SHOW for p in ps),
            adults_came=sum(p.adults_came or 0 for p in ps), children_came=sum(p.children_came or 0 for p in ps),
        ))
    return out


def participation_summary(*, centre: Centre, since: datetime, until: datetime) -> list[KindRow]:
    """Participation per kind over [since, until): activities held, sign-ups, and, when at least k people took
    part, attendances, distinct people and family members who came. For the centre's outcomes page."""
    held = [a for a in _activities(centre, since, until) if a.status != ActivityStatus.CANCELLED]
    by_kind: dict[str, list[Activity]] = defaultdict(list)
    for a in held:
        by_kind[a.kind].append(a)
    parts: dict[str, list[Participation]] = defaultdict(list)
    for p in Participation.objects.filter(activity__in=held).select_related("activity"):
        parts[p.activity.kind].append(p)
    out = []
    for kind, label in ActivityKind.choices:
        came = [p for p in parts[kind] if p.status == PS.ATTENDED]
        people = {p.person_id for p in came}
        suppressed = len(people) < centre.k
        out.append(KindRow(
            kind=kind, label=str(label), activities=len(by_kind[kind]),
            signups=sum(p.status in HOLDS_PLACE for p in parts[kind]),
            attendances=None if suppressed else len(came), people=None if suppressed else len(people),
            family_members=None if suppressed else sum((p.adults_came or 0) + (p.children_came or 0) for p in came),
            suppressed=suppressed,
        ))
    return out


def _subtree(team: Team, children: dict[int | None, list[Team]]) -> list[int]:
    ids, stack = [], [team]
    while stack:
        t = stack.pop()
        ids.append(t.pk)
        stack.extend(children.get(t.pk, []))
    return ids


def participation_by_team(*, centre: Centre, since: datetime, until: datetime, kind: str = "") -> list[TeamRow]:
    """Per team (with its sub-teams): active members, and who came at least once, as a rate; suppressed under k."""
    teams = list(Team.objects.filter(centre=centre).order_by("name"))
    children: dict[int | None, list[Team]] = defaultdict(list)
    for t in teams:
        children[t.parent_id].append(t)
    people = list(Person.objects.filter(centre=centre, status=PersonStatus.ACTIVE).values_list("pk", "team_id"))
    came = set(Participation.objects.filter(
        activity__in=_activities(centre, since, until, kind), status=PS.ATTENDED).values_list("person_id", flat=True))
    members = {t.pk: frozenset(pk for pk, team_id in people if team_id in set(_subtree(t, children))) for t in teams}
    # Priority: the centre, then bigger teams first, so that a small sub-team is the one hidden, never its parent.
    cells = [Cell("centre", frozenset(pk for pk, _team in people))]
    cells += [Cell(t.pk, members[t.pk]) for t in sorted(teams, key=lambda t: (-len(members[t.pk]), t.name))]
    decisions = release_cells(cells, centre.k)
    out = []
    for t in teams:
        group, released = members[t.pk], decisions[t.pk].released
        n = len(group & came)
        out.append(TeamRow(team=t, members=len(group), people=n if released else None,
                           rate=(n / len(group)) if released and group else None, suppressed=not released))
    return out
