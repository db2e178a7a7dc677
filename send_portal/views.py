"""Cross-app screens: home pages of each URL space, health checks and the static pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import selectors
from cases.permissions import Ability
from cases.permissions import has_ability

from .desk.selectors import desk_summary
from .navigation import next_steps_for

logger = logging.getLogger(__name__)


def root(request):
    """Send each person to the home page of their own URL space."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_council_staff:
        return redirect("staff:home")
    if has_ability(user, Ability.GIVE_ADVICE):
        return redirect("advice_portal:list")  # a professional's work: the advice asked of them
    if user.is_portal_user:
        return redirect("portal:home")
    return redirect("accessibility")


def staff_home(request):
    user = request.user
    return render(
        request,
        "staff/home.html",
        {
            "summary": selectors.caseload_summary(user),
            "recent_cases": selectors.recent_cases_for_officer(user),
            "desk": desk_summary(user),
            "next_steps": next_steps_for(user),
        },
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not reachable"
        logger.exception("health check: database unreachable")
        return False


def _broker_ok() -> bool:
    import redis

    timeout = settings.SEND_BROKER_TIMEOUT_SECONDS
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("readiness check: broker unreachable")
        return False
    finally:
        client.close()


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page names: the council's own icon (the one
    every page's head links to), so no page logs a missing resource."""
    return redirect(static("build/images/favicon.svg"))


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers and its database is reachable."""
    ok = _database_ok()
    return JsonResponse({"database": "ok" if ok else "unreachable"}, status=200 if ok else 503)


@never_cache
@require_GET
def readyz(request):
    """Readiness of the web process: its database. Every page works without the broker (a
    task that cannot be queued is logged, and the nightly job catches up), so a Redis outage
    must not take the web containers out of the load balancer.

    `/readyz?worker=1` is the check for the task side: the database and, when one is
    configured, the Celery broker (the worker's own container asks the worker itself, with
    `celery inspect ping`; see docker-compose.yml)."""
    checks = {"database": "ok" if _database_ok() else "unreachable"}
    if request.GET.get("worker"):
        if settings.REDIS_URL:
            checks["broker"] = "ok" if _broker_ok() else "unreachable"
        else:
            checks["broker"] = "not configured (tasks run eagerly)"
    ready = all(v != "unreachable" for v in checks.values())
    return JsonResponse(checks, status=200 if ready else 503)
