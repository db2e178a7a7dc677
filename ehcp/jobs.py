"""The nightly deadline job's steps that belong to plans: every maintained plan has its next
review scheduled. Set-based and idempotent: the partial unique index "one open review per plan"
means a run repeated or restarted half way never schedules a review twice."""

import datetime

from django.db import transaction
from django.db.models import Exists
from django.db.models import Max
from django.db.models import OuterRef
from django.db.models import Subquery
from django.db.models.functions import Coalesce

from cases.models import Deadline
from cases.models import Phase

from .models import MAINTAINED_STATES
from .models import AnnualReview
from .models import Plan
from .models import ReviewState
from .services import _review_deadlines
from .services import _review_rows
from .services import review_timing

CHUNK = 2000


def reviews_schedule(*, today: datetime.date) -> int:
    """Schedule a review for each maintained plan that has none open (plans that arrived by
    import or transfer, or whose schedule was lost). Returns how many were scheduled."""
    # where the last review's period ends: the day its decision was sent, or, while it waits
    # to go out, the day it was made (`ehcp.services.review_period_start`)
    decided = AnnualReview.objects.filter(plan=OuterRef("pk"), state=ReviewState.DECIDED).annotate(
        period_start=Coalesce("decision_sent_on", "decided_on")
    )
    last_decision = (
        decided.order_by().values("plan").annotate(last=Max("period_start")).values("last")
    )
    last_transfer = decided.order_by("-decided_on", "-pk").values("transfer_deadline")[:1]
    unscheduled = (
        Plan.objects.filter(state__in=MAINTAINED_STATES, first_issued_on__isnull=False)
        .filter(
            ~Exists(
                AnnualReview.objects.filter(plan=OuterRef("pk")).exclude(state=ReviewState.DECIDED)
            )
        )
        .annotate(last_decision=Subquery(last_decision), transfer_handled=Subquery(last_transfer))
        .order_by("pk")
    )
    scheduled = 0
    while True:
        rows = list(
            unscheduled.values(
                "pk",
                "case_id",
                "case__team_id",
                "first_issued_on",
                "last_reviewed_on",
                "last_decision",
                "transfer_handled",
                "case__child__date_of_birth",
                "placement_setting__phase",
                "case__child__current_setting__phase",
                "case__middle_school_from_year",
                "case__secondary_from_year",
                "case__post16_move_on",
            )[:CHUNK]
        )
        if not rows:
            return scheduled
        with transaction.atomic():
            reviews, transfers = [], []
            for row in rows:
                phase = (
                    row["placement_setting__phase"] or row["case__child__current_setting__phase"]
                )
                middle = (row["case__middle_school_from_year"], row["case__secondary_from_year"])
                due, transfer = review_timing(
                    period_starts=row["last_decision"]
                    or row["last_reviewed_on"]
                    or row["first_issued_on"],
                    date_of_birth=row["case__child__date_of_birth"],
                    from_infant_school=phase == Phase.INFANT,
                    transfer_handled=row["transfer_handled"],
                    middle_school_years=middle if None not in middle else None,
                    post16_move_on=row["case__post16_move_on"],
                )
                reviews.append(_review_rows(row["pk"], row["case__team_id"], due, transfer))
                transfers.append((row["case_id"], transfer))
            AnnualReview.objects.bulk_create(reviews)
            Deadline.objects.bulk_create(
                [
                    d
                    for review, (case_id, transfer) in zip(reviews, transfers, strict=True)
                    for d in _review_deadlines(review, case_id, transfer)
                ],
                batch_size=CHUNK,
            )
        scheduled += len(rows)
