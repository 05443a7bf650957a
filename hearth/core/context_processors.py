"""Template context every page needs: who is signed in, their roles, unread notices."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hearth.core.access import person_for


def hearth(request: HttpRequest) -> dict[str, Any]:
    person = person_for(getattr(request, "user", None))
    if person is None:
        return {"me": None, "my_roles": frozenset(), "unread_notices": 0}
    from hearth.notices.selectors import notice_unread_count

    return {
        "me": person,
        "my_roles": person.role_set,
        "unread_notices": notice_unread_count(person=person),
    }
