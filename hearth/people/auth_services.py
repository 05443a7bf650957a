"""Sign-in protection: lockout after repeated failures, and TOTP two-factor with backup codes."""

from __future__ import annotations

import math
import re
from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.people.models import LoginFailure

BACKUP_CODE_COUNT = 10
# An address is shared by a whole call-centre floor behind NAT, so it gets more room than one name.
IP_LIMIT_FACTOR = 4
_TOTP_SHAPE = re.compile(r"^\d{6}$")
_BACKUP_DEVICE_NAME = "backup"


# --- Lockout -------------------------------------------------------------------------------------


def _window() -> timedelta:
    return timedelta(minutes=settings.HEARTH_LOGIN_LOCKOUT_MINUTES)


def _minutes_left(failures: Any, limit: int) -> int:
    """Minutes until fewer than `limit` failures remain inside the window, or 0 if already so."""
    now = timezone.now()
    recent = list(
        failures.filter(at__gt=now - _window()).order_by("-at").values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    # The lock lifts once the limit-th most recent failure leaves the window.
    seconds = (recent[-1] + _window() - now).total_seconds()
    return max(1, math.ceil(seconds / 60))


def login_is_locked(*, username: str, ip: str | None) -> int:
    """Minutes left before `username` (or the address `ip`) may try to sign in again; 0 if not locked."""
    limit = settings.HEARTH_LOGIN_MAX_FAILURES
    minutes = _minutes_left(LoginFailure.objects.filter(username=username.strip().lower()), limit)
    if ip:
        minutes = max(
            minutes, _minutes_left(LoginFailure.objects.filter(ip=ip), limit * IP_LIMIT_FACTOR)
        )
    return minutes


def login_failure_record(*, username: str, ip: str | None) -> None:
    """Remember one failed sign-in (wrong password or wrong two-factor code)."""
    now = timezone.now()
    LoginFailure.objects.create(username=username.strip().lower()[:150], ip=ip or None, at=now)
    # Rows older than a day decide nothing; keep the table small.
    LoginFailure.objects.filter(at__lt=now - max(_window(), timedelta(days=1))).delete()


def login_failures_clear(*, username: str) -> None:
    """Forget a username's failed sign-ins after it signs in successfully."""
    LoginFailure.objects.filter(username=username.strip().lower()).delete()


# --- Two-factor ----------------------------------------------------------------------------------


def two_factor_enabled(*, user: Any) -> bool:
    """Whether the user has a confirmed TOTP device."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def backup_codes_remaining(*, user: Any) -> int:
    """How many unused backup codes the user has left."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_device_for_setup(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created if there is none yet."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_qr_svg(*, device: TOTPDevice) -> str:
    """The device's otpauth:// URI as an inline SVG QR code (rendered here, no outside service)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=5, border=2, dark="#000", light="#fff"))


def totp_secret_base32(*, device: TOTPDevice) -> str:
    """The secret in base32, grouped in fours for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def totp_setup_confirm(
    *, user: Any, device: TOTPDevice, token: str, ip: str | None = None
) -> list[str] | None:
    """Confirm `device` if `token` is right, and issue fresh backup codes; None if the code is wrong."""
    from hearth.audit.services import audit_record

    token = _normalise(token)
    if device.user_id != user.pk or device.confirmed or not _TOTP_SHAPE.match(token):
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One authenticator per person: setting up again replaces the old one.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _backup_codes_issue(user=user)
        audit_record(
            actor=user,
            action="two_factor_enabled",
            subject=getattr(user, "person", None),
            obj=device,
            ip=ip,
        )
    return codes


def _backup_codes_issue(*, user: Any) -> list[str]:
    """Replace the user's backup codes with a fresh set; the plain codes are returned once only."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=_BACKUP_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def two_factor_token_match(*, user: Any, token: str) -> Any:
    """The confirmed device that accepts `token` (a TOTP code or an unused backup code), or None."""
    token = _normalise(token)
    if not token:
        return None
    # Route by shape so a mistyped backup code does not throttle the authenticator, and vice versa.
    wanted = TOTPDevice if _TOTP_SHAPE.match(token) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, wanted) and device.verify_token(token):
                return device
    return None
