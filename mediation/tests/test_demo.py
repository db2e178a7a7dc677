"""The demo's disagreements (send_portal/demo/mediation.py): made once by seed_demo, at
different stages, with something for the demo officer to do, dated from today."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Deadline
from mediation import kinds
from mediation.models import Complaint
from mediation.models import Disagreement
from mediation.models import DisagreementState
from mediation.models import Resolution

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_disagreements_at_each_stage_once():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    states = set(Disagreement.objects.values_list("state", flat=True))
    assert {
        DisagreementState.ADVICE,
        DisagreementState.MEDIATION,
        DisagreementState.CERTIFICATE_DUE,
        DisagreementState.APPEALED,
        DisagreementState.APPEAL_ENDED,
        DisagreementState.APPEAL_OPEN,
    } <= states
    assert Disagreement.objects.filter(case__officer__email="officer@demo.example").count() >= 6
    assert Resolution.objects.exists() and Complaint.objects.exists()
    open_deadlines = Deadline.objects.filter(met_on__isnull=True, cancelled=False)
    evidence = open_deadlines.get(kind=kinds.TRIBUNAL_EVIDENCE)
    assert evidence.due_on == today + datetime.timedelta(days=10)
    assert open_deadlines.filter(kind="order_amended_plan").exists()
    assert open_deadlines.filter(kind=kinds.MEDIATION_CERTIFICATE).exists()
    parent_case = Disagreement.objects.filter(
        case__child__family__user__email="parent@demo.example"
    )
    assert parent_case.exists()
    before = Disagreement.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Disagreement.objects.count() == before
