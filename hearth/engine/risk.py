"""Weekly burnout risk per type (basic, belonging, developmental) from check-ups and daily signals.

A documented, explainable points model. Each burnout type gets points from
  * the latest check-up: the band level of its components (burnout_types.json), primary measures
    (CBI, intention to leave) at full weight and screening measures at half, plus points for a
    reliable change (Jacobson & Truax 1991) against the mean of the previous two check-ups
    (a sharp rise) or of the first two in the last six months (a slow drift);
  * weekly signals from the agent-day features (features_days.AGENT_DAY_SCHEMA), each compared
    with the agent's own usual week (previous `baseline.weeks` weeks) and, where given, the
    team's daily medians.
Signal points are capped (`signal_cap`) so behaviour alone reaches "high" but never "severe":
severe needs the agent's own check-up. A type's level is the highest threshold its score
reaches (0 low, 1 watch, 2 high, 3 severe); overall is the highest type.

Signal → type, with the literature behind each (weights in risk_config.json, which repeats them):
  * hostile customers per week and runs of hostile days → basic, belonging. Customer verbal
    aggression predicts emotional exhaustion (Grandey, Dickter & Sin 2004, J. Organizational
    Behavior 25(3); Dudenhöffer & Dormann 2013, J. Organizational Behavior 34(4)); customer-related
    social stressors predict burnout and depersonalization (Dormann & Zapf 2004, J. Occupational
    Health Psychology 9(1)).
  * night shifts *with* overtime, long weekly hours → basic. The combination of night work and
    long hours drives fatigue; night work within normal hours counts for nothing here
    (Kecklund & Axelsson 2016, BMJ 355:i5210).
  * quick returns (< 11 h rest) and long runs of working days → basic (Vedaa et al. 2016,
    Ergonomics 59(1); Tucker 2003, Work & Stress 17(2)).
  * volume and first-reply time above usual → basic: job demands (Demerouti, Bakker, Nachreiner &
    Schaufeli 2001, J. Applied Psychology 86(3)).
  * rising canned replies, falling empathy → belonging: depersonalization (Maslach & Leiter 2016,
    World Psychiatry 15(2)). These are Hearth's behavioural proxies, not validated measures.
  * CSAT drop → developmental (reduced efficacy, Maslach & Leiter 2016), a little belonging.
  * no break of several days for a long time → basic (de Bloom et al. 2009, J. Occupational
    Health 51(1)).
  * check-up bands: CBI cut-offs after Kristensen, Borritz, Villadsen & Christensen 2005 (Work &
    Stress 19(3)); intention to leave (moaq_turnover) → developmental.

The points themselves are Hearth's choice, not published coefficients. Same input, config and
MODEL_VERSION give the same output.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hearth.engine.burnout_types import burnout_types
from hearth.engine.risk_config import (  # noqa: F401 - the public names are re-exported
    MODEL_VERSION,
    RISK_CONFIG_FILE,
    SIGNAL_PARAMS,
    TYPES,
    RiskConfig,
    RiskConfigError,
    SignalRule,
)
from hearth.engine.risk_messages import _render

# ---------------------------------------------------------------- inputs and outputs


@dataclass(frozen=True)
class CheckupSnapshot:
    """One check-up: subscale scores and band levels keyed by (instrument, subscale)."""

    taken_on: date
    scores: Mapping[tuple[str, str], float]
    levels: Mapping[tuple[str, str], int]


@dataclass(frozen=True)
class AgentInput:
    """Everything assess() needs about one agent, for assess_many()."""

    agent_id: str
    checkups: Sequence[CheckupSnapshot]
    days: Sequence[Mapping[str, Any]]
    team_days: Sequence[Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Reason:
    """One reason behind a risk level: a code, its numbers, its points and where the data is."""

    code: str
    params: dict[str, Any]
    weight: float
    evidence: str

    def message(self, language: str = "en") -> str:
        """Plain words with the numbers, in English or Simplified Chinese."""
        return _render(self.code, self.params, language)


@dataclass(frozen=True)
class TypeRisk:
    """Risk level (0 low, 1 watch, 2 high, 3 severe), score and top reasons of one type."""

    type: str
    level: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class RiskAssessment:
    """One agent's risk for one week, per burnout type and overall."""

    agent_id: str
    week_start: date
    model_version: str
    types: tuple[TypeRisk, ...]
    overall: TypeRisk

    def of(self, burnout_type: str) -> TypeRisk:
        """The risk of one type ('basic', 'belonging', 'developmental' or 'overall')."""
        if burnout_type == "overall":
            return self.overall
        return next(t for t in self.types if t.type == burnout_type)


# ---------------------------------------------------------------- weekly aggregates


@dataclass
class _Week:
    work_days: int = 0
    conversations: float = 0.0
    hostile: float = 0.0
    hostile_run: int = 0
    nights: int = 0
    night_run: int = 0
    night_overtime_minutes: float = 0.0
    work_minutes: float = 0.0
    quick_returns: int = 0
    consecutive: int = 0
    msgs: float = 0.0
    canned: float = 0.0
    empathy_msgs: float = 0.0
    empathy: float = 0.0
    frs: float = 0.0
    frs_weight: float = 0.0
    csat: float = 0.0
    csat_count: float = 0.0
    last_work: int = 0
    streak_start: int = 0


@dataclass(frozen=True)
class _Weeks:
    """An agent's (or team's) days folded into weeks that start on the week_start weekday."""

    offset: int
    index: tuple[int, ...]
    weeks: tuple[_Week, ...]

    def get(self, week: int) -> _Week | None:
        i = bisect_right(self.index, week) - 1
        return self.weeks[i] if i >= 0 and self.index[i] == week else None

    def before(self, week: int, n: int) -> list[_Week]:
        """Worked weeks among the n weeks before `week`."""
        lo = bisect_right(self.index, week - n - 1)
        hi = bisect_right(self.index, week - 1)
        return [w for w in self.weeks[lo:hi] if w.work_days]


def _ordinal(day: Any) -> int:
    return (day if isinstance(day, date) else date.fromisoformat(str(day))).toordinal()


def _f(row: Mapping[str, Any], name: str) -> float:
    value = row.get(name)
    return float(value) if value is not None else 0.0


def _fold(days: Sequence[Mapping[str, Any]], offset: int, config: RiskConfig) -> _Weeks:
    night = config.signals["night_overtime"].params
    night_min, standard = night["night_min_minutes"], night["standard_day_minutes"]
    hostile_day = config.signals["hostile_run"].params["day_min"]
    break_days = config.signals["no_leave"].params["break_days"]
    rows = sorted(((_ordinal(r["day"]), r) for r in days), key=lambda p: p[0])
    weeks: dict[int, _Week] = {}
    prev = prev_work = streak_start = 0
    hostile_run = night_run = 0
    for ordinal, row in rows:
        week_no = (ordinal - offset) // 7
        w = weeks.get(week_no)
        if w is None:
            w = weeks[week_no] = _Week()
        work = _f(row, "work_minutes")
        conversations = _f(row, "conversations")
        hostile = _f(row, "hostile_conversations")
        follows = ordinal == prev + 1
        hostile_run = (
            hostile_run + 1
            if follows and hostile_run and hostile >= hostile_day
            else (1 if hostile >= hostile_day else 0)
        )
        nightly = _f(row, "night_minutes")
        night_run = (night_run + 1 if follows else 1) if nightly >= night_min else 0
        w.hostile_run = max(w.hostile_run, hostile_run)
        w.night_run = max(w.night_run, night_run)
        w.hostile += hostile
        w.conversations += conversations
        if work > 0 or conversations > 0:
            if not prev_work or ordinal - prev_work - 1 >= break_days:
                streak_start = ordinal
            prev_work = ordinal
            w.work_days += 1
            w.last_work = ordinal
            w.streak_start = streak_start
        w.work_minutes += work
        if nightly >= night_min:
            w.nights += 1
            w.night_overtime_minutes += max(0.0, work - standard)
        if row.get("quick_return"):
            w.quick_returns += 1
        w.consecutive = max(w.consecutive, int(_f(row, "consecutive_days")))
        msgs = _f(row, "agent_messages")
        if row.get("canned_rate") is not None:
            w.msgs += msgs
            w.canned += msgs * float(row["canned_rate"])
        if row.get("empathy_rate") is not None:
            w.empathy_msgs += msgs
            w.empathy += msgs * float(row["empathy_rate"])
        if row.get("first_response_seconds_mean") is not None:
            weight = max(conversations, 1.0)
            w.frs += weight * float(row["first_response_seconds_mean"])
            w.frs_weight += weight
        count = _f(row, "csat_count")
        if count and row.get("csat_mean") is not None:
            w.csat += count * float(row["csat_mean"])
            w.csat_count += count
        prev = ordinal
    index = tuple(sorted(weeks))
    return _Weeks(offset, index, tuple(weeks[i] for i in index))


# ---------------------------------------------------------------- the model


def _strength(x: float, lo: float, full: float) -> float:
    """0 below lo; from 0.5 at lo to 1 at full (half the weight at the threshold)."""
    if x < lo:
        return 0.0
    if full <= lo:
        return 1.0
    return 0.5 + 0.5 * min(1.0, (x - lo) / (full - lo))


def _r(x: float, digits: int = 1) -> float:
    return round(x, digits)


class RiskModel:
    """The points model; parameters in __init__, no learned state."""

    def __init__(self, config: RiskConfig | None = None) -> None:
        self.config = config if config is not None else RiskConfig.default()

    def assess(
        self,
        *,
        week_start: date,
        checkups: Sequence[CheckupSnapshot],
        days: Sequence[Mapping[str, Any]],
        team_days: Sequence[Mapping[str, Any]] | None = None,
        agent_id: str = "",
    ) -> RiskAssessment:
        """One agent's risk for the week starting week_start."""
        agent = AgentInput(agent_id, checkups, days, team_days)
        return self.assess_weeks([agent], week_starts=[week_start])[0][0]

    def assess_many(
        self, agents: Sequence[AgentInput], *, week_start: date
    ) -> list[RiskAssessment]:
        """Every agent's risk for one week (days are folded once per agent, teams once)."""
        return [weeks[0] for weeks in self.assess_weeks(agents, week_starts=[week_start])]

    def assess_weeks(
        self, agents: Sequence[AgentInput], *, week_starts: Sequence[date]
    ) -> list[list[RiskAssessment]]:
        """Every agent's risk for each week in week_starts (all on the same weekday)."""
        offsets = {d.toordinal() % 7 for d in week_starts}
        if len(offsets) > 1:
            raise ValueError("week_starts must all fall on the same weekday")
        offset = offsets.pop() if offsets else 0
        teams: dict[int, _Weeks] = {}
        out: list[list[RiskAssessment]] = []
        for agent in agents:
            mine = _fold(agent.days, offset, self.config)
            team = None
            if agent.team_days is not None:
                key = id(agent.team_days)
                team = teams.get(key)
                if team is None:
                    team = teams[key] = _fold(agent.team_days, offset, self.config)
            checkups = sorted(agent.checkups, key=lambda c: c.taken_on)
            out.append([self._assess(agent.agent_id, d, checkups, mine, team) for d in week_starts])
        return out

    def _assess(
        self,
        agent_id: str,
        week_start: date,
        checkups: list[CheckupSnapshot],
        mine: _Weeks,
        team: _Weeks | None,
    ) -> RiskAssessment:
        week_no = (week_start.toordinal() - mine.offset) // 7
        reasons: dict[str, list[Reason]] = {t: [] for t in TYPES}
        week = mine.get(week_no)
        if week is not None and week.work_days:
            base = mine.before(week_no, self.config.baseline_weeks)
            usual = base if len(base) >= self.config.baseline_min_weeks else []
            team_week = team.get(week_no) if team is not None else None
            end = week_start + timedelta(days=6)
            evidence = f"days/{week_start.isoformat()}/{end.isoformat()}"
            for code, params, strength in _signals(self.config, week, usual, team_week, end):
                for burnout_type, points in self.config.signals[code].weights.items():
                    if points * strength > 0:
                        reasons[burnout_type].append(
                            Reason(code, params, _r(points * strength), f"{evidence}/{code}")
                        )
        signal_points = {
            t: min(self.config.signal_cap, sum(r.weight for r in rs)) for t, rs in reasons.items()
        }
        checkup_points = self._checkup(week_start + timedelta(days=6), checkups, reasons)
        types = tuple(
            self._type(t, signal_points[t] + checkup_points.get(t, 0.0), reasons[t]) for t in TYPES
        )
        worst = max(types, key=lambda t: (t.score, t.level))
        merged: dict[str, Reason] = {}
        for t in types:
            for r in t.reasons:
                if r.code not in merged or r.weight > merged[r.code].weight:
                    merged[r.code] = r
        overall = TypeRisk(
            "overall", max(t.level for t in types), worst.score, _top(list(merged.values()))
        )
        return RiskAssessment(agent_id, week_start, MODEL_VERSION, types, overall)

    def _type(self, burnout_type: str, score: float, reasons: list[Reason]) -> TypeRisk:
        score = _r(min(100.0, score))
        level = sum(1 for threshold in self.config.levels if score >= threshold)
        return TypeRisk(burnout_type, level, score, _top(reasons))

    def _checkup(
        self, week_end: date, checkups: list[CheckupSnapshot], reasons: dict[str, list[Reason]]
    ) -> dict[str, float]:
        rules = self.config.checkup
        taken = [c for c in checkups if c.taken_on <= week_end]
        if not taken or (week_end - taken[-1].taken_on).days > rules["max_age_days"]:
            return {}
        latest = taken[-1]
        k = int(rules["rise_baseline_checkups"])
        window = [c for c in taken[:-1] if (latest.taken_on - c.taken_on).days <= rules["rise_window_days"]]
        # Against the last check-ups (a sharp rise) and the first ones in the window (a slow drift).
        baselines = [window[-k:], window[:k]] if window else []
        points: dict[str, float] = {}
        for burnout_type in burnout_types():
            best: Reason | None = None
            for key in burnout_type.components:
                reason = self._component(key, latest, baselines)
                if reason is not None and (best is None or reason.weight > best.weight):
                    best = reason
            if best is not None and best.weight > 0:
                points[burnout_type.id] = best.weight
                reasons[burnout_type.id].append(best)
        return points

    def _component(
        self, key: tuple[str, str], latest: CheckupSnapshot, baselines: list[list[CheckupSnapshot]]
    ) -> Reason | None:
        """Level points and reliable-change points of one subscale, scaled by its weight."""
        rules = self.config.checkup
        if key not in latest.levels or key not in latest.scores:
            return None
        level = max(0, min(3, int(latest.levels[key])))
        value = float(latest.scores[key])
        params: dict[str, Any] = {
            "instrument": key[0],
            "subscale": key[1],
            "value": _r(value),
            "level": level,
        }
        weight = float(rules["level_points"][level])
        code = "checkup_level"
        direction = self.config.points_scales.get(key[0], 1)
        reliable = rules["reliable_change"].get(key[0])
        best: tuple[float, float, date] | None = None  # (rise, mean before, since)
        for baseline in baselines:
            before = [c for c in baseline if key in c.scores]
            if before and reliable:
                mean_before = _mean([float(c.scores[key]) for c in before])
                rise = (value - mean_before) * direction
                if best is None or rise > best[0]:
                    best = (rise, mean_before, before[0].taken_on)
        if best is not None and reliable and best[0] >= reliable:
            rise, mean_before, since = best
            weight += min(rules["rise_cap"], rise / reliable * rules["points_per_reliable_change"])
            code = "checkup_rise"
            params.update(
                since=since.isoformat(),
                change=_r(abs(value - mean_before)),
                direction="up" if value >= mean_before else "down",
            )
        weight *= rules["component_weights"].get(key[0], rules["default_component_weight"])
        evidence = f"checkups/{latest.taken_on.isoformat()}/{key[0]}.{key[1]}"
        return Reason(code, params, _r(weight), evidence)


def _top(reasons: list[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(reasons, key=lambda r: (-r.weight, r.code))[:3])


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _signals(
    config: RiskConfig, week: _Week, usual: list[_Week], team: _Week | None, end: date
) -> list[tuple[str, dict[str, Any], float]]:
    """(code, params, strength 0-1) of every signal that fires this week."""
    s = {name: rule.params for name, rule in config.signals.items()}
    out: list[tuple[str, dict[str, Any], float]] = []

    def ratio_signal(code: str, value: float, self_ref: float, team_ref: float | None) -> None:
        p = s[code]
        candidates: list[tuple[float, str]] = []
        if team_ref is not None and team_ref > 0:
            candidates.append((value / team_ref, "team"))
        if self_ref > 0:
            candidates.append((value / self_ref, "self"))
        if not candidates:
            return
        ratio, against = max(candidates)
        strength = _strength(ratio, p["ratio_min"], p["ratio_full"])
        if strength:
            out.append(
                (code, {"count": int(value), "ratio": _r(ratio), "against": against}, strength)
            )

    hostile = s["hostile_exposure"]
    if week.hostile >= hostile["min_count"]:
        # Half for exposure above the team's (a burden peers do not carry), half for exposure above
        # the agent's own usual (a change); one reference alone counts fully.
        refs: list[tuple[float, str]] = []
        if team is not None:
            refs.append((week.hostile / max(team.hostile, 1.0), "team"))
        if usual:
            self_ref = max(_mean([w.hostile for w in usual]), hostile["self_floor"])
            refs.append((week.hostile / self_ref, "self"))
        if refs:
            strength = _mean(
                [_strength(ratio, hostile["ratio_min"], hostile["ratio_full"]) for ratio, _ in refs]
            )
            ratio, against = max(refs)
            params = {"count": int(week.hostile), "ratio": _r(ratio), "against": against}
        else:
            strength = _strength(week.hostile, hostile["min_count"], hostile["absolute_full"])
            params = {"count": int(week.hostile), "against": "none"}
        if strength:
            out.append(("hostile_exposure", params, strength))
    run = s["hostile_run"]
    if strength := _strength(week.hostile_run, run["min_days"], run["full_days"]):
        out.append(("hostile_run", {"days": week.hostile_run}, strength))
    night = s["night_overtime"]
    hours = week.night_overtime_minutes / 60
    if week.nights and (
        strength := _strength(hours, night["min_overtime_hours"], night["full_overtime_hours"])
    ):
        params = {"nights": week.nights, "in_a_row": week.night_run, "hours": _r(hours)}
        out.append(("night_overtime", params, strength))
    long_hours = s["long_hours"]
    worked = week.work_minutes / 60
    if strength := _strength(worked, long_hours["min_hours"], long_hours["full_hours"]):
        out.append(("long_hours", {"hours": _r(worked)}, strength))
    quick = s["quick_returns"]
    if strength := _strength(week.quick_returns, quick["min_count"], quick["full_count"]):
        out.append(("quick_returns", {"count": week.quick_returns}, strength))
    consecutive = s["consecutive_days"]
    if strength := _strength(week.consecutive, consecutive["min_days"], consecutive["full_days"]):
        out.append(("consecutive_days", {"days": week.consecutive}, strength))
    ratio_signal(
        "volume_pressure",
        week.conversations,
        _mean([w.conversations for w in usual]),
        team.conversations if team is not None and team.conversations else None,
    )
    usual_frs = [w.frs / w.frs_weight for w in usual if w.frs_weight]
    if week.frs_weight and usual_frs:
        now, before = week.frs / week.frs_weight, _mean(usual_frs)
        p = s["response_pressure"]
        if before > 0 and (strength := _strength(now / before, p["ratio_min"], p["ratio_full"])):
            params = {"minutes": _r(now / 60), "ratio": _r(now / before)}
            out.append(("response_pressure", params, strength))
    usual_canned = [w.canned / w.msgs for w in usual if w.msgs]
    if week.msgs and usual_canned:
        now, before = week.canned / week.msgs, _mean(usual_canned)
        p = s["canned_rise"]
        if strength := _strength(now - before, p["min_rise"], p["full_rise"]):
            params = {"now": round(now * 100), "before": round(before * 100)}
            out.append(("canned_rise", params, strength))
    usual_empathy = [w.empathy / w.empathy_msgs for w in usual if w.empathy_msgs]
    if week.empathy_msgs and usual_empathy:
        now, before = week.empathy / week.empathy_msgs, _mean(usual_empathy)
        p = s["empathy_drop"]
        if strength := _strength(before - now, p["min_drop"], p["full_drop"]):
            params = {"now": round(now * 100), "before": round(before * 100)}
            out.append(("empathy_drop", params, strength))
    usual_csat = [w.csat / w.csat_count for w in usual if w.csat_count]
    p = s["csat_drop"]
    if week.csat_count >= p["min_responses"] and usual_csat:
        now, before = week.csat / week.csat_count, _mean(usual_csat)
        if before > 0 and (
            strength := _strength((before - now) / before, p["min_drop"], p["full_drop"])
        ):
            # Normalised CSAT (0-1, as the canonical records carry it) reads better as a percentage.
            shown = (
                {"now": round(now * 100), "before": round(before * 100), "percent": True}
                if before <= 1.0
                else {"now": _r(now), "before": _r(before)}
            )
            out.append(("csat_drop", shown, strength))
    leave = s["no_leave"]
    if week.last_work and end.toordinal() - week.last_work < leave["break_days"]:
        weeks = (end.toordinal() - week.streak_start + 1) // 7
        if strength := _strength(weeks, leave["min_weeks"], leave["full_weeks"]):
            out.append(("no_leave", {"weeks": weeks, "days": int(leave["break_days"])}, strength))
    return out


__all__ = [
    "MODEL_VERSION",
    "AgentInput",
    "CheckupSnapshot",
    "Reason",
    "RiskAssessment",
    "RiskConfig",
    "RiskConfigError",
    "RiskModel",
    "SignalRule",
    "TypeRisk",
]
