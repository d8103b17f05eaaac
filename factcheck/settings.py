"""Settings for the fact-check workbench, read from the environment.

Every variable is documented in README.md ("Configuration"). Defaults are safe for a
laptop demo: DEBUG is off unless asked for, and production (DJANGO_DEBUG=0 with no
explicit development flag) refuses to start without a real secret key.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from factcheck.fetching.addresses import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The test suite runs with DEBUG off (as production does) but needs no secret key or HTTPS.
TESTING = env_bool("DJANGO_TESTING", "pytest" in sys.modules or sys.argv[1:2] == ["test"])

# A development key is only acceptable when DEBUG is on (make demo) or under the test
# suite. Without a key, management commands that need no signing (migrate, check,
# import_article) still run, but the WSGI/ASGI entry points refuse to serve (see
# factcheck/production.py); a weak or placeholder key is refused outright.
DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
SECRET_KEY_MISSING = not SECRET_KEY and not (DEBUG or TESTING)  # read by factcheck/production.py
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = DEV_SECRET_KEY
elif (
    SECRET_KEY
    and not (DEBUG or TESTING)
    and (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure")
        or SECRET_KEY == DEV_SECRET_KEY
    )
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# One reverse proxy in front of gunicorn (README "Running behind gunicorn"): it sets
# X-Forwarded-Proto and appends the client's address to X-Forwarded-For.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",  # failed-login throttling (see "Guarded logins" below)
    "ninja",  # the JSON API: its docs page then uses ninja's bundled Swagger UI, not a CDN
    "factcheck.core",
    "factcheck.history",
    "factcheck.articles",
    "factcheck.claims",
    "factcheck.editorial",
    "factcheck.moderation",
    "factcheck.exports",
    "factcheck.dashboard",
    "factcheck.search",
    "factcheck.notifications",
    "factcheck.assignments",
    "factcheck.api",
    "factcheck.fetching",
    "factcheck.suggestions",
    "django_tasks_db",  # the task queue's table (Background tasks, below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a refused, locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

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
                "django.contrib.messages.context_processors.messages",
                "factcheck.core.context_processors.roles",
                "factcheck.notifications.context_processors.bell",
            ],
        },
    },
]

# SQLite is the embedded default. WAL lets readers run beside the writer; IMMEDIATE makes
# every transaction take the write lock at BEGIN, so concurrent writers queue on the
# timeout instead of failing with "database is locked" when a read upgrades to a write.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
        "PRAGMA cache_size=-20000;PRAGMA temp_store=MEMORY"
    ),
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": dict(SQLITE_OPTIONS),
            # Persistent, like PostgreSQL's: a new connection runs init_command's five
            # PRAGMAs before the request's first query.
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": os.environ.get("SQLITE_TEST_PATH") or None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's own authentication backend and database sessions: every request reads its
# session and its user (roles are read once per request when asked, core/roles.py), so
# logging out, deactivation and role changes act at once in every server process
# (SESSION_ENGINE is Django's default). In front of it, django-axes refuses a login for an
# account or from an address that is locked out, before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Guarded logins (django-axes). After FACTCHECK_LOGIN_FAILURE_LIMIT failed logins for one
# username, or from one client address, further logins for it are refused for
# FACTCHECK_LOGIN_LOCKOUT_MINUTES, even with the right password; a success resets the
# count. An admin lifts a lock-out early by deleting its "access attempt" in the admin.
# The address is the one core/client_address.py trusts (the proxy's view of the client
# behind DJANGO_BEHIND_PROXY=1).
AXES_FAILURE_LIMIT = int(os.environ.get("FACTCHECK_LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("FACTCHECK_LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.core.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "factcheck.core.client_address.client_address"
# Its own log lines would repeat every refused login at WARNING in the test output.
AXES_VERBOSE = False

# Per process: the dashboard's agreement figures (dashboard/queries.py).
# "api-rate" counts API requests against their budgets (api/ratelimit.py). In one process
# (runserver, the tests) memory will do; several server processes must share it, or each
# grants the whole budget: set FACTCHECK_RATE_CACHE_BACKEND, e.g.
# django.core.cache.backends.redis.RedisCache with FACTCHECK_RATE_CACHE_LOCATION
# redis://127.0.0.1:6379 (pip install redis), or ...db.DatabaseCache with a table name
# there (manage.py createcachetable).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "factcheck",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "api-rate": {
        "BACKEND": os.environ.get(
            "FACTCHECK_RATE_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("FACTCHECK_RATE_CACHE_LOCATION", "factcheck-api-rate"),
    },
}

# API budgets per token (a browser session: per user), "<requests>/<window>" with the
# window in s, min or hour (e.g. 100/10s). Writes (POST, PATCH, DELETE) also spend the
# smaller write budget. Over either: 429 with Retry-After (README "API: rate limits, ...").
FACTCHECK_API_RATE = os.environ.get("FACTCHECK_API_RATE", "600/minute")
FACTCHECK_API_WRITE_RATE = os.environ.get("FACTCHECK_API_WRITE_RATE", "120/minute")

# Mail: password resets. The demo (DEBUG) prints messages on the console; production
# sends through the SMTP server the environment names. The test suite keeps them in memory.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", 25)),
        "username": os.environ.get("DJANGO_EMAIL_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_TLS", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_FROM_EMAIL", "Fact-check workbench <webmaster@localhost>"
)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # a reset link works for three hours

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # role-aware: reviewers land on "My queue" (core.views.home)
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Development and tests serve from the finders (below), so there is no collected root to
# look for; production collects into STATIC_ROOT and whitenoise serves it compressed.
STATIC_ROOT = (
    None
    if DEBUG or TESTING
    else Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development and tests whitenoise serves straight from the finders, no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: the article import page refuses anything larger (README: FACTCHECK_MAX_IMPORT_BYTES).
FACTCHECK_MAX_IMPORT_BYTES = int(os.environ.get("FACTCHECK_MAX_IMPORT_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_IMPORT_BYTES + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_IMPORT_BYTES + 256 * 1024

# Fetching pages from the web (article import by URL; factcheck/fetching/client.py explains
# the defences). Only public addresses are fetched; the allowance is the one way to reach
# others, e.g. a test server on 127.0.0.1, and it never covers where a redirect leads.
try:
    FACTCHECK_FETCH_ALLOWED_ADDRESSES = parse_networks(
        os.environ.get("FACTCHECK_FETCH_ALLOWED_ADDRESSES", "")
    )
except ValueError as error:
    raise ImproperlyConfigured(f"FACTCHECK_FETCH_ALLOWED_ADDRESSES: {error}") from None
try:
    FACTCHECK_FETCH_ALLOWED_PORTS = tuple(
        int(port) for port in env_list("FACTCHECK_FETCH_ALLOWED_PORTS", "")
    )
except ValueError:
    raise ImproperlyConfigured("FACTCHECK_FETCH_ALLOWED_PORTS must list port numbers") from None
FACTCHECK_FETCH_MAX_BYTES = int(os.environ.get("FACTCHECK_FETCH_MAX_BYTES", 5_000_000))
FACTCHECK_FETCH_TIMEOUT_SECONDS = float(os.environ.get("FACTCHECK_FETCH_TIMEOUT_SECONDS", 10))

# Background tasks (Django's tasks framework, README "Background tasks"): fetching pages runs
# as tasks (factcheck/fetching/tasks.py). FACTCHECK_TASKS chooses the queue:
# - "database" (default): django-tasks-db keeps the queue in a table of this database (no
#   other service); `manage.py db_worker` runs the tasks, and `make demo` starts it.
# - "redis": django-tasks-rq puts them on an RQ queue in Redis at FACTCHECK_REDIS_URL;
#   `manage.py rqworker --job-class django_tasks_rq.Job default` runs them.
# - "immediate": each task runs at once in the process that enqueued it (no worker).
# The test suite's default is Django's DummyBackend, which records tasks and runs none, so
# no test fetches anything by accident; tests that run tasks ask for ImmediateBackend.
FACTCHECK_TASKS = os.environ.get("FACTCHECK_TASKS", "dummy" if TESTING else "database")
FACTCHECK_REDIS_URL = os.environ.get("FACTCHECK_REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
if FACTCHECK_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"FACTCHECK_TASKS must be one of {', '.join(TASK_BACKENDS)}, not {FACTCHECK_TASKS!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[FACTCHECK_TASKS], "QUEUES": ["default"]}}
if FACTCHECK_TASKS == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": FACTCHECK_REDIS_URL, "DEFAULT_TIMEOUT": 120}}

# Also ask the Internet Archive's Save Page Now to keep each new source (off by default: it
# tells a third party which pages the newsroom is checking). The copy's address becomes the
# source's "archived copy" when it has none.
FACTCHECK_ARCHIVE_ORG = env_bool("FACTCHECK_ARCHIVE_ORG", False)
FACTCHECK_ARCHIVE_ORG_SAVE_URL = "https://web.archive.org/save/"  # tests point it elsewhere

# Who publishes the fact-checks (ClaimReview author).
FACTCHECK_ORGANISATION_NAME = os.environ.get("FACTCHECK_ORGANISATION_NAME", "Demo Fact-Check Desk")
FACTCHECK_ORGANISATION_URL = os.environ.get(
    "FACTCHECK_ORGANISATION_URL", "https://factcheck.example"
)
# Where the published fact-check pages live, as the outside world reaches them: exports
# and the ClaimReview `url` build absolute links from it (factcheck/exports/query.py).
FACTCHECK_PUBLIC_BASE_URL = os.environ.get("FACTCHECK_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Content-Security-Policy: scripts only from our origin or with this response's nonce; no
# eval (htmx is configured with allowEval=false) and no inline styles (htmx's indicator
# styles are switched off and shipped in static/css instead).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Security headers and cookies. Production (DEBUG off) gets all of them; HTTPS redirects
# can be turned off behind a proxy that terminates TLS on the same host for testing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not TESTING)
    # The test suite's live server speaks plain HTTP to the test browser.
    SESSION_COOKIE_SECURE = not TESTING
    CSRF_COOKIE_SECURE = not TESTING
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

if TESTING:
    # The cast's passwords are hashed for every test; the real hasher costs ~0.5 s each.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
