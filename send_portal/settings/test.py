"""Settings for the test suite: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ENVIRONMENT = "test"
# Off here so the suite can sign staff in with force_login and travel in time; the tests of
# send_portal/accounts turn each on (settings.SEND_STAFF_TWO_FACTOR = True, ...).
SEND_STAFF_TWO_FACTOR = False
SEND_STAFF_IDLE_MINUTES = 0
# Static files straight from the source folders (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test process keeps its own cache. With REDIS_URL set (CI) Redis stays the Celery broker
# for the real-worker tests, but the cache must not be shared: the test processes run side by
# side, the sign-in tests clear the cache (FLUSHDB on Redis would empty the broker's queue too),
# and the rate limiter's counters of one process would count against another's.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A fast fake PDF renderer (tests/fake_pdf.py); tests marked `real_pdf` get WeasyPrint back.
SEND_PDF_RENDERER = "tests.fake_pdf.render"
