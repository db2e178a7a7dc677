"""The statutory clock: the one place in the codebase where statutory dates are computed.

Every date the product shows, stores or reports against a legal time limit comes from a function
in this module; views, services, tasks and reports call it and never do their own date arithmetic.
It is pure date arithmetic: no ORM, and it never reads today's date (callers pass every date in,
including "today"), so the same inputs always give the same answer.

Counting conventions (docs: DOMAIN.md, "The statutory clock" and its "Exact counting" table):

* Weeks are calendar weeks: "within 6 weeks of receiving the request" is received + 42 days.
* Months are calendar months: the same date N months later, or the last day of that month where it
  has no such date (31 January + 1 month = 28/29 February).
* "N days beginning with the day of service" includes the day of service: the last day is
  served + (N - 1) days.
* Nothing pauses the clock: school holidays, bank holidays and weekends do not stop it; they only
  matter where a limit is expressed in working days, or where a rule (the Tribunal's rule 12) moves
  a date that falls on one of them.
* A working day is any day except Saturday, Sunday and the bank holidays of England and Wales
  (which include Christmas Day, Good Friday, substitute days and one-off days such as royal events),
  taken from the maintained ``holidays`` library, plus any extra closure days the council adds in
  the ``SEND_EXTRA_CLOSURE_DAYS`` setting. The Tribunal's own rules define a working day without
  council closure days, so ``appeal_deadline`` ignores them.

Limits fixed by law are module constants citing their source. The few figures a council may change
are Django settings read lazily at call time (``SEND_UNDER_FIVE_REVIEW_MONTHS``,
``SEND_DRAFT_PLAN_TARGET_WEEKS``, ``SEND_EXTRA_CLOSURE_DAYS``, ``SEND_CESSATION_VIEWS_DAYS``);
with no settings configured the defaults below apply, so the module also works outside Django.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "AssessmentDeadlines",
    "DUE_SOON",
    "MET_LATE",
    "MET_ON_TIME",
    "ON_TRACK",
    "OVERDUE",
    "add_months",
    "add_weeks",
    "add_working_days",
    "advice_due",
    "age_on",
    "amended_plan_due",
    "annual_review_due",
    "appeal_deadline",
    "assessment_deadlines",
    "becomes_young_person_on",
    "certificate_extends_appeal_after",
    "consultation_response_due",
    "deadline_status",
    "draft_response_due",
    "is_working_day",
    "mediation_certificate_due",
    "mediation_contact_due",
    "mediation_due",
    "phase_transfer_deadline",
    "post16_move_deadline",
    "post16_move_transfer",
    "request_received_on",
    "review_decision_due",
    "review_report_due",
    "school_year_start",
    "year_group",
]

# --------------------------------------------------------------------------------------------
# Statutory limits
# --------------------------------------------------------------------------------------------

# EHC needs assessment, counted from the day the request was received.
DECIDE_TO_ASSESS = timedelta(weeks=6)  # SEND Regs 2014 reg 5(1)
DECIDE_TO_ISSUE = timedelta(weeks=16)  # SEND Regs 2014 reg 10(1): notice of a decision not to issue
FINAL_PLAN = timedelta(weeks=20)  # SEND Regs 2014 reg 13(2)
ADVICE = timedelta(weeks=6)  # SEND Regs 2014 reg 8(1), from the adviser's receipt of the request

# Periods of N days "beginning with" a day include that day.
DRAFT_RESPONSE_DAYS = 15  # SEND Regs 2014 regs 13(1), 22(2): 15 days beginning with service
CONSULTATION_RESPONSE_DAYS = 15  # SEND Code of Practice 2015 para 9.79 (guidance, not law)

# Reviews.
ANNUAL_REVIEW_MONTHS = 12  # CFA 2014 s.44(1): each period of 12 months starting with issue/review
UNDER_FIVE_AGE = 5  # SEND Code of Practice 2015 para 9.178: more frequent reviews under 5
REVIEW_NOTICE = timedelta(
    weeks=2
)  # SEND Regs 2014 reg 20(3),(4): invitations and advice 2 weeks before
REVIEW_REPORT = timedelta(weeks=2)  # SEND Regs 2014 reg 20(7)
REVIEW_DECISION = timedelta(weeks=4)  # SEND Regs 2014 reg 20(10)
AMENDED_PLAN = timedelta(weeks=8)  # SEND Regs 2014 reg 22(3), from sending the proposals

# Phase transfers: the regulation says "before 15 February / 31 March"; these are the last days.
PHASE_TRANSFER_LAST_DAY = (2, 14)  # SEND Regs 2014 reg 18(1): "before 15th February"
PHASE_TRANSFER_POST16_LAST_DAY = (3, 30)  # SEND Regs 2014 reg 18(1): "before 31st March" (post-16)
PHASE_TRANSFER_WORDING = "before 15 February"  # SEND Regs 2014 reg 18(1), for screens
PHASE_TRANSFER_POST16_WORDING = "before 31 March"  # SEND Regs 2014 reg 18(1), for screens

# Mediation and appeal.
MEDIATION_CERTIFICATE_WORKING_DAYS = 3  # SEND Regs 2014 regs 34, 39
MEDIATION = timedelta(days=30)  # SEND Regs 2014 reg 37, from the council being informed
APPEAL_MONTHS_FROM_LETTER = 2  # HESC Rules 2008 r.20(1)(c)
APPEAL_MONTHS_FROM_CERTIFICATE = 1  # HESC Rules 2008 r.20(1)(c)
TRIBUNAL_WINTER_BREAK = ((12, 25), (1, 1))  # HESC Rules 2008 r.12(3): 25 Dec to 1 Jan inclusive
TRIBUNAL_SUMMER_BREAK_MONTH = 8  # HESC Rules 2008 r.12(3): any day in August

# Young person and school years.
YOUNG_PERSON_AGE = 16  # CFA 2014 s.83(2) with Education Act 1996 s.8 (compulsory school age)
SCHOOL_LEAVING_WEEKDAY = calendar.FRIDAY  # Education (School Leaving Date) Order 1997: last Friday
SCHOOL_LEAVING_MONTH = 6  # Education (School Leaving Date) Order 1997: ... in June
SCHOOL_YEAR_START_MONTH = 9  # DfE convention for age cohorts: the school year runs 1 Sep to 31 Aug
RECEPTION_AGE = 4  # School Admissions Code: a reception place from the September after age 4

# Receipt of requests: the regulations are silent; the council's stated rule (DOMAIN.md).
REQUEST_CUT_OFF = time(
    17, 0
)  # DOMAIN.md: a request arriving after 5pm counts from the next working day
LOCAL_TIME_ZONE = ZoneInfo("Europe/London")  # ARCHITECTURE.md: time zone Europe/London

# --------------------------------------------------------------------------------------------
# Council settings (defaults); read lazily through django.conf.settings
# --------------------------------------------------------------------------------------------

UNDER_FIVE_REVIEW_MONTHS_DEFAULT = 6  # SEND Code of Practice 2015 para 9.178 "every 3 to 6 months"
DRAFT_PLAN_TARGET_WEEKS_DEFAULT = 14  # council target, not law: room for the 15 days + consultation
# Regs 29-30 set no period for the family's views when ceasing is considered: council practice,
# the same 15 days (beginning with the day they are told) as for a draft plan.
CESSATION_VIEWS_DAYS_DEFAULT = 15

# --------------------------------------------------------------------------------------------
# deadline_status values
# --------------------------------------------------------------------------------------------

ON_TRACK = "on_track"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
MET_ON_TIME = "met_on_time"
MET_LATE = "met_late"
DUE_SOON_WORKING_DAYS_DEFAULT = 5  # product rule: warn within 5 working days of the due date


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _setting(name: str, default):
    """Read a council setting at call time; fall back to the default without Django settings."""
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


def _check_date(value, name: str) -> date:
    # datetime is a subclass of date: refuse it, so nobody passes timezone.now() by mistake.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def _check_int(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def _int_setting(name: str, default: int, low: int, high: int) -> int:
    value = _setting(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {low} to {high}, not {value!r}"
        )
    return value


def _under_five_review_months() -> int:
    return _int_setting("SEND_UNDER_FIVE_REVIEW_MONTHS", UNDER_FIVE_REVIEW_MONTHS_DEFAULT, 1, 12)


def _draft_plan_target_weeks() -> int:
    # Must fall before the 20-week final plan, or the target makes no sense.
    return _int_setting("SEND_DRAFT_PLAN_TARGET_WEEKS", DRAFT_PLAN_TARGET_WEEKS_DEFAULT, 1, 19)


def _extra_closure_days() -> frozenset[date]:
    raw = _setting("SEND_EXTRA_CLOSURE_DAYS", ())
    if raw is None:
        return frozenset()
    if isinstance(raw, str | date) or not isinstance(raw, Iterable):
        raise ImproperlyConfigured(
            "SEND_EXTRA_CLOSURE_DAYS must be a list of dates or ISO date strings, "
            f"not {type(raw).__name__}"
        )
    days = set()
    for item in raw:
        if isinstance(item, datetime):
            raise ImproperlyConfigured(f"SEND_EXTRA_CLOSURE_DAYS holds a datetime: {item!r}")
        if isinstance(item, date):
            days.add(item)
        elif isinstance(item, str):
            try:
                days.add(date.fromisoformat(item.strip()))
            except ValueError as exc:
                raise ImproperlyConfigured(
                    f"SEND_EXTRA_CLOSURE_DAYS holds {item!r}, not an ISO date (YYYY-MM-DD)"
                ) from exc
        else:
            raise ImproperlyConfigured(f"SEND_EXTRA_CLOSURE_DAYS holds {item!r}")
    return frozenset(days)


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    """Bank and public holidays of England and Wales in ``year`` (incl. substitute days)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def _is_statutory_working_day(d: date) -> bool:
    """Not Saturday, Sunday, Christmas Day, Good Friday or an England and Wales bank holiday."""
    return d.weekday() < calendar.SATURDAY and d not in _bank_holidays(d.year)


def _next_statutory_working_day(d: date) -> date:
    """The first statutory working day strictly after ``d`` (no council closure days)."""
    d += timedelta(days=1)
    while not _is_statutory_working_day(d):
        d += timedelta(days=1)
    return d


def _add_working_days(start: date, days: int, closures: frozenset[date]) -> date:
    d = start
    remaining = days
    while remaining:
        d += timedelta(days=1)
        if _is_statutory_working_day(d) and d not in closures:
            remaining -= 1
    return d


# --------------------------------------------------------------------------------------------
# Calendar primitives
# --------------------------------------------------------------------------------------------


def is_working_day(d: date) -> bool:
    """False on weekends, England and Wales bank holidays and council closure days."""
    _check_date(d, "d")
    return _is_statutory_working_day(d) and d not in _extra_closure_days()


def add_weeks(start: date, weeks: int) -> date:
    """``start`` + 7 * ``weeks`` calendar days."""
    _check_date(start, "start")
    _check_int(weeks, "weeks")
    return start + timedelta(weeks=weeks)


def add_months(start: date, months: int) -> date:
    """The same date ``months`` calendar months later, or that month's last day if it is shorter."""
    _check_date(start, "start")
    _check_int(months, "months")
    year, month0 = divmod(start.year * 12 + (start.month - 1) + months, 12)
    month = month0 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day strictly after ``start``; ``days=0`` returns ``start``.

    A start on a non-working day therefore counts from the next working day.
    """
    _check_date(start, "start")
    _check_int(days, "days")
    if days < 0:
        raise ValueError("days must not be negative")
    return _add_working_days(start, days, _extra_closure_days())


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on ``on``.

    A person attains an age at the start of the anniversary of their birth (Family Law Reform Act
    1969 s.9); for a 29 February birthday we read the anniversary in a non-leap year as 1 March
    (28 February is the day before it), so the age is reached on 1 March.
    """
    _check_date(date_of_birth, "date_of_birth")
    _check_date(on, "on")
    if on < date_of_birth:
        raise ValueError("on is before date_of_birth")
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


def _period_last_day(start: date, months: int) -> date:
    """The last day of the period of ``months`` months beginning with (including) ``start``.

    That is the day before the same date ``months`` later; where the later month has no such date,
    the period ends on that month's last day (29 Feb 2024 + 12 months -> 28 Feb 2025).
    """
    same_date_later = add_months(start, months)
    if same_date_later.day != start.day:  # clamped: the later month has no such date
        return same_date_later
    return same_date_later - timedelta(days=1)


# --------------------------------------------------------------------------------------------
# EHC needs assessment and plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssessmentDeadlines:
    """The dates that run from the day a request for an EHC needs assessment was received."""

    decide_to_assess: date  # reg 5(1)
    decide_to_issue: date  # reg 10(1)
    final_plan: date  # reg 13(2)
    draft_plan_target: date  # council target (SEND_DRAFT_PLAN_TARGET_WEEKS), not law


def assessment_deadlines(request_received: date) -> AssessmentDeadlines:
    """All assessment deadlines counted from the day the request was received."""
    _check_date(request_received, "request_received")
    return AssessmentDeadlines(
        decide_to_assess=request_received + DECIDE_TO_ASSESS,
        decide_to_issue=request_received + DECIDE_TO_ISSUE,
        final_plan=request_received + FINAL_PLAN,
        draft_plan_target=add_weeks(request_received, _draft_plan_target_weeks()),
    )


def advice_due(received_by_adviser: date) -> date:
    """Advice is due 6 weeks after the adviser received the request (reg 8(1))."""
    _check_date(received_by_adviser, "received_by_adviser")
    return received_by_adviser + ADVICE


def draft_response_due(served: date) -> date:
    """Last day of the 15 days beginning with the day the draft (or proposals) was served."""
    _check_date(served, "served")
    return served + timedelta(days=DRAFT_RESPONSE_DAYS - 1)


def cessation_views_due(informed_on: date) -> date:
    """The last day the council asks for the family's views when it tells them it is considering
    ceasing the plan (a council setting, ``SEND_CESSATION_VIEWS_DAYS``: no statutory period)."""
    _check_date(informed_on, "informed_on")
    days = _setting("SEND_CESSATION_VIEWS_DAYS", CESSATION_VIEWS_DAYS_DEFAULT)
    return informed_on + timedelta(days=days - 1)


def consultation_response_due(consulted_on: date) -> date:
    """Last day of the 15 days beginning with the day a school or college was consulted."""
    _check_date(consulted_on, "consulted_on")
    return consulted_on + timedelta(days=CONSULTATION_RESPONSE_DAYS - 1)


# --------------------------------------------------------------------------------------------
# Reviews and amendments
# --------------------------------------------------------------------------------------------


def annual_review_due(last_review_or_issue: date, *, date_of_birth: date) -> date:
    """The last day by which the next review must be completed (CFA 2014 s.44(1)).

    The last day of the 12 months starting with the plan's first issue or its last review; of
    ``SEND_UNDER_FIVE_REVIEW_MONTHS`` (6) months instead while the child is under 5 on that day.
    """
    _check_date(last_review_or_issue, "last_review_or_issue")
    _check_date(date_of_birth, "date_of_birth")
    if age_on(date_of_birth, last_review_or_issue) < UNDER_FIVE_AGE:
        months = _under_five_review_months()
    else:
        months = ANNUAL_REVIEW_MONTHS
    return _period_last_day(last_review_or_issue, months)


def review_invitations_due(meeting_on: date) -> date:
    """The last day to invite everyone to a review meeting and circulate the advice: 2 weeks before."""
    _check_date(meeting_on, "meeting_on")
    return meeting_on - REVIEW_NOTICE


def review_report_due(meeting_on: date) -> date:
    """The review report is due 2 weeks after the review meeting (reg 20(7))."""
    _check_date(meeting_on, "meeting_on")
    return meeting_on + REVIEW_REPORT


def review_decision_due(meeting_on: date) -> date:
    """The council's decision after a review is due 4 weeks after the meeting (reg 20(10))."""
    _check_date(meeting_on, "meeting_on")
    return meeting_on + REVIEW_DECISION


def amended_plan_due(proposals_sent_on: date) -> date:
    """The final amended plan is due 8 weeks after the proposals were sent (reg 22(3))."""
    _check_date(proposals_sent_on, "proposals_sent_on")
    return proposals_sent_on + AMENDED_PLAN


def phase_transfer_deadline(transfer_year: int, *, post16: bool) -> date:
    """Last day to review and amend a plan for a phase transfer (reg 18).

    14 February of the transfer year (the law: "before 15 February"), or 30 March for secondary
    school to post-16 ("before 31 March"): show ``PHASE_TRANSFER_WORDING`` /
    ``PHASE_TRANSFER_POST16_WORDING`` alongside.
    """
    _check_int(transfer_year, "transfer_year")
    month, day = PHASE_TRANSFER_POST16_LAST_DAY if post16 else PHASE_TRANSFER_LAST_DAY
    return date(transfer_year, month, day)


# --------------------------------------------------------------------------------------------
# Mediation and appeal
# --------------------------------------------------------------------------------------------


def mediation_certificate_due(informed_on: date) -> date:
    """A mediation certificate is due within 3 working days (regs 34, 39)."""
    _check_date(informed_on, "informed_on")
    return add_working_days(informed_on, MEDIATION_CERTIFICATE_WORKING_DAYS)


def mediation_due(informed_on: date) -> date:
    """Mediation must take place within 30 days of the council being informed (reg 37)."""
    _check_date(informed_on, "informed_on")
    return informed_on + MEDIATION


def _in_winter_break(d: date) -> bool:
    (start_month, start_day), (end_month, end_day) = TRIBUNAL_WINTER_BREAK
    return (d.month, d.day) >= (start_month, start_day) or (d.month, d.day) <= (end_month, end_day)


def _tribunal_rule_12(d: date) -> date:
    """Move the last day for an appeal by HESC Rules 2008 r.12, once.

    Where the time ends from 25 December to 1 January, it moves to the first working day after
    1 January; in August, to the first working day after 31 August (r.12(3)(a)); on any other
    non-working day, to the next working day (r.12(2)). The break rule looks at the day the time
    ends, not at the day it was moved to: a time ending on Saturday 31 July moves to Monday
    2 August, and no further (the safer date to show a family). Working days here are the
    Tribunal's (r.1(3)): council closure days do not count.
    """
    if _in_winter_break(d):
        return _next_statutory_working_day(date(d.year + 1 if d.month == 12 else d.year, 1, 1))
    if d.month == TRIBUNAL_SUMMER_BREAK_MONTH:
        return _next_statutory_working_day(date(d.year, 8, 31))
    if not _is_statutory_working_day(d):
        return _next_statutory_working_day(d)
    return d


def appeal_deadline(decision_letter_on: date, certificate_on: date | None = None) -> date:
    """Last day to appeal to the First-tier Tribunal (SEND).

    The later of 2 months after the decision letter and 1 month after the mediation certificate
    (HESC Rules 2008 r.20(1)(c)), then moved by the Tribunal's holiday rule r.12.
    """
    _check_date(decision_letter_on, "decision_letter_on")
    last_day = add_months(decision_letter_on, APPEAL_MONTHS_FROM_LETTER)
    if certificate_on is not None:
        _check_date(certificate_on, "certificate_on")
        last_day = max(last_day, add_months(certificate_on, APPEAL_MONTHS_FROM_CERTIFICATE))
    return _tribunal_rule_12(last_day)


def mediation_contact_due(decision_letter_on: date) -> date:
    """The last day the family can contact the mediation adviser before an appeal: within the
    2 months of the decision letter that the appeal allows (CFA 2014 s.55(3), HESC r.20(1)(c))."""
    _check_date(decision_letter_on, "decision_letter_on")
    return add_months(decision_letter_on, APPEAL_MONTHS_FROM_LETTER)


def certificate_extends_appeal_after(decision_letter_on: date) -> date:
    """A mediation certificate dated after this day gives a later appeal deadline than the
    letter's 2 months (1 month from the certificate, HESC r.20(1)(c)): the day a letter names."""
    _check_date(decision_letter_on, "decision_letter_on")
    return add_months(
        decision_letter_on, APPEAL_MONTHS_FROM_LETTER - APPEAL_MONTHS_FROM_CERTIFICATE
    )


# After a disagreement: the council's limits once the family has asked for mediation, a
# mediation agreement is reached, the Tribunal orders or the council concedes (mediation app).
HEALTH_COMMISSIONER_TOLD_WORKING_DAYS = 3  # SEND Regs 2014 reg 35: health care among the issues
ORDER_ASSESS_NOTICE = timedelta(weeks=2)  # SEND Regs 2014 reg 44(2)(a): say it will (re)assess
ORDER_ASSESS_NO_PLAN = timedelta(weeks=10)  # SEND Regs 2014 reg 44(2)(b): notice that no plan
ORDER_ASSESS_FINAL_PLAN = timedelta(weeks=14)  # SEND Regs 2014 reg 44(2)(c): the final plan
ORDER_MAKE_PLAN_DRAFT = timedelta(weeks=5)  # SEND Regs 2014 reg 44(2)(d): the draft plan
ORDER_MAKE_PLAN_FINAL = timedelta(weeks=11)  # SEND Regs 2014 reg 44(2)(d): the final plan
ORDER_AMEND = timedelta(weeks=5)  # SEND Regs 2014 reg 44(2)(e): the amended plan
ORDER_PLACEMENT = timedelta(weeks=2)  # SEND Regs 2014 reg 44(2)(f): the school or college only
ORDER_CONTINUE = timedelta(0)  # SEND Regs 2014 reg 44(2)(g): continue to maintain, immediately
AGREEMENT_OTHER = timedelta(weeks=2)  # SEND Regs 2014 reg 42(3): a matter that cannot be appealed
RECOMMENDATION_RESPONSE = timedelta(weeks=5)  # SEND (FTT Recommendations Power) Regs 2017 reg 6

# What an order (or a mediation agreement on an appealable matter, reg 42(2), or the council's
# notice that it will not oppose an appeal, reg 45) asks, step by step, with each step's limit.
ORDER_STEPS: dict[str, tuple[tuple[str, timedelta], ...]] = {
    "assess": (
        ("assess_notice", ORDER_ASSESS_NOTICE),
        ("no_plan_notice", ORDER_ASSESS_NO_PLAN),
        ("final_plan", ORDER_ASSESS_FINAL_PLAN),
    ),
    "make_plan": (("draft_plan", ORDER_MAKE_PLAN_DRAFT), ("final_plan", ORDER_MAKE_PLAN_FINAL)),
    "amend": (("amended_plan", ORDER_AMEND),),
    "placement": (("placement", ORDER_PLACEMENT),),
    "continue": (("continue", ORDER_CONTINUE),),
    "other": (("agreed_action", AGREEMENT_OTHER),),
}


def health_commissioner_told_due(informed_on: date) -> date:
    """The health commissioner is told of mediation issues that include health care within 3
    working days of the council learning of them (reg 35)."""
    _check_date(informed_on, "informed_on")
    return add_working_days(informed_on, HEALTH_COMMISSIONER_TOLD_WORKING_DAYS)


def order_steps_due(kind: str, from_on: date) -> tuple[tuple[str, date], ...]:
    """Each step an order of this kind asks of the council, with its last day, counted from the
    order (reg 44), the mediation agreement (reg 42) or the notice not to oppose (reg 45).
    "assess" covers a reassessment; "other" is an agreed action on a matter that cannot be
    appealed (2 weeks)."""
    _check_date(from_on, "from_on")
    if kind not in ORDER_STEPS:
        raise ValueError(f"unknown order kind {kind!r}")
    return tuple((step, from_on + limit) for step, limit in ORDER_STEPS[kind])


def recommendation_response_due(recommended_on: date) -> date:
    """A health or social care body answers a Tribunal recommendation in writing within 5 weeks."""
    _check_date(recommended_on, "recommended_on")
    return recommended_on + RECOMMENDATION_RESPONSE


# --------------------------------------------------------------------------------------------
# Ages, school years and young people
# --------------------------------------------------------------------------------------------


def school_year_start(d: date) -> date:
    """1 September of the school year (1 September to 31 August) that contains ``d``."""
    _check_date(d, "d")
    year = d.year if d.month >= SCHOOL_YEAR_START_MONTH else d.year - 1
    return date(year, SCHOOL_YEAR_START_MONTH, 1)


def year_group(date_of_birth: date, on: date) -> int:
    """National Curriculum year group on ``on``: reception 0, Year 1 = 1, nursery -1, and so on.

    A child born 1 September (Y-1) to 31 August Y starts reception in September of Y+4.
    """
    _check_date(date_of_birth, "date_of_birth")
    _check_date(on, "on")
    cohort_year = school_year_start(date_of_birth).year + 1
    reception_start_year = cohort_year + RECEPTION_AGE
    return school_year_start(on).year - reception_start_year


# Year groups a child moves into at a phase transfer (SEND Regs 2014 reg 2 "transfer between
# phases"): early years to reception, infant to junior (year 3, only from an infant school),
# primary to secondary (year 7), and secondary school to post-16 (year 12). In a middle-school
# area the council sets the years of its two moves (primary to middle, middle to secondary).
INTO_RECEPTION, INTO_JUNIOR, INTO_SECONDARY, INTO_POST16 = 0, 3, 7, 12
PHASE_TRANSFER_REVIEW_LEAD = timedelta(weeks=12)  # council setting: meeting + 4 weeks' decision
# + 8 weeks for the amended plan must fit before the reg 18 deadline
POST16_MOVE_MONTHS = 5  # SEND Regs 2014 reg 18(1)(b): at least 5 months before a post-16 move
POST16_MOVE = "one post-16 institution to another"


@dataclass(frozen=True)
class PhaseTransfer:
    into_year_group: int
    transfer_year: int  # the calendar year of the September move, and of the reg 18 deadline
    post16: bool
    deadline: date  # the last day the amended plan may be issued (reg 18)
    review_by: date  # hold the review by this day so the amended plan is in time
    move: str = ""  # which reg 18 move, in words ("primary to secondary school")


def next_phase_transfer(
    date_of_birth: date,
    on: date,
    *,
    from_infant_school: bool = False,
    middle_school_years: tuple[int, int] | None = None,
) -> PhaseTransfer | None:
    """The phase transfer at the start of the next school year after ``on``, if there is one.

    ``middle_school_years``: in a middle-school area, the year groups children move into middle
    school and then into secondary school (e.g. (5, 9)); the year 7 move then does not happen."""
    _check_date(date_of_birth, "date_of_birth")
    _check_date(on, "on")
    into = year_group(date_of_birth, on) + 1
    moves = {INTO_RECEPTION: "early years to school", INTO_POST16: "secondary school to post-16"}
    if middle_school_years is None:
        moves[INTO_SECONDARY] = "primary to secondary school"
    else:
        into_middle, into_secondary = middle_school_years
        moves[into_middle] = "primary to middle school"
        moves[into_secondary] = "middle to secondary school"
    if from_infant_school:
        moves.setdefault(INTO_JUNIOR, "infant to junior school")
    if into not in moves:
        return None
    transfer_year = school_year_start(on).year + 1
    post16 = into == INTO_POST16
    last_day = phase_transfer_deadline(transfer_year, post16=post16)
    return PhaseTransfer(
        into_year_group=into,
        transfer_year=transfer_year,
        post16=post16,
        deadline=last_day,
        review_by=last_day - PHASE_TRANSFER_REVIEW_LEAD,
        move=moves[into],
    )


def post16_move_deadline(move_on: date) -> date:
    """Last day to amend the plan before a move from one post-16 institution to another: at
    least 5 months before the move (reg 18(1)(b)): the same date 5 months earlier."""
    _check_date(move_on, "move_on")
    return add_months(move_on, -POST16_MOVE_MONTHS)


def post16_move_transfer(move_on: date) -> PhaseTransfer:
    """The reg 18 transfer of a young person moving from one post-16 institution to another."""
    last_day = post16_move_deadline(move_on)
    return PhaseTransfer(
        into_year_group=INTO_POST16,
        transfer_year=move_on.year,
        post16=True,
        deadline=last_day,
        review_by=last_day - PHASE_TRANSFER_REVIEW_LEAD,
        move=POST16_MOVE,
    )


def _last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def becomes_young_person_on(date_of_birth: date) -> date:
    """The day a child becomes a young person (CFA 2014 s.83, Education Act 1996 s.8).

    The day after the school leaving date (last Friday in June) of the school year, 1 September to
    31 August, in which the child turns 16. A 29 February birthday turns 16 on 29 February or
    1 March: the same school year either way.
    """
    _check_date(date_of_birth, "date_of_birth")
    # The school year containing the 16th birthday ends in this calendar year.
    end_year = school_year_start(date_of_birth).year + 1 + YOUNG_PERSON_AGE
    leaving_date = _last_weekday_of_month(end_year, SCHOOL_LEAVING_MONTH, SCHOOL_LEAVING_WEEKDAY)
    return leaving_date + timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Receipt of a request and the status of a deadline
# --------------------------------------------------------------------------------------------


def request_received_on(arrived_at: datetime) -> date:
    """The day the clock starts for a request that arrived at ``arrived_at`` (an aware datetime).

    That day (in Europe/London) if it is a working day and the request arrived by 17:00 (5pm
    itself counts as that day), otherwise the next working day.
    """
    if not isinstance(arrived_at, datetime):
        raise TypeError(f"arrived_at must be a datetime, not {type(arrived_at).__name__}")
    if arrived_at.tzinfo is None or arrived_at.utcoffset() is None:
        raise ValueError("arrived_at must be an aware datetime")
    local = arrived_at.astimezone(LOCAL_TIME_ZONE)
    day = local.date()
    closures = _extra_closure_days()
    if _is_statutory_working_day(day) and day not in closures and local.time() <= REQUEST_CUT_OFF:
        return day
    return _add_working_days(day, 1, closures)


def deadline_status(
    due: date,
    *,
    met_on: date | None,
    today: date,
    warn_working_days: int = DUE_SOON_WORKING_DAYS_DEFAULT,
) -> str:
    """Where a deadline stands: one of ON_TRACK, DUE_SOON, OVERDUE, MET_ON_TIME, MET_LATE.

    A met deadline is judged on ``met_on`` alone. An open one is OVERDUE after ``due``, DUE_SOON
    when ``due`` is no later than ``warn_working_days`` working days after ``today``, otherwise
    ON_TRACK.
    """
    _check_date(due, "due")
    _check_date(today, "today")
    if met_on is not None:
        _check_date(met_on, "met_on")
        return MET_ON_TIME if met_on <= due else MET_LATE
    if today > due:
        return OVERDUE
    if due <= add_working_days(today, warn_working_days):
        return DUE_SOON
    return ON_TRACK


# --- transfer reviews of statements and LDAs (transfers) -----------------------------------------
# The Children and Families Act 2014 (Transitional and Saving Provisions) (No. 2) Order 2014
# (SI 2014/2270), art. 17: the transfer review's time limits, from the day the review starts.

TRANSFER_REVIEW = timedelta(weeks=14)  # SI 2014/2270 art. 17, reviews started before 1 Sep 2015
TRANSFER_REVIEW_LONGER = timedelta(weeks=18)  # SI 2014/2270 art. 17 as amended from 1 Sep 2015
TRANSFER_REVIEW_LONGER_FROM = date(2015, 9, 1)  # SI 2014/2270 art. 17 as amended: reviews from
TRANSFER_NOTICE = timedelta(weeks=2)  # SI 2014/2270 art. 17: 2 weeks' notice, meeting offered


def transfer_review_due(starts_on: date) -> date:
    """The day a transfer review's EHC needs assessment must be concluded by: 14 weeks from its
    start, 18 weeks for a review starting on or after 1 September 2015."""
    _check_date(starts_on, "starts_on")
    longer = starts_on >= TRANSFER_REVIEW_LONGER_FROM
    return starts_on + (TRANSFER_REVIEW_LONGER if longer else TRANSFER_REVIEW)


def transfer_review_earliest_start(notified_on: date) -> date:
    """The first day a transfer review may start after the family is told of it."""
    _check_date(notified_on, "notified_on")
    return notified_on + TRANSFER_NOTICE


# --------------------------------------------------------------------------------------------
# Moving between councils (regs 15, 16) and reassessment (regs 24 to 27)
# --------------------------------------------------------------------------------------------

MOVE_HANDOVER_WORKING_DAYS = 15  # SEND Regs 2014 reg 15(2)(b): 15 working days of learning of it
MOVE_IN_NOTICE = timedelta(weeks=6)  # SEND Regs 2014 reg 15(4): tell the family within 6 weeks
MOVE_IN_REVIEW_MONTHS = 3  # SEND Regs 2014 reg 15(6): or 3 months from the transfer, if later
MOVE_IN_HEALTH_WORKING_DAYS = 15  # SEND Regs 2014 reg 16(3): the new health commissioner's days
REASSESSMENT_DECISION = timedelta(days=15)  # SEND Regs 2014 reg 24(2): within 15 days of request
REASSESSMENT_RECENT_MONTHS = 6  # SEND Regs 2014 reg 24(3)(a): may refuse within 6 months of last
REASSESSMENT_PLAN = timedelta(weeks=14)  # SEND Regs 2014 reg 27(3)(b): from telling the family


def move_out_handover_due(moved_on: date, learned_on: date) -> date:
    """The last day to pass the plan to the new council (reg 15(2)).

    The day of the move, when the council learned of it at least 15 working days before;
    otherwise the 15th working day after it learned of the move (a move learned of late, even
    after the move itself)."""
    _check_date(moved_on, "moved_on")
    _check_date(learned_on, "learned_on")
    return max(moved_on, add_working_days(learned_on, MOVE_HANDOVER_WORKING_DAYS))


def move_in_notice_due(transferred_on: date) -> date:
    """The last day to tell the family that the council holds the plan, whether it will
    reassess and when it will review: 6 weeks from the transfer (reg 15(4))."""
    _check_date(transferred_on, "transferred_on")
    return transferred_on + MOVE_IN_NOTICE


def move_in_first_review_due(
    last_review_or_issue: date, transferred_on: date, *, date_of_birth: date
) -> date:
    """The first review of a plan taken over from another council (reg 15(6)): by the later of
    the end of the 12 months from its last review (or issue) and 3 months from the transfer."""
    _check_date(transferred_on, "transferred_on")
    return max(
        annual_review_due(last_review_or_issue, date_of_birth=date_of_birth),
        add_months(transferred_on, MOVE_IN_REVIEW_MONTHS),
    )


def move_in_health_due(transferred_on: date) -> date:
    """The new health commissioner's last day to ask for a review or an assessment when it
    cannot secure the plan's health provision (reg 16(3)): 15 working days."""
    _check_date(transferred_on, "transferred_on")
    return add_working_days(transferred_on, MOVE_IN_HEALTH_WORKING_DAYS)


def reassessment_decision_due(requested_on: date) -> date:
    """The last day to tell the family whether the council will reassess (reg 24(2))."""
    _check_date(requested_on, "requested_on")
    return requested_on + REASSESSMENT_DECISION


def reassessment_recent_until(last_assessed_on: date) -> date:
    """The last day on which a request may be refused because the last assessment is less than
    6 months old (reg 24(3)(a)): the day before the same date 6 months later."""
    _check_date(last_assessed_on, "last_assessed_on")
    return add_months(last_assessed_on, REASSESSMENT_RECENT_MONTHS) - timedelta(days=1)


def reassessment_plan_due(told_on: date) -> date:
    """The amended or replaced plan after a reassessment: 14 weeks from the day the family was
    told the council will reassess (reg 27(3))."""
    _check_date(told_on, "told_on")
    return told_on + REASSESSMENT_PLAN
