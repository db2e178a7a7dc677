"""Every write to the case file goes through a function here.

Each transition: lock the row, check the version the user saw and their right to act, run the
FSM transition, save only what changed, store the deadlines it creates or meets, write the audit
entry. Statutory dates come only from `cases.deadlines`.
"""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import deadlines
from .audit import audit_record
from .models import (
    CASE_STAGE_FOR_REQUEST,
    OPEN_REQUEST_STATES,
    AdviceKind,
    AdviceRequest,
    AdviceState,
    AlternativePerson,
    AlternativeRoute,
    AssessmentRequest,
    Case,
    CaseStage,
    Child,
    Deadline,
    DeadlineKind,
    Document,
    DocumentKind,
    FamilyMember,
    PanelDecision,
    PanelDecisionKind,
    RequestState,
    TimeLimitException,
    User,
)
from .permissions import can_record_request, require
from .references import case_reference_next
from .role_groups import role_group
from .roles import Role
from .rules import ConcurrentChange, Need, check, proceed
from .uploads import validate_upload


def require_rights_given(rights_given: bool, *, why: str = "") -> None:
    """A decision the family can appeal must tell them how (CFA 2014 ss.51-55, regs 32-42)."""
    if not rights_given:
        reason = f", as {why} must" if why else ""
        raise ValidationError(
            {
                "rights_given": "Confirm the family was told of their right to appeal and to "
                f"mediation{reason}."
            }
        )


@transaction.atomic
def user_create(
    *, email: str, full_name: str, role: str, password: str | None = None, team=None
) -> User:
    """Create a person's account in one role, and put them in that role's group."""
    role = Role(role)
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, role=role, team=team
    )
    user.groups.add(role_group(role))
    return user


# --- helpers, also used by the services of apps built on cases (ehcp, transfers, mediation) ---


def check_date(
    value: datetime.date,
    *,
    field: str,
    not_before: datetime.date | None,
    today: datetime.date,
    before_label: str = "the request was received",
) -> None:
    if value > today:
        raise ValidationError({field: "The date cannot be in the future."})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"The date cannot be before {before_label}."})


def _lock_request(request_id: int, version: int | None) -> AssessmentRequest:
    request = (
        AssessmentRequest.objects.select_for_update()
        .select_related("case", "case__child")
        .get(pk=request_id)
    )
    if version is not None and request.version != version:
        raise ConcurrentChange()
    return request


def _already(request: AssessmentRequest) -> str:
    return f"This request is already {request.get_state_display().lower()}."


def _now(request: AssessmentRequest) -> str:
    return f"This request is {request.get_state_display().lower()}."


def _save_request(request: AssessmentRequest, *fields: str) -> None:
    request.version += 1
    request.save(update_fields=["state", "version", *fields])
    case_stage_set(case_id=request.case_id, stage=CASE_STAGE_FOR_REQUEST[request.state])


def case_stage_set(*, case_id: int, stage: str, closed_on: datetime.date | None = None) -> None:
    """Where the case as a whole stands, kept by the service that moved it (any app's).

    The one way to change a case's stage: other apps call this, never `.update()` the case."""
    changes = {"stage": CaseStage(stage), "updated_at": timezone.now()}
    if closed_on is not None:
        changes["closed_on"] = closed_on
    Case.objects.filter(pk=case_id).update(**changes)


def deadline_set(*, case: Case, obj, kind: str, due_on: datetime.date, label: str = "") -> Deadline:
    deadline, _ = Deadline.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        defaults={"case": case, "due_on": due_on, "label": label, "cancelled": False},
    )
    return deadline


def deadlines_of(obj, kinds: Iterable[str]):
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, kind__in=list(kinds)
    )


def deadline_meet(obj, kind: str, on: datetime.date) -> None:
    deadlines_of(obj, [kind]).filter(met_on__isnull=True).update(met_on=on)


def deadlines_cancel(obj, kinds: Iterable[str]) -> None:
    deadlines_of(obj, kinds).filter(met_on__isnull=True).update(cancelled=True)


def _outstanding_advice_cancel(request: AssessmentRequest) -> None:
    """Advice still awaited no longer needs chasing once the assessment has ended."""
    Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(AdviceRequest),
        object_id__in=request.advice.values("pk"),
        met_on__isnull=True,
    ).update(cancelled=True)


def _store_document(*, case: Case, actor, upload, kind: str, title: str) -> Document:
    validate_upload(upload)
    document = Document(
        case=case,
        kind=kind,
        title=title,
        original_name=upload.name[:255],
        content_type=upload.content_type_checked,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="document.uploaded",
        obj=document,
        case=case,
        summary=f"Uploaded {document.get_kind_display().lower()}: {title}",
    )
    return document


# --- the request and the co-ordinated assessment -------------------------------------------


@transaction.atomic
def request_create(
    *,
    actor: User,
    child: Child | None = None,
    child_details: dict | None = None,
    family_details: dict | None = None,
    source: str,
    requester_name: str,
    arrived_at: datetime.datetime,
    channel: str,
    consent_given: bool,
    reason: str,
    in_youth_accommodation: bool = False,
    officer: User | None = None,
    now: datetime.datetime | None = None,
) -> AssessmentRequest:
    """Record a request for an EHC needs assessment: the 20-week clock starts.

    Either `child` (an existing record) or `child_details` (a new child, with the parent or
    carer in `family_details`). The case is the child's open case, or a new one.
    """
    if not can_record_request(actor):
        raise PermissionDenied("Only SEN case officers and managers record requests.")
    now = now or timezone.now()
    if timezone.is_naive(arrived_at):
        raise ValidationError({"arrived_at": "The time the request arrived needs a time zone."})
    if arrived_at > now:
        raise ValidationError({"arrived_at": "The request cannot have arrived in the future."})
    received_on = deadlines.request_received_on(arrived_at)

    if child is None:
        if not child_details:
            raise ValidationError("Choose the child or enter their details.")
        child = Child(**child_details)
        child.full_clean()
        child.save()
        if family_details:
            member = FamilyMember(child=child, is_main_contact=True, **family_details)
            member.full_clean()
            member.save()
        audit_record(
            actor=actor,
            action="child.created",
            obj=child,
            case=None,
            summary=f"Created the record of {child.full_name}",
        )
    elif (
        family_details
        and not child.family.filter(
            full_name__iexact=family_details.get("full_name", "").strip()
        ).exists()
    ):
        member = FamilyMember(child=child, **family_details)
        member.full_clean()
        member.save()
    if received_on < child.date_of_birth:
        raise ValidationError({"arrived_at": "The request cannot predate the child's birth."})

    case = (
        Case.objects.select_for_update()
        .filter(child=child, closed_on__isnull=True)
        .order_by("-opened_on")
        .first()
    )
    if case is None:
        team = (officer or actor).team
        if team is None:
            raise ValidationError("Your account is not in a team, so the case has nowhere to go.")
        case = Case.objects.create(
            reference=case_reference_next(),
            child=child,
            team=team,
            officer=officer or (actor if actor.role == Role.CASE_OFFICER else None),
            opened_on=received_on,
        )
        audit_record(
            actor=actor,
            action="case.opened",
            obj=case,
            case=case,
            summary=f"Opened case {case.reference}",
        )
    elif case.requests.filter(state__in=OPEN_REQUEST_STATES).exists():
        raise ValidationError(
            f"{child.full_name} already has an open request on case {case.reference}. "
            "Record this contact on that request instead."
        )

    request = AssessmentRequest(
        case=case,
        source=source,
        requester_name=requester_name,
        arrived_at=arrived_at,
        channel=channel,
        received_on=received_on,
        consent_given=consent_given,
        reason=reason,
        in_youth_accommodation=in_youth_accommodation,
        created_by=actor,
    )
    request.full_clean(exclude=["case", "created_by", "state"])  # state is protected
    request.save()
    case_stage_set(case_id=case.pk, stage=CASE_STAGE_FOR_REQUEST[request.state])

    clock = deadlines.assessment_deadlines(received_on)
    for kind, due in (
        (DeadlineKind.DECIDE_TO_ASSESS, clock.decide_to_assess),
        (DeadlineKind.DRAFT_PLAN_TARGET, clock.draft_plan_target),
        (DeadlineKind.DECIDE_TO_ISSUE, clock.decide_to_issue),
        (DeadlineKind.FINAL_PLAN, clock.final_plan),
    ):
        deadline_set(case=case, obj=request, kind=kind, due_on=due)
    audit_record(
        actor=actor,
        action="request.received",
        obj=request,
        case=case,
        summary=f"Request for assessment received {received_on:%-d %B %Y} "
        f"by {request.get_channel_display().lower()} from {requester_name}",
        changes={"state": [None, request.state], "received_on": [None, received_on]},
    )
    return request


@transaction.atomic
def request_decide_to_assess(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    rights_given: bool = False,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The panel decides whether to carry out an EHC needs assessment (6 weeks, reg 5)."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    decision = request.agree_to_assess if agreed else request.refuse_to_assess
    check(decision, actor, moved_on=_already(request))
    check_date(decided_on, field="decided_on", not_before=request.received_on, today=today)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reasons for the decision."})
    if not agreed:
        require_rights_given(rights_given, why="a refusal")
    before = request.state
    decision()
    request.rights_given = request.rights_given or not agreed
    request.assess_decided_on = decided_on
    request.assess_reason = reason
    _save_request(request, "assess_decided_on", "assess_reason", "rights_given")
    PanelDecision.objects.create(
        request=request,
        kind=PanelDecisionKind.ASSESS,
        agreed=agreed,
        decided_on=decided_on,
        decided_by=actor,
        reason=reason,
    )
    deadline_meet(request, DeadlineKind.DECIDE_TO_ASSESS, decided_on)
    if not agreed:
        deadlines_cancel(
            request,
            [DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.DECIDE_TO_ISSUE, DeadlineKind.FINAL_PLAN],
        )
    audit_record(
        actor=actor,
        action="request.assess_agreed" if agreed else "request.assess_refused",
        obj=request,
        case=request.case,
        summary=(
            "Decided to assess"
            if agreed
            else "Decided not to assess; appeal and mediation rights given"
        )
        + f" on {decided_on:%-d %B %Y}",
        changes={"state": [before, request.state], "assess_decided_on": [None, decided_on]},
    )
    return request


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
    proceed(
        request.send_advice_request,
        actor,
        moved_on="Advice is asked for once the council has agreed to assess.",
    )
    check_date(
        requested_on,
        field="requested_on",
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
    deadline_set(
        case=request.case,
        obj=advice,
        kind=DeadlineKind.ADVICE,
        due_on=advice.due_on,
        label=f"{advice.get_kind_display()} from {addressee_name}",
    )
    before = request.state
    if request.state == RequestState.AGREED:
        request.start_advice_gathering()
        _save_request(request)
    audit_record(
        actor=actor,
        action="advice.requested",
        obj=advice,
        case=request.case,
        summary=f"Asked {addressee_name} for {advice.get_kind_display().lower()}, "
        f"due {advice.due_on:%-d %B %Y}",
        changes={"state": [before, request.state]} if before != request.state else None,
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
        AdviceRequest.objects.select_for_update().select_related("request__case").get(pk=advice_id)
    )
    case = advice.request.case
    check(
        advice.record_received,
        actor,
        moved_on="This advice has already been recorded as received.",
    )
    check_date(
        received_on,
        field="received_on",
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
        summary=f"Received {advice.get_kind_display().lower()} from {advice.addressee_name}",
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
    proceed(
        request.reuse_advice,
        actor,
        moved_on="Advice is gathered once the council has agreed to assess.",
    )
    if not (author_agrees and family_agrees):
        raise ValidationError(
            "Existing advice can be reused only when its author and the family both agree."
        )
    check_date(report_dated, field="report_dated", not_before=None, today=today)
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
    before = request.state
    if request.state == RequestState.AGREED:
        request.start_advice_gathering()
        _save_request(request)
    audit_record(
        actor=actor,
        action="advice.reused",
        obj=advice,
        case=request.case,
        summary=f"Reused {advice.get_kind_display().lower()} from {author} "
        f"dated {report_dated:%-d %B %Y}",
        changes={"state": [before, request.state]} if before != request.state else None,
    )
    return advice


EXCEPTION_KINDS = (
    DeadlineKind.DECIDE_TO_ASSESS,
    DeadlineKind.DECIDE_TO_ISSUE,
    DeadlineKind.FINAL_PLAN,
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
    """Record why a time limit cannot be met (regs 5(4), 10(4), 13(3)). Nominal dates stay."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    proceed(
        request.record_exception,
        actor,
        moved_on="Exceptions are recorded while the request is open.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the limit cannot be met."})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})
    check_date(
        starts_on, field="starts_on", not_before=None, today=today + datetime.timedelta(days=366)
    )
    kinds = [k for k in kinds if k in EXCEPTION_KINDS]
    if not kinds:
        raise ValidationError({"kinds": "Choose at least one time limit the exception affects."})
    exception = TimeLimitException.objects.create(
        request=request,
        ground=ground,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        recorded_by=actor,
    )
    deadlines_of(request, kinds).filter(met_on__isnull=True).update(exception=exception)
    audit_record(
        actor=actor,
        action="exception.recorded",
        obj=exception,
        case=request.case,
        summary=f"Exception to the time limits: {exception.get_ground_display()}",
        changes={
            "ground": [None, ground],
            "starts_on": [None, starts_on],
            "ends_on": [None, ends_on],
        },
    )
    return exception


@transaction.atomic
def request_decide_to_issue(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    rights_given: bool = False,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The panel decides whether to issue a plan; "not issuing" is due within 16 weeks (reg 10)."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    decision = request.decide_to_issue if agreed else request.decide_not_to_issue
    check(decision, actor, moved_on=_now(request))
    check_date(
        decided_on,
        field="decided_on",
        not_before=request.assess_decided_on,
        today=today,
        before_label="the decision to assess",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reasons for the decision."})
    if not agreed:
        require_rights_given(rights_given, why="a decision not to issue")
    before = request.state
    decision()
    request.rights_given = request.rights_given or not agreed
    request.issue_decided_on = decided_on
    request.issue_reason = reason
    _save_request(request, "issue_decided_on", "issue_reason", "rights_given")
    PanelDecision.objects.create(
        request=request,
        kind=PanelDecisionKind.ISSUE,
        agreed=agreed,
        decided_on=decided_on,
        decided_by=actor,
        reason=reason,
    )
    deadline_meet(request, DeadlineKind.DECIDE_TO_ISSUE, decided_on)
    if not agreed:
        deadlines_cancel(request, [DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.FINAL_PLAN])
        _outstanding_advice_cancel(request)
    audit_record(
        actor=actor,
        action="request.issue_agreed" if agreed else "request.issue_refused",
        obj=request,
        case=request.case,
        summary=(
            "Decided to issue a plan"
            if agreed
            else "Decided not to issue a plan; appeal and mediation rights given"
        )
        + f" on {decided_on:%-d %B %Y}",
        changes={"state": [before, request.state], "issue_decided_on": [None, decided_on]},
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
) -> AssessmentRequest:
    """The draft plan is sent: the family has 15 days from service to comment (reg 13(1))."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    check(request.issue_draft, actor, moved_on=_now(request))
    check_date(
        issued_on,
        field="issued_on",
        not_before=request.issue_decided_on,
        today=today,
        before_label="the decision to issue",
    )
    if upload is not None:
        _store_document(
            case=request.case,
            actor=actor,
            upload=upload,
            kind=DocumentKind.DRAFT_PLAN,
            title=f"Draft plan {issued_on:%-d %B %Y}",
        )
    before = request.state
    request.issue_draft()
    request.draft_issued_on = issued_on
    _save_request(request, "draft_issued_on")
    deadline_meet(request, DeadlineKind.DRAFT_PLAN_TARGET, issued_on)
    deadline_set(
        case=request.case,
        obj=request,
        kind=DeadlineKind.DRAFT_RESPONSE,
        due_on=deadlines.draft_response_due(issued_on),
    )
    audit_record(
        actor=actor,
        action="request.draft_issued",
        obj=request,
        case=request.case,
        summary=f"Draft plan issued {issued_on:%-d %B %Y}; the family's 15 days end "
        f"{deadlines.draft_response_due(issued_on):%-d %B %Y}",
        changes={"state": [before, request.state], "draft_issued_on": [None, issued_on]},
    )
    return request


@transaction.atomic
def request_record_family_response(
    *, actor: User, request_id: int, responded_on: datetime.date, today: datetime.date | None = None
) -> AssessmentRequest:
    """The family's comments on the draft arrived: their 15-day window is met."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    proceed(
        request.record_family_response,
        actor,
        moved_on="The family responds once the draft plan has been issued.",
    )
    check_date(
        responded_on,
        field="responded_on",
        not_before=request.draft_issued_on,
        today=today,
        before_label="the draft was issued",
    )
    deadline_meet(request, DeadlineKind.DRAFT_RESPONSE, responded_on)
    audit_record(
        actor=actor,
        action="request.family_responded",
        obj=request,
        case=request.case,
        summary=f"The family responded to the draft plan on {responded_on:%-d %B %Y}",
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
) -> AssessmentRequest:
    """The final plan is issued: the 20-week limit (reg 13(2)) is met, on time or late."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    check(request.issue_final, actor, moved_on=_now(request))
    check_date(
        issued_on,
        field="issued_on",
        not_before=request.draft_issued_on,
        today=today,
        before_label="the draft was issued",
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
    if upload is not None:
        _store_document(
            case=request.case,
            actor=actor,
            upload=upload,
            kind=DocumentKind.FINAL_PLAN,
            title=f"Final plan {issued_on:%-d %B %Y}",
        )
    before = request.state
    request.issue_final()
    request.final_issued_on = issued_on
    _save_request(request, "final_issued_on")
    deadline_meet(request, DeadlineKind.FINAL_PLAN, issued_on)
    deadlines_cancel(request, [DeadlineKind.DRAFT_RESPONSE])
    audit_record(
        actor=actor,
        action="request.final_issued",
        obj=request,
        case=request.case,
        summary=f"Final plan issued {issued_on:%-d %B %Y}",
        changes={"state": [before, request.state], "final_issued_on": [None, issued_on]},
    )
    return request


@transaction.atomic
def request_withdraw(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    withdrawn_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    check(request.withdraw, actor, moved_on=_already(request))
    check_date(withdrawn_on, field="withdrawn_on", not_before=request.received_on, today=today)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request was withdrawn."})
    before = request.state
    request.withdraw()
    request.withdrawn_on = withdrawn_on
    request.withdrawn_reason = reason
    _save_request(request, "withdrawn_on", "withdrawn_reason")
    Deadline.objects.filter(case=request.case, met_on__isnull=True, cancelled=False).filter(
        content_type=ContentType.objects.get_for_model(AssessmentRequest), object_id=request.pk
    ).update(cancelled=True)
    _outstanding_advice_cancel(request)
    audit_record(
        actor=actor,
        action="request.withdrawn",
        obj=request,
        case=request.case,
        summary=f"Request withdrawn {withdrawn_on:%-d %B %Y}: {reason}",
        changes={"state": [before, request.state]},
    )
    return request


@transaction.atomic
def document_upload(*, actor: User, case: Case, upload, kind: str, title: str) -> Document:
    require(actor, case, Need.WORK)
    return _store_document(case=case, actor=actor, upload=upload, kind=kind, title=title)


# --- who acts for a young person ---------------------------------------------------------------


def _young_person_child(actor: User, case: Case, today: datetime.date) -> Child:
    require(actor, case, Need.WORK)
    child = Child.objects.select_for_update().get(pk=case.child_id)
    becomes = deadlines.becomes_young_person_on(child.date_of_birth)
    if becomes > today:
        raise ValidationError(
            f"{child.full_name} becomes a young person on {becomes:%-d %B %Y}. Until then "
            "their parents make these decisions, so nobody needs to be recorded as acting for them."
        )
    return child


@transaction.atomic
def alternative_person_record(
    *,
    actor: User,
    case: Case,
    route: str,
    full_name: str,
    email: str,
    decisions: str,
    capacity_assessed_on: datetime.date,
    today: datetime.date | None = None,
) -> AlternativePerson:
    """Record who acts for a young person who lacks capacity (ending whoever acted before)."""
    today = today or timezone.localdate()
    child = _young_person_child(actor, case, today)
    check_date(
        capacity_assessed_on,
        field="capacity_assessed_on",
        not_before=child.date_of_birth,
        today=today,
        before_label="the young person was born",
    )
    if route not in AlternativeRoute.values:
        raise ValidationError({"route": "Select who acts for the young person"})
    if not full_name.strip():
        raise ValidationError({"full_name": "Enter the name of the person who acts for them"})
    if not decisions.strip():
        raise ValidationError({"decisions": "Enter the decisions they lack capacity for"})
    before = child.alternative_people.filter(ended_on__isnull=True).first()
    if before is not None:
        before.ended_on, before.ended_reason = today, f"Replaced by {full_name.strip()}"
        before.save(update_fields=["ended_on", "ended_reason"])
    person = AlternativePerson.objects.create(
        child=child,
        route=route,
        full_name=full_name.strip(),
        email=email.strip(),
        decisions=decisions.strip(),
        capacity_assessed_on=capacity_assessed_on,
        recorded_by=actor,
        recorded_on=today,
    )
    audit_record(
        actor=actor,
        action="young_person.alternative_person_recorded",
        obj=person,
        case=case,
        summary=f"Recorded {person.full_name} as acting for {child.full_name} "
        f"({person.get_route_display().lower()})",
        changes={
            "acting": [str(before) if before else None, str(person)],
            "capacity_assessed_on": [None, capacity_assessed_on.isoformat()],
            "decisions": [before.decisions if before else None, person.decisions],
        },
    )
    return person


@transaction.atomic
def alternative_person_end(
    *,
    actor: User,
    case: Case,
    person_id: int,
    ended_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> AlternativePerson:
    """The young person makes their own decisions again (or the deputy's order has ended)."""
    today = today or timezone.localdate()
    child = _young_person_child(actor, case, today)
    person = child.alternative_people.select_for_update().filter(pk=person_id).first()
    if person is None or person.ended_on is not None:
        raise ConcurrentChange()
    check_date(
        ended_on,
        field="ended_on",
        not_before=person.recorded_on,
        today=today,
        before_label="they were recorded as acting for the young person",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Enter why they no longer act for the young person"})
    person.ended_on, person.ended_reason = ended_on, reason.strip()
    person.save(update_fields=["ended_on", "ended_reason"])
    audit_record(
        actor=actor,
        action="young_person.alternative_person_ended",
        obj=person,
        case=case,
        summary=f"{person.full_name} no longer acts for {child.full_name}",
        changes={"ended_on": [None, ended_on.isoformat()], "reason": [None, person.ended_reason]},
    )
    return person
