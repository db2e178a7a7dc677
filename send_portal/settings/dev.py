"""The embedded default for a developer's machine: `make run` with nothing configured.

Chosen only where asked for: the Makefile's `run`, `seed` and `migrate` targets and CI's boot
of the demo set DJANGO_SETTINGS_MODULE=send_portal.settings.dev; `manage.py`, Celery and
wsgi/asgi default to `prod`. No `.env` is read here, only the process environment.
"""

from .base import *  # noqa: F403
from .base import env

# The demo shows what production shows: the service's own 404 and 500 pages, under the content
# security policy. DEBUG=true brings back Django's debug pages while developing.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
ENVIRONMENT = "development"
# The embedded demo: the documented demo logins work without an authenticator app (anyone may
# still set one up from "Your authenticator app", and must then use it).
SEND_STAFF_TWO_FACTOR = env.bool("SEND_STAFF_TWO_FACTOR", default=False)
# Static files straight from the source folders (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
