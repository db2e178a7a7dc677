import pytest

from cases.ratelimit import cache_breaker


@pytest.fixture(autouse=True)
def _cache_breaker_closed():
    """A test that breaks the cache on purpose (a hung Redis) must not leave the rate limiter
    skipping the cache for the next test in the same process."""
    cache_breaker.reset()
    yield
    cache_breaker.reset()
