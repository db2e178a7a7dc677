"""Allocating a case: a manager gives it to an active case officer of the case's team (audited
with the officer before and after); an officer cannot allocate."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import AuditEntry
from cases.models import Case
from cases.roles import Role
from cases.rules import ConcurrentChange
from cases.tests.factories import CaseFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(staff):
    return {**staff, "second": UserFactory(role=Role.CASE_OFFICER, team=staff["team"])}


def test_a_manager_allocates_then_reallocates_and_both_are_audited(north):
    case = CaseFactory(team=north["team"])
    services.cases_allocate(
        actor=north["manager"], case_ids=[case.pk], officer_id=north["officer"].pk
    )
    services.cases_allocate(
        actor=north["manager"], case_ids=[case.pk], officer_id=north["second"].pk
    )
    case.refresh_from_db()
    assert case.officer == north["second"]
    first, second = AuditEntry.objects.filter(case=case).order_by("id")
    assert first.text == f"Allocated the case to {north['officer'].full_name}"
    assert second.text == (
        f"Reallocated the case from {north['officer'].full_name} to {north['second'].full_name}"
    )
    assert second.changes == {"officer": [north["officer"].full_name, north["second"].full_name]}
    assert second.actor == north["manager"]


def test_giving_a_case_to_its_own_officer_changes_nothing(north):
    case = CaseFactory(team=north["team"], officer=north["officer"])
    changed = services.cases_allocate(
        actor=north["manager"], case_ids=[case.pk], officer_id=north["officer"].pk
    )
    assert changed == [] and not AuditEntry.objects.exists()


def test_an_officer_cannot_allocate(north):
    case = CaseFactory(team=north["team"])
    with pytest.raises(PermissionDenied):
        services.cases_allocate(
            actor=north["officer"], case_ids=[case.pk], officer_id=north["officer"].pk
        )
    assert Case.objects.get().officer is None


@pytest.mark.parametrize("who", ["other team", "inactive", "manager"])
def test_only_an_active_case_officer_of_the_cases_team_can_be_chosen(north, who):
    case = CaseFactory(team=north["team"])
    chosen = {
        "other team": people("South locality")["officer"],
        "inactive": UserFactory(role=Role.CASE_OFFICER, team=north["team"], is_active=False),
        "manager": north["manager"],
    }[who]
    with pytest.raises(ValidationError) as refused:
        services.cases_allocate(actor=north["manager"], case_ids=[case.pk], officer_id=chosen.pk)
    assert "officer" in refused.value.message_dict
    assert Case.objects.get().officer is None


def test_a_case_allocated_meanwhile_stops_an_allocation_of_unallocated_work(north):
    free = CaseFactory(team=north["team"])
    taken = CaseFactory(team=north["team"], officer=north["second"])
    with pytest.raises(ConcurrentChange, match=taken.reference):
        services.cases_allocate(
            actor=north["manager"],
            case_ids=[free.pk, taken.pk],
            officer_id=north["officer"].pk,
            unallocated_only=True,
        )
    assert Case.objects.get(pk=free.pk).officer is None


def test_the_manager_allocates_from_the_case_page_with_a_clear_message(client, north):
    case = CaseFactory(team=north["team"], officer=north["officer"])
    client.force_login(north["manager"])
    case_page = client.get(reverse("cases:case", kwargs={"reference": case.reference}))
    url = reverse("cases:allocate", kwargs={"reference": case.reference})
    assert f'href="{url}"' in case_page.content.decode()
    form = client.get(url).content.decode()
    assert north["second"].full_name in form
    south = UserFactory(role=Role.CASE_OFFICER, full_name="Olu Southern")
    assert south.team != case.team and "Olu Southern" not in client.get(url).content.decode()
    response = client.post(url, {"officer": north["second"].pk}, follow=True)
    assert (
        f"Case {case.reference} reallocated from {north['officer'].full_name} "
        f"to {north['second'].full_name}" in response.content.decode()
    )
    assert Case.objects.get().officer == north["second"]


def test_the_allocation_form_shows_a_wrong_choice_as_an_error(client, north):
    case = CaseFactory(team=north["team"])
    client.force_login(north["manager"])
    url = reverse("cases:allocate", kwargs={"reference": case.reference})
    response = client.post(url, {"officer": ""})
    assert "Select a case officer" in response.content.decode()
    assert Case.objects.get().officer is None


def test_officers_and_families_are_refused_the_allocation_page(client, north):
    case = CaseFactory(team=north["team"])
    url = reverse("cases:allocate", kwargs={"reference": case.reference})
    for user in (north["officer"], north["panel"], UserFactory(role=Role.PARENT)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"officer": north["officer"].pk}).status_code == 403
    page = client.get(reverse("cases:case", kwargs={"reference": case.reference}))
    assert url not in page.content.decode()
    assert Case.objects.get().officer is None
