"""Exceptions to the 6-, 16- and 20-week limits (regs 5(4), 10(4), 13(3)): each recorded with its
ground, dates and reason, checked against what the regulations allow."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import deadlines
from cases.audit import audit_record
from cases.models import AdviceKind
from cases.models import AssessmentRequest
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import ExceptionGround
from cases.models import TimeLimitException
from cases.models import User
from cases.rules import proceed
from cases.validation import check_case_date

from ._common import deadlines_of
from .requests import _lock_request

EXCEPTION_KINDS = (
    DeadlineKind.DECIDE_TO_ASSESS,
    DeadlineKind.DECIDE_TO_ISSUE,
    DeadlineKind.FINAL_PLAN,
)


CLOSURE_GROUNDS = (ExceptionGround.SCHOOL_CLOSURE, ExceptionGround.EARLY_YEARS_CLOSURE)


def _day_text(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def exception_dates_check(
    request: AssessmentRequest,
    *,
    ground: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    limits: list[Deadline],
) -> None:
    """Whether an exception's dates fall inside the period of each limit it excuses (from the
    request to the limit's due date) and make sense for its ground (regs 5(4), 10(4), 13(3)):

    - (d) away from the area: the first and last day away, at least 4 continuous weeks;
    - (a) and (b) a closure of the school, college or early years setting: the window from
      1 week before a closure of 4 or more continuous weeks to 1 week before it reopens (so
      at least 4 weeks long), in which the council asked the setting for advice;
    - (c) exceptional personal circumstances: any dates inside the period.
    """
    check_case_date(
        starts_on,
        field="starts_on",
        born_on=request.case.child.date_of_birth,
        not_before=request.received_on,
    )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})
    for limit in limits:
        if starts_on > limit.due_on:
            raise ValidationError(
                {
                    "kinds": f"The exception starts after the limit “{limit.get_kind_display()}” "
                    f"was due ({_day_text(limit.due_on)}): it cannot excuse it."
                }
            )
    period_end = max(limit.due_on for limit in limits)
    if ends_on is not None and ends_on > period_end:
        raise ValidationError(
            {
                "ends_on": "The dates must fall inside the period the exception excuses: from "
                f"the request ({_day_text(request.received_on)}) to the last limit it excuses "
                f"({_day_text(period_end)})."
            }
        )
    weeks = deadlines.EXCEPTION_MIN_WEEKS
    if ground == ExceptionGround.AWAY_FROM_AREA:
        if ends_on is None:
            raise ValidationError(
                {
                    "ends_on": "Enter the last day they were away: being away from the area "
                    f"excuses a limit only for {weeks} or more continuous weeks."
                }
            )
        at_least_until = deadlines.away_from_area_until(starts_on)
        if ends_on < at_least_until:
            raise ValidationError(
                {
                    "ends_on": f"Being away from the area excuses a limit only for {weeks} or more "
                    f"continuous weeks: from {_day_text(starts_on)} that is until at least "
                    f"{_day_text(at_least_until)}."
                }
            )
    elif ground in CLOSURE_GROUNDS:
        if ends_on is None:
            raise ValidationError(
                {"ends_on": "Enter the end of the window: 1 week before the setting reopens."}
            )
        if not deadlines.closure_window_long_enough(starts_on, ends_on):
            raise ValidationError(
                {
                    "ends_on": f"A closure excuses a limit only when the setting is closed for {weeks} "
                    "or more continuous weeks: the window, from 1 week before it closes to 1 week "
                    f"before it reopens, is then at least {weeks} weeks long."
                }
            )
        asked = request.advice.filter(
            kind=AdviceKind.EDUCATIONAL, reused=False, requested_on__range=(starts_on, ends_on)
        )
        if not asked.exists():
            raise ValidationError(
                {
                    "starts_on": "A closure excuses a limit only when the setting was asked for "
                    f"advice in the window ({_day_text(starts_on)} to {_day_text(ends_on)}): no "
                    "educational advice was asked for then."
                }
            )


@transaction.atomic
def exception_record(
    *,
    actor: User,
    request_id: int,
    ground: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    reason: str,
    kinds: Iterable[str] = EXCEPTION_KINDS,
    today: datetime.date | None = None,
) -> TimeLimitException:
    """Record why a time limit cannot be met (regs 5(4), 10(4), 13(3)), with its ground, dates
    and reasons. A limit may have several exceptions; its nominal date stays."""
    request = _lock_request(request_id, None)
    proceed(request.record_exception, actor)
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the limit cannot be met."})
    kinds = [k for k in kinds if k in EXCEPTION_KINDS]
    limits = list(deadlines_of(request, kinds).filter(cancelled=False))
    if not limits:
        raise ValidationError(
            {"kinds": "Choose at least one time limit the exception affects that still applies."}
        )
    exception_dates_check(
        request, ground=ground, starts_on=starts_on, ends_on=ends_on, limits=limits
    )
    exception = TimeLimitException.objects.create(
        request=request,
        ground=ground,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        recorded_by=actor,
    )
    exception.deadlines.set(limits)
    audit_record(
        actor=actor,
        action="exception.recorded",
        obj=exception,
        case=request.case,
        payload={"ground": exception.get_ground_display()},
        changes={
            "ground": [None, ground],
            "starts_on": [None, starts_on],
            "ends_on": [None, ends_on],
        },
    )
    return exception
