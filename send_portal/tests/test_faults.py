"""Faults (issue 17): a send interrupted by a crash leaves a trace; overlapping runs record what
they really queued; the nightly task does not loop on a day that keeps killing its worker; a
hung Redis costs a page a fraction of a second; the web's readiness does not hang on the broker.

(A worker process killed in the middle of the nightly task: test_worker_killed.py.)"""

import datetime
import socket
import threading
import time
from contextlib import contextmanager
from contextlib import suppress

import pytest
import redis  # noqa: F401  (imported once per process, as a web process has: not a cost of a page)
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.db import connections
from django.urls import reverse

from cases import jobs as case_jobs
from cases import ratelimit
from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import JobRun
from cases.models import Notification
from cases.models import NotificationStatus
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import UserFactory
from send_portal import tasks
from send_portal.settings.base import redis_cache

from .brokerkit import broker

D = datetime.date.fromisoformat
TODAY = D("2026-05-21")


class WorkerDied(BaseException):
    """What a killed process looks like from inside: nothing after this point runs."""


def notification(**extra) -> Notification:
    return Notification.objects.create(
        dedupe_key=extra.pop("dedupe_key", "digest:1:2026-05-21"),
        kind="officer_digest",
        to_address="officer@council.example",
        subject="2 overdue",
        body="Your statutory deadlines.",
        **extra,
    )


# --- an attempt is recorded before the send, in its own transaction ------------------------------


@pytest.mark.django_db
def test_a_send_cut_short_by_a_crash_leaves_its_attempt_behind(monkeypatch):
    """Issue 17: the attempt count rolled back with the send, so a message sent twice after a
    crash left no trace."""
    message = notification()

    def dies_while_sending(self, *args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(case_jobs.EmailMessage, "send", dies_while_sending)
    with pytest.raises(WorkerDied):
        case_jobs.notifications_send()
    monkeypatch.undo()

    message.refresh_from_db()
    assert message.status == NotificationStatus.QUEUED
    assert message.attempts == 1  # committed before the send
    assert message.last_error.startswith(case_jobs.IN_FLIGHT)

    assert case_jobs.notifications_send() == {"sent": 1, "failed": 0}
    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.SENT, 2)
    assert message.last_error == case_jobs.REPEAT_NOTE.format(attempt=1)
    assert "may have been sent twice" in message.last_error


@pytest.mark.django_db
def test_an_ordinary_send_leaves_no_note():
    message = notification()
    assert case_jobs.notifications_send() == {"sent": 1, "failed": 0}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_message_claimed_by_another_sender_meanwhile_is_left_to_it(monkeypatch):
    """Between the claim and the send the row is unlocked: if another sender claims it in that
    moment, this one must not send it as well."""
    message = notification()
    real_save = Notification.save

    def another_sender_claims_it_next(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        if kwargs.get("update_fields") == ["attempts", "last_error"]:
            Notification.objects.filter(pk=self.pk).update(attempts=self.attempts + 1)

    monkeypatch.setattr(Notification, "save", another_sender_claims_it_next)
    assert case_jobs.notifications_send() == {"sent": 0, "failed": 0}
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == NotificationStatus.QUEUED


# --- run records count what was really inserted --------------------------------------------------


def _family_window(n: int) -> None:
    case = CaseFactory(reference=f"SEN-0009{n:02d}")
    FamilyMemberFactory(child=case.child)
    Deadline.objects.create(
        case=case,
        kind=DeadlineKind.DRAFT_RESPONSE,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        due_on=D("2026-05-24"),
    )


@pytest.mark.django_db
def test_rows_already_there_are_not_counted_as_queued():
    for n in range(3):
        _family_window(n)
    rows = []
    for item in Deadline.objects.all():
        member = item.case.child.family.get()
        rows.append(
            Notification(
                dedupe_key=f"family_reminder:{item.pk}:member:{member.pk}",
                kind="family_response_reminder",
                to_address=member.email,
                subject="s",
                body="b",
            )
        )
    assert case_jobs._insert_new(rows[:1]) == 1
    assert case_jobs._insert_new(rows) == 2  # the first was there already
    assert case_jobs.notifications_queue_family_reminders(today=TODAY) == 0


def _wait_for(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_each_count_only_what_they_inserted():
    """Issue 17: two overlapping runs each recorded that they had queued all the reminders.

    Run A inserts the reminders and has not committed when run B looks for them (so B does not
    see them) and inserts the same keys: B's INSERT waits for A, then inserts nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("two sessions inserting at once: PostgreSQL (SQLite has one writer)")
    for n in range(4):
        _family_window(n)
    counts, b_backend, errors = {}, {}, []
    a_inserted, a_may_commit = threading.Event(), threading.Event()

    def run_a():
        try:
            from django.db import transaction

            with transaction.atomic():
                counts["a"] = case_jobs.notifications_queue_family_reminders(today=TODAY)
                a_inserted.set()
                a_may_commit.wait(15)
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    def run_b():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                b_backend["pid"] = cursor.fetchone()[0]
            counts["b"] = case_jobs.notifications_queue_family_reminders(today=TODAY)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    a = threading.Thread(target=run_a)
    a.start()
    assert a_inserted.wait(15)
    b = threading.Thread(target=run_b)
    b.start()

    def b_waits_for_a():
        if "pid" not in b_backend:
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [b_backend["pid"]]
            )
            row = cursor.fetchone()
        return row is not None and row[0] == "Lock"

    try:
        assert _wait_for(b_waits_for_a), "run B never waited for run A's uncommitted rows"
    finally:
        a_may_commit.set()
        a.join(15)
        b.join(15)
    assert errors == []
    assert counts == {"a": 4, "b": 0}
    assert Notification.objects.count() == 4


# --- the nightly task does not loop on a day that keeps killing its worker ------------------------


@pytest.mark.django_db
def test_the_nightly_task_stops_retrying_a_day_that_never_finishes(caplog):
    for _ in range(tasks.MAX_UNFINISHED_RUNS_PER_DAY):
        JobRun.objects.create(run_on=TODAY)
    result = tasks.nightly_deadline_jobs(today=TODAY.isoformat())
    assert result == {"refused": "3 unfinished runs on 2026-05-21"}
    assert JobRun.objects.count() == 3
    assert "never finished" in caplog.text


@pytest.mark.django_db
def test_the_nightly_task_runs_again_after_a_killed_run():
    JobRun.objects.create(run_on=TODAY)  # killed: no finished_at
    result = tasks.nightly_deadline_jobs(today=TODAY.isoformat())
    assert JobRun.objects.get(pk=result["run"]).finished_at is not None


# --- a hung Redis ------------------------------------------------------------------------------


@contextmanager
def hung_redis():
    """A TCP port that accepts connections and never answers, like a Redis that has hung. Each
    connection is closed after 5 s, so a client without a timeout fails slowly, not never."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.05)
    stop, held = threading.Event(), []

    def accept():
        while not stop.is_set():
            with suppress(TimeoutError):
                held.append((server.accept()[0], time.monotonic()))
            for sock, since in list(held):
                if time.monotonic() - since > 5:
                    sock.close()
                    held.remove((sock, since))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join(2)
        for sock, _ in held:
            sock.close()
        server.close()


@pytest.fixture
def breaker():
    ratelimit.cache_breaker.reset()
    yield ratelimit.cache_breaker
    ratelimit.cache_breaker.reset()


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_a_hung_redis_costs_the_limiter_one_short_timeout(settings, breaker):
    limit = ratelimit.Limit("hung", limit=5, window=60)
    with hung_redis() as url:
        settings.CACHES = redis_cache(url)  # the production cache settings, on the hung port
        _, first = timed(lambda: limit.count("192.0.2.1"))
        _, then = timed(lambda: [limit.hit("192.0.2.1"), limit.count("192.0.2.1")])
    assert first < 0.75, f"{first:.2f} s"  # one 0.25 s timeout, with room for a busy machine
    assert then < 0.05, f"{then:.3f} s: the cache is left alone for a while after a failure"


@pytest.fixture
def time_in_redis(monkeypatch):
    """[(operation, seconds)] for each call the cache makes to Redis."""
    from django.core.cache.backends.redis import RedisCache

    calls = []
    for name in ("get", "add", "incr", "set", "delete"):
        real = getattr(RedisCache, name)

        def timed_call(self, *args, _real=real, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _real(self, *args, **kwargs)
            finally:
                calls.append((_name, time.perf_counter() - started))

        monkeypatch.setattr(RedisCache, name, timed_call)
    return calls


@pytest.mark.django_db
def test_a_hung_redis_costs_a_sign_in_a_fraction_of_a_second(
    client, settings, breaker, time_in_redis
):
    """Issue 17: a hung Redis made each sign-in wait 5 s (redis-py's default: no timeout)."""
    user = UserFactory(role=Role.PARENT)
    wrong = {"username": user.email, "password": "not-the-password"}
    with hung_redis() as url:
        settings.CACHES = redis_cache(url)  # the production cache settings, on the hung port
        response, seconds = timed(lambda: client.post(reverse("login"), wrong))
        assert response.status_code == 200
        # One call to the hung Redis, ended by its short timeout; the limiter then leaves the
        # cache alone, so the failure it counts next does not wait again.
        assert [name for name, _ in time_in_redis] == ["get"]
        assert time_in_redis[0][1] < 0.75, f"{time_in_redis[0][1]:.2f} s waiting for Redis"
        assert seconds < 2, f"{seconds:.2f} s for the whole page"
        right = {"username": user.email, "password": "correct-horse-battery"}
        assert client.post(reverse("login"), right).status_code == 302  # let through, signed in
        assert len(time_in_redis) == 1


@pytest.fixture
def hung_broker():
    with hung_redis() as url, broker(url):
        yield url


@pytest.mark.django_db
def test_a_hung_broker_costs_a_password_reset_a_fraction_of_a_second(client, hung_broker, caplog):
    UserFactory(role=Role.PARENT, email="forgetful@example.org")
    response, seconds = timed(
        lambda: client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")  # the same answer
    assert seconds < 1.5, f"{seconds:.2f} s"
    assert "could not be queued" in caplog.text


@pytest.mark.django_db
def test_readiness_with_a_hung_broker(client, settings, breaker):
    with hung_redis() as url:
        settings.REDIS_URL = url
        response, seconds = timed(lambda: client.get("/readyz"))
        assert response.status_code == 200 and seconds < 0.5
        response, seconds = timed(lambda: client.get("/readyz?worker=1"))
        assert response.status_code == 503 and seconds < 1.5
        assert response.json()["broker"] == "unreachable"
