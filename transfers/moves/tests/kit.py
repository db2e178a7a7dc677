"""Builders of the moves' and reassessments' tests (through the services; no tests here)."""

import datetime

from django.utils import timezone

from cases.models import ContactPreference
from cases.notices import services as notices
from cases.notices.models import COPY_ROLES
from cases.notices.models import Delivery
from cases.notices.models import DeliveryStatus
from cases.tests.factories import FamilyMemberFactory
from ehcp.tests.test_review_views_kit import final_plan
from tests.kit import D
from tests.kit import letters_posted
from tests.kit import letters_written
from transfers.moves import reassessment
from transfers.moves import services

# The plan of `plan_case`: final issued 20 May 2026 (the last assessment), review due 19 May 2027.
ISSUED = D("2026-05-20")


def plan_case(officer, panel, *, first_name="Maya"):
    """A case with a final plan (issued 20 May 2026) whose mother is sent letters by post."""
    plan = final_plan(officer, panel, first_name=first_name)
    FamilyMemberFactory(
        child=plan.case.child,
        full_name="Rachel Okafor",
        email="",
        contact_preference=ContactPreference.POST,
        address="1 High Street\nExeter\nEX1 1AA",
    )
    return plan


def post_letters(officer, case, *, posted_on: str) -> None:
    """Everything of the case still waiting to go to the family goes on `posted_on`: the
    emails are sent and the officer posts the letters."""
    letters_written()
    waiting = Delivery.objects.filter(notice__case=case).exclude(status=DeliveryStatus.SENT)
    moment = timezone.make_aware(datetime.datetime.combine(D(posted_on), datetime.time(9)))
    for delivery in waiting.filter(channel="email"):
        notices.delivery_send(delivery_id=delivery.pk, now=moment)
    letters = [d for d in waiting.filter(channel="post") if d.role not in COPY_ROLES]
    letters_posted(officer, *letters, on=posted_on)


def move_out(officer, plan, *, moved="2026-09-01", learned="2026-06-01", today="2026-06-02"):
    return services.move_out_record(
        actor=officer,
        case_id=plan.case_id,
        moved_on=D(moved),
        learned_on=D(learned),
        receiving_council="Somerset Council",
        today=D(today),
    )


def move_in(
    officer,
    *,
    transferred="2026-09-01",
    issued="2024-03-01",
    last_reviewed="2025-10-01",
    from_council="Bristol City Council",
):
    """A plan passed on by `from_council` on `transferred` for a child born 2015."""
    return services.move_in_record(
        actor=officer,
        child_details={
            "first_name": "Leo",
            "last_name": "Marsh",
            "date_of_birth": D("2015-02-10"),
            "postcode": "EX2 4AB",
        },
        family_details={
            "full_name": "Dana Marsh",
            "relationship": "mother",
            "email": "",
            "address": "4 Quay Lane\nExeter\nEX2 4AB",
            "contact_preference": "post",
        },
        from_council=from_council,
        transferred_on=D(transferred),
        issued_on=D(issued),
        last_reviewed_on=D(last_reviewed) if last_reviewed else None,
        setting_id=None,
        placement_type="mainstream",
        today=D(transferred),
    )


def reassessment_asked(officer, plan, *, requested="2026-09-01"):
    return reassessment.reassessment_request(
        actor=officer,
        case_id=plan.case_id,
        source="family",
        requester_name="Rachel Okafor",
        channel="email",
        requested_on=D(requested),
        reason="Maya's needs have changed since her diagnosis.",
        today=D(requested),
    )


def moves_world(officer, manager, panel) -> dict:
    """For the access matrix: a plan in force, a move out recorded, a plan moved in, a
    reassessment requested and one agreed (each on a case of its own)."""
    from ehcp.tests.factories import LATER

    plan = plan_case(officer, panel, first_name="Fay")
    moving = plan_case(officer, panel, first_name="Gus")
    asked = plan_case(officer, panel, first_name="Hal")
    agreed = plan_case(officer, panel, first_name="Ivy")
    agreed_item = reassessment.reassessment_decide(
        actor=manager,
        reassessment_id=reassessment_asked(officer, agreed).pk,
        agreed=True,
        decided_on=D("2026-09-08"),
        reason="New diagnosis.",
        today=LATER,
    )
    return {
        "plan to move": plan,
        "move out": move_out(officer, moving, today="2026-06-02"),
        "move in": move_in(officer),
        "requested reassessment": reassessment_asked(officer, asked),
        "agreed reassessment": agreed_item,
    }
