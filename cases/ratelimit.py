"""A small rate limiter: fixed-window counters in Django's cache.

The one limiter of the service. It guards the sign-in form (failed attempts per network
address, on top of django-axes' per-account lockout) and the password reset form (per address
and per email address), and is the limiter the public comment and review forms of the local
offer will use::

    @rate_limit("password_reset", per_ip=10, per_key=3, window=3600, key=posted("email"))
    def view(request): ...

A window is a fixed slot of `window` seconds: the counter of the slot is created by the first
hit and expires with it. Counts live in the `default` cache, Redis in the production shape, so
every web process shares them; on the embedded default (local-memory cache) each process counts
on its own. Cache keys hold a hash of the address or email, never the value itself.

If the cache cannot be reached the limiter lets the request through and logs it: it is a second
line of defence (the lockout is stored in the database), and must not take sign-in down with it.
A cache that fails (Redis stopped, or hung: its socket timeout is a fraction of a second, see
settings) is then left alone for `CACHE_RETRY_SECONDS`, so each page pays for at most one
timeout, not one per counter.
"""

import functools
import hashlib
import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

Number = int | Callable[[], int]

CACHE_RETRY_SECONDS = 10.0


class _CacheBreaker:
    """After a cache error, skip the cache in this process for a while (then try it again)."""

    def __init__(self):
        self.open_until = 0.0

    def closed(self) -> bool:
        return time.monotonic() >= self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + CACHE_RETRY_SECONDS

    def reset(self) -> None:
        self.open_until = 0.0


cache_breaker = _CacheBreaker()


def client_ip(request) -> str | None:
    """The address of the person's device, as far as this server can trust it.

    With `SEND_TRUSTED_PROXY_COUNT` = 0 (no proxy) it is REMOTE_ADDR. Behind N proxies that each
    append to X-Forwarded-For, it is the address the outermost trusted proxy saw, the Nth entry
    from the right: entries further left were written by the client and could be anything.
    django-axes uses this too (AXES_CLIENT_IP_CALLABLE), so both count the same address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "SEND_TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                logger.warning("X-Forwarded-For holds something that is not an address")
    return remote


def _value(number: Number) -> int:
    return number() if callable(number) else number


def _digest(ident: str) -> str:
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Limit:
    """At most `limit` hits per identifier (an address, an email) in each window of seconds."""

    scope: str
    limit: Number
    window: int

    def _key(self, ident: str, now: float | None = None) -> str:
        slot = int((time.time() if now is None else now) // self.window)
        return f"ratelimit:{self.scope}:{self.window}:{_digest(ident)}:{slot}"

    def count(self, ident: str) -> int:
        if not cache_breaker.closed():
            return 0
        try:
            return cache.get(self._key(ident), 0)
        except Exception:  # the cache is down: let the request through, and say so
            cache_breaker.trip()
            logger.exception("rate limit %s: the cache cannot be read", self.scope)
            return 0

    def hit(self, ident: str) -> int:
        """Count one hit; returns the count in the current window, this hit included."""
        if not cache_breaker.closed():
            return 0
        key = self._key(ident)
        try:
            cache.add(key, 0, timeout=self.window + 1)
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.window + 1)
                return 1
        except Exception:  # the cache is down: let the request through, and say so
            cache_breaker.trip()
            logger.exception("rate limit %s: the cache cannot be written", self.scope)
            return 0

    def exceeded(self, ident: str) -> bool:
        """True when the window already holds `limit` hits (checks without counting)."""
        return self.count(ident) >= _value(self.limit)

    def hit_over(self, ident: str) -> bool:
        """Count one hit; True when it is beyond the limit."""
        return self.hit(ident) > _value(self.limit)

    def reset(self, ident: str) -> None:
        if not cache_breaker.closed():
            return
        try:
            cache.delete(self._key(ident))
        except Exception:
            cache_breaker.trip()
            logger.exception("rate limit %s: the cache cannot be written", self.scope)


def too_many_requests(request, *, template="accounts/too_many_requests.html", context=None):
    """The GOV.UK page for 429 Too Many Requests."""
    return render(request, template, context or {}, status=429)


def posted(field: str) -> Callable:
    """Key function: the posted value of `field`, trimmed and in lower case (an email)."""

    def key(request) -> str:
        return request.POST.get(field, "").strip().lower()

    return key


def rate_limit(
    scope: str,
    *,
    window: int,
    per_ip: Number | None = None,
    per_key: Number | None = None,
    key: Callable | None = None,
    methods: tuple[str, ...] = ("POST",),
    on_limited: Callable | None = None,
):
    """Limit a view: every request with one of `methods` counts once per address (`per_ip`)
    and, with `key` (a function of the request), once per key value (`per_key`).

    Over either limit the view is not called: `on_limited(request)` answers instead, by default
    the 429 page. Limits may be numbers or functions returning one (read at request time, so
    they can come from settings). Works on function views and on `View.as_view()`.
    """
    ip_limit = Limit(f"{scope}:ip", per_ip, window) if per_ip is not None else None
    key_limit = Limit(f"{scope}:key", per_key, window) if per_key is not None else None
    if key_limit is not None and key is None:
        raise ValueError("per_key needs a key function")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                ip = client_ip(request) or "unknown"
                over = None
                if ip_limit is not None and ip_limit.hit_over(ip):
                    over = "address"
                if over is None and key_limit is not None:
                    value = key(request)
                    if value and key_limit.hit_over(value):
                        over = "key"
                if over is not None:
                    logger.warning("rate limit %s: over the limit per %s from %s", scope, over, ip)
                    return (on_limited or too_many_requests)(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
