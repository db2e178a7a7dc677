"""Case references: numbered by the database, never shared by two requests made at once."""

import datetime
import threading

import pytest
from django.db import connection

from cases import services
from cases.models import Case
from cases.references import case_reference_next
from cases.references import case_references_sync
from cases.references import case_references_take
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_references_follow_on_from_the_highest_one_written():
    CaseFactory(reference="SEN-000041")
    case_references_sync()
    first, second = case_references_take(2)
    assert first < second
    assert int(first.removeprefix("SEN-")) >= 42
    assert first.startswith("SEN-") and len(first) == 10


@pytest.mark.django_db(transaction=True)
def test_two_requests_for_new_children_at_the_same_moment_get_two_references():
    """Two connections on PostgreSQL, each inside its own open transaction, both ask at once
    (the old aggregate-with-row-lock way gave both the same number and one failed with a 500)."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL (CI runs the suite there)")
    team = TeamFactory(name="North locality")
    officers = [UserFactory(role=Role.CASE_OFFICER, team=team) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: dict[int, object] = {}
    arrived = datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)

    def record(n: int) -> None:
        try:
            barrier.wait()
            request = services.request_create(
                actor=officers[n],
                child_details={
                    "first_name": f"Child{n}",
                    "last_name": "Okafor",
                    "date_of_birth": datetime.date(2016, 3, 14),
                },
                family_details={"full_name": "A Parent", "relationship": "mother"},
                source="parent",
                requester_name="A Parent",
                arrived_at=arrived,
                channel="email",
                consent_given=True,
                reason="Needs",
                now=arrived + datetime.timedelta(days=1),
            )
            outcomes[n] = request.case.reference
        except Exception as error:  # noqa: BLE001 - the outcome is what the test asserts
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(isinstance(value, str) for value in outcomes.values()), outcomes
    assert len(set(outcomes.values())) == 2
    assert Case.objects.count() == 2


def test_a_new_case_gets_the_next_reference():
    before = case_reference_next()
    CaseFactory(reference=before)  # used, as request_create uses it
    after = case_reference_next()
    assert int(after.removeprefix("SEN-")) > int(before.removeprefix("SEN-"))
