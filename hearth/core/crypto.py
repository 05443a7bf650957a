"""Field-level encryption at rest with the Fernet keys in `settings.HEARTH_FIELD_KEYS`, newest first.

A stored value is `enc1:` followed by a Fernet token (AES-128-CBC with HMAC-SHA256 and a
timestamp). The first key encrypts; every configured key decrypts, so a new key can go first while
`hearth keys rotate` re-encrypts what the old ones wrote. Keys are read from settings on each call
(the Fernet objects are cached per set of keys), so a changed setting takes effect at once.
See README "Encryption at rest".
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "enc1:"
ENV_VAR = "HEARTH_FIELD_KEYS"


class FieldKeyError(Exception):
    """A value cannot be encrypted or decrypted with the configured keys."""


def generate_key() -> str:
    """A new random key, in the form HEARTH_FIELD_KEYS takes."""
    return Fernet.generate_key().decode("ascii")


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    try:
        return tuple(Fernet(key) for key in keys)
    except ValueError:
        raise FieldKeyError(
            f"{ENV_VAR}: a key is not a Fernet key (make one with `hearth keys new`)"
        ) from None


def keys_configured() -> tuple[Fernet, ...]:
    """One Fernet per configured key, newest first."""
    keys = tuple(settings.HEARTH_FIELD_KEYS)
    if not keys:
        raise FieldKeyError(f"{ENV_VAR} holds no key (make one with `hearth keys new`)")
    return _fernets(keys)


def _token_bytes(token: str) -> bytes:
    if not token.startswith(PREFIX):
        raise FieldKeyError(f"not an encrypted value (it does not start with {PREFIX!r})")
    try:
        return token[len(PREFIX):].encode("ascii")
    except UnicodeEncodeError:
        raise FieldKeyError("damaged encrypted value (not ASCII)") from None


def _unreadable() -> FieldKeyError:
    count = len(keys_configured())
    return FieldKeyError(
        f"a value cannot be decrypted with any of the {count} key(s) in {ENV_VAR}: the key it "
        f"was written with is missing from {ENV_VAR} (or the value is damaged); "
        "`hearth keys check` counts such values"
    )


def encrypt(text: str) -> str:
    """`text` encrypted with the newest key, as a versioned token (`enc1:…`)."""
    token = MultiFernet(list(keys_configured())).encrypt(text.encode("utf-8"))
    return PREFIX + token.decode("ascii")


def decrypt(token: str) -> str:
    """The text in `token`, decrypted with whichever configured key wrote it."""
    try:
        return MultiFernet(list(keys_configured())).decrypt(_token_bytes(token)).decode("utf-8")
    except InvalidToken:
        raise _unreadable() from None


def key_index(token: str) -> int | None:
    """Position in HEARTH_FIELD_KEYS (0 = newest) of the key that wrote `token`; None if none did."""
    try:
        raw = _token_bytes(token)
    except FieldKeyError:
        return None
    for index, fernet in enumerate(keys_configured()):
        try:
            fernet.decrypt(raw)
        except InvalidToken:
            continue
        return index
    return None


def needs_rotation(token: str) -> bool:
    """Whether `token` was written with a key other than the newest (FieldKeyError if none opens it)."""
    index = key_index(token)
    if index is None:
        raise _unreadable()
    return index != 0


def rotate(token: str) -> str:
    """`token` re-encrypted with the newest key (its original timestamp is kept)."""
    try:
        rotated = MultiFernet(list(keys_configured())).rotate(_token_bytes(token))
    except InvalidToken:
        raise _unreadable() from None
    return PREFIX + rotated.decode("ascii")
