"""The demo's transfer reviews: at each step, dated from today (a limit due soon, one overdue),
made once however often the demo is seeded."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Deadline
from send_portal.demo.transfers import seed_transfers
from transfers.models import Cohort, TransferReview, TransferState

pytestmark = pytest.mark.django_db


def test_the_demo_has_transfer_reviews_at_every_step():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    assert seed_transfers(today=today) == 9
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
    assert seed_transfers(today=today) == 0
    assert TransferReview.objects.count() == 9
