"""The demo's transfer reviews: at each step, dated from today (a limit due soon, one overdue),
made once however often the demo is seeded."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Deadline
from send_portal.demo.transfers import seed_transfers
from transfers.models import Cohort
from transfers.models import TransferReview
from transfers.models import TransferState

pytestmark = pytest.mark.django_db


def test_the_demo_has_transfer_reviews_at_every_step():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    reviews = TransferReview.objects.all()
    assert reviews.count() == 9
    assert set(reviews.values_list("state", flat=True)) == set(TransferState.values)
    assert set(reviews.values_list("cohort", flat=True)) == set(Cohort.values)
    limits = Deadline.objects.filter(kind="transfer_review", met_on__isnull=True)
    assert limits.filter(due_on__lt=today).exists()  # one overdue
    assert limits.filter(
        due_on__gte=today, due_on__lte=today + datetime.timedelta(days=14)
    ).exists()
    assert not reviews.filter(notified_on__gt=today).exists()
    # each planned review's family is to be told by its cohort's date: something to do
    planned = reviews.filter(state=TransferState.PLANNED)
    told_by = Deadline.objects.filter(
        kind="transfer_review_notice", object_id__in=planned.values("pk"), met_on__isnull=True
    )
    assert planned.count() == 3 and told_by.count() == 3
    assert all(d.due_on >= today + datetime.timedelta(weeks=2) for d in told_by)
    assert set(planned.values_list("case__officer__email", flat=True)) == {"officer@demo.example"}
    assert seed_transfers(today=today) == 0
    assert TransferReview.objects.count() == 9
