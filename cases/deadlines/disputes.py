"""Mediation, appeals to the Tribunal, and the limits that follow an order or an agreement."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from .core import APPEAL_MONTHS_FROM_CERTIFICATE
from .core import APPEAL_MONTHS_FROM_LETTER
from .core import MEDIATION
from .core import MEDIATION_CERTIFICATE_WORKING_DAYS
from .core import TRIBUNAL_SUMMER_BREAK_MONTH
from .core import TRIBUNAL_WINTER_BREAK
from .core import _check_date
from .core import _is_statutory_working_day
from .core import _next_statutory_working_day
from .core import add_months
from .core import add_working_days

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
