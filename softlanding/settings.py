"""Django settings for Soft Landing.

Everything a person running the app may change is an environment variable
with the ``SOFTLANDING_`` prefix, read through ``softlanding.lib.env`` and
listed in docs/configuration.md (a test fails when one is missing there).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from softlanding.lib.env import ConfigError, data_dir, envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
CONTENT_DIR = Path(envstr("CONTENT_DIR") or REPO_DIR / "content")
DATA_DIR = data_dir()

DEBUG = envbool("DEBUG", False)
#: True when the app is reached over HTTPS (directly or through a TLS proxy).
HTTPS = envbool("HTTPS", False)


def _secret_key() -> str:
    configured = envstr("SECRET_KEY")
    if configured:
        if len(configured) < 50:
            raise ConfigError("SOFTLANDING_SECRET_KEY must be at least 50 characters long")
        return configured
    # A single-user install should not have to invent a secret: make one on
    # first start and keep it beside the database, readable by the owner only.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django_htmx",
    "softlanding.front",
    "softlanding.accounts",
    "softlanding.guidance",
    "softlanding.pause",
    "softlanding.journal",
    "softlanding.together",
    "softlanding.support",
    "softlanding.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are served before anything else touches the request: they
    # are public, cacheable and never personal.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "softlanding.front.csrf.SameOriginNullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "softlanding.front.middleware.PrivacyHeadersMiddleware",
]

ROOT_URLCONF = "softlanding.urls"
WSGI_APPLICATION = "softlanding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "softlanding.front.context_processors.site",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = envstr("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "softlanding.sqlite3",
        "OPTIONS": {
            # Take the write lock when a transaction starts instead of when it
            # first writes: two requests that read then write can otherwise
            # deadlock and one fails with "database is locked".
            "transaction_mode": "IMMEDIATE",
            # Wait up to 20 s for another writer instead of failing at once.
            "timeout": 20,
            "init_command": (
                # WAL lets readers go on while one request writes, and keeps a
                # crash from corrupting the main file.
                "PRAGMA journal_mode=WAL;"
                # FULL: a journal entry the user saved survives a power cut;
                # the cost (an fsync per commit) is invisible at our scale.
                "PRAGMA synchronous=FULL;"
                # Deleted personal rows are overwritten with zeros instead of
                # lingering in free pages of the file.
                "PRAGMA secure_delete=ON;"
                "PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS: list[dict[str, object]] = []
PASSWORD_HASHERS = [
    # The login verifier. Key derivation for the vault is separate (its own
    # salt and parameters) so the stored hash never helps unwrap the data key.
    # This hasher uses the vault's Argon2id (libsodium) and cost, so the
    # verifier is never a cheaper target for guessing a passphrase than the
    # key derivation is. Django's own Argon2 stays to read older hashes.
    "softlanding.accounts.hashers.SodiumArgon2idPasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]

# --- The vault (accounts) ---------------------------------------------------
#: Argon2id cost for new keys and verifiers (stored per user, so raising it
#: later re-wraps each key at that user's next unlock).
VAULT_KDF_MEMORY_KIB = envint("KDF_MEMORY_KIB", 64 * 1024, minimum=8)
VAULT_KDF_PASSES = envint("KDF_PASSES", 3, minimum=1)
#: At most this many Argon2id derivations run at once in one process; each
#: takes VAULT_KDF_MEMORY_KIB of memory, so this bounds memory under a burst.
VAULT_KDF_CONCURRENCY = envint("KDF_CONCURRENCY", 2, minimum=1)
#: How long an unlock waits for a free slot before answering "busy, retry".
VAULT_KDF_WAIT_SECONDS = envint("KDF_WAIT_SECONDS", 5, minimum=0)
#: Failed unlocks for one username before a cool-off; an address gets 4x.
VAULT_LOCKOUT_ATTEMPTS = envint("LOCKOUT_ATTEMPTS", 5, minimum=1)
#: The longest cool-off, in minutes (it starts at 1 and doubles up to this).
VAULT_LOCKOUT_MINUTES = envint("LOCKOUT_MINUTES", 15, minimum=1)
#: The largest export file an import accepts.
VAULT_IMPORT_MAX_BYTES = envint("IMPORT_MAX_KIB", 2048, minimum=1) * 1024
LOGIN_URL = "/account/unlock/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Manifest storage gives every file a content hash in its name so it
        # can be cached forever; compression stays gzip-only because brotli
        # made collectstatic slow enough to matter on a first run.
        "BACKEND": "softlanding.front.storage.StaticStorage",
    },
}
# Tests and DEBUG serve straight from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Sessions and cookies ---------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "sl_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = envint("ABSOLUTE_TIMEOUT_MINUTES", 12 * 60, minimum=5) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_NAME = "sl_csrf"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SECURE = HTTPS
#: Minutes without a request before an unlocked vault locks itself.
IDLE_TIMEOUT_MINUTES = envint("IDLE_TIMEOUT_MINUTES", 30, minimum=1)

# --- Security headers -------------------------------------------------------
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = envbool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS proxy, trust its X-Forwarded-Proto so redirects and secure
    # cookies work. The proxy must overwrite that header; see docs/self-hosting.md.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

#: Where quick exit sends the browser: an ordinary, unremarkable page.
QUICK_EXIT_URL = envstr("QUICK_EXIT_URL", "https://www.bbc.com/weather")
if not QUICK_EXIT_URL.startswith(("https://", "http://")):
    raise ConfigError("SOFTLANDING_QUICK_EXIT_URL must be an http(s) address")

# --- Logging ----------------------------------------------------------------
# Nothing personal is ever logged: no request bodies, no query strings, no
# successful logins with addresses. Errors keep the exception type and the
# view, which is what an operator needs.
# Error reports hide every POST field, cookie, bearer token and local variable.
DEFAULT_EXCEPTION_REPORTER_FILTER = "softlanding.accounts.reporting.PrivateExceptionReporterFilter"
LOG_LEVEL = envstr("LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigError("SOFTLANDING_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's request logger prints the path and, for errors, the request
        # repr. Paths are neutral by design, but keep it terse all the same.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
