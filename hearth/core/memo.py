"""A small in-process memo for derived read models (aggregates, trends) keyed by a stamp of their inputs.

Django's cache pickles every value on the way in and out; for a family of aggregate cells that costs more
than it saves. This keeps the objects themselves, per process, least recently used out first. Keys must
change whenever the inputs do (the callers put a count and a max id of the rows in them), so a stale entry
is never read; values must be treated as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 256
_entries: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()


def memo(key: str, compute: Callable[[], T]) -> T:
    """The value stored under key, computing and storing it the first time."""
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def stamp(rows: Any, latest: str = "id") -> str:
    """A key part that changes whenever `rows` (a queryset) gains, loses or changes a row: count and max of `latest`."""
    from django.db.models import Count, Max

    found = rows.aggregate(n=Count("pk"), last=Max(latest))
    return f"{found['n']}:{found['last']}"


def memo_clear() -> None:
    """Forget everything (tests start from nothing)."""
    with _lock:
        _entries.clear()
