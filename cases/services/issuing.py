"""The draft and final plan issued on a request, and the family's response to the draft in
between (regs 13 and 14)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.models import AssessmentRequest
from cases.models import DeadlineKind
from cases.models import DocumentKind
from cases.models import User
from cases.notices import services as notices
from cases.rules import check
from cases.rules import proceed
from cases.validation import check_case_date

from ._common import _store_document
from ._common import check_date
from ._common import deadline_meet
from ._common import deadline_set
from ._common import deadlines_cancel
from ._common import deadlines_of
from .records import audit_on_case
from .requests import _lock_request
from .requests import _save_request


def _record_issued(request: AssessmentRequest, which: str, *, actor, issued_on, upload) -> str:
    """The draft or final plan recorded as issued on the request (with the plan as a document
    when one was uploaded). Returns the state it moved from."""
    if upload is not None:
        _store_document(
            case=request.case,
            actor=actor,
            upload=upload,
            kind=DocumentKind.DRAFT_PLAN if which == "draft" else DocumentKind.FINAL_PLAN,
            title=f"{which.capitalize()} plan {issued_on:%-d %B %Y}",
        )
    before = request.state
    getattr(request, f"issue_{which}")()
    setattr(request, f"{which}_issued_on", issued_on)
    _save_request(request, f"{which}_issued_on")
    return before


def _issue_checked(
    request_id: int,
    version: int | None,
    which: str,
    *,
    actor: User,
    issued_on: datetime.date,
    today: datetime.date | None,
) -> AssessmentRequest:
    """Lock the request, check the issue step may be taken now, and the date it was issued: a
    draft after the decision to issue, a final plan after the draft."""
    request = _lock_request(request_id, version)
    check(getattr(request, f"issue_{which}"), actor)
    after, label = (
        (request.issue_decided_on, "the decision to issue")
        if which == "draft"
        else (request.draft_issued_on, "the draft was issued")
    )
    check_case_date(
        issued_on,
        field="issued_on",
        born_on=request.case.child.date_of_birth,
        not_before=after,
        today=today or timezone.localdate(),
        before_label=label,
    )
    return request


@transaction.atomic
def request_issue_draft(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    issued_on: datetime.date,
    upload=None,
    today: datetime.date | None = None,
    outside: bool = True,
) -> AssessmentRequest:
    """The draft plan is sent: the family has 15 days from service to comment (reg 13(1)).
    Its notice (reg 13) is made in the same transaction: `outside` (a plan written and sent
    outside this service, the officer's upload) records it sent that day; a plan written here
    goes out through this service."""
    request = _issue_checked(
        request_id, version, "draft", actor=actor, issued_on=issued_on, today=today
    )
    before = _record_issued(request, "draft", actor=actor, issued_on=issued_on, upload=upload)
    deadline_meet(request, DeadlineKind.DRAFT_PLAN_TARGET, issued_on)
    deadline_set(
        case=request.case,
        obj=request,
        kind=DeadlineKind.DRAFT_RESPONSE,
        due_on=deadlines.draft_response_due(issued_on),
    )
    audit_on_case(
        request,
        "request.draft_issued",
        actor=actor,
        payload={
            "issued_on": issued_on,
            "response_due": deadlines.draft_response_due(issued_on),
        },
        changes={"state": [before, request.state], "draft_issued_on": [None, issued_on]},
    )
    _plan_notice(
        request,
        "draft_plan",
        {"served_on": issued_on, "response_due": deadlines.draft_response_due(issued_on)},
        actor=actor,
        issued_on=issued_on,
        today=today,
        outside=outside,
    )
    return request


def _plan_notice(request, kind, facts, *, actor, issued_on, today, outside, setting=None):
    notices.notice_for_decision(
        actor=actor,
        case=request.case,
        kind=kind,
        facts=facts,
        decision=request,
        today=max(issued_on, today or timezone.localdate()),
        sent_on=issued_on if outside else None,
        setting=setting,
    )


@transaction.atomic
def request_record_family_response(
    *,
    actor: User,
    request_id: int,
    responded_on: datetime.date,
    nothing_more_to_add: bool = False,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The family's comments on the draft arrived. Their 15 days (reg 13(1)) end early only when
    they say they have nothing more to add; any other response leaves the window open to its
    last day, for more comments, a meeting or the school they ask for."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    proceed(request.record_family_response, actor)
    check_date(
        responded_on,
        field="responded_on",
        not_before=request.draft_issued_on,
        today=today,
        before_label="the draft was issued",
    )
    if nothing_more_to_add:
        deadline_meet(request, DeadlineKind.DRAFT_RESPONSE, responded_on)
    audit_on_case(
        request,
        "request.family_done" if nothing_more_to_add else "request.family_responded",
        actor=actor,
        payload={"responded_on": responded_on},
    )
    return request


@transaction.atomic
def request_issue_final(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    issued_on: datetime.date,
    upload=None,
    today: datetime.date | None = None,
    outside: bool = True,
    setting=None,
) -> AssessmentRequest:
    """The final plan is issued, with its notice of the family's rights (reg 14): the 20-week
    limit (reg 13(2)) is met on the day that notice is sent (`outside`: it was sent outside
    this service on `issued_on`; otherwise when this service sends it). `setting`: the school
    or college the plan names, which gets a copy."""
    request = _issue_checked(
        request_id, version, "final", actor=actor, issued_on=issued_on, today=today
    )
    response = deadlines_of(request, [DeadlineKind.DRAFT_RESPONSE]).first()
    if response and response.met_on is None and issued_on <= response.due_on:
        raise ValidationError(
            {
                "issued_on": "The family has until "
                f"{response.due_on:%-d %B %Y} to comment on the draft. Record their response, "
                "or issue the final plan after that day."
            }
        )
    before = _record_issued(request, "final", actor=actor, issued_on=issued_on, upload=upload)
    deadlines_cancel(request, [DeadlineKind.DRAFT_RESPONSE])
    audit_on_case(
        request,
        "request.final_issued",
        actor=actor,
        payload={"issued_on": issued_on},
        changes={"state": [before, request.state], "final_issued_on": [None, issued_on]},
    )
    _plan_notice(
        request,
        "final_plan",
        {"issued_on": issued_on},
        actor=actor,
        issued_on=issued_on,
        today=today,
        outside=outside,
        setting=setting,
    )
    return request
