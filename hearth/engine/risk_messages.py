"""Plain-language reasons for risk levels, in English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# ---------------------------------------------------------------- messages

# (en, zh-hans) templates; a code with variants is looked up as "code.variant".
_MESSAGES: dict[str, tuple[str, str]] = {
    "hostile_exposure.team": (
        "faced {count} hostile customers this week, {ratio}× the team median",
        "本周遭遇 {count} 名恶意客户，是团队中位数的 {ratio} 倍",
    ),
    "hostile_exposure.self": (
        "faced {count} hostile customers this week, {ratio}× the usual week",
        "本周遭遇 {count} 名恶意客户，是平时一周的 {ratio} 倍",
    ),
    "hostile_exposure.none": (
        "faced {count} hostile customers this week",
        "本周遭遇 {count} 名恶意客户",
    ),
    "hostile_run": ("hostile customers {days} days in a row", "连续 {days} 天遭遇恶意客户"),
    "night_overtime.row": (
        "{nights} night shifts in a row with {hours} h overtime",
        "连续 {nights} 个夜班，加班 {hours} 小时",
    ),
    "night_overtime.spread": (
        "{nights} night shifts with {hours} h overtime",
        "{nights} 个夜班，加班 {hours} 小时",
    ),
    "long_hours": ("worked {hours} h this week", "本周工作 {hours} 小时"),
    "quick_returns": (
        "{count} quick returns (less than 11 h rest between shifts)",
        "{count} 次快速返岗（两班之间休息不足 11 小时）",
    ),
    "consecutive_days": ("worked {days} days in a row", "连续工作 {days} 天"),
    "volume_pressure.self": (
        "handled {count} conversations this week, {ratio}× the usual week",
        "本周处理 {count} 个会话，是平时一周的 {ratio} 倍",
    ),
    "volume_pressure.team": (
        "handled {count} conversations this week, {ratio}× the team median",
        "本周处理 {count} 个会话，是团队中位数的 {ratio} 倍",
    ),
    "response_pressure": (
        "first replies took {minutes} min on average, {ratio}× the usual",
        "首次回复平均用时 {minutes} 分钟，是平时的 {ratio} 倍",
    ),
    "canned_rise": (
        "canned replies up to {now}% of messages from {before}%",
        "模板回复占比从 {before}% 升至 {now}%",
    ),
    "empathy_drop": (
        "empathy in {now}% of replies, down from {before}%",
        "共情表达占比从 {before}% 降至 {now}%",
    ),
    "csat_drop": ("CSAT {now}, down from {before}", "客户满意度 {now}，此前为 {before}"),
    "csat_drop.percent": ("CSAT {now}%, down from {before}%", "客户满意度 {now}%，此前为 {before}%"),
    "no_leave": (
        "no break of {days} days or more for {weeks} weeks",
        "已连续 {weeks} 周没有 {days} 天以上的休息",
    ),
    "checkup_level": ("{name} {value}, in the {band} band", "{name} {value}，处于{band}区间"),
    "checkup_rise": (
        "{name} {value} ({band} band), {direction} {change} since {since}",
        "{name} {value}（{band}区间），自{since}以来{direction} {change}",
    ),
}
_SUBSCALES: dict[tuple[str, str], tuple[str, str]] = {
    ("cbi", "personal"): ("personal burnout", "个人倦怠"),
    ("cbi", "work"): ("work-related burnout", "工作相关倦怠"),
    ("cbi", "client"): ("client-related burnout", "客户相关倦怠"),
    ("who5", "wellbeing"): ("well-being (WHO-5)", "幸福感（WHO-5）"),
    ("moaq_satisfaction", "satisfaction"): ("job satisfaction", "工作满意度"),
    ("moaq_turnover", "intention"): ("intention to leave", "离职意向"),
    ("single_item_burnout", "burnout"): ("self-rated burnout", "自评倦怠"),
}
_BANDS = (("low", "低"), ("moderate", "中等"), ("high", "高"), ("severe", "严重"))
_DIRECTIONS = {"up": ("up", "上升"), "down": ("down", "下降")}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _number(value: Any) -> str:
    if isinstance(value, float):
        return str(int(round(value))) if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return str(value)


def _since(iso: str, zh: bool) -> str:
    day = date.fromisoformat(iso)
    if zh:
        return f"{day.year}年{day.month}月"
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _render(code: str, params: Mapping[str, Any], language: str) -> str:
    zh = language.lower().replace("_", "-").startswith("zh")
    i = 1 if zh else 0
    key = code
    if code in ("hostile_exposure", "volume_pressure"):
        key = f"{code}.{params['against']}"
    elif code == "csat_drop" and params.get("percent"):
        key = "csat_drop.percent"
    elif code == "night_overtime":
        key = (
            "night_overtime.row"
            if params["in_a_row"] >= params["nights"] > 1
            else "night_overtime.spread"
        )
    words = {k: _number(v) for k, v in params.items()}
    if code.startswith("checkup"):
        subscale = (params["instrument"], params["subscale"])
        default = f"{subscale[0]}.{subscale[1]}"
        words["name"] = _SUBSCALES.get(subscale, (default, default))[i]
        words["band"] = _BANDS[params["level"]][i]
        if "since" in params:
            words["since"] = _since(params["since"], zh)
            words["direction"] = _DIRECTIONS[params["direction"]][i]
    return _MESSAGES[key][i].format(**words)


