import pytest
from hypothesis import settings as hypothesis_settings

# The suite is deterministic: property tests draw the same examples on every run and have no
# per-example time limit (a busy CI machine is not a failure). `--hypothesis-profile=explore`
# draws fresh examples.
hypothesis_settings.register_profile("default", derandomize=True, deadline=None, database=None)
hypothesis_settings.register_profile("explore", max_examples=2000, deadline=None)
hypothesis_settings.load_profile("default")


# --- the shared kit: people (see tests/kit.py and the factories modules) ----------------------


@pytest.fixture
def make_user(db):
    """A signed-up person in a role: `make_user("parent")`."""
    from cases.tests.factories import UserFactory

    def make(role="case_officer", **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def staff(db):
    """The North locality team, its officer and manager, and a panel member:
    `{"team", "officer", "manager", "panel"}` (`cases.tests.factories.people`)."""
    from cases.tests.factories import people

    return people()


@pytest.fixture
def team(staff):
    return staff["team"]


@pytest.fixture
def officer(staff):
    """The case officer of the `staff` team."""
    return staff["officer"]


@pytest.fixture
def manager(staff):
    """The SEN manager of the `staff` team."""
    return staff["manager"]


@pytest.fixture
def panel(staff):
    """The panel member of `staff`: decides to assess and to issue."""
    return staff["panel"]


@pytest.fixture
def parent(make_user):
    """A parent with a portal account (linked to no child)."""
    return make_user("parent")


@pytest.fixture
def as_user(client):
    """Sign the test client in: `as_user(staff["officer"]).get(url)`."""
    from tests.kit import as_user

    return lambda user: as_user(client, user)


@pytest.fixture
def fresh_rate_limits():
    """Rate-limit counters live in the (local-memory) cache: no test sees another's, nor a
    cache failure another test made up (the limiter then leaves the cache alone a while)."""
    from django.core.cache import cache

    from cases import ratelimit

    cache.clear()
    ratelimit.cache_breaker.reset()
    yield
    cache.clear()
    ratelimit.cache_breaker.reset()


# --- PDFs: a fast fake unless a test reads the PDF ---------------------------------------------


@pytest.fixture
def pdf_renders():
    """The HTML of every PDF the fake renderer (tests/fake_pdf.py) made during the test."""
    from tests import fake_pdf

    fake_pdf.rendered.clear()
    yield fake_pdf.rendered
    fake_pdf.rendered.clear()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """`@pytest.mark.real_pdf`: WeasyPrint instead of the fake, from before the test's first
    fixture (module-scoped ones included) to after its last, and in the live server's thread."""
    if item.get_closest_marker("real_pdf") is None:
        return
    from django.test.utils import override_settings

    from tests import fake_pdf

    item._real_pdf = override_settings(SEND_PDF_RENDERER=fake_pdf.REAL)
    item._real_pdf.enable()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield
    real_pdf = getattr(item, "_real_pdf", None)
    if real_pdf is not None:
        real_pdf.disable()
        del item._real_pdf


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """Transactional tests (browser journeys, the Celery worker, real concurrency) commit, and
    the database is flushed after each. The flush takes the rows that migrations wrote: the role
    groups (a data migration) and, for a moment, the content types. Put them back before the
    test, so every such test starts from what `migrate` leaves, whatever ran before it.

    One way for all of them: no test uses `serialized_rollback`, whose restore clashes with
    content types re-made by another test's flush."""
    if not _is_transactional(request.node):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    from cases.role_groups import sync_role_groups

    ContentType.objects.clear_cache()
    if not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    sync_role_groups(apps)
    yield
    ContentType.objects.clear_cache()
