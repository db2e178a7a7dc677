"""Writes to an EHC plan's working copy: starting it, drafting its sections (A-K, placement,
personal budget, advice), issuing the draft and issuing the final plan; with the checks run
before issuing and the PDF of an issued version.

Issuing freezes the working copy into a `PlanVersion` with its PDF, inside the same transaction
as the state change, so an issued version never exists without its content and file.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.audit import audit_record
from cases.audit import changes_between
from cases.models import AdviceRequest
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import CaseStage
from cases.models import DeadlineKind
from cases.models import RequestState
from cases.models import Setting
from cases.models import User
from cases.notices.services import already_sent
from cases.notices.services import notice_for_decision
from cases.permissions import require
from cases.rules import Need
from cases.rules import check
from cases.services import case_stage_set
from cases.services import check_date
from cases.services.records import record_change
from ehcp import content as plan_content
from ehcp.models import DRAFT_NAMES_NO_SETTING
from ehcp.models import HAS_A_PLAN
from ehcp.models import ConsultationState
from ehcp.models import Plan
from ehcp.models import PlanAdvice
from ehcp.models import PlanNeed
from ehcp.models import PlanOutcome
from ehcp.models import PlanProvision
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.models import VersionKind
from ehcp.models import plan_start_refusal
from ehcp.pdf import render_plan_pdf

from ._common import _freeze
from ._common import _lock_plan
from ._common import _lock_plan_to_edit
from ._common import _touch
from ._common import _values
from ._common import check_plan_date
from ._common import setting_follows
from .reviews import review_schedule


@transaction.atomic
def plan_start(*, actor: User, request_id: int) -> Plan:
    """Open the working copy once the council has decided to issue; section K is filled in
    from the advice received during the assessment."""
    request = (
        AssessmentRequest.objects.select_for_update().select_related("case").get(pk=request_id)
    )
    require(actor, request.case, Need.WORK)
    live = Plan.objects.filter(case=request.case).live().exists()
    refusal = plan_start_refusal(request, has_live_plan=live)
    if refusal:
        raise ValidationError(refusal)
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
    plan = _lock_plan_to_edit(plan_id, actor)
    record_change(
        plan,
        {
            "views": views.strip(),
            "interests": interests.strip(),
            "aspirations": aspirations.strip(),
            "one_page_profile": one_page_profile.strip(),
        },
        actor=actor,
        audit="plan.section_a",
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


def _item_save(
    actor: User, plan: Plan, item, values: dict, *, siblings, action: str, payload: dict, related=()
):
    """Add or change one item of a section (a need, outcome or provision): its values, its place
    at the end of its section when new, checked, saved, the plan touched, the change audited.
    `related` is (relation name, objects) pairs set after saving."""
    before = _values(item, values) if item.pk else {}
    for name, value in values.items():
        setattr(item, name, value)
    if item.pk is None:
        item.order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    item.full_clean(exclude=["plan", *(name for name, _ in related)])
    item.save()
    for name, objects in related:
        getattr(item, name).set(objects)
    _touch(plan)
    audit_record(
        actor=actor,
        action=action,
        obj=item,
        case=plan.case,
        payload={"change": "Changed" if before else "Added", **payload},
        changes=changes_between(before, _values(item, values)),
    )
    return item


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
    plan = _lock_plan_to_edit(plan_id, actor)
    return _item_save(
        actor,
        plan,
        _item(PlanNeed, plan, need_id),
        {"section": section, "area": area, "description": description.strip()},
        siblings=plan.needs.filter(section=section),
        action="plan.need_saved",
        payload={"section": section},
    )


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
    plan = _lock_plan_to_edit(plan_id, actor)
    needs = list(plan.needs.filter(pk__in=need_ids))
    if not needs:
        raise ValidationError({"need_ids": "Choose the need or needs this outcome addresses."})
    return _item_save(
        actor,
        plan,
        _item(PlanOutcome, plan, outcome_id),
        {
            "description": description.strip(),
            "achieve_by": achieve_by.strip(),
            "steps": steps.strip(),
            "preparing_for_adulthood": preparing_for_adulthood,
        },
        siblings=plan.outcomes.all(),
        action="plan.outcome_saved",
        payload={},
        related=[("needs", needs)],
    )


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
    plan = _lock_plan_to_edit(plan_id, actor)
    errors = {}
    if not frequency.strip():
        errors["frequency"] = "Say how often, for example 'weekly' or '3 times a week'."
    if not quantity.strip():
        errors["quantity"] = (
            "Say how much each time, for example '30 minutes' or '1:1 support all day'."
        )
    if errors:
        raise ValidationError(errors)
    return _item_save(
        actor,
        plan,
        _item(PlanProvision, plan, provision_id),
        {
            "section": section,
            "what": what.strip(),
            "by_whom": by_whom.strip(),
            "frequency": frequency.strip(),
            "quantity": quantity.strip(),
            "duration": duration.strip(),
        },
        siblings=plan.provisions.filter(section=section),
        action="plan.provision_saved",
        payload={"section": section},
        related=[("outcomes", plan.outcomes.filter(pk__in=outcome_ids))],
    )


ITEM_MODELS = {
    "need": PlanNeed,
    "outcome": PlanOutcome,
    "provision": PlanProvision,
    "advice": PlanAdvice,
}


@transaction.atomic
def plan_item_delete(*, actor: User, plan_id: int, kind: str, item_id: int) -> None:
    plan = _lock_plan_to_edit(plan_id, actor)
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
        payload={"kind": kind, "text": text[:200]},
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
    """Section I: the named school or other institution, or the type of placement only.

    Before the draft is issued section I stays empty (CFA 2014 s.38(5)): naming is refused, and
    saving it empty clears what an earlier version of the service let through."""
    plan = _lock_plan_to_edit(plan_id, actor)
    naming = setting_id is not None or bool(placement_type)
    if plan.state == PlanState.DRAFTING and naming:
        raise ValidationError(DRAFT_NAMES_NO_SETTING)
    if plan.state != PlanState.DRAFTING and not naming:
        raise ValidationError("Choose a school or other institution, or the type of placement.")
    record_change(
        plan,
        {
            "placement_setting": Setting.objects.get(pk=setting_id) if setting_id else None,
            "placement_type": placement_type,
            "placement_notes": notes.strip(),
        },
        actor=actor,
        audit="plan.section_i",
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
    plan = _lock_plan_to_edit(plan_id, actor)
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
    record_change(
        plan,
        {
            "budget_education": education,
            "budget_health": health,
            "budget_social_care": social_care,
            "budget_direct_payment": direct_payment,
            "budget_arrangements": arrangements.strip(),
        },
        actor=actor,
        audit="plan.section_j",
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
    plan = _lock_plan_to_edit(plan_id, actor)
    advice = PlanAdvice(plan=plan, title=title.strip(), author=author.strip(), dated=dated)
    advice.full_clean(exclude=["plan"])
    advice.save()
    _touch(plan)
    audit_record(
        actor=actor,
        action="plan.advice_added",
        obj=advice,
        case=plan.case,
        payload={"title": advice.title},
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


def _issue(
    *, actor: User, plan_id: int, version: int | None, issued_on, today, final: bool
) -> tuple[Plan, PlanVersion, str]:
    """What issuing the draft and the final plan share: the plan locked and its step checked,
    the request's own step first (its dates and state, so a refused issue stores no PDF), the
    working copy frozen into a version. Returns the plan, the version and the state before."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, version, actor)
    check(plan.issue_final if final else plan.issue_draft, actor)
    if plan.request_id:
        issue = case_services.request_issue_final if final else case_services.request_issue_draft
        issue(  # with the plan's notice (regs 13, 14): sent by this service when issued
            # today; a plan dated before today was sent that day (decision record 16)
            actor=actor,
            request_id=plan.request_id,
            version=None,
            issued_on=issued_on,
            today=today,
            outside=issued_on < today,
            **({"setting": plan.placement_setting} if final else {}),
        )
    else:
        check_date(issued_on, field="issued_on", not_before=None, today=today)
        plan_notice(actor=actor, plan=plan, final=final, issued_on=issued_on, today=today)
    kind = VersionKind.FINAL if final else VersionKind.DRAFT
    frozen = _freeze(plan, actor=actor, kind=kind, issued_on=issued_on, for_final=final)
    return plan, frozen, plan.state


def plan_notice(*, actor: User, plan: Plan, final: bool, issued_on, today) -> None:
    """The notice of a plan issued with no request behind it (a transferred plan): the draft's
    15 days (reg 13) or the final plan's rights (reg 14)."""
    facts = (
        {"issued_on": issued_on}
        if final
        else {"served_on": issued_on, "response_due": deadlines.draft_response_due(issued_on)}
    )
    notice_for_decision(
        actor=actor,
        case=plan.case,
        kind="final_plan" if final else "draft_plan",
        facts=facts,
        decision=plan,
        today=max(today, issued_on),
        sent_on=already_sent(issued_on, today),
        setting=plan.placement_setting if final else None,
    )


def _audit_issue(action: str, *, actor: User, plan: Plan, frozen: PlanVersion, before: str):
    audit_record(
        actor=actor,
        action=action,
        obj=frozen,
        case=plan.case,
        payload={"version": frozen.number, "issued_on": frozen.issued_on},
        changes={"state": [before, plan.state]},
    )


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
    plan, frozen, before = _issue(
        actor=actor, plan_id=plan_id, version=version, issued_on=issued_on, today=today, final=False
    )
    plan.issue_draft()
    _touch(plan, "state")
    _audit_issue("plan.draft_issued", actor=actor, plan=plan, frozen=frozen, before=before)
    return frozen


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
    plan, frozen, before = _issue(
        actor=actor, plan_id=plan_id, version=version, issued_on=issued_on, today=today, final=True
    )
    plan.issue_final()
    plan.first_issued_on = plan.first_issued_on or issued_on
    _touch(plan, "state", "first_issued_on")
    setting_follows(plan, actor=actor, on=issued_on)
    # the council may decide without a school's reply (Code 9.79): replies still awaited lapse
    for consultation in plan.consultations.filter(state=ConsultationState.AWAITED):
        case_services.deadlines_cancel(consultation, [DeadlineKind.CONSULTATION_RESPONSE])
    review_schedule(plan=plan, period_starts=issued_on)
    _audit_issue("plan.final_issued", actor=actor, plan=plan, frozen=frozen, before=before)
    return frozen


@transaction.atomic
def plan_record_existing(
    *,
    actor: User,
    case_id: int,
    issued_on: datetime.date,
    last_reviewed_on: datetime.date | None,
    setting_id: int | None,
    placement_type: str = "",
    today: datetime.date | None = None,
) -> Plan:
    """Enter a plan issued before this service, or recorded as issued outside it: a plan record
    in force with its issue date, last review and named setting, so its next review is
    scheduled and chased like any other (from the last review, or from the issue)."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
    require(actor, case, Need.WORK)
    if Plan.objects.filter(case=case).live().exists():
        raise ValidationError(HAS_A_PLAN)
    if setting_id is None and not placement_type:
        raise ValidationError(
            {"setting_id": "Choose the school or other institution the plan names, or its type."}
        )
    plan = Plan(
        case=case,
        state=PlanState.FINAL,
        issued_outside=True,
        first_issued_on=issued_on,
        last_reviewed_on=last_reviewed_on,
        placement_setting_id=setting_id,
        placement_type=placement_type,
        request=case.requests.filter(state=RequestState.FINAL_ISSUED, plans__isnull=True)
        .order_by("-final_issued_on")
        .first(),
    )
    check_plan_date(issued_on, plan=plan, field="issued_on", today=today)
    if last_reviewed_on is not None:
        check_plan_date(last_reviewed_on, plan=plan, field="last_reviewed_on", today=today)
    plan.save()
    setting_follows(plan, actor=actor, on=last_reviewed_on or issued_on)
    review = review_schedule(plan=plan, period_starts=last_reviewed_on or issued_on)
    case_stage_set(case_id=case.pk, stage=CaseStage.PLAN)
    audit_record(
        actor=actor,
        action="plan.recorded_existing",
        obj=plan,
        case=case,
        payload={"issued_on": issued_on, "review_due": review.due_on},
    )
    return plan
