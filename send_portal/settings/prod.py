"""Production: refuses to start without a real secret key and allowed hosts.

The default of `manage.py`, Celery and wsgi/asgi. Only these settings read `.env` (or the file
named by SEND_ENV_FILE), and never over a variable the process environment already has.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_ENV_FILE = Path(os.environ.get("SEND_ENV_FILE") or Path(__file__).resolve().parents[2] / ".env")
if _ENV_FILE.exists():
    environ.Env.read_env(_ENV_FILE, overwrite=False)

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

_DEMO_HINT = (
    " (These are the production settings, the default of manage.py; for the demo on this "
    "machine use `make run`, or set DJANGO_SETTINGS_MODULE=send_portal.settings.dev.)"
)

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of 50+ characters." + _DEMO_HINT
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names this service answers on." + _DEMO_HINT
    )

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes speak plain HTTP inside
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
# Council staff must give a code from an authenticator app (see base.py); say so explicitly.
SEND_STAFF_TWO_FACTOR = env.bool("SEND_STAFF_TWO_FACTOR", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
ENVIRONMENT = "production"
