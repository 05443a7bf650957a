"""The one settings file. Everything that differs between machines comes from the environment."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the hearth package
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean from the environment; anything but a clear yes/no is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    """An integer from the environment."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number") from None


VAR_DIR = Path(env_str("HEARTH_VAR_DIR", str(PROJECT_DIR / "var")))
DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("HEARTH_DEMO", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    # Development and demo: a key generated once and kept under var/, never committed.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _field_keys() -> list[str]:
    """Fernet keys for encrypted fields, newest first (README "Encryption at rest")."""
    keys = [k.strip() for k in env_str("HEARTH_FIELD_KEYS").split(",") if k.strip()]
    source = "HEARTH_FIELD_KEYS"
    if not keys:
        # Demo, development and tests: a key generated once into var/ (like the secret key). A
        # server holding real case notes must get its keys from the secret store, so it refuses.
        if not (DEMO or DEBUG or os.environ.get("PYTEST_VERSION")):
            raise ImproperlyConfigured(
                "HEARTH_FIELD_KEYS is not set: it holds the keys that encrypt case notes in the "
                "database. Make one with `hearth keys new`, keep it in your secret store and set "
                "HEARTH_FIELD_KEYS=<key> (DEBUG=1 generates a development key into var/field_keys)."
            )
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path = VAR_DIR / "field_keys"
        try:  # created with mode 0600 from the start, and never overwritten
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"))
        keys = [k.strip() for k in path.read_text().split(",") if k.strip()]
        source = str(path)
        if not keys:
            raise ImproperlyConfigured(f"{source} holds no key: set HEARTH_FIELD_KEYS instead")
    for position, key in enumerate(keys, start=1):
        try:
            valid = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
        except ValueError:
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{source}: key {position} is not a Fernet key (32 bytes in url-safe base64; "
                "make one with `hearth keys new`)"
            )
    return keys


HEARTH_FIELD_KEYS = _field_keys()
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "hearth.core",
    "hearth.audit",
    "hearth.people",
    "hearth.notices",
    "hearth.assessments",
    "hearth.care",
    "hearth.programmes",
    "hearth.ingest",
    "hearth.radar",
    "hearth.activities",
    "hearth.training",
    "hearth.diaries",
    "hearth.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hearth.core.middleware.UserLanguageMiddleware",
    "hearth.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "hearth.config.urls"
WSGI_APPLICATION = "hearth.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.core.context_processors.hearth",
            ],
        },
    }
]

_default_db = VAR_DIR / ("demo.sqlite3" if DEMO else "hearth.sqlite3")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_default_db}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (per username and per address).
HEARTH_LOGIN_MAX_FAILURES = env_int("HEARTH_LOGIN_MAX_FAILURES", 5)
HEARTH_LOGIN_LOCKOUT_MINUTES = env_int("HEARTH_LOGIN_LOCKOUT_MINUTES", 15)

# Anonymity threshold for every aggregate; a centre may raise it, never below the floor.
HEARTH_K_ANONYMITY_FLOOR = 3
HEARTH_K_ANONYMITY_DEFAULT = max(HEARTH_K_ANONYMITY_FLOOR, env_int("HEARTH_K_ANONYMITY", 5))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("HEARTH_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("HEARTH_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Email: SMTP in production (EMAIL_HOST set); otherwise written to files under var/mail so nothing is lost.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hearth@localhost")
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Background work: the database backend on the embedded default, RQ when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
if env_bool("HEARTH_TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

OTP_TOTP_ISSUER = "Hearth"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

HEARTH_ENGINE_LABEL = _("Hearth")

# Where links in emails point (the address people use to reach Hearth).
HEARTH_BASE_URL = env_str("HEARTH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
