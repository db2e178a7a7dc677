"""The statutory clock's limits (each with its law), the council's settings, working days and
calendar arithmetic, and the status of a stored deadline: what every part of the clock uses."""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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
