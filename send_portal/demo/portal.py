"""The family portal's demo: the demo parent has something to do when they sign in.

Rachel Okafor (parent@demo.example) is linked by the council to two children: one being
assessed (the council's letter saying it will assess, not yet read; their views asked for), and
one whose draft EHC plan was sent three days ago (15 days to respond, naming a school). Everything
goes through the services, dated relative to today; run once, after the demo's plans.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import FamilyMember
from cases.models import Notice
from cases.models import RequestState
from cases.models import User
from cases.notices.services import notice_create
from cases.services import family_portal
from ehcp import services as plan_services
from ehcp.models import Plan
from ehcp.models import PlanState

logger = logging.getLogger(__name__)

DRAFT_SENT_DAYS_AGO = 3


def _link(officer: User, parent: User, case: Case) -> None:
    member = FamilyMember.objects.filter(child=case.child, is_main_contact=True).first()
    if member is None:
        member = FamilyMember.objects.create(
            child=case.child,
            full_name=parent.full_name,
            relationship="mother",
            is_main_contact=True,
        )
    FamilyMember.objects.filter(pk=member.pk).update(full_name=parent.full_name, email=parent.email)
    family_portal.family_link_grant(
        actor=officer, case=case, user=parent, family_member_id=member.pk
    )


@transaction.atomic
def seed_portal(*, today: datetime.date) -> int:
    """Returns how many things the demo parent has to do (0 when already seeded)."""
    parent = User.objects.filter(email="parent@demo.example").first()
    officer = User.objects.filter(email="officer@demo.example").first()
    if parent is None or officer is None:
        return 0
    if Plan.objects.filter(case__child__family__user=parent, state=PlanState.DRAFT_ISSUED).exists():
        return 0
    things = 0
    assessing = (
        Case.objects.filter(officer=officer, stage=CaseStage.ASSESSMENT, child__family__user=parent)
        .select_related("child")
        .first()
    )
    if assessing is not None:
        request = assessing.requests.filter(assess_decided_on__isnull=False).first()
        if request is not None and not Notice.objects.filter(case=assessing).exists():
            notice_create(
                actor=officer,
                case=assessing,
                kind="assess",
                facts={"decided_on": request.assess_decided_on},
                dated_on=request.assess_decided_on,
            )
            things += 1
        things += 1  # their views are asked for while the assessment runs
    drafting = (
        Plan.objects.filter(
            case__officer=officer,
            state=PlanState.DRAFTING,
            request__state=RequestState.DRAFTING,
        )
        .exclude(case__child__family__user__isnull=False)
        .select_related("case", "case__child")
        .order_by("pk")
    )
    for plan in drafting:
        issued_on = max(
            today - datetime.timedelta(days=DRAFT_SENT_DAYS_AGO), plan.request.issue_decided_on
        )
        try:
            with transaction.atomic():
                if plan.placement_setting_id:  # a draft names no school (CFA 2014 s.38(5))
                    plan_services.plan_placement_set(
                        actor=officer, plan_id=plan.pk, setting_id=None
                    )
                    plan.refresh_from_db()
                plan_services.plan_issue_draft(
                    actor=officer,
                    plan_id=plan.pk,
                    version=plan.version,
                    issued_on=issued_on,
                    today=today,
                )
        except ValidationError as error:  # a plan the demo left incomplete: try the next
            logger.info("demo: plan %s not issued as a draft: %s", plan.pk, error.messages)
            continue
        _link(officer, parent, plan.case)
        things += 1
        break
    # one family: the parent's children share her surname
    Child.objects.filter(family__user=parent).update(last_name=parent.full_name.split()[-1])
    return things
