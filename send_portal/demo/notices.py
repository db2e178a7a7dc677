"""The demo's letters (cases.notices): the panel decisions of the demo cases have their notices,
most sent on the day of the decision, and a few letters dated today wait in the print queue for
the demo officer to print and mark posted ("Letters to post")."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import ContactPreference
from cases.models import PanelDecision
from cases.models import PanelDecisionKind
from cases.notices.models import Channel
from cases.notices.models import DeliveryStatus
from cases.notices.models import Notice
from cases.notices.services import notice_create
from cases.notices.services import notice_record_sent

SENT = 6  # decisions whose letters went on the day
TO_POST = 2  # letters dated today, waiting to be posted


def seed_notices(*, case_ids: list[int], today: datetime.date) -> int:
    """Notices of the demo cases' decisions whether to assess; returns how many were made."""
    if Notice.objects.filter(case_id__in=case_ids).exists():
        return 0
    decisions = list(
        PanelDecision.objects.filter(
            request__case_id__in=case_ids,
            kind=PanelDecisionKind.ASSESS,
            request__case__officer__isnull=False,
        )
        .select_related("request__case__officer", "request__case__child")
        .order_by("-decided_on", "pk")[: SENT + TO_POST]
    )
    made = 0
    for number, decision in enumerate(decisions):
        waiting = number < TO_POST  # the latest decisions: their letters go out today
        if waiting:  # this family asked for letters by post
            decision.request.case.child.family.filter(is_main_contact=True).update(
                contact_preference=ContactPreference.POST
            )
        with transaction.atomic():  # recorded sent before anything is emailed
            made += _notice(decision, waiting=waiting, today=today)
    return made


def _notice(decision, *, waiting: bool, today: datetime.date) -> int:
    case = decision.request.case
    notice = notice_create(
        actor=case.officer,
        case=case,
        kind="assess" if decision.agreed else "not_assess",
        facts={"decided_on": decision.decided_on},
        decision=decision.request,
        dated_on=today if waiting else decision.decided_on,
    )
    if waiting:  # the copies were emailed this morning; the family's letter waits for the post
        notice.deliveries.filter(channel=Channel.EMAIL).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now()
        )
    else:
        notice_record_sent(actor=case.officer, notice=notice, sent_on=decision.decided_on)
    return 1
