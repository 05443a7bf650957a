"""Suite-wide test configuration."""

from __future__ import annotations

from typing import Any


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Real hashing costs ~0.3 s a password; tests create dozens of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The named cast of users per role and shared fixtures, for every test folder.
pytest_plugins = ["hearth.testing"]
