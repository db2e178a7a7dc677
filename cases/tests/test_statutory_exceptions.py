"""Issue 18: exceptions to the 6-, 16- and 20-week limits (regs 5(4), 10(4), 13(3)), and the
20-week measure with and without them.

Request received Monday 5 January 2026, agreed 4 February; the school asked for advice on
11 February. Limits: tell the family of a "no plan" by 27 April, final plan by 25 May.
"""

import pytest
from django.core.exceptions import ValidationError

from cases import selectors
from cases import services
from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import ExceptionGround
from cases.models import TimeLimitException
from cases.tests.factories import agreed_request
from cases.tests.factories import ask_for_advice
from cases.tests.factories import decide_to_issue
from cases.tests.factories import issue_draft
from cases.tests.factories import issue_final
from tests.kit import TODAY
from tests.kit import D

pytestmark = pytest.mark.django_db


def record(officer, request, ground, starts, ends, kinds=(DeadlineKind.FINAL_PLAN,)):
    return services.exception_record(
        actor=officer,
        request_id=request.pk,
        ground=ground,
        starts_on=D(starts),
        ends_on=D(ends) if ends else None,
        reason="What happened.",
        kinds=list(kinds),
        today=TODAY,
    )


def refused(officer, request, ground, starts, ends, kinds=(DeadlineKind.FINAL_PLAN,)) -> dict:
    with pytest.raises(ValidationError) as error:
        record(officer, request, ground, starts, ends, kinds)
    assert not TimeLimitException.objects.exists()
    return error.value.message_dict


@pytest.fixture
def request_(officer, panel):
    request = agreed_request(officer, panel)
    ask_for_advice(officer, request, requested_on=D("2026-02-11"))
    return request


# --- (d) away from the area: 4 or more continuous weeks -----------------------------------------


def test_a_one_day_absence_is_not_away_from_the_area(officer, request_):
    errors = refused(officer, request_, ExceptionGround.AWAY_FROM_AREA, "2026-03-02", "2026-03-02")
    assert "only for 4 or more continuous weeks" in errors["ends_on"][0]
    assert "until at least 29 March 2026" in errors["ends_on"][0]


def test_27_days_away_is_refused_and_28_days_is_accepted(officer, request_):
    refused(officer, request_, ExceptionGround.AWAY_FROM_AREA, "2026-03-02", "2026-03-28")
    exception = record(
        officer, request_, ExceptionGround.AWAY_FROM_AREA, "2026-03-02", "2026-03-29"
    )
    assert list(Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN).exceptions.all()) == [exception]


def test_away_from_the_area_needs_the_day_they_came_back(officer, request_):
    errors = refused(officer, request_, ExceptionGround.AWAY_FROM_AREA, "2026-03-02", None)
    assert "Enter the last day they were away" in errors["ends_on"][0]


# --- (a) and (b) closures: the window from 1 week before closing to 1 week before reopening ----


def test_a_closure_window_shorter_than_4_weeks_is_refused(officer, request_):
    errors = refused(officer, request_, ExceptionGround.SCHOOL_CLOSURE, "2026-02-09", "2026-03-01")
    assert "closed for 4 or more continuous weeks" in errors["ends_on"][0]


def test_a_closure_excuses_only_when_the_setting_was_asked_for_advice_in_the_window(
    officer, request_
):
    # Advice was asked on 11 February: a window from 1 March asks nothing of the closure.
    errors = refused(officer, request_, ExceptionGround.SCHOOL_CLOSURE, "2026-03-01", "2026-04-05")
    assert "no educational advice was asked for then" in errors["starts_on"][0]
    exception = record(
        officer, request_, ExceptionGround.SCHOOL_CLOSURE, "2026-02-09", "2026-03-09"
    )
    assert exception.ground == ExceptionGround.SCHOOL_CLOSURE


def test_an_early_years_closure_follows_the_same_window(officer, request_):
    refused(officer, request_, ExceptionGround.EARLY_YEARS_CLOSURE, "2026-02-09", "2026-02-20")
    exception = record(
        officer, request_, ExceptionGround.EARLY_YEARS_CLOSURE, "2026-02-10", "2026-03-31"
    )
    assert exception.deadlines.get().kind == DeadlineKind.FINAL_PLAN


# --- (c) exceptional personal circumstances: any dates inside the period -------------------------


def test_personal_circumstances_take_any_dates_inside_the_period(officer, request_):
    short = record(
        officer, request_, ExceptionGround.PERSONAL_CIRCUMSTANCES, "2026-03-02", "2026-03-02"
    )
    ongoing = record(officer, request_, ExceptionGround.PERSONAL_CIRCUMSTANCES, "2026-04-01", None)
    assert short.ends_on == D("2026-03-02") and ongoing.ends_on is None


# --- the period each limit covers ----------------------------------------------------------------


def test_an_exception_cannot_start_before_the_request(officer, request_):
    errors = refused(
        officer, request_, ExceptionGround.PERSONAL_CIRCUMSTANCES, "2025-12-20", "2026-01-20"
    )
    assert errors["starts_on"] == [
        "The date must be on or after 5 January 2026, the date the request was received"
    ]


def test_an_exception_cannot_end_after_the_last_limit_it_excuses(officer, request_):
    errors = refused(
        officer, request_, ExceptionGround.PERSONAL_CIRCUMSTANCES, "2026-05-01", "2026-06-10"
    )
    assert "to the last limit it excuses (25 May 2026)" in errors["ends_on"][0]


def test_an_exception_starting_after_a_limit_was_due_cannot_excuse_it(officer, request_):
    errors = refused(
        officer,
        request_,
        ExceptionGround.PERSONAL_CIRCUMSTANCES,
        "2026-05-01",
        "2026-05-10",
        kinds=(DeadlineKind.DECIDE_TO_ISSUE, DeadlineKind.FINAL_PLAN),
    )
    assert "was due (27 April 2026)" in errors["kinds"][0]


def test_a_limit_may_have_several_exceptions_each_with_its_ground_and_dates(officer, request_):
    record(officer, request_, ExceptionGround.PERSONAL_CIRCUMSTANCES, "2026-02-20", "2026-02-25")
    record(officer, request_, ExceptionGround.AWAY_FROM_AREA, "2026-03-02", "2026-04-10")
    final = Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN)
    assert [(e.ground, e.starts_on) for e in final.exceptions.order_by("starts_on")] == [
        (ExceptionGround.PERSONAL_CIRCUMSTANCES, D("2026-02-20")),
        (ExceptionGround.AWAY_FROM_AREA, D("2026-03-02")),
    ]
    assert final.due_on == D("2026-05-25")  # the nominal date stays


# --- the 20-week measure with and without exceptions ---------------------------------------------


def plan_issued(officer, panel, *, on, exception=False):
    request = agreed_request(officer, panel)
    ask_for_advice(officer, request, requested_on=D("2026-02-11"))
    request = issue_draft(officer, decide_to_issue(panel, request))
    if exception:
        record(officer, request, ExceptionGround.AWAY_FROM_AREA, "2026-03-02", "2026-04-10")
        request.refresh_from_db()
    return issue_final(officer, request, issued_on=on)


def test_the_20_week_measure_is_kept_with_and_without_exceptions(officer, panel):
    plan_issued(officer, panel, on="2026-05-20")  # on time
    plan_issued(officer, panel, on="2026-06-15", exception=True)  # late, excused
    plan_issued(officer, panel, on="2026-06-20")  # late
    plan_issued(officer, panel, on="2026-05-22", exception=True)  # on time, with an exception
    measure = selectors.final_plan_timeliness(
        Case.objects.all(), issued_from=D("2026-04-01"), issued_to=D("2026-07-31")
    )
    assert measure == selectors.Timeliness(
        issued=4,
        within_20_weeks=2,
        with_exceptions=2,
        issued_excluding_exceptions=2,
        within_20_weeks_excluding_exceptions=1,
    )
    later = selectors.final_plan_timeliness(
        Case.objects.all(), issued_from=D("2026-06-01"), issued_to=D("2026-07-31")
    )
    assert (later.issued, later.within_20_weeks, later.with_exceptions) == (2, 0, 1)
