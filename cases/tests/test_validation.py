"""Issue 18: dates before the child was born are refused everywhere in the case file (one shared
validator, `cases.validation.check_case_date`), and NHS numbers and UPNs pass their check
characters."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Child
from cases.tests.factories import ChildFactory
from cases.tests.factories import acting_for_young_person
from cases.tests.factories import agreed_request
from cases.tests.factories import decide_to_assess
from cases.tests.factories import received_request
from cases.tests.factories import tell_family
from cases.tests.viewkit import new_request_data
from cases.tests.viewkit import reuse_advice
from cases.validation import check_case_date
from cases.validation import nhs_number_check_digit
from cases.validation import upn_check_letter
from cases.validation import upn_from_serial
from cases.validation import validate_nhs_number
from cases.validation import validate_upn
from tests.kit import TODAY
from tests.kit import D
from tests.kit import as_user
from tests.kit import noon

BORN = D("2016-05-14")  # ChildFactory's date of birth
BEFORE_BIRTH = "The date must be on or after 14 May 2016, the date the child was born"


# --- the one date validator ----------------------------------------------------------------------


def test_the_date_validator_refuses_a_date_before_birth_naming_the_field():
    with pytest.raises(ValidationError) as error:
        check_case_date(D("2016-05-13"), field="held_on", born_on=BORN)
    assert error.value.message_dict == {"held_on": [BEFORE_BIRTH]}
    check_case_date(BORN, field="held_on", born_on=BORN)  # the day of birth itself is fine


def test_the_date_validator_refuses_the_future_only_when_given_today():
    check_case_date(D("2030-01-01"), field="meeting_on", born_on=BORN)  # a planned date
    with pytest.raises(ValidationError) as error:
        check_case_date(D("2030-01-01"), field="decided_on", born_on=BORN, today=TODAY)
    assert error.value.message_dict == {"decided_on": ["The date must be today or in the past"]}


def test_the_date_validator_refuses_a_date_before_the_step_it_follows():
    with pytest.raises(ValidationError) as error:
        check_case_date(
            D("2026-02-01"),
            field="issued_on",
            born_on=BORN,
            not_before=D("2026-02-02"),
            before_label="the decision to issue",
        )
    assert error.value.message_dict == {
        "issued_on": [
            "The date must be on or after 2 February 2026, the date of the decision to issue"
        ]
    }


# --- applied by the services of the case file ----------------------------------------------------


@pytest.mark.django_db
def test_a_request_that_arrived_before_the_child_was_born_is_refused(officer):
    child = ChildFactory(date_of_birth=D("2026-01-10"))
    with pytest.raises(ValidationError) as error:
        received_request(officer, child=child, arrived="2026-01-05")
    assert error.value.message_dict["arrived_at"] == [
        "The date must be on or after 10 January 2026, the date the child was born"
    ]


@pytest.mark.django_db
def test_a_new_child_born_in_the_future_is_refused(officer):
    with pytest.raises(ValidationError) as error:
        received_request(
            officer,
            child_details={
                "first_name": "Noor",
                "last_name": "Ali",
                "date_of_birth": D("2027-01-01"),
                "postcode": "DC1 2AB",
            },
        )
    assert "date_of_birth" in error.value.message_dict
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_reused_advice_dated_before_the_child_was_born_is_refused(officer, panel):
    request = agreed_request(officer, panel)
    with pytest.raises(ValidationError) as error:
        reuse_advice(officer, request, report_dated=D("2015-06-01"), on=TODAY)
    assert error.value.message_dict["report_dated"] == [BEFORE_BIRTH]
    assert not request.advice.exists()


@pytest.mark.django_db
def test_capacity_assessed_before_the_young_person_was_born_is_refused(officer):
    request = received_request(officer, child=ChildFactory(date_of_birth=D("2007-05-01")))
    with pytest.raises(ValidationError) as error:
        acting_for_young_person(
            officer, request.case, route="parent", capacity_assessed_on=D("2007-04-30"), today=TODAY
        )
    assert error.value.message_dict["capacity_assessed_on"] == [
        "The date must be on or after 1 May 2007, the date the child was born"
    ]


@pytest.mark.django_db
def test_the_new_request_page_refuses_an_arrival_before_the_birth_on_the_arrival_date(
    client, officer
):
    as_user(client, officer)
    data = new_request_data(
        date_of_birth_0="10", date_of_birth_1="1", date_of_birth_2="2026",
        arrived_on_0="5", arrived_on_1="1", arrived_on_2="2026",
    )  # fmt: skip
    with time_machine.travel(noon("2026-01-20"), tick=False):
        response = client.post(reverse("cases:request_new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["arrived_on"] == [
        "The date must be on or after 10 January 2026, the date the child was born"
    ]
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_a_date_told_in_the_future_is_refused(officer, panel):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=None)
    with pytest.raises(ValidationError) as error:
        tell_family(officer, request, told_on=TODAY + datetime.timedelta(days=1))
    assert error.value.message_dict["told_on"] == ["The date must be today or in the past"]


# --- NHS numbers: modulus 11 ---------------------------------------------------------------------


def test_a_valid_nhs_number_passes_its_check_digit():
    validate_nhs_number("9434765919")
    assert nhs_number_check_digit("943476591") == 9


@pytest.mark.parametrize(
    "number, why",
    [
        ("9434765918", "check digit"),  # one digit off
        ("4857773456", "check digit"),  # the old example on the form
        ("943476591", "10 numbers"),
        ("94347659AB", "10 numbers"),
    ],
)
def test_an_nhs_number_with_a_wrong_check_digit_or_format_is_refused(number, why):
    with pytest.raises(ValidationError) as error:
        validate_nhs_number(number)
    assert why in error.value.messages[0]


def test_nine_digits_whose_check_would_be_10_start_no_valid_nhs_number():
    # 1*10 + 1*2 = 12; 12 mod 11 = 1; 11 - 1 = 10: no check digit exists.
    assert nhs_number_check_digit("100000001") is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_nhs_number("100000001" + last)


# --- UPNs: the DfE check letter ------------------------------------------------------------------


def test_a_valid_upn_passes_its_check_letter():
    validate_upn("B801200005001")  # the DfE's worked example
    assert upn_check_letter("801200005001") == "B"


def test_a_temporary_upn_with_a_final_letter_is_checked_too():
    upn = upn_from_serial("80120000500A")
    validate_upn(upn)
    with pytest.raises(ValidationError):
        validate_upn(("A" if upn[0] != "A" else "B") + upn[1:])


@pytest.mark.parametrize(
    "upn, why",
    [
        ("A801200005001", "check letter"),
        ("B80120000500", "13 characters"),
        ("I801200005001", "13 characters"),  # I, O and S are never used
        ("B8012000050O1", "13 characters"),
    ],
)
def test_a_upn_with_a_wrong_check_letter_or_format_is_refused(upn, why):
    with pytest.raises(ValidationError) as error:
        validate_upn(upn)
    assert why in error.value.messages[0]


@pytest.mark.django_db
def test_the_new_request_form_says_which_number_is_wrong(client, officer):
    as_user(client, officer)
    data = new_request_data(upn="A801200005001", nhs_number="485 777 3456")
    with time_machine.travel(noon("2026-01-05"), tick=False):
        response = client.post(reverse("cases:request_new"), data)
    errors = response.context["form"].errors
    assert errors["upn"][0].startswith("Enter a valid UPN: the first letter (the check letter)")
    assert errors["nhs_number"][0].startswith("Enter a valid NHS number: the last number")
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_the_factories_make_children_with_valid_upns():
    for child in ChildFactory.create_batch(30):
        child.full_clean()
