"""Transfer reviews of statements and LDAs, moves between councils, and reassessment."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from .core import _check_date
from .core import add_months
from .core import add_working_days
from .plans import annual_review_due

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
