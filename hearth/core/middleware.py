"""Per-user language and the two-factor requirement for sensitive roles."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from hearth.core.access import person_for
from hearth.engine.i18n import language_override

# URL names a signed-in user may reach before finishing two-factor set-up or verification.
_TWO_FACTOR_EXEMPT_NAMES = frozenset({
    "login", "logout", "two_factor_setup", "two_factor_verify", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "set_language",
})


class UserLanguageMiddleware:
    """Show each signed-in user Hearth in their chosen language, else their centre's default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person = person_for(request.user)
        if person is not None:
            language = person.ui_language or person.centre.language
            translation.activate(language)
            request.LANGUAGE_CODE = language
        with language_override(getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "zh-hans"):
            response = self.get_response(request)
        if person is not None:
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _exempt(path: str) -> bool:
    if path.startswith("/static/"):
        return True
    try:
        return resolve(path).url_name in _TWO_FACTOR_EXEMPT_NAMES
    except Resolver404:
        return False


def _has_confirmed_device(user: object) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def two_factor_required(request: HttpRequest) -> bool:
    """Whether this signed-in user must have passed TOTP verification for this session.

    Required for social workers, HR and admins (unless the demo centre waives it), and for
    anyone who has set up an authenticator of their own accord.
    """
    if _has_confirmed_device(request.user):
        return True
    person = person_for(request.user)
    if person is not None:
        from hearth.people.models import TWO_FACTOR_ROLES

        if person.centre.two_factor_waived:
            return False
        return person.has_role(*TWO_FACTOR_ROLES)
    return bool(getattr(request.user, "is_superuser", False))


class TwoFactorRequiredMiddleware:
    """Send social workers, HR and admins to set up or enter their TOTP code before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not _exempt(request.path)
            and two_factor_required(request)
        ):
            target = "two_factor_verify" if _has_confirmed_device(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
