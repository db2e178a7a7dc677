"""Ages, school years, the year a child moves school, and when a child becomes a young person."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from .core import RECEPTION_AGE
from .core import SCHOOL_LEAVING_MONTH
from .core import SCHOOL_LEAVING_WEEKDAY
from .core import SCHOOL_YEAR_START_MONTH
from .core import YOUNG_PERSON_AGE
from .core import _check_date
from .core import add_months
from .plans import phase_transfer_deadline

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
