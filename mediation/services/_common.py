"""What every service of the mediation app shares: locking a row and checking the actor may
work on its case, dates checked against the child's record, stored deadlines."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case
from cases.services import check_date
from cases.services.records import record_lock
from mediation.models import Appeal
from mediation.models import Disagreement
from mediation.models import Order
from mediation.models import Recommendation


def today_or(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def lock_disagreement(disagreement_id: int, actor) -> Disagreement:
    return record_lock(
        Disagreement.objects.select_related("case", "case__child"), disagreement_id, actor=actor
    )


# An appeal's or an order's case is reached through its disagreement.
ON_DISAGREEMENT = ("disagreement", "disagreement__case", "disagreement__case__child")


def lock_appeal(appeal_id: int, actor) -> Appeal:
    appeal = record_lock(Appeal.objects.select_related(*ON_DISAGREEMENT), appeal_id, actor=actor)
    Disagreement.objects.select_for_update().filter(pk=appeal.disagreement_id).first()
    return appeal


def lock_order(order_id: int, actor) -> Order:
    return record_lock(Order.objects.select_related(*ON_DISAGREEMENT), order_id, actor=actor)


def lock_recommendation(recommendation_id: int, actor) -> Recommendation:
    return record_lock(
        Recommendation.objects.select_related("appeal__disagreement__case__child"),
        recommendation_id,
        actor=actor,
    )


def check_on(
    value: datetime.date,
    *,
    case: Case,
    field: str,
    today: datetime.date,
    after: datetime.date | None = None,
    after_label: str = "the decision letter was sent",
    future: bool = False,
) -> None:
    """A date on the child's record: not before birth nor `after`; not in the future unless
    `future` (a meeting or hearing ahead)."""
    check_date(
        value,
        field=field,
        not_before=after,
        today=None if future else today,
        before_label=after_label,
        born_on=case.child.date_of_birth,
    )


def required_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
