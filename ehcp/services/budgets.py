"""Personal budget requests: recording a family's request and the council's decision."""

import datetime
from typing import TypedDict
from typing import Unpack

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import rules
from cases.family_access import family_may_act
from cases.models import Case
from cases.models import User
from cases.permissions import require
from cases.rules import Need
from cases.services import check_date
from cases.services.records import audit_on_case
from cases.templatetags.govuk import in_a_sentence
from ehcp.models import BUDGET_NOT_YET
from ehcp.models import DECIDED_TO_ISSUE_STATES
from ehcp.models import BudgetDecision
from ehcp.models import PersonalBudgetRequest
from ehcp.models import Plan
from ehcp.models import budget_may_be_requested


class BudgetAsked(TypedDict, total=False):
    """What a personal budget request asks for, as the officer records it or the family asks
    online (the defaults are `_record`'s: education only, no direct payment)."""

    covers_education: bool
    covers_health: bool
    covers_social_care: bool
    wants_direct_payment: bool
    details: str


@transaction.atomic
def budget_request_record(
    *,
    actor: User,
    case_id: int,
    requested_on: datetime.date,
    requested_by: str,
    today: datetime.date | None = None,
    **asked: Unpack[BudgetAsked],
) -> PersonalBudgetRequest:
    """A family asks for a personal budget: possible once the council has decided to issue."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().get(pk=case_id)
    require(actor, case, Need.WORK)
    return _record(
        case,
        actor=actor,
        requested_on=requested_on,
        requested_by=requested_by,
        today=today,
        **asked,
    )


@transaction.atomic
def budget_request_online(
    *,
    actor: User,
    case_id: int,
    today: datetime.date | None = None,
    **asked: Unpack[BudgetAsked],
) -> PersonalBudgetRequest:
    """The parent or young person asks for a personal budget in the portal, today, in their own
    name (their access: the family portal's rule)."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
    if not family_may_act(actor, case, today=today):
        raise PermissionDenied("You cannot ask for a personal budget on this case.")
    return _record(
        case, actor=actor, requested_on=today, requested_by=actor.full_name, today=today, **asked
    )


def _record(
    case: Case,
    *,
    actor: User,
    requested_on: datetime.date,
    requested_by: str,
    today: datetime.date,
    covers_education: bool = True,
    covers_health: bool = False,
    covers_social_care: bool = False,
    wants_direct_payment: bool = False,
    details: str = "",
) -> PersonalBudgetRequest:
    plan = Plan.objects.filter(case=case).live().first()
    decided = (
        case.requests.filter(state__in=DECIDED_TO_ISSUE_STATES).order_by("-received_on").first()
    )
    if not budget_may_be_requested(plan=plan, decided_to_issue=decided is not None):
        raise ValidationError(BUDGET_NOT_YET)
    check_date(
        requested_on,
        field="requested_on",
        not_before=decided.issue_decided_on if decided else None,
        today=today,
        before_label="the decision to issue a plan",
    )
    if not (covers_education or covers_health or covers_social_care):
        raise ValidationError("Choose what the personal budget is for.")
    budget_request = PersonalBudgetRequest.objects.create(
        case=case,
        plan=plan,
        requested_on=requested_on,
        requested_by=requested_by.strip(),
        covers_education=covers_education,
        covers_health=covers_health,
        covers_social_care=covers_social_care,
        wants_direct_payment=wants_direct_payment,
        details=details.strip(),
        recorded_by=actor,
    )
    audit_on_case(
        budget_request,
        "budget.requested",
        actor=actor,
        payload={"requested_by": requested_by, "requested_on": requested_on},
    )
    return budget_request


@transaction.atomic
def budget_request_decide(
    *,
    actor: User,
    budget_request_id: int,
    agreed: bool,
    decided_on: datetime.date,
    reasons: str,
    today: datetime.date | None = None,
) -> PersonalBudgetRequest:
    today = today or timezone.localdate()
    budget_request = (
        PersonalBudgetRequest.objects.select_for_update()
        .select_related("case")
        .get(pk=budget_request_id)
    )
    rules.check(budget_request.decide, actor)
    check_date(
        decided_on,
        field="decided_on",
        not_before=budget_request.requested_on,
        today=today,
        before_label="the request",
    )
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the decision."})
    budget_request.decide(agreed=agreed)
    budget_request.decided_on, budget_request.decision_reasons = decided_on, reasons.strip()
    budget_request.save(update_fields=["decision", "decided_on", "decision_reasons"])
    audit_on_case(
        budget_request,
        "budget.decided",
        actor=actor,
        payload={
            "decision": in_a_sentence(budget_request.get_decision_display()),
            "decided_on": decided_on,
        },
        changes={"decision": [BudgetDecision.PENDING, budget_request.decision]},
    )
    return budget_request
