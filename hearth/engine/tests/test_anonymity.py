"""The anonymity rules: small groups and differencing attacks show nothing."""

from __future__ import annotations

import pytest

from hearth.engine.anonymity import Cell, Suppression, release_cells


def people(*ids: int) -> frozenset[int]:
    return frozenset(ids)


def test_a_group_of_exactly_k_is_shown_and_one_fewer_is_not() -> None:
    decisions = release_cells(
        [Cell("a", people(1, 2, 3, 4, 5)), Cell("b", people(6, 7, 8, 9))], k=5
    )
    assert decisions["a"].released
    assert not decisions["b"].released
    assert decisions["b"].suppression is Suppression.TOO_FEW


@pytest.mark.parametrize("k", [0, 1, 2])
def test_k_is_never_below_three(k: int) -> None:
    decisions = release_cells([Cell("pair", people(1, 2))], k=k)
    assert not decisions["pair"].released


def test_two_overlapping_filters_that_differ_by_one_person_are_not_both_shown() -> None:
    team = people(*range(1, 9))  # 8 people
    team_without_night = people(*range(1, 8))  # the same team filtered to day shift: 7
    decisions = release_cells([Cell("team", team), Cell("team-day", team_without_night)], k=5)
    assert decisions["team"].released
    assert not decisions["team-day"].released
    assert decisions["team-day"].suppression is Suppression.DIFFERENCING


def test_two_periods_with_one_leaver_are_not_both_shown() -> None:
    march = people(*range(1, 11))
    april = people(*range(1, 10))  # person 10 left
    decisions = release_cells([Cell("april", april, period="apr"), Cell("march", march, period="mar")], k=5)
    assert decisions["april"].released
    assert not decisions["march"].released


def test_two_periods_with_different_people_missing_on_each_side_are_both_shown() -> None:
    march = people(*range(1, 11))  # 10 answered; 11 and 12 did not
    april = people(*range(3, 13))  # 10 answered; 1 and 2 did not
    decisions = release_cells([Cell("april", april, period="apr"), Cell("march", march, period="mar")], k=5)
    assert decisions["april"].released and decisions["march"].released


def test_the_same_sets_in_one_period_are_held_to_the_strict_rule() -> None:
    a = people(*range(1, 11))
    b = people(*range(3, 13))
    decisions = release_cells([Cell("a", a, period="p"), Cell("b", b, period="p")], k=5)
    assert decisions["a"].released and not decisions["b"].released


def test_a_team_minus_one_sub_team_leaving_fewer_than_k_is_suppressed() -> None:
    team = people(*range(1, 13))  # 12
    sub_team = people(*range(1, 10))  # 9: the other 3 would be exposed by subtraction
    decisions = release_cells([Cell("team", team), Cell("sub", sub_team)], k=5)
    assert decisions["team"].released
    assert not decisions["sub"].released


def test_the_centre_minus_all_its_teams_cannot_expose_people_outside_any_team() -> None:
    team_a = people(*range(1, 8))
    team_b = people(*range(8, 15))
    centre = team_a | team_b | people(99)  # one person in no team
    cells = [Cell("team_a", team_a), Cell("team_b", team_b), Cell("centre", centre)]
    decisions = release_cells(cells, k=5)
    assert decisions["team_a"].released and decisions["team_b"].released
    assert not decisions["centre"].released


def test_completing_a_partition_of_a_released_whole_is_checked_too() -> None:
    centre = people(*range(1, 16))  # 15
    team_a = people(*range(1, 7))  # 6
    team_b = people(*range(7, 15))  # 8; person 15 belongs to neither
    decisions = release_cells([Cell("centre", centre), Cell("a", team_a), Cell("b", team_b)], k=5)
    assert decisions["centre"].released
    # a vs centre differs by 9 (fine); b then completes centre - a - b = {15}
    assert decisions["a"].released
    assert not decisions["b"].released


def test_disjoint_large_groups_are_all_shown() -> None:
    cells = [Cell(i, frozenset(range(i * 10, i * 10 + 10))) for i in range(4)]
    decisions = release_cells(cells, k=5)
    assert all(d.released for d in decisions.values())


def test_decisions_do_not_depend_on_anything_but_the_cells_and_their_order() -> None:
    cells = [Cell("x", people(*range(1, 9))), Cell("y", people(*range(1, 8)))]
    assert release_cells(cells, k=5) == release_cells(list(cells), k=5)
