"""Advice for the assessment: asked of each professional (6 weeks from their receipt of the
request, reg 8), received, or reused ("tell us once")."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.audit import audit_record
from cases.models import AdviceKind
from cases.models import AdviceRequest
from cases.models import AdviceState
from cases.models import AssessmentRequest
from cases.models import DeadlineKind
from cases.models import DocumentKind
from cases.models import RequestState
from cases.models import User
from cases.notices import services as notices
from cases.notices.models import Channel
from cases.notices.models import RecipientRole
from cases.notices.recipients import Recipient
from cases.rules import check
from cases.rules import proceed
from cases.templatetags.govuk import in_a_sentence

from ._common import _store_document
from ._common import check_date
from ._common import deadline_meet
from ._common import deadline_set
from .advice_portal import advice_share_with_adviser
from .records import audit_on_case
from .requests import _lock_request
from .requests import _save_request


def _advice_words(advice: AdviceRequest) -> str:
    """ "educational advice", "preparing for adulthood advice": the kind, as a letter says it."""
    words = in_a_sentence(advice.get_kind_display().split(" (")[0])
    return words if words.endswith("advice") else f"{words} advice"


def _gathering_start(request: AssessmentRequest) -> dict | None:
    """The first advice asked for, or reused, starts the gathering of advice: the change of
    state for the audit entry, or None when it had started."""
    if request.state != RequestState.AGREED:
        return None
    before = request.state
    request.start_advice_gathering()
    _save_request(request)
    return {"state": [before, request.state]}


@transaction.atomic
def advice_request_send(
    *,
    actor: User,
    request_id: int,
    kind: str,
    addressee_name: str,
    addressee_organisation: str = "",
    addressee_email: str = "",
    adviser: User | None = None,
    requested_on: datetime.date,
    received_by_adviser_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> AdviceRequest:
    """Ask a professional for advice; their 6 weeks run from when they get the request."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    proceed(request.send_advice_request, actor)
    check_date(
        requested_on,
        field="requested_on",
        born_on=request.case.child.date_of_birth,
        not_before=request.assess_decided_on,
        today=today,
        before_label="the decision to assess",
    )
    received_by_adviser_on = received_by_adviser_on or requested_on
    if received_by_adviser_on < requested_on:
        raise ValidationError(
            {"received_by_adviser_on": "The adviser cannot receive the request before it is sent."}
        )
    if kind == AdviceKind.PREPARING_FOR_ADULTHOOD:
        year = deadlines.year_group(request.case.child.date_of_birth, requested_on)
        if year < 9:
            raise ValidationError(
                {
                    "kind": "Preparing-for-adulthood advice is for year 9 and above "
                    f"(this child is in year {year})."
                }
            )
    advice = AdviceRequest.objects.create(
        request=request,
        kind=kind,
        addressee_name=addressee_name,
        addressee_organisation=addressee_organisation,
        addressee_email=addressee_email,
        adviser=adviser,
        requested_on=requested_on,
        received_by_adviser_on=received_by_adviser_on,
        due_on=deadlines.advice_due(received_by_adviser_on),
    )
    advice_share_with_adviser(actor=actor, advice=advice)  # their account: the advice portal
    deadline_set(
        case=request.case,
        obj=advice,
        kind=DeadlineKind.ADVICE,
        due_on=advice.due_on,
        label=f"{advice.get_kind_display()} from {addressee_name}",
    )
    changes = _gathering_start(request)
    audit_on_case(
        advice,
        "advice.requested",
        actor=actor,
        payload={
            "adviser": addressee_name,
            "kind": in_a_sentence(advice.get_kind_display()),
            "due_on": advice.due_on,
        },
        changes=changes,
    )
    notices.notice_for_decision(
        actor=actor,
        case=request.case,
        kind="advice_request",
        facts={
            "advice_kind": _advice_words(advice),
            "requested_on": requested_on,
            "advice_due": advice.due_on,
        },
        decision=advice,
        today=today,
        sent_on=notices.already_sent(requested_on, today),
        addressee=Recipient(
            RecipientRole.ADDRESSEE,
            addressee_name,
            Channel.EMAIL if addressee_email else Channel.POST,
            email=addressee_email,
            postal_address="\n".join(p for p in (addressee_name, addressee_organisation) if p),
            user_id=adviser.pk if adviser else None,
        ),
    )
    return advice


@transaction.atomic
def advice_record_received(
    *,
    actor: User,
    advice_id: int,
    received_on: datetime.date,
    upload=None,
    today: datetime.date | None = None,
) -> AdviceRequest:
    today = today or timezone.localdate()
    advice = (
        AdviceRequest.objects.select_for_update()
        .select_related("request__case__child")
        .get(pk=advice_id)
    )
    case = advice.request.case
    check(advice.record_received, actor)
    check_date(
        received_on,
        field="received_on",
        born_on=case.child.date_of_birth,
        not_before=advice.requested_on,
        today=today,
        before_label="the advice was asked for",
    )
    if upload is not None:
        advice.document = _store_document(
            case=case, actor=actor, upload=upload, kind=DocumentKind.ADVICE, title=str(advice)
        )
    advice.record_received()
    advice.received_on = received_on
    advice.save(update_fields=["state", "received_on", "document"])
    deadline_meet(advice, DeadlineKind.ADVICE, received_on)
    audit_record(
        actor=actor,
        action="advice.received",
        obj=advice,
        case=case,
        payload={
            "kind": in_a_sentence(advice.get_kind_display()),
            "adviser": advice.addressee_name,
        },
        changes={"received_on": [None, received_on]},
    )
    return advice


@transaction.atomic
def advice_reuse(
    *,
    actor: User,
    request_id: int,
    kind: str,
    author: str,
    report_dated: datetime.date,
    upload,
    author_agrees: bool,
    family_agrees: bool,
    today: datetime.date | None = None,
) -> AdviceRequest:
    """ "Tell us once": use advice the family already has instead of asking again (reg 6(4))."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    proceed(request.reuse_advice, actor)
    if not (author_agrees and family_agrees):
        raise ValidationError(
            "Existing advice can be reused only when its author and the family both agree."
        )
    check_date(
        report_dated,
        field="report_dated",
        born_on=request.case.child.date_of_birth,
        not_before=None,
        today=today,
    )
    document = _store_document(
        case=request.case,
        actor=actor,
        upload=upload,
        kind=DocumentKind.ADVICE,
        title=f"{AdviceKind(kind).label} from {author} (reused)",
    )
    advice = AdviceRequest.objects.create(
        request=request,
        kind=kind,
        addressee_name=author,
        requested_on=today,
        received_by_adviser_on=today,
        due_on=today,
        received_on=today,
        state=AdviceState.RECEIVED,
        reused=True,
        reused_report_dated=report_dated,
        document=document,
        notes="Reused with the agreement of the author, the family and the council.",
    )
    changes = _gathering_start(request)
    audit_on_case(
        advice,
        "advice.reused",
        actor=actor,
        payload={
            "kind": in_a_sentence(advice.get_kind_display()),
            "author": author,
            "dated": report_dated,
        },
        changes=changes,
    )
    return advice
