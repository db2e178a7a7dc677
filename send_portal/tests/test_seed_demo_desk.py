"""The demo's officer and manager land on something to do: the officer has work due or overdue
on "My work", a contact and a note on a case; the manager has unallocated work in their team."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import OPEN_STAGES
from cases.models import CaseNote
from cases.models import User
from send_portal.dashboard.selectors import Filters
from send_portal.dashboard.selectors import dashboard
from send_portal.demo.desk import UNALLOCATED
from send_portal.desk.selectors import work_for

pytestmark = pytest.mark.django_db


def test_the_demo_officer_and_manager_have_something_to_do():
    call_command("seed_demo")
    officer = User.objects.get(email="officer@demo.example")
    manager = User.objects.get(email="manager@demo.example")
    today = timezone.localdate()
    from cases.permissions import staff_cases

    assert work_for(today=today, officer_ids=[officer.pk], cases=staff_cases(officer))
    assert set(CaseNote.objects.values_list("kind", flat=True)) == {"contact", "note"}
    board = dashboard(manager, today=today, filters=Filters(team=manager.team))
    unallocated = staff_cases(manager).filter(officer__isnull=True, team=manager.team)
    assert unallocated.count() == UNALLOCATED
    assert board.unallocated.count == unallocated.filter(stage__in=OPEN_STAGES).count() >= 1
