"""Every write to an EHC plan: drafting its sections, issuing the draft, consulting settings,
issuing the final plan, and personal budget requests.

Issuing freezes the working copy into a `PlanVersion` with its PDF, inside the same transaction
as the state change, so an issued version never exists without its content and file.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.audit import audit_record, changes_between
from cases.models import (
    AdviceRequest,
    AssessmentRequest,
    Case,
    CaseStage,
    DeadlineKind,
    Phase,
    RequestState,
    Setting,
    User,
)
from cases.permissions import can_work_on_case
from cases.services import ConcurrentChange, check_date, require_rights_given

from . import content as plan_content
from .models import (
    MAINTAINED_STATES,
    Amendment,
    AmendmentState,
    AnnualReview,
    BudgetDecision,
    CeaseReason,
    Cessation,
    CessationState,
    Consultation,
    ConsultationResponse,
    PersonalBudgetRequest,
    Plan,
    PlanAdvice,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanState,
    PlanVersion,
    ReviewDecision,
    ReviewState,
    VersionKind,
)
from .pdf import render_plan_pdf

# The council has decided to issue a plan once the request reaches one of these states: from
# then on a family may ask for a personal budget (Personal Budgets Regs 2014 reg 3).
DECIDED_TO_ISSUE_STATES = (
    RequestState.DRAFTING,
    RequestState.DRAFT_ISSUED,
    RequestState.FINAL_ISSUED,
)


def _lock_plan(plan_id: int, version: int | None, actor: User) -> Plan:
    plan = Plan.objects.select_for_update().select_related("case", "case__child").get(pk=plan_id)
    if not can_work_on_case(actor, plan.case):
        raise PermissionDenied("You cannot work on this plan.")
    if version is not None and plan.version != version:
        raise ConcurrentChange()
    return plan


def _editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            f"The plan is {plan.get_state_display().lower()}: it cannot be edited."
        )


def _touch(plan: Plan, *fields: str) -> None:
    plan.version += 1
    plan.save(update_fields=["version", "updated_at", *fields])


def _values(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


@transaction.atomic
def plan_start(*, actor: User, request_id: int) -> Plan:
    """Open the working copy once the council has decided to issue; section K is filled in
    from the advice received during the assessment."""
    request = (
        AssessmentRequest.objects.select_for_update().select_related("case").get(pk=request_id)
    )
    if not can_work_on_case(actor, request.case):
        raise PermissionDenied("You cannot work on this case.")
    if request.state != RequestState.DRAFTING:
        raise ValidationError("A plan is drafted once the council has decided to issue one.")
    if Plan.objects.filter(case=request.case).exclude(state=PlanState.CEASED).exists():
        raise ValidationError("This case already has a plan.")
    plan = Plan.objects.create(case=request.case, request=request)
    received = AdviceRequest.objects.filter(request=request, received_on__isnull=False)
    PlanAdvice.objects.bulk_create(
        PlanAdvice(
            plan=plan,
            title=a.get_kind_display(),
            author=" ".join(filter(None, [a.addressee_name, a.addressee_organisation])),
            dated=a.reused_report_dated or a.received_on,
            advice_request=a,
            document_id=a.document_id,
        )
        for a in received
    )
    audit_record(
        actor=actor,
        action="plan.started",
        obj=plan,
        case=plan.case,
        summary="Started drafting the EHC plan",
    )
    return plan


@transaction.atomic
def plan_section_a_update(
    *,
    actor: User,
    plan_id: int,
    views: str,
    interests: str,
    aspirations: str,
    one_page_profile: str = "",
) -> Plan:
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    fields = ("views", "interests", "aspirations", "one_page_profile")
    before = _values(plan, fields)
    plan.views, plan.interests, plan.aspirations, plan.one_page_profile = (
        views.strip(),
        interests.strip(),
        aspirations.strip(),
        one_page_profile.strip(),
    )
    _touch(plan, *fields)
    audit_record(
        actor=actor,
        action="plan.section_a",
        obj=plan,
        case=plan.case,
        summary="Updated section A",
        changes=changes_between(before, _values(plan, fields)),
    )
    return plan


def _item(model, plan: Plan, item_id: int | None):
    if item_id is None:
        return model(plan=plan)
    try:
        return model.objects.get(pk=item_id, plan=plan)
    except model.DoesNotExist as missing:
        raise ValidationError(
            "That part of the plan no longer exists: it may have been removed."
        ) from missing


@transaction.atomic
def plan_need_save(
    *,
    actor: User,
    plan_id: int,
    need_id: int | None = None,
    section: str,
    area: str,
    description: str,
) -> PlanNeed:
    """Add or change a need in section B, C or D."""
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    need = _item(PlanNeed, plan, need_id)
    fields = ("section", "area", "description")
    before = _values(need, fields) if need.pk else {}
    need.section, need.area, need.description = section, area, description.strip()
    if need.pk is None:
        need.order = (plan.needs.filter(section=section).aggregate(m=Max("order"))["m"] or 0) + 1
    need.full_clean(exclude=["plan"])
    need.save()
    _touch(plan)
    audit_record(
        actor=actor,
        action="plan.need_saved",
        obj=need,
        case=plan.case,
        summary=f"{'Changed' if before else 'Added'} a need in section {section}",
        changes=changes_between(before, _values(need, fields)),
    )
    return need


@transaction.atomic
def plan_outcome_save(
    *,
    actor: User,
    plan_id: int,
    outcome_id: int | None = None,
    description: str,
    achieve_by: str,
    need_ids: list[int],
    steps: str = "",
    preparing_for_adulthood: str = "",
) -> PlanOutcome:
    """Add or change an outcome in section E. An outcome always addresses at least one need."""
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    needs = list(plan.needs.filter(pk__in=need_ids))
    if not needs:
        raise ValidationError({"need_ids": "Choose the need or needs this outcome addresses."})
    outcome = _item(PlanOutcome, plan, outcome_id)
    fields = ("description", "achieve_by", "steps", "preparing_for_adulthood")
    before = _values(outcome, fields) if outcome.pk else {}
    outcome.description, outcome.achieve_by = description.strip(), achieve_by.strip()
    outcome.steps, outcome.preparing_for_adulthood = steps.strip(), preparing_for_adulthood
    if outcome.pk is None:
        outcome.order = (plan.outcomes.aggregate(m=Max("order"))["m"] or 0) + 1
    outcome.full_clean(exclude=["plan", "needs"])
    outcome.save()
    outcome.needs.set(needs)
    _touch(plan)
    audit_record(
        actor=actor,
        action="plan.outcome_saved",
        obj=outcome,
        case=plan.case,
        summary=f"{'Changed' if before else 'Added'} an outcome in section E",
        changes=changes_between(before, _values(outcome, fields)),
    )
    return outcome


@transaction.atomic
def plan_provision_save(
    *,
    actor: User,
    plan_id: int,
    provision_id: int | None = None,
    section: str,
    what: str,
    by_whom: str,
    frequency: str,
    quantity: str,
    duration: str = "",
    outcome_ids: list[int] = (),
) -> PlanProvision:
    """Add or change provision in F, G, H1 or H2: specific and quantified, or it is refused."""
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    errors = {}
    if not frequency.strip():
        errors["frequency"] = "Say how often, for example 'weekly' or '3 times a week'."
    if not quantity.strip():
        errors["quantity"] = (
            "Say how much each time, for example '30 minutes' or '1:1 support all day'."
        )
    if errors:
        raise ValidationError(errors)
    provision = _item(PlanProvision, plan, provision_id)
    fields = ("section", "what", "by_whom", "frequency", "quantity", "duration")
    before = _values(provision, fields) if provision.pk else {}
    provision.section, provision.what, provision.by_whom = section, what.strip(), by_whom.strip()
    provision.frequency, provision.quantity, provision.duration = (
        frequency.strip(),
        quantity.strip(),
        duration.strip(),
    )
    if provision.pk is None:
        provision.order = (
            plan.provisions.filter(section=section).aggregate(m=Max("order"))["m"] or 0
        ) + 1
    provision.full_clean(exclude=["plan", "outcomes"])
    provision.save()
    provision.outcomes.set(plan.outcomes.filter(pk__in=outcome_ids))
    _touch(plan)
    audit_record(
        actor=actor,
        action="plan.provision_saved",
        obj=provision,
        case=plan.case,
        summary=f"{'Changed' if before else 'Added'} provision in section {section}",
        changes=changes_between(before, _values(provision, fields)),
    )
    return provision


ITEM_MODELS = {
    "need": PlanNeed,
    "outcome": PlanOutcome,
    "provision": PlanProvision,
    "advice": PlanAdvice,
}


@transaction.atomic
def plan_item_delete(*, actor: User, plan_id: int, kind: str, item_id: int) -> None:
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    item = _item(ITEM_MODELS[kind], plan, item_id)
    if kind == "need" and item.outcomes.exists():
        raise ValidationError(
            "Outcomes in section E address this need: change or remove them first."
        )
    text = str(item)
    item.delete()
    _touch(plan)
    audit_record(
        actor=actor,
        action=f"plan.{kind}_removed",
        obj=plan,
        case=plan.case,
        summary=f"Removed {kind}: {text[:200]}",
        changes={kind: [text, None]},
    )


@transaction.atomic
def plan_placement_set(
    *,
    actor: User,
    plan_id: int,
    setting_id: int | None,
    placement_type: str = "",
    notes: str = "",
) -> Plan:
    """Section I: the named school or other institution, or the type of placement only."""
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    if setting_id is None and not placement_type:
        raise ValidationError("Choose a school or other institution, or the type of placement.")
    fields = ("placement_setting", "placement_type", "placement_notes")
    before = _values(plan, fields)
    plan.placement_setting = Setting.objects.get(pk=setting_id) if setting_id else None
    plan.placement_type, plan.placement_notes = placement_type, notes.strip()
    _touch(plan, "placement_setting", "placement_type", "placement_notes")
    audit_record(
        actor=actor,
        action="plan.section_i",
        obj=plan,
        case=plan.case,
        summary="Updated section I (placement)",
        changes=changes_between(before, _values(plan, fields)),
    )
    return plan


@transaction.atomic
def plan_budget_set(
    *,
    actor: User,
    plan_id: int,
    education: Decimal | None,
    health: Decimal | None,
    social_care: Decimal | None,
    direct_payment: Decimal | None,
    arrangements: str = "",
) -> Plan:
    """Section J: the personal budget by funding stream and the part paid as a direct payment."""
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    streams = {"education": education, "health": health, "social_care": social_care}
    errors = {
        k: "The amount cannot be negative." for k, v in streams.items() if v is not None and v < 0
    }
    total = sum((v for v in streams.values() if v is not None), Decimal("0"))
    if direct_payment is not None and direct_payment < 0:
        errors["direct_payment"] = "The amount cannot be negative."
    elif direct_payment is not None and direct_payment > total:
        errors["direct_payment"] = (
            f"The direct payment cannot be more than the budget (£{total:.2f})."
        )
    if errors:
        raise ValidationError(errors)
    fields = (
        "budget_education",
        "budget_health",
        "budget_social_care",
        "budget_direct_payment",
        "budget_arrangements",
    )
    before = _values(plan, fields)
    plan.budget_education, plan.budget_health, plan.budget_social_care = (
        education,
        health,
        social_care,
    )
    plan.budget_direct_payment, plan.budget_arrangements = direct_payment, arrangements.strip()
    _touch(plan, *fields)
    audit_record(
        actor=actor,
        action="plan.section_j",
        obj=plan,
        case=plan.case,
        summary="Updated section J (personal budget)",
        changes=changes_between(before, _values(plan, fields)),
    )
    return plan


@transaction.atomic
def plan_advice_add(
    *,
    actor: User,
    plan_id: int,
    title: str,
    author: str,
    dated: datetime.date | None,
) -> PlanAdvice:
    """Section K: advice or information not gathered through an advice request."""
    plan = _lock_plan(plan_id, None, actor)
    _editable(plan)
    advice = PlanAdvice(plan=plan, title=title.strip(), author=author.strip(), dated=dated)
    advice.full_clean(exclude=["plan"])
    advice.save()
    _touch(plan)
    audit_record(
        actor=actor,
        action="plan.advice_added",
        obj=advice,
        case=plan.case,
        summary=f"Added to section K: {advice.title}",
    )
    return advice


def plan_problems(plan: Plan, *, for_final: bool, on: datetime.date) -> list[plan_content.Problem]:
    content = plan_content.snapshot(plan)
    return plan_content.problems(
        content, for_final=for_final, year_group=plan_content.child_year_group(content, on)
    )


def plan_version_pdf(version: PlanVersion):
    """The stored PDF of an issued version, rendered and stored first if it has none yet
    (versions made in bulk, by import or by the demo data)."""
    if not version.pdf:
        with transaction.atomic():
            locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
            if not locked.pdf:
                locked.pdf.save(
                    f"v{locked.number}.pdf", ContentFile(render_plan_pdf(locked)), save=False
                )
                locked.save(update_fields=["pdf"])
            version.pdf = locked.pdf
    return version.pdf


def _freeze(
    plan: Plan, *, actor: User, kind: str, issued_on: datetime.date, for_final: bool
) -> PlanVersion:
    content = plan_content.snapshot(plan)
    found = plan_content.problems(
        content,
        for_final=for_final,
        year_group=plan_content.child_year_group(content, issued_on),
    )
    if found:
        raise ValidationError([f"{p.message}" for p in found])
    number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, kind=kind, issued_on=issued_on, issued_by=actor, content=content
    )
    version.pdf.save(f"v{number}.pdf", ContentFile(render_plan_pdf(version)), save=False)
    version.save(update_fields=["pdf"])
    return version


@transaction.atomic
def plan_issue_draft(
    *,
    actor: User,
    plan_id: int,
    version: int | None,
    issued_on: datetime.date,
    today: datetime.date | None = None,
) -> PlanVersion:
    """Send the draft plan: the family's 15 days start (the request's clock records it)."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, version, actor)
    if plan.state != PlanState.DRAFTING:
        raise ConcurrentChange(f"The plan is {plan.get_state_display().lower()}.")
    # the request's checks (dates, state) come first, so a refused issue stores no PDF
    if plan.request_id:
        case_services.request_issue_draft(
            actor=actor, request_id=plan.request_id, version=None, issued_on=issued_on, today=today
        )
    else:
        check_date(issued_on, field="issued_on", not_before=None, today=today)
    frozen = _freeze(
        plan, actor=actor, kind=VersionKind.DRAFT, issued_on=issued_on, for_final=False
    )
    plan.issue_draft()
    _touch(plan, "state")
    audit_record(
        actor=actor,
        action="plan.draft_issued",
        obj=frozen,
        case=plan.case,
        summary=f"Issued the draft plan (version {frozen.number}) on {issued_on:%-d %B %Y}",
        changes={"state": [PlanState.DRAFTING, plan.state]},
    )
    return frozen


@transaction.atomic
def consultation_send(
    *,
    actor: User,
    plan_id: int,
    setting_id: int,
    consulted_on: datetime.date,
    requested_by_family: bool = False,
    today: datetime.date | None = None,
) -> Consultation:
    """Consult a school or college about being named; it should answer within 15 days."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    if plan.state not in (PlanState.DRAFT_ISSUED, PlanState.CONSULTATION):
        raise ValidationError("Settings are consulted once the draft plan has been issued.")
    draft = plan.versions.order_by("-number").first()
    check_date(
        consulted_on,
        field="consulted_on",
        not_before=draft.issued_on if draft else None,
        today=today,
        before_label="the draft was issued",
    )
    if plan.consultations.filter(setting_id=setting_id).exists():
        raise ValidationError({"setting_id": "This setting has already been consulted."})
    consultation = Consultation.objects.create(
        plan=plan,
        setting_id=setting_id,
        consulted_on=consulted_on,
        due_on=deadlines.consultation_response_due(consulted_on),
        requested_by_family=requested_by_family,
    )
    case_services.deadline_set(
        case=plan.case,
        obj=consultation,
        kind=DeadlineKind.CONSULTATION_RESPONSE,
        due_on=consultation.due_on,
        label=f"{consultation.setting.name} to respond",
    )
    if plan.state == PlanState.DRAFT_ISSUED:
        plan.start_consultation()
    _touch(plan, "state")
    audit_record(
        actor=actor,
        action="plan.consulted",
        obj=consultation,
        case=plan.case,
        summary=f"Consulted {consultation.setting.name}, reply due {consultation.due_on:%-d %B %Y}",
    )
    return consultation


@transaction.atomic
def consultation_record_response(
    *,
    actor: User,
    consultation_id: int,
    responded_on: datetime.date,
    response: str,
    notes: str = "",
    today: datetime.date | None = None,
) -> Consultation:
    today = today or timezone.localdate()
    consultation = (
        Consultation.objects.select_for_update().select_related("plan").get(pk=consultation_id)
    )
    plan = _lock_plan(consultation.plan_id, None, actor)
    if consultation.responded_on is not None:
        raise ConcurrentChange("This setting's response has already been recorded.")
    check_date(
        responded_on,
        field="responded_on",
        not_before=consultation.consulted_on,
        today=today,
        before_label="the setting was consulted",
    )
    if response not in ConsultationResponse.values:
        raise ValidationError({"response": "Choose whether the setting can meet the needs."})
    if response == ConsultationResponse.CANNOT_MEET and not notes.strip():
        raise ValidationError({"notes": "Record the setting's reasons."})
    consultation.responded_on, consultation.response = responded_on, response
    consultation.response_notes = notes.strip()
    consultation.save(update_fields=["responded_on", "response", "response_notes"])
    case_services.deadline_meet(consultation, DeadlineKind.CONSULTATION_RESPONSE, responded_on)
    audit_record(
        actor=actor,
        action="plan.consultation_response",
        obj=consultation,
        case=plan.case,
        summary=f"{consultation.setting.name}: {consultation.get_response_display().lower()}",
    )
    return consultation


@transaction.atomic
def plan_issue_final(
    *,
    actor: User,
    plan_id: int,
    version: int | None,
    issued_on: datetime.date,
    today: datetime.date | None = None,
) -> PlanVersion:
    """Issue the final plan: section I must be complete; the 20-week limit is met or missed."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, version, actor)
    if plan.state not in (PlanState.DRAFT_ISSUED, PlanState.CONSULTATION):
        raise ConcurrentChange(f"The plan is {plan.get_state_display().lower()}.")
    if plan.request_id:
        case_services.request_issue_final(
            actor=actor, request_id=plan.request_id, version=None, issued_on=issued_on, today=today
        )
    else:
        check_date(issued_on, field="issued_on", not_before=None, today=today)
    frozen = _freeze(plan, actor=actor, kind=VersionKind.FINAL, issued_on=issued_on, for_final=True)
    before = plan.state
    plan.issue_final()
    plan.first_issued_on = plan.first_issued_on or issued_on
    _touch(plan, "state", "first_issued_on")
    review_schedule(plan=plan, period_starts=issued_on)
    audit_record(
        actor=actor,
        action="plan.final_issued",
        obj=frozen,
        case=plan.case,
        summary=f"Issued the final plan (version {frozen.number}) on {issued_on:%-d %B %Y}",
        changes={"state": [before, plan.state]},
    )
    return frozen


@transaction.atomic
def budget_request_record(
    *,
    actor: User,
    case_id: int,
    requested_on: datetime.date,
    requested_by: str,
    covers_education: bool = True,
    covers_health: bool = False,
    covers_social_care: bool = False,
    wants_direct_payment: bool = False,
    details: str = "",
    today: datetime.date | None = None,
) -> PersonalBudgetRequest:
    """A family asks for a personal budget: possible once the council has decided to issue."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().get(pk=case_id)
    if not can_work_on_case(actor, case):
        raise PermissionDenied("You cannot work on this case.")
    plan = Plan.objects.filter(case=case).exclude(state=PlanState.CEASED).first()
    decided = (
        case.requests.filter(state__in=DECIDED_TO_ISSUE_STATES).order_by("-received_on").first()
    )
    if decided is None and plan is None:
        raise ValidationError(
            "A personal budget can be requested once the council has decided to issue a plan, "
            "or at a review."
        )
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
    audit_record(
        actor=actor,
        action="budget.requested",
        obj=budget_request,
        case=case,
        summary=f"{requested_by} asked for a personal budget on {requested_on:%-d %B %Y}",
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
    if not can_work_on_case(actor, budget_request.case):
        raise PermissionDenied("You cannot work on this case.")
    if budget_request.decision != BudgetDecision.PENDING:
        raise ConcurrentChange("A decision on this request has already been recorded.")
    check_date(
        decided_on,
        field="decided_on",
        not_before=budget_request.requested_on,
        today=today,
        before_label="the request",
    )
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the decision."})
    budget_request.decision = BudgetDecision.AGREED if agreed else BudgetDecision.REFUSED
    budget_request.decided_on, budget_request.decision_reasons = decided_on, reasons.strip()
    budget_request.save(update_fields=["decision", "decided_on", "decision_reasons"])
    audit_record(
        actor=actor,
        action="budget.decided",
        obj=budget_request,
        case=budget_request.case,
        summary=f"Personal budget {budget_request.get_decision_display().lower()} on {decided_on:%-d %B %Y}",
        changes={"decision": [BudgetDecision.PENDING, budget_request.decision]},
    )
    return budget_request


# --- annual reviews, amendments and ceasing ------------------------------------------------


def review_timing(
    *,
    period_starts: datetime.date,
    date_of_birth: datetime.date,
    from_infant_school: bool,
    transfer_handled: datetime.date | None = None,
) -> tuple[datetime.date, deadlines.PhaseTransfer | None]:
    """When the next review is due, and the phase transfer it must prepare for, if any.

    Due by the end of the review period that starts on `period_starts` (the plan's first issue,
    or the day the last review's decision was sent); earlier when a phase transfer needs the
    plan amended by 15 February / 31 March (reg 18). `transfer_handled` is the reg 18 deadline
    the previous review already dealt with, so the same move does not pull the next one early."""
    due = deadlines.annual_review_due(period_starts, date_of_birth=date_of_birth)
    for on in (period_starts, due):  # a transfer in this school year, or in the review's
        transfer = deadlines.next_phase_transfer(
            date_of_birth, on, from_infant_school=from_infant_school
        )
        if (
            transfer is not None
            and transfer.deadline >= period_starts
            and transfer.deadline != transfer_handled
        ):
            return max(period_starts, min(due, transfer.review_by)), transfer
    return due, None


def _review_rows(plan_id, case_id, due, transfer):
    review = AnnualReview(plan_id=plan_id, due_on=due)
    if transfer is not None:
        review.is_phase_transfer = True
        review.transfer_deadline = transfer.deadline
        review.transfer_to = (
            f"Year {transfer.into_year_group}" if transfer.into_year_group else "Reception"
        )
    return review


def _review_deadlines(review: AnnualReview, case_id: int, transfer) -> list:
    from cases.models import Deadline

    content_type = ContentType.objects.get_for_model(AnnualReview)
    rows = [
        Deadline(
            case_id=case_id,
            kind=DeadlineKind.ANNUAL_REVIEW,
            content_type=content_type,
            object_id=review.pk,
            due_on=review.due_on,
        )
    ]
    if transfer is not None:
        wording = (
            deadlines.PHASE_TRANSFER_POST16_WORDING
            if transfer.post16
            else deadlines.PHASE_TRANSFER_WORDING
        )
        rows.append(
            Deadline(
                case_id=case_id,
                kind=DeadlineKind.PHASE_TRANSFER,
                content_type=content_type,
                object_id=review.pk,
                due_on=transfer.deadline,
                label=f"Amended plan naming the {review.transfer_to} setting ({wording})",
            )
        )
    return rows


def review_schedule(
    *, plan: Plan, period_starts: datetime.date, transfer_handled: datetime.date | None = None
) -> AnnualReview:
    """Schedule the plan's next review and store its deadlines."""
    from cases.models import Deadline

    child = plan.case.child
    setting = plan.placement_setting or child.current_setting
    due, transfer = review_timing(
        period_starts=period_starts,
        date_of_birth=child.date_of_birth,
        from_infant_school=bool(setting and setting.phase == Phase.INFANT),
        transfer_handled=transfer_handled,
    )
    review = _review_rows(plan.pk, plan.case_id, due, transfer)
    review.save()
    Deadline.objects.bulk_create(_review_deadlines(review, plan.case_id, transfer))
    return review


def review_completed_on(review: AnnualReview) -> datetime.date | None:
    """A review is complete on the day the council sends its decision after the meeting."""
    return review.decision_sent_on


def _lock_review(review_id: int, version: int | None, actor: User) -> AnnualReview:
    review = (
        AnnualReview.objects.select_for_update()
        .select_related("plan__case__child")
        .get(pk=review_id)
    )
    if not can_work_on_case(actor, review.plan.case):
        raise PermissionDenied("You cannot work on this case.")
    if version is not None and review.version != version:
        raise ConcurrentChange()
    return review


def _save_review(review: AnnualReview, *fields: str) -> None:
    review.version += 1
    review.save(update_fields=["state", "version", *fields])


@transaction.atomic
def review_invite(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    meeting_on: datetime.date,
    invitations_sent_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    """Invite everyone with at least 2 weeks' notice; advice is circulated 2 weeks before."""
    today = today or timezone.localdate()
    review = _lock_review(review_id, version, actor)
    if review.state != ReviewState.SCHEDULED:
        raise ConcurrentChange(f"This review is {review.get_state_display().lower()}.")
    check_date(invitations_sent_on, field="invitations_sent_on", not_before=None, today=today)
    notice_by = deadlines.review_invitations_due(meeting_on)
    if invitations_sent_on > notice_by:
        raise ValidationError(
            {
                "meeting_on": "Everyone must have at least 2 weeks' notice: invitations sent on "
                f"{invitations_sent_on:%-d %B %Y} allow a meeting on {deadlines.add_weeks(invitations_sent_on, 2):%-d %B %Y} at the earliest."
            }
        )
    before = review.state
    review.send_invitations()
    review.meeting_on, review.invitations_sent_on = meeting_on, invitations_sent_on
    review.advice_circulated_on = notice_by
    _save_review(review, "meeting_on", "invitations_sent_on", "advice_circulated_on")
    Case.objects.filter(pk=review.plan.case_id).update(stage=CaseStage.REVIEW)
    audit_record(
        actor=actor,
        action="review.invited",
        obj=review,
        case=review.plan.case,
        summary=f"Review meeting arranged for {meeting_on:%-d %B %Y}; advice to be "
        f"circulated by {notice_by:%-d %B %Y}",
        changes={"state": [before, review.state]},
    )
    return review


@transaction.atomic
def review_hold_meeting(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    held_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    """The meeting was held: the report is due in 2 weeks, the decision in 4 (reg 20)."""
    today = today or timezone.localdate()
    review = _lock_review(review_id, version, actor)
    if review.state != ReviewState.INVITED:
        raise ConcurrentChange(f"This review is {review.get_state_display().lower()}.")
    check_date(
        held_on,
        field="held_on",
        not_before=review.invitations_sent_on,
        today=today,
        before_label="the invitations were sent",
    )
    before = review.state
    review.hold_meeting()
    review.held_on = held_on
    _save_review(review, "held_on")
    case_services.deadline_set(
        case=review.plan.case,
        obj=review,
        kind=DeadlineKind.REVIEW_REPORT,
        due_on=deadlines.review_report_due(held_on),
    )
    case_services.deadline_set(
        case=review.plan.case,
        obj=review,
        kind=DeadlineKind.REVIEW_DECISION,
        due_on=deadlines.review_decision_due(held_on),
    )
    audit_record(
        actor=actor,
        action="review.meeting_held",
        obj=review,
        case=review.plan.case,
        summary=f"Review meeting held {held_on:%-d %B %Y}",
        changes={"state": [before, review.state]},
    )
    return review


@transaction.atomic
def review_record_report(
    *,
    actor: User,
    review_id: int,
    received_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    today = today or timezone.localdate()
    review = _lock_review(review_id, None, actor)
    if review.state != ReviewState.MEETING_HELD:
        raise ConcurrentChange(f"This review is {review.get_state_display().lower()}.")
    check_date(
        received_on,
        field="received_on",
        not_before=review.held_on,
        today=today,
        before_label="the meeting",
    )
    review.receive_report()
    review.report_received_on = received_on
    _save_review(review, "report_received_on")
    case_services.deadline_meet(review, DeadlineKind.REVIEW_REPORT, received_on)
    audit_record(
        actor=actor,
        action="review.report_received",
        obj=review,
        case=review.plan.case,
        summary=f"Review report received {received_on:%-d %B %Y}",
    )
    return review


@transaction.atomic
def amendment_start(*, actor: User, plan_id: int) -> Plan:
    """Open the working copy for amendments to a maintained plan."""
    plan = _lock_plan(plan_id, None, actor)
    if plan.state != PlanState.FINAL:
        raise ValidationError(f"The plan is {plan.get_state_display().lower()}.")
    plan.start_amending()
    _touch(plan, "state")
    audit_record(
        actor=actor,
        action="plan.amending",
        obj=plan,
        case=plan.case,
        summary="Started preparing amendments to the plan",
    )
    return plan


def _amendment_propose(
    plan: Plan, *, actor: User, review: AnnualReview | None, sent_on: datetime.date, evidence: str
) -> Amendment:
    if plan.state != PlanState.AMENDING:
        raise ValidationError(
            {"decision": 'Prepare the amendments to the plan first ("Prepare amendments").'}
        )
    if not evidence.strip():
        raise ValidationError({"evidence": "Say what evidence the proposed amendments rest on."})
    proposals = _freeze(
        plan, actor=actor, kind=VersionKind.AMENDMENT_DRAFT, issued_on=sent_on, for_final=False
    )
    amendment = Amendment.objects.create(
        plan=plan,
        review=review,
        proposals_sent_on=sent_on,
        proposals=proposals,
        evidence=evidence.strip(),
    )
    case_services.deadline_set(
        case=plan.case,
        obj=amendment,
        kind=DeadlineKind.AMENDMENT_RESPONSE,
        due_on=deadlines.draft_response_due(sent_on),
    )
    case_services.deadline_set(
        case=plan.case,
        obj=amendment,
        kind=DeadlineKind.AMENDED_PLAN,
        due_on=deadlines.amended_plan_due(sent_on),
    )
    return amendment


@transaction.atomic
def amendment_propose(
    *,
    actor: User,
    plan_id: int,
    sent_on: datetime.date,
    evidence: str,
    today: datetime.date | None = None,
) -> Amendment:
    """Amendments proposed outside a review (e.g. after a reassessment or on new evidence)."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    check_date(sent_on, field="sent_on", not_before=None, today=today)
    amendment = _amendment_propose(
        plan, actor=actor, review=None, sent_on=sent_on, evidence=evidence
    )
    audit_record(
        actor=actor,
        action="amendment.proposed",
        obj=amendment,
        case=plan.case,
        summary=f"Proposed amendments sent {sent_on:%-d %B %Y}",
    )
    return amendment


@transaction.atomic
def review_decide(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    decision: str,
    sent_on: datetime.date,
    reasons: str,
    rights_given: bool = False,
    evidence: str = "",
    today: datetime.date | None = None,
) -> AnnualReview:
    """The council's decision after the meeting, sent within 4 weeks (reg 20(10)): maintain,
    amend (the proposals go with the notice) or cease (after informing and consulting).
    Sending it completes the review; the next review is scheduled from that day."""
    today = today or timezone.localdate()
    review = _lock_review(review_id, version, actor)
    plan = Plan.objects.select_for_update().get(pk=review.plan_id)
    if review.state not in (ReviewState.MEETING_HELD, ReviewState.REPORT_RECEIVED):
        raise ConcurrentChange(f"This review is {review.get_state_display().lower()}.")
    check_date(
        sent_on, field="sent_on", not_before=review.held_on, today=today, before_label="the meeting"
    )
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "Choose whether to maintain, amend or cease the plan."})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the decision."})
    if decision in (ReviewDecision.MAINTAIN, ReviewDecision.CEASE):
        require_rights_given(rights_given)
    if decision == ReviewDecision.AMEND:
        amendment = _amendment_propose(
            plan, actor=actor, review=review, sent_on=sent_on, evidence=evidence
        )
    if decision == ReviewDecision.CEASE:
        cessation = plan.cessations.filter(state=CessationState.CONSULTING).first()
        if cessation is None:
            raise ValidationError(
                {
                    "decision": "Before deciding to cease, inform the family that ceasing is being "
                    'considered and consult them and the setting ("Consider ceasing the plan").'
                }
            )
        _cessation_notify(cessation, notified_on=sent_on)
    before = review.state
    review.decide()
    review.decision, review.decision_sent_on = decision, sent_on
    review.decision_reasons, review.rights_given = reasons.strip(), rights_given
    _save_review(review, "decision", "decision_sent_on", "decision_reasons", "rights_given")
    case_services.deadline_meet(review, DeadlineKind.REVIEW_DECISION, sent_on)
    case_services.deadline_meet(review, DeadlineKind.ANNUAL_REVIEW, review_completed_on(review))
    # a report that never came no longer matters once the decision is sent
    case_services.deadlines_cancel(review, [DeadlineKind.REVIEW_REPORT])
    if decision == ReviewDecision.MAINTAIN:
        case_services.deadline_meet(review, DeadlineKind.PHASE_TRANSFER, sent_on)
    Case.objects.filter(pk=plan.case_id).update(stage=CaseStage.PLAN)
    review_schedule(
        plan=plan,
        period_starts=review_completed_on(review),
        transfer_handled=review.transfer_deadline,
    )
    audit_record(
        actor=actor,
        action="review.decided",
        obj=review,
        case=plan.case,
        summary=f"Review decision sent {sent_on:%-d %B %Y}: {review.get_decision_display().lower()}"
        + (
            f"; proposed amendments due back by {deadlines.draft_response_due(sent_on):%-d %B %Y}"
            if decision == ReviewDecision.AMEND
            else ""
        ),
        changes={"state": [before, review.state], "decision": ["", decision]},
    )
    if decision == ReviewDecision.AMEND:
        audit_record(
            actor=actor,
            action="amendment.proposed",
            obj=amendment,
            case=plan.case,
            summary=f"Proposed amendments sent with the review decision on {sent_on:%-d %B %Y}",
        )
    return review


@transaction.atomic
def amendment_issue(
    *,
    actor: User,
    amendment_id: int,
    issued_on: datetime.date,
    family_responded_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PlanVersion:
    """Issue the final amended plan: a new version, within 8 weeks of the proposals (reg 22(3))."""
    today = today or timezone.localdate()
    amendment = Amendment.objects.select_for_update().get(pk=amendment_id)
    plan = _lock_plan(amendment.plan_id, None, actor)
    if amendment.state != AmendmentState.PROPOSED:
        raise ConcurrentChange("These amendments have already been settled.")
    check_date(
        issued_on,
        field="issued_on",
        not_before=amendment.proposals_sent_on,
        today=today,
        before_label="the proposals were sent",
    )
    if family_responded_on is not None:
        check_date(
            family_responded_on,
            field="family_responded_on",
            not_before=amendment.proposals_sent_on,
            today=today,
            before_label="the proposals were sent",
        )
        case_services.deadline_meet(amendment, DeadlineKind.AMENDMENT_RESPONSE, family_responded_on)
    window = deadlines.draft_response_due(amendment.proposals_sent_on)
    if family_responded_on is None and issued_on <= window:
        raise ValidationError(
            {
                "issued_on": f"The family has until {window:%-d %B %Y} to comment on the proposed "
                "amendments. Record their response, or issue after that day."
            }
        )
    frozen = _freeze(
        plan, actor=actor, kind=VersionKind.AMENDED_FINAL, issued_on=issued_on, for_final=True
    )
    amendment.issue()
    amendment.issued, amendment.closed_on = frozen, issued_on
    amendment.save(update_fields=["state", "issued", "closed_on"])
    plan.finish_amending()
    _touch(plan, "state")
    case_services.deadline_meet(amendment, DeadlineKind.AMENDED_PLAN, issued_on)
    case_services.deadlines_cancel(amendment, [DeadlineKind.AMENDMENT_RESPONSE])
    if amendment.review_id:
        case_services.deadline_meet(amendment.review, DeadlineKind.PHASE_TRANSFER, issued_on)
    audit_record(
        actor=actor,
        action="amendment.issued",
        obj=frozen,
        case=plan.case,
        summary=f"Issued the amended plan (version {frozen.number}) on {issued_on:%-d %B %Y}",
    )
    return frozen


@transaction.atomic
def amendment_withdraw(
    *,
    actor: User,
    amendment_id: int,
    notified_on: datetime.date,
    reasons: str,
    rights_given: bool,
    today: datetime.date | None = None,
) -> Amendment:
    """Decide not to amend after all: the family is told, with appeal rights, within 8 weeks."""
    today = today or timezone.localdate()
    amendment = Amendment.objects.select_for_update().get(pk=amendment_id)
    plan = _lock_plan(amendment.plan_id, None, actor)
    if amendment.state != AmendmentState.PROPOSED:
        raise ConcurrentChange("These amendments have already been settled.")
    check_date(
        notified_on,
        field="notified_on",
        not_before=amendment.proposals_sent_on,
        today=today,
        before_label="the proposals were sent",
    )
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for not amending the plan."})
    require_rights_given(rights_given)
    amendment.withdraw()
    amendment.closed_on, amendment.reasons = notified_on, reasons.strip()
    amendment.save(update_fields=["state", "closed_on", "reasons"])
    plan.finish_amending()
    _touch(plan, "state")
    case_services.deadline_meet(amendment, DeadlineKind.AMENDED_PLAN, notified_on)
    case_services.deadlines_cancel(amendment, [DeadlineKind.AMENDMENT_RESPONSE])
    audit_record(
        actor=actor,
        action="amendment.withdrawn",
        obj=amendment,
        case=plan.case,
        summary=f"Decided not to amend the plan; family told on {notified_on:%-d %B %Y}",
    )
    return amendment


@transaction.atomic
def cessation_start(
    *,
    actor: User,
    plan_id: int,
    reason: str,
    family_informed_on: datetime.date,
    setting_consulted_on: datetime.date | None = None,
    notes: str = "",
    today: datetime.date | None = None,
) -> Cessation:
    """Tell the family ceasing is being considered, and consult them and the setting (reg 29)."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    if plan.state not in MAINTAINED_STATES:
        raise ValidationError("Only a plan in force can be ceased.")
    check_date(
        family_informed_on,
        field="family_informed_on",
        not_before=plan.first_issued_on,
        today=today,
        before_label="the plan was issued",
    )
    child = plan.case.child
    age = deadlines.age_on(child.date_of_birth, family_informed_on)
    if reason == CeaseReason.NOT_ENGAGING and age < 18:
        raise ValidationError(
            {
                "reason": "A young person under 18 who is out of education or training keeps their "
                "plan: review and amend it to get them back into education instead."
            }
        )
    if reason == CeaseReason.AGE_25 and age < 25:
        raise ValidationError(
            {
                "reason": f"{child.full_name} is {age}: a plan may be kept until the end of the "
                "academic year in which the young person turns 25."
            }
        )
    cessation = Cessation.objects.create(
        plan=plan,
        reason=reason,
        family_informed_on=family_informed_on,
        setting_consulted_on=setting_consulted_on,
        notes=notes.strip(),
        review=plan.reviews.exclude(state=ReviewState.DECIDED).first(),
    )
    audit_record(
        actor=actor,
        action="cessation.considered",
        obj=cessation,
        case=plan.case,
        summary=f"Told the family on {family_informed_on:%-d %B %Y} that ceasing the plan is "
        f"being considered ({cessation.get_reason_display().lower()})",
    )
    return cessation


def _cessation_notify(cessation: Cessation, *, notified_on: datetime.date) -> None:
    cessation.notify()
    cessation.notified_on, cessation.rights_given = notified_on, True
    cessation.save(update_fields=["state", "notified_on", "rights_given"])


@transaction.atomic
def cessation_notify(
    *,
    actor: User,
    cessation_id: int,
    notified_on: datetime.date,
    rights_given: bool,
    today: datetime.date | None = None,
) -> Cessation:
    """Send the decision to cease, with appeal rights (outside a review)."""
    today = today or timezone.localdate()
    cessation = Cessation.objects.select_for_update().get(pk=cessation_id)
    plan = _lock_plan(cessation.plan_id, None, actor)
    if cessation.state != CessationState.CONSULTING:
        raise ConcurrentChange("The decision has already been sent.")
    check_date(
        notified_on,
        field="notified_on",
        not_before=cessation.family_informed_on,
        today=today,
        before_label="the family was told ceasing was being considered",
    )
    require_rights_given(rights_given)
    _cessation_notify(cessation, notified_on=notified_on)
    audit_record(
        actor=actor,
        action="cessation.notified",
        obj=cessation,
        case=plan.case,
        summary=f"Decision to cease sent {notified_on:%-d %B %Y}; the plan stays in force "
        f"until the appeal period ends on {deadlines.appeal_deadline(notified_on):%-d %B %Y}",
    )
    return cessation


@transaction.atomic
def cessation_complete(
    *,
    actor: User,
    cessation_id: int,
    ceased_on: datetime.date,
    today: datetime.date | None = None,
) -> Plan:
    """Close the plan. It stays in force until the appeal period has passed (and any appeal is
    decided: an appeal is recorded on the case as an open deadline, which blocks this)."""
    today = today or timezone.localdate()
    cessation = Cessation.objects.select_for_update().get(pk=cessation_id)
    plan = _lock_plan(cessation.plan_id, None, actor)
    if cessation.state != CessationState.NOTIFIED:
        raise ValidationError("Send the decision to cease, with appeal rights, first.")
    check_date(
        ceased_on,
        field="ceased_on",
        not_before=cessation.notified_on,
        today=today,
        before_label="the decision was sent",
    )
    appeal_ends = deadlines.appeal_deadline(cessation.notified_on)
    if ceased_on <= appeal_ends:
        raise ValidationError(
            {
                "ceased_on": f"The plan stays in force until the appeal period ends on {appeal_ends:%-d %B %Y}."
            }
        )
    cessation.cease()
    cessation.ceased_on = ceased_on
    cessation.save(update_fields=["state", "ceased_on"])
    plan.cease()
    plan.ceased_on, plan.cease_reason = ceased_on, cessation.reason
    _touch(plan, "state", "ceased_on", "cease_reason")
    open_reviews = list(plan.reviews.exclude(state=ReviewState.DECIDED))
    for review in open_reviews:
        case_services.deadlines_cancel(
            review,
            [
                DeadlineKind.ANNUAL_REVIEW,
                DeadlineKind.PHASE_TRANSFER,
                DeadlineKind.REVIEW_REPORT,
                DeadlineKind.REVIEW_DECISION,
            ],
        )
    # reviews that will never happen go; a cessation considered at one keeps its record
    Cessation.objects.filter(review__in=open_reviews).update(review=None)
    AnnualReview.objects.filter(pk__in=[r.pk for r in open_reviews]).delete()
    Case.objects.filter(pk=plan.case_id).update(stage=CaseStage.CEASED, closed_on=ceased_on)
    audit_record(
        actor=actor,
        action="plan.ceased",
        obj=plan,
        case=plan.case,
        summary=f"Plan ceased {ceased_on:%-d %B %Y}: {cessation.get_reason_display().lower()}",
        changes={"state": [PlanState.FINAL, PlanState.CEASED]},
    )
    return plan


@transaction.atomic
def cessation_withdraw(
    *,
    actor: User,
    cessation_id: int,
    decided_on: datetime.date,
    reasons: str,
    today: datetime.date | None = None,
) -> Cessation:
    """The council decides to keep the plan after all: the family is told and nothing ceases."""
    today = today or timezone.localdate()
    cessation = Cessation.objects.select_for_update().get(pk=cessation_id)
    plan = _lock_plan(cessation.plan_id, None, actor)
    if cessation.state not in (CessationState.CONSULTING, CessationState.NOTIFIED):
        raise ConcurrentChange("This cessation has already been settled.")
    check_date(
        decided_on,
        field="decided_on",
        not_before=cessation.family_informed_on,
        today=today,
        before_label="the family was told ceasing was being considered",
    )
    if not reasons.strip():
        raise ValidationError({"reasons": "Say why the plan is being kept."})
    cessation.withdraw()
    cessation.notes = "\n".join(
        filter(None, [cessation.notes, f"Kept on {decided_on:%-d %B %Y}: {reasons.strip()}"])
    )
    cessation.save(update_fields=["state", "notes"])
    audit_record(
        actor=actor,
        action="cessation.withdrawn",
        obj=cessation,
        case=plan.case,
        summary=f"Decided on {decided_on:%-d %B %Y} to keep the plan: {reasons.strip()}",
    )
    return cessation
