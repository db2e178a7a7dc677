"""The family's response to the draft plan: comments on its sections, a request for a meeting,
and the school or college they ask to be named (CFA 2014 s.38(2)(b), reg 13(1))."""

import datetime
from typing import TypedDict
from typing import Unpack

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.family_access import family_may_act
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import Setting
from cases.models import User
from cases.rules import proceed
from cases.services.records import audit_on_case
from ehcp.content import SECTION_TITLES
from ehcp.models import FamilyResponse
from ehcp.models import Plan

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


class FamilySaid(TypedDict, total=False):
    """What the family said about the draft, as an officer records it or the family responds
    online (the defaults are `_record`'s: nothing said)."""

    comments: dict[str, str] | None
    wants_meeting: bool
    requested_setting_id: int | None
    nothing_more_to_add: bool


@transaction.atomic
def plan_record_family_response(
    *,
    actor: User,
    plan_id: int,
    received_on: datetime.date,
    today: datetime.date | None = None,
    **said: Unpack[FamilySaid],
) -> FamilyResponse:
    """Record what the family said about the draft (an officer types in a letter or an email).
    A response may come in several parts within their 15 days; only "nothing more to add" ends
    the window early (the request's clock)."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    return _record(
        plan, checked_as=actor, recorded_by=actor, received_on=received_on, today=today, **said
    )


@transaction.atomic
def plan_family_respond_online(
    *,
    actor: User,
    plan_id: int,
    today: datetime.date | None = None,
    **said: Unpack[FamilySaid],
) -> FamilyResponse:
    """The parent or young person responds to the draft in the portal: received today. Their
    access is the family portal's rule (`cases.family_access`); the steps' own checks (the plan's
    state, the 15 days still open) run as for an officer."""
    today = today or timezone.localdate()
    plan = Plan.objects.select_for_update().select_related("case", "case__child").get(pk=plan_id)
    if not family_may_act(actor, plan.case, today=today):
        raise PermissionDenied("You cannot respond to this plan.")
    closes_on = family_window_closes_on(plan)
    if closes_on is not None and closes_on < today:
        raise ValidationError(
            f"The 15 days to respond to the draft plan ended on {closes_on:%-d %B %Y}. "
            "Contact your case officer about anything you still want to say."
        )
    return _record(
        plan,
        checked_as=None,  # the family's access is checked above, not casework's
        recorded_by=actor,
        received_on=today,
        today=today,
        **said,
    )


def family_window_closes_on(plan: Plan) -> datetime.date | None:
    """The last of the family's 15 days on the draft, while it is open (stored deadline)."""
    if plan.request_id is None:
        return None
    deadline = (
        Deadline.objects.filter(
            case_id=plan.case_id,
            object_id=plan.request_id,
            content_type__model="assessmentrequest",
            kind=DeadlineKind.DRAFT_RESPONSE,
            met_on__isnull=True,
            cancelled=False,
        )
        .order_by("due_on")
        .first()
    )
    return deadline.due_on if deadline else None


def _record(
    plan: Plan,
    *,
    checked_as: User | None,
    recorded_by: User,
    received_on: datetime.date,
    today: datetime.date,
    comments: dict[str, str] | None = None,
    wants_meeting: bool = False,
    requested_setting_id: int | None = None,
    nothing_more_to_add: bool = False,
) -> FamilyResponse:
    proceed(plan.record_family_response, checked_as)
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
    requested = Setting.objects.filter(pk=requested_setting_id).first()
    if requested_setting_id and requested is None:
        raise ValidationError({"requested_setting": "Select a school or college"})
    # the request's clock: the date checked against the draft, the window closed if they are done
    case_services.request_record_family_response(
        actor=checked_as,
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
        recorded_by=recorded_by,
    )
    audit_on_case(
        response,
        "plan.family_response",
        actor=recorded_by,
        payload={"received_on": received_on, "summary": _summary(response)},
    )
    return response
