"""Consulting settings (schools and colleges) about being named in the plan, and recording
their responses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.models import DeadlineKind
from cases.models import User
from cases.rules import check
from cases.rules import proceed
from cases.services import check_date
from cases.services.records import audit_on_case
from cases.services.records import step_take
from ehcp.models import Consultation
from ehcp.models import ConsultationResponse
from ehcp.models import PlanState

from ._common import _lock_plan
from ._common import _touch


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
    proceed(plan.consult_setting, actor)
    draft = plan.versions.order_by("-number").first()
    check_date(
        consulted_on,
        field="consulted_on",
        not_before=draft.issued_on if draft else None,
        today=today,
        before_label="the draft was issued",
    )
    if setting_id in plan.consulted_setting_ids():
        raise ValidationError({"setting_id": "This setting has already been consulted."})
    consultation = Consultation.objects.create(
        plan=plan,
        setting_id=setting_id,
        consulted_on=consulted_on,
        due_on=deadlines.consultation_response_due(consulted_on),
        # the school or college the family asked for is always tracked as their request
        requested_by_family=requested_by_family or setting_id in plan.requested_setting_ids(),
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
    audit_on_case(
        consultation,
        "plan.consulted",
        actor=actor,
        payload={"setting": consultation.setting.name, "due_on": consultation.due_on},
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
    consultation.plan = plan
    check(consultation.record_response, actor)
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
    step_take(
        consultation.record_response,
        actor=actor,
        values={
            "responded_on": responded_on,
            "response": response,
            "response_notes": notes.strip(),
        },
        audit="plan.consultation_response",
        payload={
            "setting": consultation.setting.name,
            "response": ConsultationResponse(response).label.lower(),
        },
    )
    case_services.deadline_meet(consultation, DeadlineKind.CONSULTATION_RESPONSE, responded_on)
    return consultation
