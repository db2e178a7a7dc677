"""The statutory clock of moves between councils and reassessment (cases/deadlines/)."""

import pytest

from cases import deadlines
from tests.kit import D


@pytest.mark.parametrize(
    ("moved", "learned", "due"),
    [
        # Learned of 3 months before: the plan goes on the day of the move.
        ("2026-09-01", "2026-06-01", "2026-09-01"),
        # Learned of exactly 15 working days before the move: still the day of the move.
        ("2026-06-22", "2026-06-01", "2026-06-22"),
        # Learned of 4 days before: 15 working days from learning, over the August bank holiday.
        ("2026-08-28", "2026-08-24", "2026-09-15"),
        # Learned of after the move: 15 working days from learning.
        ("2026-03-02", "2026-03-10", "2026-03-31"),
    ],
)
def test_the_plan_is_passed_on_by_the_move_or_15_working_days_after_learning(moved, learned, due):
    assert deadlines.move_out_handover_due(D(moved), D(learned)) == D(due)


def test_a_family_moving_in_is_told_within_6_weeks():
    assert deadlines.move_in_notice_due(D("2026-09-01")) == D("2026-10-13")


def test_the_first_review_after_a_move_in_is_3_months_from_the_transfer_when_that_is_later():
    # 12 months from the last review ends 30 September 2026; 3 months from the transfer is later.
    due = deadlines.move_in_first_review_due(
        D("2025-10-01"), D("2026-09-01"), date_of_birth=D("2015-02-10")
    )
    assert due == D("2026-12-01")


def test_the_first_review_after_a_move_in_is_12_months_from_the_last_review_when_later():
    due = deadlines.move_in_first_review_due(
        D("2026-06-15"), D("2026-09-01"), date_of_birth=D("2015-02-10")
    )
    assert due == D("2027-06-14")


def test_the_new_health_commissioner_has_15_working_days():
    assert deadlines.move_in_health_due(D("2026-09-01")) == D("2026-09-22")


def test_a_reassessment_is_decided_within_15_days_and_its_plan_within_14_weeks_of_telling():
    assert deadlines.reassessment_decision_due(D("2026-09-01")) == D("2026-09-16")
    assert deadlines.reassessment_plan_due(D("2026-09-09")) == D("2026-12-16")


def test_a_request_may_be_refused_as_too_soon_until_the_day_before_6_months():
    assert deadlines.reassessment_recent_until(D("2026-05-20")) == D("2026-11-19")
    assert deadlines.reassessment_recent_until(D("2026-08-31")) == D("2027-02-27")
