"""Local time for per-agent-day features: calendar days, midnights, night and business hours, via zoneinfo.

Instants are integer microseconds since the Unix epoch (UTC); a local day is the number of days
since 1970-01-01 in the zone (the same number Arrow's date32 stores). DST-correct: every
conversion goes through the zone's rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_US = 86_400_000_000
MINUTE_US = 60_000_000
_BUCKET_US = 900_000_000  # UTC offsets change only on quarter-hour boundaries in the tz database
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

BusinessHours = Mapping[str, tuple[str, str]]


class UnknownZoneError(ValueError):
    """A time-zone name the tz database does not know."""


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or UnknownZoneError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownZoneError(name) from exc


def day_text(day: int) -> str:
    """YYYY-MM-DD for a day number."""
    return date.fromordinal(day + _EPOCH_ORDINAL).isoformat()


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch for an aware datetime."""
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class Clock:
    """Local-time arithmetic in one zone, cached (offsets per quarter hour, midnights per day)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.zone = zone(name)
        self._offsets: dict[int, int] = {}
        self._local: dict[tuple[int, int], int] = {}

    def offset_us(self, instant: int) -> int:
        """The zone's UTC offset at `instant`, in microseconds."""
        bucket = instant // _BUCKET_US
        offset = self._offsets.get(bucket)
        if offset is None:
            moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=bucket * _BUCKET_US)
            utcoffset = moment.astimezone(self.zone).utcoffset()
            offset = (utcoffset // timedelta(microseconds=1)) if utcoffset is not None else 0
            self._offsets[bucket] = offset
        return offset

    def day(self, instant: int) -> int:
        """The local calendar day (days since 1970-01-01) of an instant."""
        return (instant + self.offset_us(instant)) // DAY_US

    def at(self, day: int, minute_of_day: int) -> int:
        """The instant of a local wall-clock time (minutes after midnight; 1440 = next midnight)."""
        key = (day, minute_of_day)
        instant = self._local.get(key)
        if instant is None:
            extra, minute = divmod(minute_of_day, 1440)
            local = datetime.combine(
                date.fromordinal(day + extra + _EPOCH_ORDINAL),
                time(minute // 60, minute % 60),
                tzinfo=self.zone,
            )
            instant = self._local[key] = to_us(local)
        return instant

    def midnight(self, day: int) -> int:
        """The instant the local day starts."""
        return self.at(day, 0)


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    """Length of the intersection of [a0, a1) and [b0, b1)."""
    return max(0, min(a1, b1) - max(a0, b0))


def night_overlap(clock: Clock, day: int, start: int, end: int, night: tuple[int, int]) -> int:
    """Microseconds of [start, end) (within `day`) that fall in the night hours of that day."""
    first, last = night
    if first > last:  # e.g. 22:00–06:00: the early morning and the late evening of the same day
        return overlap(start, end, clock.midnight(day), clock.at(day, last * 60)) + overlap(
            start, end, clock.at(day, first * 60), clock.midnight(day + 1)
        )
    return overlap(start, end, clock.at(day, first * 60), clock.at(day, last * 60))


def parse_business_hours(hours: BusinessHours) -> dict[int, tuple[int, int]]:
    """{"mon": ("09:00", "18:00"), …} → {weekday: (open minute, close minute)}."""
    parsed: dict[int, tuple[int, int]] = {}
    for key, (opens, closes) in hours.items():
        weekday = WEEKDAYS.index(key.strip().lower()[:3])
        parsed[weekday] = (_minutes(opens), _minutes(closes))
    return parsed


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    return int(hours) * 60 + int(minutes or 0)


def business_us(clock: Clock, start: int, end: int, hours: Mapping[int, tuple[int, int]]) -> int:
    """Microseconds of [start, end) inside business hours in the clock's zone."""
    if end <= start:
        return 0
    total = 0
    for day in range(clock.day(start), clock.day(end) + 1):
        window = hours.get(date.fromordinal(day + _EPOCH_ORDINAL).weekday())
        if window is not None:
            total += overlap(start, end, clock.at(day, window[0]), clock.at(day, window[1]))
    return total
