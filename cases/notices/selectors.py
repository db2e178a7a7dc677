"""Reads of notices: the case page's panel, and the print queue of letters to post."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field

from cases.nested_rows import NestedRows
from cases.nested_rows import preload
from cases.panels import records_absent
from cases.permissions import staff_cases

from .models import WAITING
from .models import Channel
from .models import Delivery
from .models import DeliveryStatus
from .models import Notice

RECENT_NOTICES = 10


@dataclass
class NoticeRow:
    notice: Notice
    title: str
    deliveries: list[Delivery]

    @property
    def waiting(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == DeliveryStatus.QUEUED]

    @property
    def failed(self) -> list[Delivery]:
        return [
            d
            for d in self.deliveries
            if d.status in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP)
        ]


@dataclass
class CaseNotices:
    waiting: list[NoticeRow] = field(default_factory=list)  # not yet sent to everyone
    sent: list[NoticeRow] = field(default_factory=list)  # the most recent, sent

    @property
    def failures(self) -> int:
        return sum(len(row.failed) for row in self.waiting)


def case_notices_panel(*, case, user=None, requests=None) -> CaseNotices:
    """What is waiting to go out on this case (and what failed), and the latest notices sent:
    one query, the notices each with its deliveries in its row, however many notices the case
    has (none when it has none)."""
    if records_absent(case, "notices"):
        return CaseNotices()
    deliveries_read = NestedRows(Delivery, parent="notice", order_by=("id",))
    notices = Notice.objects.filter(case=case).annotate(delivery_rows=deliveries_read)
    summary = CaseNotices()
    for notice in notices.order_by("-dated_on", "-id"):
        deliveries = deliveries_read.rows(notice.delivery_rows, attach={"notice": notice})
        preload(notice, "deliveries", deliveries)  # what `held` and `letter_pending` read
        row = NoticeRow(notice, notice.title, deliveries)
        if (
            notice.sent_on is None
            or notice.letter_pending
            or any(
                d.status in WAITING or d.status == DeliveryStatus.GAVE_UP for d in row.deliveries
            )
        ):
            summary.waiting.append(row)
        elif len(summary.sent) < RECENT_NOTICES:
            summary.sent.append(row)
    return summary


def post_queue(user, *, today: datetime.date):
    """Letters waiting to be posted, dated today or before, on cases the user may see: oldest
    first (what the print run prints, in order)."""
    return (
        Delivery.objects.filter(
            channel=Channel.POST,
            status__in=WAITING,
            notice__dated_on__lte=today,
            notice__letter__isnull=False,  # a letter still being written is not printed yet
            notice__case__in=staff_cases(user),
        )
        .select_related("notice__case__child", "notice__letter")
        .order_by("notice__dated_on", "notice_id", "id")
    )
