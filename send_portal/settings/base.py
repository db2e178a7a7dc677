"""Shared settings. Everything that differs between machines comes from the environment.

With nothing set, the app runs on the embedded default: SQLite under var/, Celery tasks run
eagerly in the web process, a local-memory cache. With DATABASE_URL and REDIS_URL it takes the
production shape: PostgreSQL, Redis as Celery broker and cache, a worker and beat.

No file is read here: only the process environment. `prod` alone reads `.env` (see prod.py), so
a `.env` written for a real database never reaches the development or test settings.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from csp.constants import NONE
from csp.constants import SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SEND_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
ENVIRONMENT = "base"
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = env("SERVICE_NAME", default="SEND casework")
COUNCIL_NAME = env("COUNCIL_NAME", default="Demo County Council")
SEND_TEAM_EMAIL = env("SEND_TEAM_EMAIL", default="send-team@example.gov.uk")
SEND_TEAM_PHONE = env("SEND_TEAM_PHONE", default="")
DPO_EMAIL = env("DPO_EMAIL", default="data.protection@example.gov.uk")
# The SEN2 return's header (send_portal.returns): the council's three-digit DfE LA number, and
# whether the area has a Designated Medical / Clinical / Social Care Officer (Y, N, or R for
# recruitment in progress). 999 is no council's number: set the real one before a return.
SEN2_LA_NUMBER = env("SEN2_LA_NUMBER", default="999")
SEN2_DMO = env("SEN2_DMO", default="Y")
SEN2_DCO = env("SEN2_DCO", default="Y")
SEN2_DSCO = env("SEN2_DSCO", default="N")
SEN2_SOFTWARE_RELEASE = env("SEN2_SOFTWARE_RELEASE", default="2.0")

INSTALLED_APPS = [
    # The Django admin as support tooling: its own site class (send_portal.support.site).
    "send_portal.support.apps.SupportAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "import_export",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "cases",
    "ehcp",
    "transfers",
    "local_offer",
    "mediation",
    "send_portal",
    "send_portal.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "send_portal.middleware.NulCharacterMiddleware",  # 400 for a null character, before any use
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "send_portal.middleware.SignedInNoStoreMiddleware",  # Cache-Control: no-store when signed in
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "send_portal.middleware.StaffIdleTimeoutMiddleware",
    "send_portal.middleware.SecondFactorMiddleware",
    "send_portal.middleware.URLSpaceMiddleware",
    "send_portal.middleware.UploadTooLargeMiddleware",  # after CSRF, which parses the form
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into a page
]

ROOT_URLCONF = "send_portal.urls"
WSGI_APPLICATION = "send_portal.wsgi.application"

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
                "send_portal.context_processors.service",
            ],
            # `{% url %}` without asking the resolver each time (cases.links)
            "builtins": ["cases.templatetags.links"],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the single-user embedded default; WAL lets the dev server and a shell share it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"init_command": "PRAGMA journal_mode=WAL;"})
else:
    # Persistent connections (a request no longer pays for connecting), checked before reuse so
    # a connection dropped by the server is replaced rather than failing the request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The app's queries are short and run once each: PostgreSQL's JIT compiles them for longer
    # than they take to run (measured: the reviews list's last page at 100,000 cases), and
    # parallel workers cost more to start than they save while other requests want the cores
    # (measured: a search's count at 100,000 cases, 15-60 ms with workers, 8 ms without).
    # A council's case tables fit in memory (on solid-state disks when they do not), where
    # reading a row by an index costs about what reading it in turn does: PostgreSQL's default
    # random_page_cost of 4 is for spinning disks, and made it read all 100,000 cases rather
    # than the 1,846 a surname found through their index (25 ms against 11). 1.1 is what
    # PostgreSQL's manual suggests for solid-state storage; DB_RANDOM_PAGE_COST changes it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        "-c jit=off -c max_parallel_workers_per_gather=0"
        f" -c random_page_cost={env.float('DB_RANDOM_PAGE_COST', default=1.1)}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cases.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, as django-axes asks: refuses locked accounts
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous object permissions
GUARDIAN_RAISE_403 = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- signing in securely (send_portal/accounts, docs/decisions/0004) ---------------------------
# Council staff give a code from an authenticator app after their password (django-otp TOTP,
# with 10 one-time backup codes). Off only on the embedded demo and in tests; anyone who has
# set up an app must use it either way.
SEND_STAFF_TWO_FACTOR = env.bool("SEND_STAFF_TWO_FACTOR", default=True)
OTP_TOTP_ISSUER = f"{COUNCIL_NAME} {SERVICE_NAME}"
# Staff are signed out after this many minutes without a request (0: never).
SEND_STAFF_IDLE_MINUTES = env.int("SEND_STAFF_IDLE_MINUTES", default=30)
# Portal users have no idle limit: their sign-in lasts SESSION_COOKIE_AGE (8 hours in prod.py).
# Lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins (wrong passwords or codes) for
# one account, that account cannot sign in for AXES_COOLOFF_MINUTES after the last failure, or
# until an SEN manager unlocks it (/staff/accounts/locked/). Counted per account, whatever the
# address: a council office signs in from one address (per-address limits: cases.ratelimit).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "send_portal.accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "cases.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "send_portal.accounts.views.locked_out_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # send_portal.accounts logs lockouts itself, without the email address
AXES_RESET_ON_SUCCESS = False  # cleared when the whole sign-in completes, code included
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the page's "try again after" holds
# Masked in the stored request data and the logs (passwords always are).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# axes.W006 asks for the address among the lockout parameters. Locking by address would lock a
# whole office out; failed sign-ins per address are limited by cases.ratelimit instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# The address of a request behind proxies that append to X-Forwarded-For (0: REMOTE_ADDR).
SEND_TRUSTED_PROXY_COUNT = env.int("SEND_TRUSTED_PROXY_COUNT", default=0)
# Rate limits (cases.ratelimit): failed sign-ins per address in 5 minutes; password reset
# requests per address and per email address in an hour.
SEND_SIGN_IN_FAILURES_PER_IP = env.int("SEND_SIGN_IN_FAILURES_PER_IP", default=30)
SEND_PASSWORD_RESETS_PER_IP = env.int("SEND_PASSWORD_RESETS_PER_IP", default=10)
SEND_PASSWORD_RESETS_PER_EMAIL = env.int("SEND_PASSWORD_RESETS_PER_EMAIL", default=3)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # documents are only served through permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The first handler counts each file's bytes as they arrive and stops reading the request at
# cases.uploads.MAX_UPLOAD_BYTES (10 MB); the proxy in front refuses bodies over
# MAX_REQUEST_BYTES (11 MB) before they reach the app (README, "Production shape").
FILE_UPLOAD_HANDLERS = [
    "cases.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Redis, when configured, is the Celery broker and the cache; otherwise tasks run eagerly.
# Short socket timeouts: a Redis that hangs (accepts, never answers) costs a page at most one
# cache timeout (cases.ratelimit then leaves the cache alone for a while), and a task
# being queued about half a second, instead of redis-py's wait without end.
REDIS_URL = env("REDIS_URL", default="")
SEND_CACHE_TIMEOUT_SECONDS = env.float("SEND_CACHE_TIMEOUT_SECONDS", default=0.25)
SEND_BROKER_TIMEOUT_SECONDS = env.float("SEND_BROKER_TIMEOUT_SECONDS", default=0.5)


def redis_cache(url: str, timeout: float = SEND_CACHE_TIMEOUT_SECONDS) -> dict:
    """The `default` cache on Redis at `url`, with short connect and read timeouts."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


if REDIS_URL:
    CACHES = redis_cache(REDIS_URL)
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = SEND_BROKER_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": SEND_BROKER_TIMEOUT_SECONDS,
    "socket_timeout": SEND_BROKER_TIMEOUT_SECONDS,
    # An unacknowledged task comes back after this long when a whole worker host is lost
    # (a lost worker *process* is caught at once: CELERY_TASK_REJECT_ON_WORKER_LOST below).
    "visibility_timeout": 60 * 60,
}
# Queueing a task (a password reset email) retries once, quickly, then gives up: the page
# answers and the failure is logged, rather than waiting on a broker that does not answer.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A task is acknowledged when it has finished, not when it starts, and a task whose worker
# process dies (killed, out of memory) goes back on the queue to run again. Every task is
# idempotent (docs/decisions/0009), so running one twice is safe; losing the nightly job is not.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The nightly deadline job (send_portal.jobs), at 02:30 London time; `make beat` runs this.
CELERY_BEAT_SCHEDULE = {
    "nightly-deadline-jobs": {
        "task": "send_portal.nightly_deadline_jobs",
        "schedule": crontab(hour=2, minute=30),
    },
    "local-offer-unreviewed-services": {  # idempotent (local_offer.tasks)
        "task": "local_offer.flag_unreviewed_services",
        "schedule": crontab(hour=3, minute=15),
    },
    "send-notifications": {
        "task": "send_portal.send_notifications",
        "schedule": crontab(minute="*/15"),
    },
    # Notices' emails that failed, tried again once their backoff has passed (cases.notices).
    "retry-notice-deliveries": {
        "task": "cases.notices.retry_deliveries",
        "schedule": crontab(minute="*/5"),
    },
}

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; console output by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="send-team@example.gov.uk")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Every page satisfies this policy: no inline script except the nonce'd js-enabled line.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},  # one line per layout step otherwise
        "fontTools": {"level": "WARNING"},
    },
}

# What lays out a plan's HTML as a PDF: a dotted path to a function `(html: str) -> bytes`.
# WeasyPrint (cases/pdf.py) everywhere; the test settings swap in a fast fake.
SEND_PDF_RENDERER = "cases.pdf.weasyprint_render"

# The council's settings for the statutory clock (see cases/deadlines/ and DOMAIN.md).
SEND_UNDER_FIVE_REVIEW_MONTHS = env.int("SEND_UNDER_FIVE_REVIEW_MONTHS", default=6)
SEND_DRAFT_PLAN_TARGET_WEEKS = env.int("SEND_DRAFT_PLAN_TARGET_WEEKS", default=14)
# Days the council gives a family for their views when it is considering ceasing a plan
# (regs 29-30 set none).
SEND_CESSATION_VIEWS_DAYS = env.int("SEND_CESSATION_VIEWS_DAYS", default=15)
SEND_EXTRA_CLOSURE_DAYS = env.list("SEND_EXTRA_CLOSURE_DAYS", default=[])
# Retention of children's records (see send_portal/dataprotection and docs/decisions/0005).
# Kept until the young person's 31st birthday (check the council's retention schedule) and, when
# SEND_RETENTION_CLOSED_YEARS is above 0, also that many years after the last case closed:
# whichever is later. 0 = the closed-case rule is not used.
SEND_RETENTION_AGE_YEARS = env.int("SEND_RETENTION_AGE_YEARS", default=31)
SEND_RETENTION_CLOSED_YEARS = env.int("SEND_RETENTION_CLOSED_YEARS", default=0)

# Letters and notices (cases/notices). Who the council's letters name and copy, from the
# environment; each has a default so the embedded demo runs.
SEND_MEDIATION_ADVISER = env(
    "SEND_MEDIATION_ADVISER",
    default="Demo Mediation Service, 0300 000 0000, mediation@example.org.uk",
)
SEND_IASS = env(
    "SEND_IASS",
    default="Demo SENDIASS (information, advice and support), 0300 000 0001, iass@example.org.uk",
)
SEND_DISAGREEMENT_RESOLUTION = env(
    "SEND_DISAGREEMENT_RESOLUTION",
    default="Demo Disagreement Resolution Service, 0300 000 0002, resolve@example.org.uk",
)
SEND_HEALTH_COMMISSIONER = env("SEND_HEALTH_COMMISSIONER", default="Demo Integrated Care Board")
SEND_HEALTH_COMMISSIONER_EMAIL = env(
    "SEND_HEALTH_COMMISSIONER_EMAIL", default="send.health@example.nhs.uk"
)
SEND_SOCIAL_CARE = env("SEND_SOCIAL_CARE", default="Demo County Council children's social care")
SEND_SOCIAL_CARE_EMAIL = env("SEND_SOCIAL_CARE_EMAIL", default="social.care@example.gov.uk")
SEND_LOCAL_OFFER_URL = env("SEND_LOCAL_OFFER_URL", default=f"{SITE_URL}/local-offer/")
# Email goes through Django's email backend (EMAIL_URL above), unless a GOV.UK Notify API key
# is set: then through Notify, with one email template whose subject is ((subject)) and body
# ((body)) (notifications-python-client).
GOVUK_NOTIFY_API_KEY = env("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = env("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", default="")
