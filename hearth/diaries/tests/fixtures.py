"""Objects the access matrix needs: Alice's diary entry shared with Sam, and Alice and Bob as buddies."""

from __future__ import annotations

from typing import Any

from hearth.diaries.services import (
    buddy_pair_create,
    buddy_willingness_set,
    entry_create,
    entry_share,
)


def matrix_objects(cast: Any) -> dict[str, list[Any]]:
    """URL name → args for every diary URL that takes an id."""
    entry = entry_create(person=cast.alice, mood=2, thought="I always get it wrong")
    entry_share(entry=entry, by=cast.alice, reader_id=cast.sam.pk)
    buddy_willingness_set(person=cast.alice, offers=False, seeks=True)
    buddy_willingness_set(person=cast.bob, offers=True, seeks=False)
    pair = buddy_pair_create(by=cast.sam, first=cast.alice, second=cast.bob)
    return {
        **{f"diaries:{name}": [entry.pk] for name in ("entry", "reframe", "share", "unshare", "delete")},
        "diaries:shared_entry": [entry.pk],
        **{f"diaries:buddy_{name}": [pair.pk] for name in ("respond", "end", "checkin", "suggest")},
    }
