"""Who acts for a young person who lacks capacity (SEND Regulations 2014 Part 6, Schedule 3):
recorded and ended through the services, audited, shown on the case page, and refused before
the child is a young person. Where the reminders go is tested with the nightly job."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import AlternativePerson
from cases.models import AlternativeRoute
from cases.models import AuditEntry
from cases.rules import ConcurrentChange
from cases.tests.factories import ChildFactory
from cases.tests.viewkit import D
from cases.tests.viewkit import date_data
from cases.tests.viewkit import noon
from cases.tests.viewkit import received_request

pytestmark = pytest.mark.django_db
TODAY = D("2026-11-23")


@pytest.fixture
def young_case(staff):
    """Sam, born 1 May 2008: a young person since Saturday 29 June 2024."""
    child = ChildFactory(first_name="Sam", last_name="Ward", date_of_birth=D("2008-05-01"))
    return received_request(staff["officer"], child=child).case


def record(officer, case, **overrides):
    data = {
        "route": AlternativeRoute.DEPUTY,
        "full_name": "Pat Ward",
        "email": "pat@example.net",
        "decisions": "Where to study and the contents of the plan",
        "capacity_assessed_on": D("2026-10-01"),
        "today": TODAY,
    }
    return services.alternative_person_record(actor=officer, case=case, **{**data, **overrides})


def test_recording_who_acts_for_a_young_person_is_audited(staff, young_case):
    person = record(staff["officer"], young_case)
    assert (person.recorded_on, person.recorded_by, person.ended_on) == (
        TODAY,
        staff["officer"],
        None,
    )
    entry = AuditEntry.objects.get(action="young_person.alternative_person_recorded")
    assert entry.case == young_case and entry.actor == staff["officer"]
    assert entry.changes["acting"] == [
        None,
        "Pat Ward (Deputy appointed by the Court of Protection)",
    ]


def test_a_new_person_replaces_the_one_before(staff, young_case):
    first = record(staff["officer"], young_case)
    second = record(
        staff["officer"], young_case, route=AlternativeRoute.PARENT, full_name="Jo Ward"
    )
    first.refresh_from_db()
    assert first.ended_on == TODAY and first.ended_reason == "Replaced by Jo Ward"
    assert AlternativePerson.objects.filter(ended_on__isnull=True).get() == second


def test_nobody_acts_for_a_child_who_is_not_yet_a_young_person(staff):
    case = received_request(
        staff["officer"], child=ChildFactory(date_of_birth=D("2012-05-01"))
    ).case
    with pytest.raises(ValidationError) as raised:
        record(staff["officer"], case)
    assert raised.value.messages == [
        f"{case.child.full_name} becomes a young person on 1 July 2028. Until then their "
        "parents make these decisions, so nobody needs to be recorded as acting for them."
    ]
    assert not AlternativePerson.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"capacity_assessed_on": D("2026-11-24")},
            "capacity_assessed_on",
            "The date must be today or in the past",
        ),
        ({"full_name": "  "}, "full_name", "Enter the name of the person who acts for them"),
        ({"decisions": ""}, "decisions", "Enter the decisions they lack capacity for"),
        ({"route": "friend"}, "route", "Select who acts for the young person"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(staff, young_case, overrides, field, message):
    with pytest.raises(ValidationError) as raised:
        record(staff["officer"], young_case, **overrides)
    assert raised.value.message_dict == {field: [message]}
    assert not AlternativePerson.objects.exists()


def test_only_casework_staff_record_it(staff, young_case):
    with pytest.raises(PermissionDenied):
        record(staff["panel"], young_case)


def test_ending_returns_the_decisions_to_the_young_person_once(staff, young_case):
    person = record(staff["officer"], young_case)

    def end(reason):
        return services.alternative_person_end(
            actor=staff["officer"],
            case=young_case,
            person_id=person.pk,
            ended_on=TODAY,
            reason=reason,
            today=TODAY,
        )

    end("Capacity regained")
    person.refresh_from_db()
    assert (person.ended_on, person.ended_reason) == (TODAY, "Capacity regained")
    entry = AuditEntry.objects.get(action="young_person.alternative_person_ended")
    assert entry.changes == {
        "ended_on": [None, "2026-11-23"],
        "reason": [None, "Capacity regained"],
    }
    with pytest.raises(ConcurrentChange):
        end("Again")
    person.refresh_from_db()
    assert person.ended_reason == "Capacity regained"


def test_the_case_page_shows_who_acts_and_the_forms_work(client, staff, young_case):
    client.force_login(staff["officer"])
    case_page = reverse("cases:case", kwargs={"reference": young_case.reference})
    form_page = reverse(
        "cases:alternative_person_record", kwargs={"reference": young_case.reference}
    )
    with time_machine.travel(noon("2026-11-23"), tick=False):
        html = client.get(case_page).content.decode()
        assert "The young person makes their own decisions." in html
        assert f'href="{form_page}"' in html

        invalid = client.post(form_page, {"full_name": "Pat Ward"})
        assert invalid.status_code == 200
        assert "Select who acts for the young person" in invalid.content.decode()
        assert not AlternativePerson.objects.exists()

        response = client.post(
            form_page,
            {
                "route": "attorney",
                "full_name": "Pat Ward",
                "email": "pat@example.net",
                "decisions": "Where to live and study",
                **date_data("capacity_assessed_on", D("2026-11-02")),
            },
        )
        assert response.status_code == 302 and response["Location"] == case_page
        html = client.get(case_page).content.decode()
    assert "Pat Ward acts for the young person (attorney under a lasting or enduring power" in html
    assert "For: Where to live and study." in html
    person = AlternativePerson.objects.get()
    end_page = reverse(
        "cases:alternative_person_end",
        kwargs={"reference": young_case.reference, "person_id": person.pk},
    )
    assert f'href="{end_page}"' in html
    with time_machine.travel(noon("2026-11-23"), tick=False):
        response = client.post(
            end_page, {**date_data("ended_on", D("2026-11-23")), "reason": "Capacity regained"}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.ended_on == datetime.date(2026, 11, 23)


def test_another_cases_person_is_not_found(client, staff, young_case):
    other = received_request(
        staff["officer"], child=ChildFactory(date_of_birth=D("2008-06-01"))
    ).case
    person = record(staff["officer"], other)
    client.force_login(staff["officer"])
    address = reverse(
        "cases:alternative_person_end",
        kwargs={"reference": young_case.reference, "person_id": person.pk},
    )
    assert client.get(address).status_code == 404
