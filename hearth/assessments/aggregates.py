"""Team and centre aggregates of check-up scores, under k-anonymity with differencing protection.

For one (instrument, subscale) the *family* of cells is every slice a page can show — the
centre, each team (with its sub-teams), each shift pattern, each team × shift — in every
period (campaign wave). `hearth.engine.anonymity.release_cells` decides the whole family at
once, newest period first, so what a person sees never depends on which filters they tried.

A team with fewer than k answers in a period is shown as "not enough responses" and its
people are *left out of every broader roll-up* of that period (the centre, a parent team, a
shift), which the page says. Otherwise the centre minus the other teams would give the small
team's average away, and the only safe alternative — hiding the centre or a large team — would
blank out the views people rely on because of one small team.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hearth.assessments.models import Campaign, CampaignPurpose, Invitation, InvitationStatus, Score
from hearth.assessments.selectors import team_children, team_subtree_ids
from hearth.core.memo import memo, stamp
from hearth.engine.anonymity import Cell, Release, Suppression, release_cells
from hearth.people.models import Centre, ShiftPattern, Team


@dataclass(frozen=True)
class SliceKey:
    """A slice of the centre: kind is 'centre', 'team', 'shift' or 'team_shift'."""

    kind: str
    team_id: int | None = None
    shift: str | None = None


@dataclass(frozen=True)
class AggregateCell:
    """What a page may show for one slice in one period; numbers are None when suppressed."""

    period_id: int
    slice: SliceKey
    n: int
    released: bool
    suppression: Suppression | None
    mean: float | None
    sd: float | None
    share_high: float | None  # share at level ≥ 2 (high or severe)
    left_out: int = 0  # people left out because their group is under k


def _slices(teams: list[Team]) -> list[SliceKey]:
    depth: dict[int, int] = {}
    by_id = {t.pk: t for t in teams}

    def team_depth(team: Team) -> int:
        if team.pk not in depth:
            depth[team.pk] = 0 if team.parent_id is None or team.parent_id not in by_id else team_depth(by_id[team.parent_id]) + 1
        return depth[team.pk]

    ordered = sorted(teams, key=lambda t: (team_depth(t), t.name))
    slices = [SliceKey("centre")]
    slices += [SliceKey("team", team_id=t.pk) for t in ordered]
    slices += [SliceKey("shift", shift=s) for s in ShiftPattern.values]
    slices += [SliceKey("team_shift", team_id=t.pk, shift=s) for t in ordered for s in ShiftPattern.values]
    return slices


def aggregate_family(*, centre: Centre, instrument: str, subscale: str) -> dict[tuple[int, SliceKey], AggregateCell]:
    """Every cell of the family for one subscale, with its release decision."""
    teams = list(Team.objects.filter(centre=centre))
    # Filtered in Python: JSONField `contains` is not available on SQLite, and campaigns are few.
    periods = [p for p in Campaign.objects.filter(centre=centre, opens_at__lte=timezone.now(), purpose=CampaignPurpose.CHECKUP) if instrument in p.instruments]
    periods.sort(key=lambda p: (p.opens_at, p.pk), reverse=True)
    scores = Score.objects.filter(campaign__in=periods, instrument=instrument, subscale=subscale, value__isnull=False)
    # The family depends only on the teams, the periods, k and the scores (rows are only ever added), so it
    # is cached under a key that changes with any of them: a busy dashboard does not recompute it per view.
    shape = hashlib.sha256(repr(sorted((t.pk, t.parent_id) for t in teams)).encode()).hexdigest()[:16]
    key = (f"hearth:aggregate:{centre.pk}:{centre.k}:{instrument}:{subscale}:{shape}:"
           f"{','.join(str(p.pk) for p in periods)}:{stamp(scores)}")
    return memo(key, lambda: _family(centre, teams, _subtrees(teams), periods, scores))


def _subtrees(teams: list[Team]) -> dict[int, set[int]]:
    children = team_children()
    return {t.pk: team_subtree_ids(team_ids=[t.pk], children=children) for t in teams}


def _family(centre: Centre, teams: list[Team], subtree: dict[int, set[int]], periods: list[Campaign],
            scores: Any) -> dict[tuple[int, SliceKey], AggregateCell]:
    rows = scores.values_list("campaign_id", "person_id", "value", "level", "invitation__team_id",
                              "invitation__shift_pattern")
    by_period: dict[int, list[tuple[int, float, int | None, int | None, str]]] = defaultdict(list)
    for campaign_id, person_id, value, level, team_id, shift in rows:
        by_period[campaign_id].append((person_id, value, level, team_id, shift))

    slices = _slices(teams)
    k = centre.k
    cells: list[Cell] = []
    values: dict[tuple[int, SliceKey], list[tuple[float, int | None]]] = {}
    left_out: dict[tuple[int, SliceKey], int] = {}
    for period in periods:
        rows_now = by_period.get(period.pk, [])
        small = _small_groups(rows_now, teams, subtree, k)
        for key in slices:
            members = []
            vals = []
            dropped = 0
            for person_id, value, level, team_id, shift in rows_now:
                if key.team_id is not None and team_id not in subtree[key.team_id]:
                    continue
                if key.shift is not None and shift != key.shift:
                    continue
                if _withheld(team_id, key.team_id, small, subtree):
                    dropped += 1
                    continue
                members.append(person_id)
                vals.append((value, level))
            if not members and not dropped:
                continue
            cells.append(Cell((period.pk, key), frozenset(members), period=period.pk))
            values[(period.pk, key)] = vals
            left_out[(period.pk, key)] = dropped
    decisions: dict[object, Release] = release_cells(cells, centre.k)
    family: dict[tuple[int, SliceKey], AggregateCell] = {}
    for (period_id, key), vals in values.items():
        decision = decisions[(period_id, key)]
        if decision.released:
            numbers = [v for v, _ in vals]
            family[(period_id, key)] = AggregateCell(
                period_id, key, decision.n, True, None, statistics.fmean(numbers),
                statistics.stdev(numbers) if len(numbers) > 1 else 0.0,
                sum(1 for _, lv in vals if lv is not None and lv >= 2) / len(vals),
                left_out[(period_id, key)],
            )
        else:
            family[(period_id, key)] = AggregateCell(period_id, key, decision.n, False, decision.suppression, None, None, None)
    return family


_NO_TEAM = -1


def _small_groups(rows: list[tuple[int, float, int | None, int | None, str]], teams: list[Team],
                  subtree: dict[int, set[int]], k: int) -> set[int]:
    """Teams (and the no-team group, as -1) with answers from fewer than k people this period."""
    small = set()
    for team in teams:
        n = len({person for person, _, _, team_id, _ in rows if team_id in subtree[team.pk]})
        if 0 < n < k:
            small.add(team.pk)
    no_team = len({person for person, _, _, team_id, _ in rows if team_id is None})
    if 0 < no_team < k:
        small.add(_NO_TEAM)
    return small


def _withheld(team_id: int | None, slice_team: int | None, small: set[int], subtree: dict[int, set[int]]) -> bool:
    """Whether an answer from `team_id` stays out of a roll-up over `slice_team` (None = whole centre)."""
    if team_id is None:
        return slice_team is None and _NO_TEAM in small
    for group in small:
        if group in (_NO_TEAM, slice_team):
            continue
        if team_id in subtree[group] and (slice_team is None or group in subtree[slice_team]):
            return True
    return False


@dataclass(frozen=True)
class Participation:
    """How many were invited and answered in one team for one campaign (hidden below k invited)."""

    team_id: int | None
    invited: int
    submitted: int | None


def campaign_participation(*, campaign: Campaign) -> list[Participation]:
    """Invited and answered per team; the answered count is hidden for teams under k invited."""
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for team_id, status in Invitation.objects.filter(campaign=campaign).values_list("team_id", "status"):
        counts[team_id][0] += 1
        if status == InvitationStatus.SUBMITTED:
            counts[team_id][1] += 1
    k = campaign.centre.k
    return [
        Participation(team_id, invited, submitted if invited >= k else None)
        for team_id, (invited, submitted) in sorted(counts.items(), key=lambda kv: kv[0] or 0)
    ]
