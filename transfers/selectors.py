"""Every read of transfers: the gateway to one transfer review (through the case gateway), the
cohort progress view and its CSV export, the case page's panel, and the imports."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.panels import records_absent
from cases.permissions import staff_cases
from cases.rules import Need
from cases.selectors import case_get_for_user
from cases.selectors import deadline_value

from .models import COHORT_ORDER
from .models import Cohort
from .models import LegacyImport
from .models import TransferReview
from .models import TransferState
from .permissions import COHORTS_REFUSAL
from .permissions import IMPORT_REFUSAL
from .permissions import can_import
from .permissions import can_see_transfers
from .services.legacy_import import NOTIFY_KIND
from .services.reviews import DEADLINE_KIND


def transfer_review_get_for_user(user, review_id: int, need: Need = Need.VIEW) -> TransferReview:
    """The review, if its case is one the user may see (404 for "no such review" and "not
    yours" alike; 403 without the level needed)."""
    reference = (
        TransferReview.objects.filter(pk=review_id)
        .values_list("case__reference", flat=True)
        .first()
    )
    if reference is None:
        raise Http404("No such transfer review.")
    case = case_get_for_user(user, reference, need)
    review = (
        _with_deadline(TransferReview.objects.filter(pk=review_id))
        .select_related("legacy_record", "legacy_record__setting", "plan")
        .get()
    )
    review.case = case
    return review


def _with_deadline(reviews: QuerySet) -> QuerySet:
    """Each review with its transfer limit (`due_on`, `met_on`) and, while its family is still
    to be told, the day they are to be told by (`notify_by`)."""
    return reviews.annotate(
        due_on=deadline_value(TransferReview, DEADLINE_KIND),
        met_on=deadline_value(TransferReview, DEADLINE_KIND, "met_on"),
        notify_by=deadline_value(TransferReview, NOTIFY_KIND, open_only=True),
    )


def require_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(IMPORT_REFUSAL)


def require_transfers(user) -> None:
    if not can_see_transfers(user):
        raise PermissionDenied(COHORTS_REFUSAL)


def import_get_for_user(user, import_id: int) -> LegacyImport:
    require_import(user)
    return get_object_or_404(LegacyImport.objects.select_related("uploaded_by"), pk=import_id)


def imports_recent(user, limit: int = 10) -> list[LegacyImport]:
    require_import(user)
    return list(LegacyImport.objects.select_related("uploaded_by").defer("report")[:limit])


# --- phasing by cohort -----------------------------------------------------------------------


@dataclass
class CohortRow:
    cohort: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(TransferState.FINAL, 0) + self.counts.get(TransferState.NO_PLAN, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def visible_reviews(user) -> QuerySet[TransferReview]:
    require_transfers(user)
    return TransferReview.objects.filter(case__in=staff_cases(user))


def cohort_progress(user) -> list[CohortRow]:
    """Each cohort, key transition points first, with how many reviews are at each step."""
    rows = {c: CohortRow(c, Cohort(c).label) for c in COHORT_ORDER}
    for item in visible_reviews(user).values("cohort", "state").annotate(n=Count("pk")):
        rows[item["cohort"]].counts[item["state"]] = item["n"]
    return list(rows.values())


def reviews_for_progress(user, *, cohort: str = "", state: str = "") -> QuerySet[TransferReview]:
    """The reviews the progress view lists (and the CSV exports): key cohorts first, then the
    earliest deadline."""
    reviews = visible_reviews(user)
    if cohort:
        reviews = reviews.filter(cohort=cohort)
    if state:
        reviews = reviews.filter(state=state)
    order = {c: i for i, c in enumerate(COHORT_ORDER)}
    from django.db.models import Case
    from django.db.models import IntegerField
    from django.db.models import Value
    from django.db.models import When

    return (
        _with_deadline(reviews)
        .select_related("case", "case__child", "case__officer", "legacy_record")
        .annotate(
            cohort_rank=Case(
                *(When(cohort=c, then=Value(i)) for c, i in order.items()),
                output_field=IntegerField(),
            )
        )
        .order_by("cohort_rank", "due_on", "case__child__last_name", "pk")
    )


# --- the case page's panel -----------------------------------------------------------------------


@dataclass
class CaseTransferPanel:
    reviews: list


def case_transfer_panel(*, case, user, requests=None) -> CaseTransferPanel | None:
    if records_absent(case, "transfer_reviews"):
        return None
    reviews = list(_with_deadline(TransferReview.objects.filter(case=case)).order_by("pk"))
    return CaseTransferPanel(reviews=reviews) if reviews else None
