"""Property tests for the statutory clock (cases/deadlines/), with Hypothesis."""

import calendar
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from hypothesis import assume
from hypothesis import given
from hypothesis import strategies as st

from cases.deadlines import DUE_SOON
from cases.deadlines import LOCAL_TIME_ZONE
from cases.deadlines import MET_LATE
from cases.deadlines import MET_ON_TIME
from cases.deadlines import ON_TRACK
from cases.deadlines import OVERDUE
from cases.deadlines import REQUEST_CUT_OFF
from cases.deadlines import add_months
from cases.deadlines import add_weeks
from cases.deadlines import add_working_days
from cases.deadlines import age_on
from cases.deadlines import annual_review_due
from cases.deadlines import appeal_deadline
from cases.deadlines import assessment_deadlines
from cases.deadlines import becomes_young_person_on
from cases.deadlines import deadline_status
from cases.deadlines import is_working_day
from cases.deadlines import request_received_on
from cases.deadlines import school_year_start
from cases.deadlines import year_group

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
working_day_counts = st.integers(min_value=0, max_value=60)
month_counts = st.integers(min_value=-120, max_value=120)


def _in_tribunal_break(d: date) -> bool:
    return d.month == 8 or (d.month, d.day) >= (12, 25) or (d.month, d.day) == (1, 1)


# --- add_working_days ----------------------------------------------------------------------


@given(dates, st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_after_the_start(start, days):
    result = add_working_days(start, days)
    assert result > start
    assert is_working_day(result)


@given(dates, working_day_counts)
def test_add_working_days_counts_exactly_days_working_days(start, days):
    result = add_working_days(start, days)
    span = (result - start).days
    between = [start + timedelta(days=i) for i in range(1, span + 1)]  # (start, result]
    assert sum(is_working_day(d) for d in between) == days


@given(dates, working_day_counts, working_day_counts)
def test_add_working_days_composes(start, a, b):
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


# --- add_weeks and add_months ----------------------------------------------------------------


@given(dates, st.integers(min_value=-100, max_value=100))
def test_add_weeks_is_seven_days_a_week(start, weeks):
    assert (add_weeks(start, weeks) - start).days == 7 * weeks


@given(dates, month_counts)
def test_add_months_keeps_the_day_or_clamps_to_month_end(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:
        assert result.day == calendar.monthrange(result.year, result.month)[1]


# --- annual review ---------------------------------------------------------------------------


@st.composite
def births_and_reviews(draw):
    dob = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2070, 12, 31)))
    first = dob + timedelta(days=draw(st.integers(min_value=0, max_value=25 * 366)))
    second = first + timedelta(days=draw(st.integers(min_value=0, max_value=800)))
    return dob, first, second


@given(births_and_reviews())
def test_annual_review_due_lies_within_twelve_months(case):
    dob, start, _ = case
    due = annual_review_due(start, date_of_birth=dob)
    assert start < due < add_months(start, 12) + timedelta(days=1)
    if age_on(dob, start) < 5:
        assert due <= add_months(start, 6)


@given(births_and_reviews())
def test_annual_review_due_never_goes_backwards(case):
    dob, earlier, later = case
    assert annual_review_due(earlier, date_of_birth=dob) <= annual_review_due(
        later, date_of_birth=dob
    )


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2070, 12, 31)))
def test_annual_review_due_is_the_day_before_the_anniversary(start):
    adult = date(1990, 1, 1)
    due = annual_review_due(start, date_of_birth=adult)
    anniversary = add_months(start, 12)
    if anniversary.day == start.day:
        assert due == anniversary - timedelta(days=1)
    else:  # 29 February with no 29 February a year later
        assert (start.month, start.day) == (2, 29)
        assert due == anniversary


# --- appeal ------------------------------------------------------------------------------------


@given(dates, st.one_of(st.none(), dates))
def test_appeal_deadline_moves_once_by_rule_12(letter, certificate):
    due = appeal_deadline(letter, certificate)
    ends = add_months(letter, 2)
    if certificate is not None:
        ends = max(ends, add_months(certificate, 1))
    assert is_working_day(due)
    if _in_tribunal_break(ends):
        # to the first working day after the break, and no further
        break_ends = date(ends.year, 8, 31) if ends.month == 8 else date(due.year, 1, 1)
        assert due > break_ends
        skipped = [break_ends + timedelta(days=i) for i in range(1, (due - break_ends).days)]
    else:
        # a working day stays; any other day moves to the next working day, and no further
        assert due >= ends
        skipped = [ends + timedelta(days=i) for i in range((due - ends).days)]
    assert not any(is_working_day(d) for d in skipped)


# --- assessment ------------------------------------------------------------------------------


@given(dates)
def test_assessment_deadlines_are_in_order(received):
    result = assessment_deadlines(received)
    assert received < result.decide_to_assess
    assert result.decide_to_assess < result.draft_plan_target
    assert result.draft_plan_target < result.decide_to_issue < result.final_plan
    assert (result.final_plan - received).days == 140


# --- young person, school year, year group --------------------------------------------------


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2070, 12, 31)))
def test_becomes_young_person_on_the_saturday_after_the_last_friday_in_june(dob):
    result = becomes_young_person_on(dob)
    leaving_day = result - timedelta(days=1)
    assert result.weekday() == calendar.SATURDAY
    assert leaving_day.month == 6
    assert (leaving_day + timedelta(days=7)).month == 7  # so it was the last Friday in June
    # that Friday ends the school year in which the child turns 16, which is Year 11
    sixteenth = add_months(dob, 16 * 12)
    assert school_year_start(leaving_day) == school_year_start(sixteenth)
    assert result.year == school_year_start(sixteenth).year + 1
    assert year_group(dob, leaving_day) == 11
    assert age_on(dob, result) in (15, 16)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2070, 12, 31)), dates)
def test_year_group_moves_up_on_1_september(dob, on):
    assume(on >= dob)
    start = school_year_start(on)
    assert start.month == 9 and start.day == 1
    assert start <= on < date(start.year + 1, 9, 1)
    assert year_group(dob, start) == year_group(dob, on)
    assert year_group(dob, start) == year_group(dob, start - timedelta(days=1)) + 1


# --- request received ------------------------------------------------------------------------


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
    )
)
def test_request_received_on_a_working_day_not_before_arrival(arrived_at):
    local = arrived_at.astimezone(LOCAL_TIME_ZONE)
    result = request_received_on(arrived_at)
    assert is_working_day(result)
    assert result >= local.date()
    if result == local.date():
        assert local.time() <= REQUEST_CUT_OFF
    else:
        assert result == add_working_days(local.date(), 1)


# --- deadline status ------------------------------------------------------------------------


@given(dates, st.one_of(st.none(), dates), dates, st.integers(min_value=0, max_value=20))
def test_deadline_status_is_consistent(due, met_on, today, warn):
    status = deadline_status(due, met_on=met_on, today=today, warn_working_days=warn)
    if met_on is not None:
        assert status == (MET_ON_TIME if met_on <= due else MET_LATE)
    elif today > due:
        assert status == OVERDUE
    elif due <= add_working_days(today, warn):
        assert status == DUE_SOON
    else:
        assert status == ON_TRACK
