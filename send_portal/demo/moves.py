"""Demo moves between councils and reassessment: a family moving away whose plan is still to
be passed on, a plan that has just moved in (the family to be told), and a request for
reassessment for the manager to decide. Dated relative to today, made through the services."""

import datetime

from django.db import transaction

from cases.models import User
from cases.roles import Role
from ehcp.models import Plan
from ehcp.models import PlanState
from transfers.moves import reassessment
from transfers.moves import services
from transfers.moves.models import MoveIn

from .cases import DEMO_USERS


def _days(today: datetime.date, n: int) -> datetime.date:
    return today + datetime.timedelta(days=n)


@transaction.atomic
def seed_moves(*, today: datetime.date) -> int:
    """One move out pending, one move in, one reassessment request; 0 if already there."""
    if MoveIn.objects.exists():
        return 0
    officer = User.objects.get(email=DEMO_USERS[0][0])
    manager = User.objects.filter(role=Role.SEN_MANAGER, team=officer.team).first()
    plans = list(
        Plan.objects.filter(
            case__officer=officer,
            state=PlanState.FINAL,
            first_issued_on__lte=_days(today, -60),
        )
        .select_related("case")
        .order_by("case__reference")[:2]
    )
    if len(plans) < 2:
        return 0
    leaving, asking = plans
    services.move_out_record(
        actor=officer,
        case_id=leaving.case_id,
        moved_on=_days(today, 12),
        learned_on=_days(today, -2),
        receiving_council="Somerset Council",
        notes="Mum phoned: the family has a new tenancy in Taunton.",
        today=today,
    )
    reassessment.reassessment_request(
        actor=officer,
        case_id=asking.case_id,
        source="setting",
        requester_name="Mrs Hill, SENCo",
        channel="email",
        requested_on=_days(today, -5),
        reason="A new diagnosis of epilepsy: the plan's health and education sections no longer "
        "describe the child's needs.",
        today=today,
    )
    services.move_in_record(
        actor=manager or officer,
        child_details={
            "first_name": "Leo",
            "last_name": "Marsh",
            "date_of_birth": datetime.date(today.year - 10, 2, 10),
            "postcode": "EX2 4AB",
            "address_line_1": "4 Quay Lane",
            "town": "Exeter",
        },
        family_details={
            "full_name": "Dana Marsh",
            "relationship": "mother",
            "email": "dana.marsh@example.net",
            "address": "4 Quay Lane\nExeter\nEX2 4AB",
        },
        from_council="Bristol City Council",
        transferred_on=_days(today, -9),
        issued_on=_days(today, -700),
        last_reviewed_on=_days(today, -320),
        setting_id=None,
        placement_type="mainstream",
        officer=officer,
        today=today,
    )
    return 3
