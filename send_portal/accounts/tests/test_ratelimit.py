"""cases.ratelimit: fixed windows in the cache; the password reset form (per address and
per email, silently) and failed sign-ins per address (429)."""

import logging
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases import ratelimit
from cases.roles import Role

from .conftest import sign_in

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


# --- the limiter ---------------------------------------------------------------------------------


def test_a_limit_counts_hits_in_a_fixed_window(clock):
    limit = ratelimit.Limit("test", limit=2, window=60)
    assert [limit.hit_over("a"), limit.hit_over("a"), limit.hit_over("a")] == [False, False, True]
    assert limit.exceeded("a")
    assert not limit.exceeded("b")  # per identifier
    clock.shift(61)
    assert not limit.exceeded("a")  # a new window
    assert limit.hit("a") == 1


def test_the_decorator_answers_429_over_the_limit_and_lets_gets_through(clock):
    calls = []

    @ratelimit.rate_limit("test_form", per_ip=2, window=60)
    def view(request):
        calls.append(request.method)
        return HttpResponse("ok")

    factory = RequestFactory()
    for _ in range(5):
        assert view(factory.get("/")).status_code == 200
    assert view(factory.post("/")).status_code == 200
    assert view(factory.post("/")).status_code == 200
    response = view(factory.post("/"))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert view(factory.post("/", REMOTE_ADDR="192.0.2.7")).status_code == 200  # another address
    assert calls.count("POST") == 3


def test_limits_may_be_read_from_settings_at_request_time(settings):
    settings.SEND_PASSWORD_RESETS_PER_IP = 1
    view = ratelimit.rate_limit(
        "test_settings", per_ip=lambda: settings.SEND_PASSWORD_RESETS_PER_IP, window=60
    )(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    assert view(factory.post("/")).status_code == 200
    assert view(factory.post("/")).status_code == 429


def test_the_limiter_lets_requests_through_when_the_cache_is_down(caplog):
    view = ratelimit.rate_limit("test_down", per_ip=1, window=60)(lambda r: HttpResponse("ok"))
    with mock.patch.object(ratelimit.cache, "add", side_effect=ConnectionError("no redis")):
        for _ in range(3):
            assert view(RequestFactory().post("/")).status_code == 200
    assert "cannot be written" in caplog.text


def test_keys_hold_no_address_or_email(clock):
    limit = ratelimit.Limit("test", limit=1, window=60)
    key = limit._key("someone@example.org")
    assert "someone" not in key and "example" not in key


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left one could be made up
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "not-an-address", "127.0.0.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.SEND_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


# --- the password reset form ---------------------------------------------------------------------


def test_password_reset_is_limited_per_email_without_saying_so(client, make_user, caplog):
    make_user(Role.PARENT, email="forgetful@example.org")
    for _ in range(3):
        assert client.post(RESET, {"email": "forgetful@example.org"})["Location"] == reverse(
            "password_reset_done"
        )
    assert len(mail.outbox) == 3

    with caplog.at_level(logging.WARNING, logger="cases.ratelimit"):
        response = client.post(RESET, {"email": " Forgetful@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")  # the same answer
    assert len(mail.outbox) == 3  # but nothing sent
    assert "rate limit password_reset: over the limit per key" in caplog.text
    assert "forgetful" not in caplog.text.lower()


def test_password_reset_is_limited_per_address(client, make_user):
    for i in range(12):
        make_user(Role.PARENT, email=f"parent{i}@example.org")
    for i in range(12):
        client.post(RESET, {"email": f"parent{i}@example.org"})
    assert len(mail.outbox) == 10
    # Another address still gets its email.
    client.post(RESET, {"email": "parent11@example.org"}, REMOTE_ADDR="192.0.2.55")
    assert len(mail.outbox) == 11


def test_the_reset_limit_ends_with_its_hour(client, make_user, clock):
    make_user(Role.PARENT, email="forgetful@example.org")
    for _ in range(4):
        client.post(RESET, {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 3
    clock.shift(3601)
    client.post(RESET, {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 4


# --- failed sign-ins per address --------------------------------------------------------------


def test_failed_sign_ins_per_address_are_limited(client, make_user, settings, caplog):
    settings.SEND_SIGN_IN_FAILURES_PER_IP = 30
    user = make_user(Role.CASE_OFFICER)
    # The clock stands still: on a slow machine the 31 attempts must not straddle two windows.
    with time_machine.travel(timezone.now(), tick=False):
        for i in range(30):  # 30 accounts tried once each: no account is locked
            assert sign_in(client, f"guess{i}@example.org", "password1").status_code == 200

        response = sign_in(client, user)  # the right password, from the same address
    assert response.status_code == 429
    page = response.content.decode()
    assert "<title>Too many attempts" in page
    assert "too many attempts from your network" in page
    assert "_auth_user_id" not in client.session
    assert "too many failed attempts from 127.0.0.1" in caplog.text

    # Someone at another address signs in as usual.
    assert sign_in(client, user, REMOTE_ADDR="192.0.2.1").status_code == 302


def test_successful_sign_ins_do_not_count(client, make_user, settings):
    """A council office: many people sign in from one address at 9am."""
    settings.SEND_SIGN_IN_FAILURES_PER_IP = 3
    for _ in range(10):
        assert sign_in(client, make_user(Role.CASE_OFFICER)).status_code == 302
        client.post(reverse("logout"))
    sign_in(client, "typo@example.org", "x")
    sign_in(client, "typo@example.org", "x")
    assert sign_in(client, make_user(Role.CASE_OFFICER)).status_code == 302
