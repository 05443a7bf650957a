"""Who is asking: the signed-in person and their roles. Every view starts here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

F = TypeVar("F", bound=Callable[..., HttpResponse])


def person_for(user: Any) -> Any:
    """The Person behind a user, or None (anonymous, or an account with no person)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_hearth_person", False)
    if cached is not False:
        return cached
    from hearth.people.models import Person

    person = (
        Person.objects.select_related("centre", "team").prefetch_related("roles").filter(user=user).first()
    )
    if person is not None:
        person._role_cache = frozenset(r.role for r in person.roles.all())
    user._hearth_person = person
    return person


def require_person(request: HttpRequest) -> Any:
    """The signed-in person; 404 when the account has no person (nothing to show, nothing to reveal)."""
    person = person_for(request.user)
    if person is None:
        raise Http404
    return person


def roles_required(*roles: str) -> Callable[[F], F]:
    """Let a view through only for people holding one of `roles`; everyone else gets 404."""

    def decorator(view: F) -> F:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            person = require_person(request)
            if not person.has_role(*roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (REMOTE_ADDR; proxies set it via the WSGI server)."""
    return request.META.get("REMOTE_ADDR") or None
