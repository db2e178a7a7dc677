"""Services not reviewed for 12 months are flagged to their provider and the moderator, by a
nightly task that is safe to run twice."""

import datetime

import pytest
import time_machine
from django.conf import settings

from local_offer import services
from local_offer import tasks
from local_offer.models import Service
from local_offer.tests import factories as f
from tests.kit import noon

pytestmark = pytest.mark.django_db


def test_twelve_months_before_is_the_same_day_a_year_earlier_or_the_28th():
    assert services.review_due_before(datetime.date(2026, 11, 23)) == datetime.date(2025, 11, 23)
    assert services.review_due_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_the_nightly_task_flags_a_service_not_reviewed_for_a_year_once(
    provider, organisation, moderator
):
    with time_machine.travel(noon("2025-06-01"), tick=False):
        old = f.published(provider, organisation, moderator, name="Old group")
    with time_machine.travel(noon("2026-03-01"), tick=False):
        f.published(provider, organisation, moderator, name="Recent group")

    assert tasks.flag_unreviewed_services.delay("2026-06-01").get() == 1
    assert tasks.flag_unreviewed_services.delay("2026-06-02").get() == 0  # already flagged
    flagged = Service.objects.filter(review_flagged_on__isnull=False)
    assert [s.name for s in flagged] == ["Old group"]
    assert old.service_id == flagged[0].pk


def test_publishing_a_reviewed_version_clears_the_flag(provider, organisation, moderator):
    with time_machine.travel(noon("2025-01-10"), tick=False):
        listing = f.published(provider, organisation, moderator)
    services.services_flag_unreviewed(today=datetime.date(2026, 2, 1))
    with time_machine.travel(noon("2026-02-02"), tick=False):
        f.change_submitted(provider, organisation, listing)
        services.service_approve(actor=moderator, service_id=listing.service_id)
        services.service_publish(actor=moderator, service_id=listing.service_id)
    service = Service.objects.get(pk=listing.service_id)
    assert service.review_flagged_on is None
    assert service.listing.last_reviewed_on == datetime.date(2026, 2, 2)


def test_the_task_is_on_the_beat_schedule():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "local_offer.flag_unreviewed_services" in tasks_scheduled
