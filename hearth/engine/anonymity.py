"""Which aggregate cells may be shown without singling anyone out.

A *cell* is one slice of respondents (a team, a shift, the whole centre, in one period) that
a page could summarise. A cell is released only when

1. at least ``k`` people are in it, and
2. it cannot be differenced against cells already released of the same period: for every
   such cell ``R``, the people in this cell but not in ``R`` and the people in ``R`` but not
   in this cell are each either nobody or at least ``k`` (two overlapping filters, a team
   minus one of its sub-teams), and
3. where released cells of the same period partition part of it (teams inside the centre,
   sub-teams inside a team), what those disjoint parts leave over is either nobody or at
   least ``k`` — and the same the other way round when this cell completes a partition of a
   released larger cell, and
4. across periods, it is not the same group as a released cell give or take fewer than ``k``
   people (one contains the other and the surplus is 1 to k−1: "March minus April" is the
   person who left). Across periods only this nested case counts: each wave's scores are new
   measurements, so when both sides have people the other lacks (the usual month-to-month
   non-response), subtracting two waves mixes several people's changes and singles nobody
   out, while suppressing it would blank out every trend.

Decisions are made over the whole family of cells a centre's pages can show, in a fixed
priority order, so the answer never depends on who asks or in which order pages are opened:
a person cannot get two complementary views out of two requests. This follows the
statistical-disclosure-control practice of primary suppression (rule 1) plus secondary
suppression against differencing (rules 2–3); see Hundepool et al., *Statistical Disclosure
Control* (Wiley, 2012), ch. 4.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Suppression(StrEnum):
    """Why a cell is hidden."""

    TOO_FEW = "too_few"
    DIFFERENCING = "differencing"


@dataclass(frozen=True)
class Cell:
    """One candidate aggregate: a key the caller chooses and the set of people in it."""

    key: Hashable
    members: frozenset[Hashable]
    period: Hashable = None


@dataclass(frozen=True)
class Release:
    """The decision for one cell: released, or suppressed and why."""

    key: Hashable
    released: bool
    suppression: Suppression | None
    n: int


def _small_difference(a: frozenset[Hashable], b: frozenset[Hashable], k: int) -> bool:
    left = len(a - b)
    right = len(b - a)
    return 0 < left < k or 0 < right < k


def _disjoint_union(parts: Sequence[frozenset[Hashable]]) -> frozenset[Hashable] | None:
    """The union of parts if they are pairwise disjoint, else None (only disjoint parts subtract cleanly)."""
    seen: set[Hashable] = set()
    for part in parts:
        if seen.intersection(part):
            return None
        seen.update(part)
    return frozenset(seen)


def _nested_small_difference(a: frozenset[Hashable], b: frozenset[Hashable], k: int) -> bool:
    left = len(a - b)
    right = len(b - a)
    return (left == 0 and 0 < right < k) or (right == 0 and 0 < left < k)


def _leaks(
    candidate: frozenset[Hashable],
    released: Sequence[frozenset[Hashable]],
    k: int,
    other_periods: Sequence[frozenset[Hashable]] = (),
) -> bool:
    for other in other_periods:
        if _nested_small_difference(candidate, other, k):
            return True
    for other in released:
        if _small_difference(candidate, other, k):
            return True
    # The candidate as a whole, less released disjoint parts inside it.
    inside = [r for r in released if r < candidate]
    union = _disjoint_union(inside)
    if inside and union is not None and 0 < len(candidate - union) < k:
        return True
    # A released whole, less its released disjoint parts plus the candidate.
    for whole in released:
        if candidate < whole:
            parts = [r for r in released if r < whole] + [candidate]
            union = _disjoint_union(parts)
            if union is not None and 0 < len(whole - union) < k:
                return True
    return False


def release_cells(cells: Sequence[Cell], k: int, *, floor: int = 3) -> dict[Hashable, Release]:
    """Decide, in the given priority order, which cells may be shown at threshold ``k``."""
    k = max(k, floor)
    released: dict[Hashable, list[frozenset[Hashable]]] = {}
    decisions: dict[Hashable, Release] = {}
    for cell in cells:
        n = len(cell.members)
        same = released.setdefault(cell.period, [])
        others = [m for period, group in released.items() if period != cell.period for m in group]
        if n < k:
            decisions[cell.key] = Release(cell.key, False, Suppression.TOO_FEW, n)
        elif _leaks(cell.members, same, k, others):
            decisions[cell.key] = Release(cell.key, False, Suppression.DIFFERENCING, n)
        else:
            same.append(cell.members)
            decisions[cell.key] = Release(cell.key, True, None, n)
    return decisions
