"""Reads for phased (stress-coping) programmes: each member's phase results, attendance and completion.

`coping_board` is member-level: it is called only from `selectors.programme_page`, whose read is audited per
member, and `my_progress` gives a member their own results (not audited). Completion is decided here, in one
place, for the group page, "My groups", the services that record completions and the overview.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from hearth.programmes.models import (
    Attendance,
    AttendanceStatus,
    Completion,
    Membership,
    MemberStatus,
    Phase,
    PhaseAssessment,
    Programme,
)


@dataclass
class MemberProgress:
    """One member's standing in a phased programme: results per phase, attendance and completion."""

    membership: Membership
    results: dict[int, PhaseAssessment]  # phase id → assessment
    phases_total: int
    sessions_held: int
    attended: int
    threshold: int  # % of held sessions needed to complete
    completion: Completion | None = None

    @property
    def phases_passed(self) -> int:
        """How many phases the member has passed."""
        return sum(1 for a in self.results.values() if a.passed)

    @property
    def attendance(self) -> int | None:
        """Sessions attended as a whole percentage of those held; None before any session is held."""
        return round(100 * self.attended / self.sessions_held) if self.sessions_held else None

    @property
    def meets_rule(self) -> bool:
        """Every phase passed and attendance at or above the threshold."""
        return (self.phases_total > 0 and self.phases_passed == self.phases_total
                and self.attendance is not None and self.attendance >= self.threshold)


@dataclass
class CopingBoard:
    """The group page's view of a phased programme: phases with modules and sessions, and every member's progress."""

    phases: list[Phase]
    progress: list[MemberProgress] = field(default_factory=list)


def _present_counts(programme: Programme, membership_ids: Iterable[int]) -> dict[int, int]:
    return dict(Attendance.objects.filter(session__programme=programme, session__held=True,
                                          status=AttendanceStatus.PRESENT, membership_id__in=list(membership_ids))
                .values("membership_id").annotate(n=Count("pk")).values_list("membership_id", "n"))


def member_progress(*, programme: Programme, memberships: list[Membership]) -> list[MemberProgress]:
    """The progress of each given membership of a phased programme (facilitators' and the member's own view)."""
    ids = [m.pk for m in memberships]
    phases_total = programme.phases.count()
    held = programme.sessions.filter(held=True).count()
    present = _present_counts(programme, ids)
    results: dict[int, dict[int, PhaseAssessment]] = {i: {} for i in ids}
    for assessment in PhaseAssessment.objects.filter(membership_id__in=ids, phase__programme=programme):
        results[assessment.membership_id][assessment.phase_id] = assessment
    completions = {c.membership_id: c for c in Completion.objects.filter(membership_id__in=ids)}
    return [MemberProgress(m, results[m.pk], phases_total, held, present.get(m.pk, 0),
                           programme.completion_attendance, completions.get(m.pk)) for m in memberships]


def coping_board(*, programme: Programme, active: list[Membership]) -> CopingBoard:
    """Phases (with modules and sessions) and the progress of the members taking part, for the group page."""
    phases = list(programme.phases.prefetch_related("modules", "sessions"))
    return CopingBoard(phases, member_progress(programme=programme, memberships=active))


def my_progress(*, membership: Membership) -> tuple[list[Phase], MemberProgress] | None:
    """A member's own phases and results in a phased programme (None for a programme without phases)."""
    programme = membership.programme
    phases = list(programme.phases.prefetch_related("modules", "sessions"))
    if not phases:
        return None
    return phases, member_progress(programme=programme, memberships=[membership])[0]


def completed_person_ids(*, programme: Programme) -> frozenset[int]:
    """People taking part in the programme who have completed it (for anonymous counts)."""
    return frozenset(Completion.objects.filter(membership__programme=programme,
                                               membership__status=MemberStatus.ACTIVE)
                     .values_list("membership__person_id", flat=True))
