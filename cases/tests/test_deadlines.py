"""Dated examples for the statutory clock (cases/deadlines/).

Every expected date below was worked out by hand against a calendar and the gov.uk list of bank
holidays for England and Wales, not by calling the code under test.
"""

import ast
import inspect
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured

from cases import deadlines
from cases.deadlines import DUE_SOON
from cases.deadlines import MET_LATE
from cases.deadlines import MET_ON_TIME
from cases.deadlines import ON_TRACK
from cases.deadlines import OVERDUE
from cases.deadlines import AssessmentDeadlines
from cases.deadlines import add_months
from cases.deadlines import add_weeks
from cases.deadlines import add_working_days
from cases.deadlines import advice_due
from cases.deadlines import age_on
from cases.deadlines import amended_plan_due
from cases.deadlines import annual_review_due
from cases.deadlines import appeal_deadline
from cases.deadlines import assessment_deadlines
from cases.deadlines import becomes_young_person_on
from cases.deadlines import cessation_views_due
from cases.deadlines import consultation_response_due
from cases.deadlines import deadline_status
from cases.deadlines import draft_response_due
from cases.deadlines import is_working_day
from cases.deadlines import mediation_certificate_due
from cases.deadlines import mediation_due
from cases.deadlines import phase_transfer_deadline
from cases.deadlines import request_received_on
from cases.deadlines import review_decision_due
from cases.deadlines import review_report_due
from cases.deadlines import school_year_start
from cases.deadlines import year_group

D = date.fromisoformat
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def council_settings(request):
    """pytest-django's ``settings`` fixture; skips when run with ``-p no:django``."""
    if not request.config.pluginmanager.hasplugin("django"):
        pytest.skip("needs pytest-django (run without -p no:django)")
    return request.getfixturevalue("settings")


# --------------------------------------------------------------------------------------------
# Bank holidays and working days
# --------------------------------------------------------------------------------------------

# The official gov.uk list for England and Wales (weekday dates only: the days taken off).
BANK_HOLIDAYS = {
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize(
    "day",
    [D(f"{year}-{md}") for year, days in BANK_HOLIDAYS.items() for md in days],
    ids=str,
)
def test_bank_holiday_is_not_a_working_day(day):
    assert day.weekday() < 5, "the list above only holds weekday bank holidays"
    assert not is_working_day(day)


@pytest.mark.parametrize("year", sorted(BANK_HOLIDAYS), ids=str)
def test_weekday_closures_are_exactly_the_bank_holidays(year):
    day, closed = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not is_working_day(day):
            closed.add(day)
        day += timedelta(days=1)
    assert closed == {D(f"{year}-{md}") for md in BANK_HOLIDAYS[year]}


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # one-off and moved days
        (D("2022-06-02"), False),  # spring bank holiday moved for the Platinum Jubilee
        (D("2022-06-03"), False),  # Platinum Jubilee
        (D("2022-05-30"), True),  # last Monday in May 2022: not a holiday that year
        (D("2022-09-19"), False),  # state funeral of Queen Elizabeth II
        (D("2023-05-08"), False),  # coronation of King Charles III
        (D("2022-12-27"), False),  # substitute for Christmas Day on a Sunday
        (D("2023-01-02"), False),  # substitute for New Year's Day on a Sunday
        (D("2028-01-03"), False),  # substitute for New Year's Day on a Saturday
        # Easter weekends
        (D("2025-04-17"), True),  # Maundy Thursday
        (D("2025-04-19"), False),  # Easter Saturday
        (D("2025-04-20"), False),  # Easter Sunday
        (D("2025-04-22"), True),  # Tuesday after Easter Monday
        (D("2028-04-14"), False),  # Good Friday 2028
        (D("2028-04-17"), False),  # Easter Monday 2028
        # Christmas and New Year
        (D("2025-12-24"), True),
        (D("2025-12-29"), True),
        (D("2025-12-31"), True),
        (D("2026-01-02"), True),
        (D("2026-12-24"), True),
        (D("2026-12-26"), False),  # Boxing Day on a Saturday
        (D("2026-12-29"), True),
        (D("2027-12-24"), True),
        (D("2027-12-29"), True),
        (D("2027-12-31"), True),
        # leap days, month ends, weekends
        (D("2024-02-29"), True),  # Thursday
        (D("2028-02-29"), True),  # Tuesday
        (D("2025-05-31"), False),  # Saturday
        (D("2025-06-01"), False),  # Sunday
        (D("2025-06-02"), True),  # Monday
        (D("2026-08-28"), True),  # Friday before the late summer bank holiday
        (D("2026-09-01"), True),
    ],
    ids=str,
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_is_working_day_refuses_datetimes():
    with pytest.raises(TypeError):
        is_working_day(datetime(2025, 1, 6, 9, 0, tzinfo=UTC))


# --------------------------------------------------------------------------------------------
# add_weeks, add_months, add_working_days
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        (D("2025-01-01"), 6, D("2025-02-12")),
        (D("2024-01-18"), 6, D("2024-02-29")),
        (D("2025-12-22"), 2, D("2026-01-05")),
        (D("2025-03-10"), 0, D("2025-03-10")),
        (D("2025-03-10"), -2, D("2025-02-24")),
    ],
    ids=str,
)
def test_add_weeks(start, weeks, expected):
    assert add_weeks(start, weeks) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D("2025-01-31"), 1, D("2025-02-28")),
        (D("2024-01-31"), 1, D("2024-02-29")),
        (D("2024-02-29"), 12, D("2025-02-28")),
        (D("2024-02-29"), 48, D("2028-02-29")),
        (D("2025-03-31"), 1, D("2025-04-30")),
        (D("2025-12-15"), 1, D("2026-01-15")),
        (D("2025-11-30"), 3, D("2026-02-28")),
        (D("2025-08-31"), 6, D("2026-02-28")),
        (D("2023-08-31"), 6, D("2024-02-29")),
        (D("2025-05-31"), -1, D("2025-04-30")),
        (D("2025-01-31"), -2, D("2024-11-30")),
        (D("2025-01-15"), 0, D("2025-01-15")),
        (D("2025-10-31"), 2, D("2025-12-31")),
    ],
    ids=str,
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # weekends
        (D("2025-03-07"), 1, D("2025-03-10")),  # Fri -> Mon
        (D("2025-03-08"), 1, D("2025-03-10")),  # Sat -> Mon
        (D("2025-03-09"), 1, D("2025-03-10")),  # Sun -> Mon
        (D("2025-03-08"), 0, D("2025-03-08")),  # 0 returns the start, even a Saturday
        (D("2025-03-07"), 5, D("2025-03-14")),
        (D("2025-03-07"), 10, D("2025-03-21")),
        (D("2025-01-06"), 20, D("2025-02-03")),
        # a start on a bank holiday counts from the next working day
        (D("2025-05-05"), 1, D("2025-05-06")),
        # Easter
        (D("2024-03-28"), 1, D("2024-04-02")),
        (D("2025-04-17"), 1, D("2025-04-22")),
        (D("2025-04-17"), 3, D("2025-04-24")),
        (D("2026-04-02"), 1, D("2026-04-07")),
        (D("2027-03-25"), 1, D("2027-03-30")),
        # Christmas and New Year
        (D("2025-12-24"), 1, D("2025-12-29")),
        (D("2025-12-24"), 3, D("2025-12-31")),
        (D("2025-12-24"), 4, D("2026-01-02")),
        (D("2026-12-24"), 1, D("2026-12-29")),  # Boxing Day substitute on Mon 28th
        (D("2027-12-24"), 1, D("2027-12-29")),  # both substitutes, Mon 27th and Tue 28th
        (D("2027-12-24"), 3, D("2027-12-31")),
        (D("2027-12-24"), 4, D("2028-01-04")),  # New Year substitute on Mon 3 Jan 2028
        # leap days and late summer
        (D("2024-02-28"), 1, D("2024-02-29")),
        (D("2024-02-29"), 1, D("2024-03-01")),
        (D("2028-02-28"), 1, D("2028-02-29")),
        (D("2026-08-28"), 1, D("2026-09-01")),  # over Mon 31 Aug 2026
        (D("2022-06-01"), 1, D("2022-06-06")),  # over the Platinum Jubilee Thursday and Friday
    ],
    ids=str,
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_refuses_negative_days():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D("2025-03-10"), -1)


# --------------------------------------------------------------------------------------------
# Assessment and plan
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (
            D("2025-01-06"),
            # the final plan falls on the spring bank holiday: the clock does not move it
            AssessmentDeadlines(
                decide_to_assess=D("2025-02-17"),
                decide_to_issue=D("2025-04-28"),
                final_plan=D("2025-05-26"),
                draft_plan_target=D("2025-04-14"),
            ),
        ),
        (
            D("2024-12-20"),
            # Christmas does not pause the clock
            AssessmentDeadlines(
                decide_to_assess=D("2025-01-31"),
                decide_to_issue=D("2025-04-11"),
                final_plan=D("2025-05-09"),
                draft_plan_target=D("2025-03-28"),
            ),
        ),
        (
            D("2024-01-18"),
            # through a leap February
            AssessmentDeadlines(
                decide_to_assess=D("2024-02-29"),
                decide_to_issue=D("2024-05-09"),
                final_plan=D("2024-06-06"),
                draft_plan_target=D("2024-04-25"),
            ),
        ),
    ],
    ids=str,
)
def test_assessment_deadlines(received, expected):
    assert assessment_deadlines(received) == expected


def test_assessment_deadlines_is_frozen():
    result = assessment_deadlines(D("2025-01-06"))
    with pytest.raises(AttributeError):
        result.final_plan = D("2030-01-01")


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (D("2025-07-14"), D("2025-08-25")),  # lands on a bank holiday and stays there
        (D("2025-01-01"), D("2025-02-12")),
        (D("2024-01-18"), D("2024-02-29")),
    ],
    ids=str,
)
def test_advice_due(received, expected):
    assert advice_due(received) == expected


@pytest.mark.parametrize(
    ("served", "expected"),
    [
        (D("2025-03-03"), D("2025-03-17")),
        (D("2024-02-20"), D("2024-03-05")),
        (D("2025-02-20"), D("2025-03-06")),
        (D("2025-12-22"), D("2026-01-05")),
    ],
    ids=str,
)
def test_draft_response_due_is_the_fifteenth_day_counting_the_day_of_service(served, expected):
    assert draft_response_due(served) == expected
    assert (expected - served).days + 1 == 15


def test_the_views_on_ceasing_are_asked_by_the_councils_own_day(settings):
    # No statutory period (regs 29, 30): 15 days beginning with the day the family are told,
    # unless the council sets its own.
    assert cessation_views_due(D("2026-09-01")) == D("2026-09-15")
    settings.SEND_CESSATION_VIEWS_DAYS = 21
    assert cessation_views_due(D("2026-09-01")) == D("2026-09-21")


@pytest.mark.parametrize(
    ("consulted", "expected"),
    [(D("2025-06-02"), D("2025-06-16")), (D("2025-12-24"), D("2026-01-07"))],
    ids=str,
)
def test_consultation_response_due(consulted, expected):
    assert consultation_response_due(consulted) == expected


# --------------------------------------------------------------------------------------------
# Reviews and amendments
# --------------------------------------------------------------------------------------------

OVER_FIVE = D("2015-01-01")
UNDER_FIVE = D("2022-06-15")


@pytest.mark.parametrize(
    ("last", "dob", "expected"),
    [
        # 12 months, over 5
        (D("2025-03-10"), OVER_FIVE, D("2026-03-09")),
        (D("2024-02-29"), OVER_FIVE, D("2025-02-28")),
        (D("2024-02-28"), OVER_FIVE, D("2025-02-27")),
        (D("2024-03-01"), OVER_FIVE, D("2025-02-28")),
        (D("2023-03-01"), OVER_FIVE, D("2024-02-29")),
        (D("2028-02-29"), OVER_FIVE, D("2029-02-28")),
        (D("2025-01-01"), OVER_FIVE, D("2025-12-31")),
        (D("2025-12-31"), OVER_FIVE, D("2026-12-30")),
        # 6 months, under 5
        (D("2025-08-31"), UNDER_FIVE, D("2026-02-28")),
        (D("2025-08-30"), UNDER_FIVE, D("2026-02-28")),
        (D("2025-08-29"), UNDER_FIVE, D("2026-02-28")),
        (D("2025-08-28"), UNDER_FIVE, D("2026-02-27")),
        (D("2023-08-30"), UNDER_FIVE, D("2024-02-29")),
        (D("2025-01-10"), UNDER_FIVE, D("2025-07-09")),
        (D("2025-03-31"), UNDER_FIVE, D("2025-09-30")),
        (D("2025-03-30"), UNDER_FIVE, D("2025-09-29")),
        # the fifth birthday decides
        (D("2026-03-09"), D("2021-03-10"), D("2026-09-08")),  # still 4
        (D("2026-03-10"), D("2021-03-10"), D("2027-03-09")),  # 5 today
        (D("2025-02-28"), D("2020-02-29"), D("2025-08-27")),  # still 4
        (D("2025-03-01"), D("2020-02-29"), D("2026-02-28")),  # 5 on 1 March
    ],
    ids=str,
)
def test_annual_review_due(last, dob, expected):
    assert annual_review_due(last, date_of_birth=dob) == expected


def test_annual_review_due_refuses_a_review_before_birth():
    with pytest.raises(ValueError):
        annual_review_due(D("2020-01-01"), date_of_birth=D("2021-01-01"))


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (D("2021-03-10"), D("2026-03-09"), 4),
        (D("2021-03-10"), D("2026-03-10"), 5),
        (D("2020-02-29"), D("2021-02-28"), 0),
        (D("2020-02-29"), D("2021-03-01"), 1),
        (D("2020-02-29"), D("2024-02-28"), 3),
        (D("2020-02-29"), D("2024-02-29"), 4),
        (D("2010-08-31"), D("2026-08-30"), 15),
        (D("2010-08-31"), D("2026-08-31"), 16),
        (D("2025-05-05"), D("2025-05-05"), 0),
    ],
    ids=str,
)
def test_age_on(dob, on, expected):
    assert age_on(dob, on) == expected


def test_age_on_refuses_a_date_before_birth():
    with pytest.raises(ValueError):
        age_on(D("2025-05-05"), D("2025-05-04"))


@pytest.mark.parametrize(
    ("meeting", "report", "decision"),
    [
        (D("2025-03-10"), D("2025-03-24"), D("2025-04-07")),
        (D("2025-12-18"), D("2026-01-01"), D("2026-01-15")),  # a bank holiday stays put
        (D("2024-02-15"), D("2024-02-29"), D("2024-03-14")),
    ],
    ids=str,
)
def test_review_report_and_decision_due(meeting, report, decision):
    assert review_report_due(meeting) == report
    assert review_decision_due(meeting) == decision


@pytest.mark.parametrize(
    ("sent", "expected"),
    [(D("2025-01-10"), D("2025-03-07")), (D("2024-01-10"), D("2024-03-06"))],
    ids=str,
)
def test_amended_plan_due(sent, expected):
    assert amended_plan_due(sent) == expected


@pytest.mark.parametrize(
    ("year", "post16", "expected"),
    [
        (2026, False, D("2026-02-14")),
        (2026, True, D("2026-03-30")),
        (2028, False, D("2028-02-14")),
        (2028, True, D("2028-03-30")),
    ],
    ids=str,
)
def test_phase_transfer_deadline(year, post16, expected):
    assert phase_transfer_deadline(year, post16=post16) == expected


def test_phase_transfer_wording_matches_the_regulation():
    assert deadlines.PHASE_TRANSFER_WORDING == "before 15 February"
    assert deadlines.PHASE_TRANSFER_POST16_WORDING == "before 31 March"


# --------------------------------------------------------------------------------------------
# Mediation and appeal
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("informed", "expected"),
    [
        (D("2025-03-03"), D("2025-03-06")),
        (D("2025-04-17"), D("2025-04-24")),  # over Easter 2025
        (D("2025-12-23"), D("2025-12-30")),  # over Christmas 2025
        (D("2025-08-22"), D("2025-08-28")),  # over the late summer bank holiday
        (D("2025-03-08"), D("2025-03-12")),  # told on a Saturday
    ],
    ids=str,
)
def test_mediation_certificate_due(informed, expected):
    assert mediation_certificate_due(informed) == expected


@pytest.mark.parametrize(
    ("informed", "expected"),
    [(D("2025-01-15"), D("2025-02-14")), (D("2024-02-15"), D("2024-03-16"))],
    ids=str,
)
def test_mediation_due(informed, expected):
    assert mediation_due(informed) == expected


@pytest.mark.parametrize(
    ("letter", "certificate", "expected"),
    [
        # an ordinary weekday stays put
        (D("2025-03-12"), None, D("2025-05-12")),
        (D("2025-05-31"), None, D("2025-07-31")),  # 31 July, a Thursday: not yet August
        (D("2024-12-31"), None, D("2025-02-28")),  # month-end clamp, Friday
        (D("2023-12-31"), None, D("2024-02-29")),  # leap-day clamp, Thursday
        # a weekend moves to the next working day
        (D("2025-03-10"), None, D("2025-05-12")),  # Sat 10 May -> Mon 12 May
        # a bank holiday moves to the next working day
        (D("2025-03-26"), None, D("2025-05-27")),  # spring bank holiday
        (D("2026-02-03"), None, D("2026-04-07")),  # Good Friday -> over Easter Monday
        # 25 December to 1 January -> the first working day after 1 January
        (D("2025-10-24"), None, D("2025-12-24")),  # 24 December, a Wednesday: stays
        (D("2025-10-25"), None, D("2026-01-02")),  # 25 December
        (D("2025-10-31"), None, D("2026-01-02")),  # 31 December, a working Wednesday
        (D("2025-11-01"), None, D("2026-01-02")),  # 1 January
        (D("2026-10-31"), None, D("2027-01-04")),  # after Fri 1 Jan 2027 and a weekend
        (D("2027-10-25"), None, D("2028-01-04")),  # New Year substitute Mon 3 Jan 2028
        # August -> the first working day after 31 August
        (D("2025-06-15"), None, D("2025-09-01")),
        (D("2024-06-01"), None, D("2024-09-02")),  # 1 Sep 2024 is a Sunday
        (D("2026-06-30"), None, D("2026-09-01")),  # Sun 30 Aug 2026
        # a non-working day just before a break moves to the next working day only: the
        # break rule looks at the day the time ends (r.12(3)(a)), and the day it ends is not
        # in the break
        (D("2027-05-31"), None, D("2027-08-02")),  # Sat 31 Jul 2027 -> Mon 2 Aug
        (D("2022-10-24"), None, D("2022-12-28")),  # Sat 24 Dec 2022 -> over 3 holidays -> 28th
        # the mediation certificate
        (D("2025-01-10"), D("2025-02-20"), D("2025-03-20")),  # certificate + 1 month is later
        (D("2025-01-10"), D("2025-01-20"), D("2025-03-10")),  # letter + 2 months is later
        (D("2025-05-01"), D("2025-07-15"), D("2025-09-01")),  # certificate + 1 month in August
    ],
    ids=str,
)
def test_appeal_deadline(letter, certificate, expected):
    assert appeal_deadline(letter, certificate) == expected


# --------------------------------------------------------------------------------------------
# Young people, school years and year groups
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (D("2010-08-31"), D("2026-06-27")),  # 16 on 31 Aug 2026: school year 2025/26
        (D("2010-09-01"), D("2027-06-26")),  # 16 on 1 Sep 2026: school year 2026/27
        (D("2009-09-01"), D("2026-06-27")),  # same school year as 31 Aug 2010
        (D("2008-02-29"), D("2024-06-29")),  # 16 on 29 Feb 2024
        (D("2012-02-29"), D("2028-07-01")),  # last Friday in June 2028 is the 30th
        (D("2013-02-28"), D("2029-06-30")),
        (D("2009-06-27"), D("2025-06-28")),  # 16 on the school leaving date itself
        (D("2009-06-28"), D("2025-06-28")),  # 16 the day after it
        (D("2014-07-15"), D("2030-06-29")),
    ],
    ids=str,
)
def test_becomes_young_person_on(dob, expected):
    assert becomes_young_person_on(dob) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D("2025-08-31"), D("2024-09-01")),
        (D("2025-09-01"), D("2025-09-01")),
        (D("2026-01-15"), D("2025-09-01")),
        (D("2024-02-29"), D("2023-09-01")),
        (D("2025-12-31"), D("2025-09-01")),
    ],
    ids=str,
)
def test_school_year_start(day, expected):
    assert school_year_start(day) == expected


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (D("2019-08-31"), D("2023-08-31"), -1),  # nursery until the end of August
        (D("2019-08-31"), D("2023-09-01"), 0),  # reception from 1 September
        (D("2019-09-01"), D("2023-09-01"), -1),  # a day younger: a year later
        (D("2019-09-01"), D("2024-09-01"), 0),
        (D("2020-02-29"), D("2024-09-01"), 0),
        (D("2018-08-31"), D("2025-06-01"), 2),
        (D("2014-05-05"), D("2025-09-03"), 7),
        (D("2010-08-31"), D("2026-06-01"), 11),
        (D("2010-09-01"), D("2026-06-01"), 10),
        (D("2007-12-01"), D("2025-10-01"), 13),
        (D("2023-01-01"), D("2023-06-01"), -5),  # reception in Sep 2027
    ],
    ids=str,
)
def test_year_group(dob, on, expected):
    assert year_group(dob, on) == expected


# --------------------------------------------------------------------------------------------
# When a request counts as received: the 5pm rule, GMT and BST
# --------------------------------------------------------------------------------------------


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("arrived_at", "expected"),
    [
        # GMT, before the clocks go forward on Sun 30 Mar 2025
        (utc(2025, 3, 28, 16, 59), D("2025-03-28")),
        (utc(2025, 3, 28, 17, 0), D("2025-03-28")),  # 17:00 GMT on a Friday is not "after 5pm"
        (utc(2025, 3, 28, 17, 0, 1), D("2025-03-31")),  # one second after 5pm
        (utc(2025, 3, 30, 12, 0), D("2025-03-31")),  # the Sunday the clocks change
        # BST: 16:00 UTC is 17:00 local
        (utc(2025, 3, 31, 15, 59), D("2025-03-31")),  # 16:59 BST
        (utc(2025, 3, 31, 16, 30), D("2025-04-01")),  # 17:30 BST
        (utc(2025, 10, 24, 15, 30), D("2025-10-24")),  # 16:30 BST, last Friday of BST
        (utc(2025, 10, 24, 16, 30), D("2025-10-27")),  # 17:30 BST on a Friday
        (utc(2025, 10, 27, 16, 30), D("2025-10-27")),  # 16:30 GMT after the change
        (utc(2026, 3, 27, 16, 0), D("2026-03-27")),  # 16:00 GMT
        (utc(2026, 3, 30, 16, 0), D("2026-03-30")),  # 17:00 BST
        (utc(2026, 3, 30, 16, 1), D("2026-03-31")),  # 17:01 BST
        # the local date differs from the UTC date
        (utc(2025, 6, 1, 23, 30), D("2025-06-02")),  # Monday 00:30 BST
        (utc(2025, 12, 31, 23, 30), D("2026-01-02")),  # New Year's Eve 23:30, holiday next
        # holidays and weekends
        (utc(2025, 12, 24, 17, 30), D("2025-12-29")),
        (utc(2025, 4, 17, 17, 0), D("2025-04-22")),  # 18:00 BST on Maundy Thursday
        (utc(2025, 4, 18, 8, 0), D("2025-04-22")),  # Good Friday morning
        (utc(2026, 1, 1, 0, 30), D("2026-01-02")),
        # other zones
        (datetime(2025, 7, 1, 16, 30, tzinfo=timezone(timedelta(hours=-4))), D("2025-07-02")),
        (datetime(2025, 7, 1, 16, 59, 59, tzinfo=LONDON), D("2025-07-01")),
        (datetime(2025, 7, 1, 17, 0, tzinfo=LONDON), D("2025-07-01")),
        (datetime(2025, 7, 1, 17, 0, 0, 1, tzinfo=LONDON), D("2025-07-02")),
    ],
    ids=str,
)
def test_request_received_on(arrived_at, expected):
    assert request_received_on(arrived_at) == expected


def test_request_received_on_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        request_received_on(datetime(2025, 3, 3, 9, 0))


def test_request_received_on_refuses_dates():
    with pytest.raises(TypeError):
        request_received_on(D("2025-03-03"))


# --------------------------------------------------------------------------------------------
# deadline_status
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "met_on", "today", "warn", "expected"),
    [
        (D("2025-03-10"), D("2025-03-10"), D("2025-03-10"), 5, MET_ON_TIME),
        (D("2025-03-10"), D("2025-03-01"), D("2025-06-01"), 5, MET_ON_TIME),
        (D("2025-03-10"), D("2025-03-11"), D("2025-03-11"), 5, MET_LATE),
        (D("2025-03-10"), D("2025-03-11"), D("2025-01-01"), 5, MET_LATE),
        (D("2025-03-10"), None, D("2025-03-11"), 5, OVERDUE),
        (D("2025-03-10"), None, D("2025-03-10"), 5, DUE_SOON),  # due today
        (D("2025-03-10"), None, D("2025-03-03"), 5, DUE_SOON),  # exactly 5 working days
        (D("2025-03-11"), None, D("2025-03-03"), 5, ON_TRACK),  # 6 working days away
        (D("2025-03-08"), None, D("2025-03-03"), 5, DUE_SOON),  # due on a Saturday
        (D("2025-04-28"), None, D("2025-04-17"), 5, DUE_SOON),  # 5 working days over Easter
        (D("2025-04-29"), None, D("2025-04-17"), 5, ON_TRACK),
        (D("2025-03-10"), None, D("2025-03-10"), 0, DUE_SOON),
        (D("2025-03-11"), None, D("2025-03-10"), 0, ON_TRACK),
        (D("2025-03-21"), None, D("2025-03-10"), 10, DUE_SOON),
    ],
    ids=str,
)
def test_deadline_status(due, met_on, today, warn, expected):
    assert deadline_status(due, met_on=met_on, today=today, warn_working_days=warn) == expected


def test_deadline_status_values():
    assert (ON_TRACK, DUE_SOON, OVERDUE, MET_ON_TIME, MET_LATE) == (
        "on_track",
        "due_soon",
        "overdue",
        "met_on_time",
        "met_late",
    )


# --------------------------------------------------------------------------------------------
# The module never reads today's date
# --------------------------------------------------------------------------------------------


def _compute_everything():
    return (
        assessment_deadlines(D("2025-01-06")),
        add_working_days(D("2025-12-24"), 4),
        annual_review_due(D("2025-08-31"), date_of_birth=UNDER_FIVE),
        appeal_deadline(D("2025-10-25"), D("2025-11-01")),
        becomes_young_person_on(D("2010-08-31")),
        year_group(D("2014-05-05"), D("2025-09-03")),
        request_received_on(utc(2025, 3, 31, 16, 30)),
        deadline_status(D("2025-03-10"), met_on=None, today=D("2025-03-03")),
        deadline_status(D("2025-03-10"), met_on=None, today=D("2025-04-03")),
    )


def test_results_do_not_depend_on_the_real_date():
    with time_machine.travel(datetime(2020, 1, 1, 9, 0, tzinfo=UTC), tick=False):
        in_2020 = _compute_everything()
    with time_machine.travel(datetime(2031, 8, 15, 18, 0, tzinfo=UTC), tick=False):
        in_2031 = _compute_everything()
    assert in_2020 == in_2031


def test_source_never_asks_for_the_current_date_or_time():
    # Every module of the clock's package, read as one source.
    from pathlib import Path

    package = Path(inspect.getfile(deadlines)).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) >= 6  # __init__, core, plans, disputes, people, moves
    tree = ast.parse("\n".join(path.read_text() for path in modules))
    forbidden = {"today", "now", "utcnow", "localtime", "time_ns"}
    called = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not called & forbidden
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "timezone" not in imported  # django.utils.timezone
    assert not {"django.db", "django.utils.timezone"} & {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }


# --------------------------------------------------------------------------------------------
# Council settings
# --------------------------------------------------------------------------------------------


def test_defaults_apply_without_django_settings(monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.setattr(deadlines.core, "settings", LazySettings())
    assert add_working_days(D("2025-12-23"), 1) == D("2025-12-24")
    assert assessment_deadlines(D("2025-01-06")).draft_plan_target == D("2025-04-14")
    assert annual_review_due(D("2025-01-10"), date_of_birth=UNDER_FIVE) == D("2025-07-09")


def test_extra_closure_day_is_skipped_by_add_working_days(council_settings):
    assert add_working_days(D("2025-12-23"), 1) == D("2025-12-24")
    council_settings.SEND_EXTRA_CLOSURE_DAYS = ["2025-12-24"]
    assert not is_working_day(D("2025-12-24"))
    assert add_working_days(D("2025-12-23"), 1) == D("2025-12-29")
    assert mediation_certificate_due(D("2025-12-23")) == D("2025-12-31")


def test_extra_closure_days_may_be_dates(council_settings):
    council_settings.SEND_EXTRA_CLOSURE_DAYS = (D("2025-03-11"), D("2025-03-12"))
    assert add_working_days(D("2025-03-10"), 1) == D("2025-03-13")
    assert is_working_day(D("2025-03-10"))


def test_request_arriving_on_a_closure_day_counts_from_the_next_working_day(council_settings):
    council_settings.SEND_EXTRA_CLOSURE_DAYS = ["2025-12-24"]
    assert request_received_on(utc(2025, 12, 24, 10, 0)) == D("2025-12-29")
    assert request_received_on(utc(2025, 12, 23, 18, 0)) == D("2025-12-29")


def test_closure_days_do_not_move_the_tribunal_deadline(council_settings):
    # 12 May 2025 is an ordinary Monday for the Tribunal, whatever the council's office does.
    council_settings.SEND_EXTRA_CLOSURE_DAYS = ["2025-05-12"]
    assert appeal_deadline(D("2025-03-12")) == D("2025-05-12")


@pytest.mark.parametrize(
    "bad", ["2025-12-24", ["24/12/2025"], [datetime(2025, 12, 24, tzinfo=UTC)], [20251224]]
)
def test_malformed_closure_days_fail_loudly(council_settings, bad):
    council_settings.SEND_EXTRA_CLOSURE_DAYS = bad
    with pytest.raises(ImproperlyConfigured):
        add_working_days(D("2025-12-23"), 1)


def test_draft_plan_target_is_a_council_setting(council_settings):
    council_settings.SEND_DRAFT_PLAN_TARGET_WEEKS = 12
    assert assessment_deadlines(D("2025-01-06")).draft_plan_target == D("2025-03-31")
    council_settings.SEND_DRAFT_PLAN_TARGET_WEEKS = 21
    with pytest.raises(ImproperlyConfigured):
        assessment_deadlines(D("2025-01-06"))


def test_under_five_review_period_is_a_council_setting(council_settings):
    council_settings.SEND_UNDER_FIVE_REVIEW_MONTHS = 3
    assert annual_review_due(D("2025-01-10"), date_of_birth=UNDER_FIVE) == D("2025-04-09")
    assert annual_review_due(D("2025-01-10"), date_of_birth=OVER_FIVE) == D("2026-01-09")
    council_settings.SEND_UNDER_FIVE_REVIEW_MONTHS = 0
    with pytest.raises(ImproperlyConfigured):
        annual_review_due(D("2025-01-10"), date_of_birth=UNDER_FIVE)


@pytest.mark.parametrize(
    ("born", "on", "infant", "expected"),
    [
        # born 2022-03-01: reception Sept 2026, so in nursery (-1) during 2025/26
        ("2022-03-01", "2025-10-01", False, (0, 2026, False, "2026-02-14", "2025-11-22")),
        # born 2014-09-01 (oldest of its cohort): year 6 in 2025/26, year 7 from Sept 2026
        ("2014-09-01", "2025-09-01", False, (7, 2026, False, "2026-02-14", "2025-11-22")),
        # born a day earlier, 2014-08-31: a cohort ahead, already in year 7: no move
        ("2014-08-31", "2025-09-01", False, None),
        # year 2 in an infant school moves to junior
        ("2018-12-25", "2025-12-01", True, (3, 2026, False, "2026-02-14", "2025-11-22")),
        ("2018-12-25", "2025-12-01", False, None),
        # year 11 in 2026/27 moves to post-16: 30 March 2027, the last day "before 31 March"
        ("2011-02-03", "2026-10-10", False, (12, 2027, True, "2027-03-30", "2027-01-05")),
    ],
    ids=str,
)
def test_next_phase_transfer(born, on, infant, expected):
    from cases.deadlines import next_phase_transfer

    result = next_phase_transfer(D(born), D(on), from_infant_school=infant)
    if expected is None:
        assert result is None
    else:
        into, year, post16, deadline, review_by = expected
        assert (result.into_year_group, result.transfer_year, result.post16) == (into, year, post16)
        assert result.deadline == D(deadline)
        assert result.review_by == D(review_by)


@pytest.mark.parametrize(
    ("meeting", "invite_by"),
    [("2026-03-16", "2026-03-02"), ("2026-01-05", "2025-12-22"), ("2028-03-07", "2028-02-22")],
    ids=str,
)
def test_review_invitations_due_two_weeks_before_the_meeting(meeting, invite_by):
    from cases.deadlines import review_invitations_due

    assert review_invitations_due(D(meeting)) == D(invite_by)


def test_the_family_contacts_the_mediation_adviser_within_the_letters_2_months():
    assert deadlines.mediation_contact_due(date(2027, 2, 1)) == date(2027, 4, 1)
    # 31 December + 2 months: the last day of February
    assert deadlines.mediation_contact_due(date(2026, 12, 31)) == date(2027, 2, 28)


def test_a_certificate_dated_after_one_month_from_the_letter_gives_a_later_appeal_date():
    letter = date(2027, 2, 1)
    after = deadlines.certificate_extends_appeal_after(letter)
    assert after == date(2027, 3, 1)
    # a certificate on that day gives the same date as the letter; the next day, a later one
    assert deadlines.appeal_deadline(letter, after) == deadlines.appeal_deadline(letter)
    assert deadlines.appeal_deadline(letter, after + timedelta(days=1)) > deadlines.appeal_deadline(
        letter
    )


def test_an_exception_needs_4_continuous_weeks_away_or_closed():
    # Regs 5(4), 10(4), 13(3): grounds (a), (b) and (d) need 4 or more continuous weeks.
    from cases.deadlines import away_from_area_until
    from cases.deadlines import closure_window_long_enough

    assert away_from_area_until(D("2026-07-20")) == D("2026-08-16")
    assert closure_window_long_enough(D("2026-07-15"), D("2026-08-12"))
    assert not closure_window_long_enough(D("2026-07-15"), D("2026-08-11"))
