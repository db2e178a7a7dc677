"""The EHC needs assessment, the plan, its reviews and amendments, and phase transfers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from .core import ADVICE
from .core import AMENDED_PLAN
from .core import ANNUAL_REVIEW_MONTHS
from .core import CESSATION_VIEWS_DAYS_DEFAULT
from .core import CONSULTATION_RESPONSE_DAYS
from .core import DECIDE_TO_ASSESS
from .core import DECIDE_TO_ISSUE
from .core import DRAFT_RESPONSE_DAYS
from .core import FINAL_PLAN
from .core import PHASE_TRANSFER_LAST_DAY
from .core import PHASE_TRANSFER_POST16_LAST_DAY
from .core import REVIEW_DECISION
from .core import REVIEW_NOTICE
from .core import REVIEW_REPORT
from .core import UNDER_FIVE_AGE
from .core import _check_date
from .core import _check_int
from .core import _draft_plan_target_weeks
from .core import _period_last_day
from .core import _setting
from .core import _under_five_review_months
from .core import add_weeks
from .core import age_on

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


# Exceptions to the 6-, 16- and 20-week limits: grounds (a), (b) and (d) need "4 or more
# continuous weeks" (SEND Regs 2014 regs 5(4), 10(4), 13(3)).
EXCEPTION_MIN_WEEKS = 4


def away_from_area_until(starts_on: date) -> date:
    """Ground (d): the earliest last day away that makes 4 continuous weeks from `starts_on`."""
    _check_date(starts_on, "starts_on")
    return starts_on + timedelta(weeks=EXCEPTION_MIN_WEEKS, days=-1)


def closure_window_long_enough(starts_on: date, ends_on: date) -> bool:
    """Grounds (a), (b): the window from 1 week before a closure to 1 week before it reopens is
    as long as the closure, so a closure of 4 or more continuous weeks gives a window at least
    that long."""
    _check_date(starts_on, "starts_on")
    _check_date(ends_on, "ends_on")
    return ends_on - starts_on >= timedelta(weeks=EXCEPTION_MIN_WEEKS)
