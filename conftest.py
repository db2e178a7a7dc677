import pytest
from hypothesis import settings as hypothesis_settings

# The suite is deterministic: property tests draw the same examples on every run and have no
# per-example time limit (a busy CI machine is not a failure). `--hypothesis-profile=explore`
# draws fresh examples.
hypothesis_settings.register_profile("default", derandomize=True, deadline=None, database=None)
hypothesis_settings.register_profile("explore", max_examples=2000, deadline=None)
hypothesis_settings.load_profile("default")


@pytest.fixture
def make_user(db):
    """A signed-up person in a role: `make_user("parent")`."""
    from cases.tests.factories import UserFactory

    def make(role="case_officer", **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


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
