"""School phases on the case (SEND Regs 2014 reg 18): a middle-school area's two moves and a
college student's planned move are recorded, audited, and re-time a review not yet arranged."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.tests.factories import ChildFactory
from ehcp.models import AnnualReview
from ehcp.models import ReviewState
from ehcp.tests.factories import issued_plan
from tests.kit import D
from tests.kit import as_user

pytestmark = pytest.mark.django_db

TODAY = D("2026-06-01")


def set_phases(actor, case, **fields):
    values = {"middle_school_from_year": None, "secondary_from_year": None, "post16_move_on": None}
    values.update(fields)
    return services.case_school_phases_set(actor=actor, case_id=case.pk, today=TODAY, **values)


def test_a_middle_school_area_re_times_the_review_not_yet_arranged(staff):
    # Born 14 March 2016: year 7 from September 2027, so where schools are primary and secondary
    # the first review is a phase transfer (the amended plan by 14 February 2027). In a
    # middle-school area with moves into years 5 and 9 there is no move until 2029.
    plan = issued_plan(
        staff["officer"], staff["panel"], ChildFactory(date_of_birth=D("2016-03-14"))
    )
    case = plan.case
    [before] = AnnualReview.objects.filter(plan=plan, state=ReviewState.SCHEDULED)
    assert before.is_phase_transfer and before.transfer_deadline == D("2027-02-14")

    set_phases(staff["officer"], case, middle_school_from_year=5, secondary_from_year=9)

    case.refresh_from_db()
    assert case.middle_school_years == (5, 9)
    [after] = AnnualReview.objects.filter(plan=plan, state=ReviewState.SCHEDULED)
    assert not after.is_phase_transfer and after.transfer_deadline is None
    assert not Deadline.objects.filter(
        case=case, kind=DeadlineKind.PHASE_TRANSFER, met_on=None
    ).exists()
    assert Deadline.objects.get(case=case, kind=DeadlineKind.ANNUAL_REVIEW, met_on=None).due_on == (
        after.due_on
    )
    entry = AuditEntry.objects.get(action="case.school_phases_set")
    assert entry.changes["middle_school_from_year"] == [None, 5]
    assert entry.changes["secondary_from_year"] == [None, 9]


def test_a_college_move_makes_the_review_a_transfer_5_months_before(staff):
    child = ChildFactory(date_of_birth=D("2009-01-10"))
    plan = issued_plan(staff["officer"], staff["panel"], child)
    set_phases(staff["officer"], plan.case, post16_move_on=D("2027-01-04"))
    [review] = AnnualReview.objects.filter(plan=plan, state=ReviewState.SCHEDULED)
    assert review.is_phase_transfer
    assert review.transfer_deadline == D("2026-08-04")  # 5 months before the move
    assert Deadline.objects.get(
        case=plan.case, kind=DeadlineKind.PHASE_TRANSFER, met_on=None
    ).due_on == D("2026-08-04")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"middle_school_from_year": 5}, "secondary_from_year", "Enter both year groups"),
        (
            {"middle_school_from_year": 9, "secondary_from_year": 5},
            "secondary_from_year",
            "must come after the move to middle school",
        ),
        ({"post16_move_on": D("2026-05-01")}, "post16_move_on", "today or in the future"),
    ],
)
def test_phases_that_cannot_be_are_refused_and_nothing_is_saved(staff, fields, field, message):
    plan = issued_plan(staff["officer"], staff["panel"], ChildFactory())
    with pytest.raises(ValidationError) as error:
        set_phases(staff["officer"], plan.case, **fields)
    assert message in error.value.message_dict[field][0]
    plan.case.refresh_from_db()
    assert plan.case.middle_school_years is None and plan.case.post16_move_on is None
    assert not AuditEntry.objects.filter(action="case.school_phases_set").exists()


def test_an_officer_records_them_from_the_case(client, staff):
    plan = issued_plan(staff["officer"], staff["panel"], ChildFactory())
    as_user(client, staff["officer"])
    url = reverse("cases:school_phases", kwargs={"reference": plan.case.reference})
    assert "School phases and college moves" in client.get(url).content.decode()
    response = client.post(url, {"middle_school_from_year": "5", "secondary_from_year": "9"})
    assert response.status_code == 302
    plan.case.refresh_from_db()
    assert plan.case.middle_school_years == (5, 9)
