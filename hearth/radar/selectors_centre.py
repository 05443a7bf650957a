"""Reads for the team and centre radar pages: workload by agent, operational team alerts, hostile exposure
by hour, k-anonymous check-up aggregates (hearth.assessments.aggregates) and k-anonymous counts of agents
per risk level (hearth.engine.anonymity). Nothing here lists anyone's risk or check-up answers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.assessments.aggregates import AggregateCell, SliceKey, aggregate_family
from hearth.assessments.selectors import campaigns_for_centre, team_subtree_ids
from hearth.core.memo import memo, stamp
from hearth.engine.anonymity import Cell, release_cells
from hearth.engine.instruments import load_instrument, text_for
from hearth.engine.risk import TYPES
from hearth.ingest.models import AgentDay, SourceMessage
from hearth.people.models import Centre, Person, PersonStatus, Role, Team
from hearth.radar.models import RiskRun, RiskWeek, TeamAlert
from hearth.radar.selectors import HIGH, REASON_NAMES, WEEKS, type_name, week_level, week_load

# ------------------------------------------------------------------------------------------ team page

# (key, label, kind for the `fmt` filter): the 7-day load table of a team page.
TEAM_LOAD_COLUMNS: list[tuple[str, Any, str]] = [
    ("conversations", gettext_lazy("Conversations"), "int"),
    ("hostile_conversations", gettext_lazy("Hostile conversations"), "int"),
    ("night_hours", gettext_lazy("Night hours"), "dec"),
    ("work_hours", gettext_lazy("Hours worked"), "dec"),
    ("overtime_hours", gettext_lazy("Overtime (over 8 h a day)"), "dec"),
    ("consecutive_days", gettext_lazy("Days in a row"), "int"),
    ("first_reply_minutes", gettext_lazy("First reply (min)"), "dec"),
]


@dataclass
class AgentLoad:
    person: Person
    values: dict[str, float | None]


def team_members(*, team: Team) -> list[Person]:
    """Active agents of the team and its sub-teams, by name."""
    ids = team_subtree_ids(team_ids=[team.pk])
    return list(Person.objects.filter(team_id__in=ids, status=PersonStatus.ACTIVE, roles__role=Role.AGENT)
                .select_related("team").distinct().order_by("name", "pk"))


def team_load_week(*, members: list[Person], today: date, sort: str = "", descending: bool = True) -> list[AgentLoad]:
    """Each member's load over the 7 days to today (workload only: names are fine for the team lead)."""
    days: dict[int, list[AgentDay]] = defaultdict(list)
    for row in AgentDay.objects.filter(person__in=members, day__gt=today - timedelta(days=7), day__lte=today):
        days[row.person_id].append(row)
    rows = [AgentLoad(p, week_load(days.get(p.pk, []))) for p in members]
    if sort in {c[0] for c in TEAM_LOAD_COLUMNS}:
        known = [r for r in rows if r.values[sort] is not None]
        known.sort(key=lambda r: r.values[sort] or 0.0, reverse=descending)
        rows = known + [r for r in rows if r.values[sort] is None]
    return rows


def team_alerts_recent(*, team: Team, today: date, days: int = 14) -> list[TeamAlert]:
    """Operational alerts of the team and its sub-teams in the last `days` days, newest first."""
    ids = team_subtree_ids(team_ids=[team.pk])
    return list(TeamAlert.objects.filter(team_id__in=ids, day__gt=today - timedelta(days=days))
                .select_related("team").order_by("-day", "-created_at"))


def team_alert_text(alert: TeamAlert) -> str:
    """A team alert in words (the same words its leads got)."""
    from hearth.radar.notify import TEAM_ALERT_WORDS

    title, text = TEAM_ALERT_WORDS.get(alert.kind, (alert.get_kind_display(), ""))
    params = {**(alert.params or {}), "names": "、".join(alert.params.get("agents", []) if alert.params else [])}
    try:
        return str(text) % params if text else str(title)
    except (KeyError, TypeError, ValueError):
        return str(title)


@dataclass
class HeatMap:
    """Hostile customer messages by weekday (rows, Monday first) and hour (columns), in centre time."""

    rows: list[tuple[str, list[tuple[int, str]]]]  # (weekday name, [(count, share of the maximum as "0.42")] × 24)
    total: int
    days: int
    time_zone: str


def hostile_heat_map(*, members: list[Person], centre: Centre, days: int = 28) -> HeatMap:
    """Customers' hostile messages in conversations the members handled, by weekday and hour, over `days` days."""
    since = timezone.now() - timedelta(days=days)
    handled = SourceMessage.objects.filter(person__in=members, sent_at__gte=since - timedelta(days=1)).values("conversation_id")
    moments = SourceMessage.objects.filter(
        conversation_id__in=handled, author_role="customer", hostile=True, sent_at__gte=since,
    ).values_list("sent_at", flat=True)
    zone = ZoneInfo(centre.time_zone)
    counts: Counter[tuple[int, int]] = Counter()
    for moment in moments:  # grouped here: the same on SQLite and PostgreSQL, in the centre's zone
        local = moment.astimezone(zone)
        counts[(local.weekday(), local.hour)] += 1
    top = max(counts.values(), default=0)
    rows = [(str(WEEKDAYS_ABBR[wd]), [(counts[(wd, h)], f"{counts[(wd, h)] / top if top else 0:.2f}") for h in range(24)])
            for wd in range(7)]
    return HeatMap(rows, sum(counts.values()), days, centre.time_zone)


@dataclass
class SurveyRow:
    instrument: str
    subscale: str
    cell: AggregateCell | None


def team_survey(*, team: Team, language: str) -> tuple[Any, list[SurveyRow]]:
    """The team's (with sub-teams) aggregates in the latest opened check-up, as assessments.aggregates releases them."""
    now = timezone.now()
    period = next((c for c in campaigns_for_centre(centre_id=team.centre_id) if c.opens_at <= now), None)
    if period is None:
        return None, []
    rows = []
    for instrument_id in period.instruments:
        instrument = load_instrument(instrument_id)
        for s in instrument.subscales:
            family = aggregate_family(centre=team.centre, instrument=instrument_id, subscale=s.id)
            rows.append(SurveyRow(text_for(instrument.name, language), text_for(s.name, language),
                                  family.get((period.pk, SliceKey("team", team_id=team.pk)))))
    return period, rows


# ------------------------------------------------------------------------------------- centre overview


@dataclass
class DistributionRow:
    """Agents per level in one group; counts None when the group is hidden."""

    label: str
    team_id: int | None
    n: int
    counts: list[int] | None
    suppression: str = ""  # too_few | differencing


def latest_as_of(*, centre: Centre) -> date | None:
    """The newest day with risk results (walks the as_of index from the top instead of scanning)."""
    return RiskWeek.objects.filter(person__centre=centre).order_by("-as_of").values_list("as_of", flat=True).first()


def _released_weeks(weeks: list[RiskWeek], k: int) -> tuple[list[RiskWeek], dict[int | None, list[RiskWeek]], set[int | None]]:
    """Risk weeks of one day grouped by the agent's team; the centre roll-up leaves small groups out
    (as in hearth.assessments.aggregates), so the centre minus the shown teams gives nobody away."""
    groups: dict[int | None, list[RiskWeek]] = defaultdict(list)
    for w in weeks:
        groups[w.person.team_id].append(w)
    small = {g for g, ws in groups.items() if len(ws) < k}
    rolled = [w for g, ws in groups.items() if g not in small for w in ws]
    return rolled, groups, small


@dataclass
class OverviewCounts:
    """The centre overview's counts for one day and type (k-anonymous), cached until a run changes them."""

    distribution: list[DistributionRow]
    left_out: int
    by_type: list[tuple[str, int, list[int] | None]]
    high: int
    drivers: list[tuple[str, str, int]]


def overview_counts(*, centre: Centre, as_of: date, burnout_type: str, language: str) -> OverviewCounts:
    """Distribution by team, the centre by type, and the load drivers, for the risk weeks of one day."""
    weeks_stamp = stamp(RiskWeek.objects.filter(as_of=as_of))  # all centres: no join
    key = (f"hearth:radar-overview:{centre.pk}:{centre.k}:{as_of.isoformat()}:{burnout_type}:{language}:"
           f"{weeks_stamp}:{stamp(Team.objects.filter(centre=centre))}")

    def compute() -> OverviewCounts:
        weeks = risk_weeks_on(centre=centre, as_of=as_of)
        rows, left_out = risk_distribution(centre=centre, weeks=weeks, burnout_type=burnout_type)
        high, drivers = load_drivers(centre=centre, weeks=weeks)
        return OverviewCounts(rows, left_out, centre_by_type(centre=centre, weeks=weeks, language=language),
                              high, drivers)

    return memo(key, compute)


def risk_weeks_on(*, centre: Centre, as_of: date) -> list[RiskWeek]:
    """Every agent's risk week of the centre on one day (for counts only: pages never list them)."""
    return list(
        RiskWeek.objects.filter(person__centre=centre, as_of=as_of).select_related("person")
        .only("person_id", "person__team_id", "as_of", "level", "level_basic", "level_belonging",
              "level_developmental", "reasons")
    )


def risk_distribution(*, centre: Centre, weeks: list[RiskWeek], burnout_type: str) -> tuple[list[DistributionRow], int]:
    """Agents per level of one type: the centre, then each team; and how many people the centre row leaves out."""
    k = centre.k
    rolled, groups, _small = _released_weeks(weeks, k)
    teams = {t.pk: t for t in Team.objects.filter(centre=centre)}
    order = sorted(groups, key=lambda g: (g is None, teams[g].name if g in teams else ""))
    cells = [Cell("centre", frozenset(w.person_id for w in rolled))]
    cells += [Cell(g, frozenset(w.person_id for w in groups[g])) for g in order]
    decisions = release_cells(cells, k)

    def row(label: str, key: Any, ws: list[RiskWeek]) -> DistributionRow:
        d = decisions[key]
        counts = Counter(week_level(w, burnout_type) for w in ws)
        return DistributionRow(label, key if isinstance(key, int) else None, d.n,
                               [counts.get(level, 0) for level in range(4)] if d.released else None,
                               str(d.suppression or ""))

    rows = [row(str(centre.name), "centre", rolled)]
    rows += [row(teams[g].name if g in teams else _("No team"), g, groups[g]) for g in order]
    return rows, len(weeks) - len(rolled)


def centre_by_type(*, centre: Centre, weeks: list[RiskWeek], language: str) -> list[tuple[str, int, list[int] | None]]:
    """(type name, n, agents per level) for each type, over the centre roll-up (hidden below k)."""
    rolled, _groups, _small = _released_weeks(weeks, centre.k)
    out = []
    for t in (*TYPES, "overall"):
        c = Counter(week_level(w, t) for w in rolled)
        out.append((type_name(t, language), len(rolled),
                    [c.get(level, 0) for level in range(4)] if len(rolled) >= centre.k else None))
    return out


@dataclass(frozen=True, slots=True)
class _TeamOf:
    team_id: int | None


@dataclass(frozen=True, slots=True)
class _LevelOnly:
    """The part of a RiskWeek the trend needs, without loading the model rows."""

    person_id: int
    person: _TeamOf
    level: int


def high_share_trend(*, centre: Centre, as_of: date, weeks: int = WEEKS) -> list[tuple[date, int, float | None]]:
    """Per week (every 7 days back from as_of), the share of the centre roll-up at high or severe.

    None when the week's roll-up is under k, or is the same people as a newer week give or take fewer
    than k (hearth.engine.anonymity: the difference would be the few who left or joined).
    """
    days = [as_of - timedelta(days=7 * i) for i in range(weeks)]  # newest first: the release order
    found = RiskWeek.objects.filter(person__centre=centre, as_of__in=days)
    # Risk weeks only change when a run writes them: cache the trend under a key that changes with them.
    # The stamp counts every centre's rows of those days: no join, an index range, and still changes with ours.
    key = f"hearth:radar-trend:{centre.pk}:{centre.k}:{as_of.isoformat()}:{weeks}:{stamp(RiskWeek.objects.filter(as_of__in=days))}"
    return memo(key, lambda: _trend(centre, days, found))


def _trend(centre: Centre, days: list[date], found: Any) -> list[tuple[date, int, float | None]]:
    by_day: dict[date, list[Any]] = defaultdict(list)
    rows = found.values_list("as_of", "person_id", "person__team_id", "level")
    for day, person_id, team_id, level in rows:  # plain tuples: 12 weeks × every agent
        by_day[day].append(_LevelOnly(person_id, _TeamOf(team_id), level))
    rolled = {day: _released_weeks(by_day.get(day, []), centre.k)[0] for day in days}
    decisions = release_cells([Cell(day, frozenset(w.person_id for w in rolled[day]), period=day) for day in days],
                              centre.k)
    out = []
    for day in reversed(days):
        n = len(rolled[day])
        share = sum(1 for w in rolled[day] if w.level >= HIGH) / n if decisions[day].released else None
        out.append((day, n, share))
    return out


def load_drivers(*, centre: Centre, weeks: list[RiskWeek]) -> tuple[int, list[tuple[str, str, int]]]:
    """How many agents of the centre roll-up are at high or above, and how often each reason appears among them.

    The reasons are hidden (empty list) when fewer than k agents are at high or above.
    """
    rolled, _groups, _small = _released_weeks(weeks, centre.k)
    high = [w for w in rolled if w.level >= HIGH]
    if len(high) < centre.k:
        return len(high), []
    codes: Counter[str] = Counter()
    for w in high:
        codes.update({str(r.get("code")) for rs in (w.reasons or {}).values() for r in rs})
    return len(high), [(code, str(REASON_NAMES.get(code, code)), n) for code, n in codes.most_common()]


@dataclass
class AttritionMonth:
    month: date
    leavers: int
    headcount: int

    @property
    def rate(self) -> float | None:
        return self.leavers / self.headcount if self.headcount else None


@dataclass
class Attrition:
    months: list[AttritionMonth] = field(default_factory=list)

    @property
    def leavers(self) -> int:
        return sum(m.leavers for m in self.months)

    @property
    def rate(self) -> float | None:
        """Leavers over the months divided by the average headcount at the start of each month."""
        heads = [m.headcount for m in self.months]
        mean = sum(heads) / len(heads) if heads else 0
        return self.leavers / mean if mean else None


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def attrition(*, centre: Centre, today: date, months: int = 12) -> Attrition:
    """Agents who left per month (people records: status left, leave date) and the headcount at each month's start."""
    agents = Person.objects.filter(centre=centre, roles__role=Role.AGENT)
    key = f"hearth:attrition:{centre.pk}:{today.isoformat()}:{months}:{stamp(agents, 'updated_at')}"
    return memo(key, lambda: _attrition(agents, today, months))


def _attrition(agents: Any, today: date, months: int) -> Attrition:
    people = list(agents.distinct().values_list("hire_date", "leave_date", "status"))
    out = Attrition()
    for back in reversed(range(months)):
        start, end = _month_start(today, back), _month_start(today, back - 1)
        leavers = sum(1 for _h, left, status in people if status == PersonStatus.LEFT and left and start <= left < end)
        headcount = sum(1 for hired, left, status in people
                        if (hired is None or hired < start) and not (left and left < start and status == PersonStatus.LEFT))
        out.months.append(AttritionMonth(start, leavers, headcount))
    return out


def latest_run(*, centre: Centre) -> RiskRun | None:
    return RiskRun.objects.filter(centre=centre).order_by("-created_at", "-pk").first()
