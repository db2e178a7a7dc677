"""Pointing the project's Celery app at another broker for one test, and back (no tests here)."""

from contextlib import contextmanager

from send_portal.celery import app


def _drop_connections():
    # What Celery does after a fork: the app forgets the connection pool and producers of the
    # old broker URL, so the next task sent uses the new one. (The pools themselves belong to
    # kombu, shared by URL: they are left open for whoever uses that URL again.)
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Send tasks to the broker at `url` (not run eagerly) for the duration."""
    saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    _drop_connections()
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield app
    finally:
        _drop_connections()
        app.conf.update(saved)
