"""Allocating the unallocated work in bulk: the manager ticks cases and chooses an officer of
their team; a wrong choice or a case allocated meanwhile saves nothing."""

import pytest
from django.urls import reverse

from cases.models import AuditEntry
from cases.models import Case
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people

pytestmark = pytest.mark.django_db

URL = "/staff/manager/unallocated/"


@pytest.fixture
def waiting(staff):
    return [CaseFactory(team=staff["team"], reference=f"W{n}") for n in range(3)]


def test_the_manager_allocates_ticked_cases_to_an_officer_with_a_clear_message(
    client, staff, waiting
):
    client.force_login(staff["manager"])
    page = client.get(URL).content.decode()
    assert "3 unallocated cases." in page and staff["officer"].full_name in page
    response = client.post(
        URL, {"cases": [waiting[0].pk, waiting[2].pk], "officer": staff["officer"].pk}, follow=True
    )
    assert f"2 cases allocated to {staff['officer'].full_name}" in response.content.decode()
    assert "1 unallocated case." in response.content.decode()
    assert [c.reference for c in Case.objects.filter(officer=staff["officer"])] == ["W0", "W2"]
    assert AuditEntry.objects.filter(action="case.allocated").count() == 2


def test_an_officer_of_another_team_is_refused_and_nothing_is_saved(client, staff, waiting):
    south = people("South locality")["officer"]
    client.force_login(staff["manager"])
    response = client.post(URL, {"cases": [waiting[0].pk], "officer": south.pk})
    assert response.status_code == 200
    assert "Select a case officer" in response.content.decode()  # not offered, so not valid
    assert not Case.objects.filter(officer__isnull=False).exists()


def test_nothing_ticked_is_an_error(client, staff, waiting):
    client.force_login(staff["manager"])
    response = client.post(URL, {"officer": staff["officer"].pk})
    assert "Select at least one case to allocate" in response.content.decode()


def test_a_case_allocated_meanwhile_stops_the_allocation(client, staff, waiting):
    client.force_login(staff["manager"])
    other = UserFactory(role=Role.CASE_OFFICER, team=staff["team"])
    Case.objects.filter(pk=waiting[1].pk).update(officer=other)
    response = client.post(
        URL, {"cases": [waiting[0].pk, waiting[1].pk], "officer": staff["officer"].pk}
    )
    assert response.status_code == 409
    assert "W1 was allocated by someone else meanwhile" in response.content.decode()
    assert Case.objects.get(pk=waiting[0].pk).officer is None


def test_the_dashboard_links_to_the_unallocated_work(client, staff, waiting):
    client.force_login(staff["manager"])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{URL}"' in page
