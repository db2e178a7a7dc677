"""Issue 18: the demo never holds a plan issued in the future (its dates are relative to the day
it is seeded), and every open demo case has something for its officer to act on."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from cases import selectors
from cases.models import AdviceState
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import PanelDecision
from cases.models import RequestState
from cases.models import User
from cases.validation import validate_nhs_number
from cases.validation import validate_upn
from ehcp.models import Plan
from ehcp.models import PlanVersion
from tests.kit import noon

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["2026-12-06", "2027-03-01", "2028-07-31"])
def seeded(request):
    """The demo seeded on this day; yields that day (the clock stays there for the test)."""
    with time_machine.travel(noon(request.param), tick=False):
        call_command("seed_demo")
        yield timezone.localdate()


def test_the_demo_never_holds_a_plan_or_a_decision_dated_after_the_day_it_was_seeded(seeded):
    today = seeded
    assert Plan.objects.exists() and PlanVersion.objects.exists()
    assert not Plan.objects.filter(first_issued_on__gt=today).exists()
    assert not PlanVersion.objects.filter(issued_on__gt=today).exists()
    for field in ("assess_decided_on", "issue_decided_on", "draft_issued_on", "final_issued_on"):
        assert not AssessmentRequest.objects.filter(**{f"{field}__gt": today}).exists(), field
    assert not PanelDecision.objects.filter(decided_on__gt=today).exists()
    for request in AssessmentRequest.objects.filter(state=RequestState.FINAL_ISSUED):
        assert request.received_on <= request.draft_issued_on <= request.final_issued_on <= today


def test_every_open_demo_case_has_something_for_its_officer_to_act_on(seeded):
    today = seeded
    officer = User.objects.get(email="officer@demo.example")
    open_cases = Case.objects.filter(officer=officer, closed_on__isnull=True)
    assert open_cases.count() >= 18
    idle = []
    for case in open_cases.select_related("child"):
        if Deadline.objects.filter(case=case, met_on__isnull=True, cancelled=False).exists():
            continue
        page = selectors.case_page(case, user=officer, today=today)
        if not any(a.primary for r in page.requests for a in r.next_actions):
            idle.append(f"{case.reference} ({case.get_stage_display()})")
    assert idle == []


def test_the_demo_follows_the_law_on_its_decisions(seeded):
    # "Not issue a plan" came after the assessment: advice received.
    for request in AssessmentRequest.objects.filter(state=RequestState.NOT_ISSUING):
        assert request.advice.filter(state=AdviceState.RECEIVED).exists()
    # A "yes" to a plan is never counted against the 16 weeks of a "no".
    agreed = AssessmentRequest.objects.filter(
        state__in=[RequestState.DRAFTING, RequestState.FINAL_ISSUED]
    ).values("pk")
    sixteen = Deadline.objects.filter(kind=DeadlineKind.DECIDE_TO_ISSUE, object_id__in=agreed)
    assert sixteen.exists() and not sixteen.filter(met_on__isnull=False).exists()
    # Every decision records the day the family was told.
    assert not PanelDecision.objects.filter(told_on__isnull=True).exists()


def test_the_young_peoples_plans_from_before_are_reviewed_like_any_other(seeded):
    for first_name in ("Liam", "Ellie"):
        case = Case.objects.get(child__first_name=first_name)
        plan = Plan.objects.get(case=case)
        assert plan.first_issued_on < seeded - datetime.timedelta(days=365)
        assert Deadline.objects.filter(
            case=case, kind=DeadlineKind.ANNUAL_REVIEW, met_on__isnull=True, cancelled=False
        ).exists()


def test_the_demo_childrens_upns_and_nhs_numbers_pass_their_check_characters():
    call_command("seed_demo", cases=200)
    upns = list(Child.objects.exclude(upn="").values_list("upn", flat=True))
    assert len(upns) > 50
    for upn in upns:
        validate_upn(upn)
    for number in Child.objects.exclude(nhs_number="").values_list("nhs_number", flat=True):
        validate_nhs_number(number)
