"""The family's response to the draft plan: comments on its sections, a request for a meeting,
and the school or college they ask to be named (CFA 2014 s.38(2)(b), reg 13(1))."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.audit import audit_record
from cases.models import Setting, User
from cases.rules import proceed
from ehcp.content import SECTION_TITLES
from ehcp.models import FamilyResponse

from ._common import _lock_plan


def _summary(response: FamilyResponse) -> str:
    parts = []
    if response.comments:
        parts.append("comments on section " + ", ".join(sorted(response.comments)))
    if response.wants_meeting:
        parts.append("asked for a meeting")
    if response.requested_setting is not None:
        parts.append(f"asked for {response.requested_setting.name} to be named")
    if response.nothing_more_to_add:
        parts.append("nothing more to add")
    return "; ".join(parts)


@transaction.atomic
def plan_record_family_response(
    *,
    actor: User,
    plan_id: int,
    received_on: datetime.date,
    comments: dict[str, str] | None = None,
    wants_meeting: bool = False,
    requested_setting_id: int | None = None,
    nothing_more_to_add: bool = False,
    today: datetime.date | None = None,
) -> FamilyResponse:
    """Record what the family said about the draft. A response may come in several parts within
    their 15 days; only "nothing more to add" ends the window early (the request's clock)."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    proceed(
        plan.record_family_response,
        actor,
        moved_on="The family responds to the draft plan once it has been issued.",
    )
    comments = {
        key: text.strip()
        for key, text in (comments or {}).items()
        if key in SECTION_TITLES and text and text.strip()
    }
    if not (comments or wants_meeting or requested_setting_id or nothing_more_to_add):
        raise ValidationError(
            "Record what the family said: comments on a section, a request for a meeting, the "
            "school or college they ask for, or that they have nothing more to add."
        )
    requested = Setting.objects.get(pk=requested_setting_id) if requested_setting_id else None
    # the request's clock: the date checked against the draft, the window closed if they are done
    case_services.request_record_family_response(
        actor=actor,
        request_id=plan.request_id,
        responded_on=received_on,
        nothing_more_to_add=nothing_more_to_add,
        today=today,
    )
    response = FamilyResponse.objects.create(
        plan=plan,
        received_on=received_on,
        comments=comments,
        wants_meeting=wants_meeting,
        requested_setting=requested,
        nothing_more_to_add=nothing_more_to_add,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="plan.family_response",
        obj=response,
        case=plan.case,
        payload={"received_on": received_on, "summary": _summary(response)},
    )
    return response
