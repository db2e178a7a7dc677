"""How long a child's record is kept: pure date arithmetic, no ORM and no `today()` inside.

A record is kept until the young person's 31st birthday (`SEND_RETENTION_AGE_YEARS`, the usual
figure in councils' schedules for SEND files: check the council's own) and, when
`SEND_RETENTION_CLOSED_YEARS` is above 0, until that many years after the last case closed:
whichever is later. It is past retention from the day after that date.
"""

import datetime

from django.conf import settings

AGE_YEARS_DEFAULT = 31  # the council's retention schedule (check): until the young person is 31
CLOSED_YEARS_DEFAULT = 0  # years after the last case closed; 0 = not used


def age_years() -> int:
    return int(getattr(settings, "SEND_RETENTION_AGE_YEARS", AGE_YEARS_DEFAULT))


def closed_years() -> int:
    return int(getattr(settings, "SEND_RETENTION_CLOSED_YEARS", CLOSED_YEARS_DEFAULT))


def anniversary(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` later; 29 February becomes 1 March in a year without one, as in
    `cases.deadlines.age_on` (a person born on 29 February attains an age on 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def retained_until(
    date_of_birth: datetime.date,
    last_closed_on: datetime.date | None,
    *,
    age: int,
    closed: int,
) -> datetime.date:
    """The last day the record is kept: the birthday at `age`, or `closed` years after the last
    case closed, whichever is later."""
    until = anniversary(date_of_birth, age)
    if closed and last_closed_on is not None:
        until = max(until, anniversary(last_closed_on, closed))
    return until


def latest_date_past(today: datetime.date, years: int) -> datetime.date:
    """The latest date d with `anniversary(d, years)` before `today`: a date of birth (or of
    closing) on or before it is past retention. Used to filter in SQL."""
    last_kept = today - datetime.timedelta(days=1)
    year = last_kept.year - years
    try:
        return last_kept.replace(year=year)
    except ValueError:  # 29 February in a year without one: 28 February is the latest
        return datetime.date(year, 2, 28)
