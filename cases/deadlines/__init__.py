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
with no settings configured the defaults in `core` apply, so the clock also works outside Django.

One module per part of the law: `core` (the limits with their law, the council's settings,
working days, calendar arithmetic, a deadline's status), `plans`, `disputes`, `people` and
`moves`. Everything is read from the package: `cases.deadlines.<name>`.
"""

from .core import ADVICE
from .core import AMENDED_PLAN
from .core import ANNUAL_REVIEW_MONTHS
from .core import APPEAL_MONTHS_FROM_CERTIFICATE
from .core import APPEAL_MONTHS_FROM_LETTER
from .core import CESSATION_VIEWS_DAYS_DEFAULT
from .core import CONSULTATION_RESPONSE_DAYS
from .core import DECIDE_TO_ASSESS
from .core import DECIDE_TO_ISSUE
from .core import DRAFT_PLAN_TARGET_WEEKS_DEFAULT
from .core import DRAFT_RESPONSE_DAYS
from .core import DUE_SOON
from .core import DUE_SOON_WORKING_DAYS_DEFAULT
from .core import FINAL_PLAN
from .core import LOCAL_TIME_ZONE
from .core import MEDIATION
from .core import MEDIATION_CERTIFICATE_WORKING_DAYS
from .core import MET_LATE
from .core import MET_ON_TIME
from .core import ON_TRACK
from .core import OVERDUE
from .core import PHASE_TRANSFER_LAST_DAY
from .core import PHASE_TRANSFER_POST16_LAST_DAY
from .core import PHASE_TRANSFER_POST16_WORDING
from .core import PHASE_TRANSFER_WORDING
from .core import RECEPTION_AGE
from .core import REQUEST_CUT_OFF
from .core import REVIEW_DECISION
from .core import REVIEW_NOTICE
from .core import REVIEW_REPORT
from .core import SCHOOL_LEAVING_MONTH
from .core import SCHOOL_LEAVING_WEEKDAY
from .core import SCHOOL_YEAR_START_MONTH
from .core import TRIBUNAL_SUMMER_BREAK_MONTH
from .core import TRIBUNAL_WINTER_BREAK
from .core import UNDER_FIVE_AGE
from .core import UNDER_FIVE_REVIEW_MONTHS_DEFAULT
from .core import YOUNG_PERSON_AGE
from .core import add_months
from .core import add_weeks
from .core import add_working_days
from .core import age_on
from .core import deadline_status
from .core import is_working_day
from .core import request_received_on
from .disputes import AGREEMENT_OTHER
from .disputes import HEALTH_COMMISSIONER_TOLD_WORKING_DAYS
from .disputes import ORDER_AMEND
from .disputes import ORDER_ASSESS_FINAL_PLAN
from .disputes import ORDER_ASSESS_NO_PLAN
from .disputes import ORDER_ASSESS_NOTICE
from .disputes import ORDER_CONTINUE
from .disputes import ORDER_MAKE_PLAN_DRAFT
from .disputes import ORDER_MAKE_PLAN_FINAL
from .disputes import ORDER_PLACEMENT
from .disputes import ORDER_STEPS
from .disputes import RECOMMENDATION_RESPONSE
from .disputes import appeal_deadline
from .disputes import certificate_extends_appeal_after
from .disputes import health_commissioner_told_due
from .disputes import mediation_certificate_due
from .disputes import mediation_contact_due
from .disputes import mediation_due
from .disputes import order_steps_due
from .disputes import recommendation_response_due
from .moves import MOVE_HANDOVER_WORKING_DAYS
from .moves import MOVE_IN_HEALTH_WORKING_DAYS
from .moves import MOVE_IN_NOTICE
from .moves import MOVE_IN_REVIEW_MONTHS
from .moves import REASSESSMENT_DECISION
from .moves import REASSESSMENT_PLAN
from .moves import REASSESSMENT_RECENT_MONTHS
from .moves import TRANSFER_NOTICE
from .moves import TRANSFER_REVIEW
from .moves import TRANSFER_REVIEW_LONGER
from .moves import TRANSFER_REVIEW_LONGER_FROM
from .moves import move_in_first_review_due
from .moves import move_in_health_due
from .moves import move_in_notice_due
from .moves import move_out_handover_due
from .moves import reassessment_decision_due
from .moves import reassessment_plan_due
from .moves import reassessment_recent_until
from .moves import transfer_review_due
from .moves import transfer_review_earliest_start
from .people import PHASE_TRANSFER_REVIEW_LEAD
from .people import POST16_MOVE
from .people import POST16_MOVE_MONTHS
from .people import PhaseTransfer
from .people import becomes_young_person_on
from .people import next_phase_transfer
from .people import post16_move_deadline
from .people import post16_move_transfer
from .people import school_year_start
from .people import year_group
from .plans import EXCEPTION_MIN_WEEKS
from .plans import AssessmentDeadlines
from .plans import advice_due
from .plans import amended_plan_due
from .plans import annual_review_due
from .plans import assessment_deadlines
from .plans import away_from_area_until
from .plans import cessation_views_due
from .plans import closure_window_long_enough
from .plans import consultation_response_due
from .plans import draft_response_due
from .plans import phase_transfer_deadline
from .plans import review_decision_due
from .plans import review_invitations_due
from .plans import review_report_due

__all__ = [
    "EXCEPTION_MIN_WEEKS",
    "away_from_area_until",
    "closure_window_long_enough",
    "ADVICE",
    "AGREEMENT_OTHER",
    "AMENDED_PLAN",
    "ANNUAL_REVIEW_MONTHS",
    "APPEAL_MONTHS_FROM_CERTIFICATE",
    "APPEAL_MONTHS_FROM_LETTER",
    "AssessmentDeadlines",
    "CESSATION_VIEWS_DAYS_DEFAULT",
    "CONSULTATION_RESPONSE_DAYS",
    "DECIDE_TO_ASSESS",
    "DECIDE_TO_ISSUE",
    "DRAFT_PLAN_TARGET_WEEKS_DEFAULT",
    "DRAFT_RESPONSE_DAYS",
    "DUE_SOON",
    "DUE_SOON_WORKING_DAYS_DEFAULT",
    "FINAL_PLAN",
    "HEALTH_COMMISSIONER_TOLD_WORKING_DAYS",
    "LOCAL_TIME_ZONE",
    "MEDIATION",
    "MEDIATION_CERTIFICATE_WORKING_DAYS",
    "MET_LATE",
    "MET_ON_TIME",
    "MOVE_HANDOVER_WORKING_DAYS",
    "MOVE_IN_HEALTH_WORKING_DAYS",
    "MOVE_IN_NOTICE",
    "MOVE_IN_REVIEW_MONTHS",
    "ON_TRACK",
    "ORDER_AMEND",
    "ORDER_ASSESS_FINAL_PLAN",
    "ORDER_ASSESS_NOTICE",
    "ORDER_ASSESS_NO_PLAN",
    "ORDER_CONTINUE",
    "ORDER_MAKE_PLAN_DRAFT",
    "ORDER_MAKE_PLAN_FINAL",
    "ORDER_PLACEMENT",
    "ORDER_STEPS",
    "OVERDUE",
    "PHASE_TRANSFER_LAST_DAY",
    "PHASE_TRANSFER_POST16_LAST_DAY",
    "PHASE_TRANSFER_POST16_WORDING",
    "PHASE_TRANSFER_REVIEW_LEAD",
    "PHASE_TRANSFER_WORDING",
    "POST16_MOVE",
    "POST16_MOVE_MONTHS",
    "PhaseTransfer",
    "REASSESSMENT_DECISION",
    "REASSESSMENT_PLAN",
    "REASSESSMENT_RECENT_MONTHS",
    "RECEPTION_AGE",
    "RECOMMENDATION_RESPONSE",
    "REQUEST_CUT_OFF",
    "REVIEW_DECISION",
    "REVIEW_NOTICE",
    "REVIEW_REPORT",
    "SCHOOL_LEAVING_MONTH",
    "SCHOOL_LEAVING_WEEKDAY",
    "SCHOOL_YEAR_START_MONTH",
    "TRANSFER_NOTICE",
    "TRANSFER_REVIEW",
    "TRANSFER_REVIEW_LONGER",
    "TRANSFER_REVIEW_LONGER_FROM",
    "TRIBUNAL_SUMMER_BREAK_MONTH",
    "TRIBUNAL_WINTER_BREAK",
    "UNDER_FIVE_AGE",
    "UNDER_FIVE_REVIEW_MONTHS_DEFAULT",
    "YOUNG_PERSON_AGE",
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
    "cessation_views_due",
    "consultation_response_due",
    "deadline_status",
    "draft_response_due",
    "health_commissioner_told_due",
    "is_working_day",
    "mediation_certificate_due",
    "mediation_contact_due",
    "mediation_due",
    "move_in_first_review_due",
    "move_in_health_due",
    "move_in_notice_due",
    "move_out_handover_due",
    "next_phase_transfer",
    "order_steps_due",
    "phase_transfer_deadline",
    "post16_move_deadline",
    "post16_move_transfer",
    "reassessment_decision_due",
    "reassessment_plan_due",
    "reassessment_recent_until",
    "recommendation_response_due",
    "request_received_on",
    "review_decision_due",
    "review_invitations_due",
    "review_report_due",
    "school_year_start",
    "transfer_review_due",
    "transfer_review_earliest_start",
    "year_group",
]
