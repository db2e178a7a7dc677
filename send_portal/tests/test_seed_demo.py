import datetime

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from cases.models import AlternativePerson
from cases.models import Case
from cases.models import Child
from cases.models import FamilyMember
from cases.models import User
from cases.permissions import portal_cases
from cases.roles import Role
from send_portal.demo import cases as demo
from send_portal.demo.desk import UNALLOCATED  # new requests nobody has yet, with a parent
from send_portal.demo.second_family import CHILDREN as SECOND_FAMILY  # the advice portal's
from send_portal.demo.transfers import REVIEWS as TRANSFER_REVIEWS

# the plan that moved in from another council (send_portal/demo/moves.py): a case, no request
MOVED_IN = 1
# the statements and LDAs brought in from the old system (send_portal/demo/transfers.py): each
# a case of the demo officer's with its transfer review and a parent, and no request
TRANSFERRED = len(TRANSFER_REVIEWS)
# the cases that came with no request for assessment
NO_REQUEST = MOVED_IN + TRANSFERRED

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_user_per_role_and_a_believable_caseload(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for email, _name, role, _team in demo.DEMO_USERS:
        assert User.objects.get(email=email).role == role
        assert email in out
    assert demo.DEMO_PASSWORD in out
    officer = User.objects.get(email="officer@demo.example")
    assert officer.check_password(demo.DEMO_PASSWORD)
    assert Case.objects.filter(officer=officer).count() == 22 + NO_REQUEST + len(SECOND_FAMILY)
    # Liam speaks for himself; Ellie's mother acts for her (she lacks capacity)
    assert FamilyMember.objects.count() == 21 + UNALLOCATED + NO_REQUEST + len(SECOND_FAMILY)
    assert AlternativePerson.objects.get().child.first_name == "Ellie"


def test_demo_parent_and_young_person_see_only_their_own_case():
    call_command("seed_demo")
    parent = User.objects.get(email="parent@demo.example")
    young_person = User.objects.get(email="youngperson@demo.example")
    parents_cases = list(portal_cases(parent))
    # her two children (send_portal.demo.portal): one being assessed, one with a draft plan
    assert len(parents_cases) == 2
    assert all(c.child.family.filter(user=parent).exists() for c in parents_cases)
    yp_cases = list(portal_cases(young_person))
    assert [c.child.first_name for c in yp_cases] == ["Liam"]


def test_seed_demo_twice_adds_nothing_the_second_time():
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.count() == len(demo.DEMO_USERS) + 2  # and parent2, adviser2
    assert Case.objects.count() == 22 + UNALLOCATED + NO_REQUEST + len(SECOND_FAMILY)


def test_generated_cases_have_a_realistic_spread():
    call_command("seed_demo", cases=600)
    assert Case.objects.count() == 622 + UNALLOCATED + NO_REQUEST + len(SECOND_FAMILY)
    assert len(set(Child.objects.values_list("primary_need", flat=True))) >= 8
    stages = set(Case.objects.values_list("stage", flat=True))
    assert {"plan", "request", "assessment", "review"} <= stages
    today = datetime.date.today()
    ages = [
        (today - dob).days // 365 for dob in Child.objects.values_list("date_of_birth", flat=True)
    ]
    assert min(ages) <= 2 and max(ages) >= 20
    total = 622 + UNALLOCATED + NO_REQUEST + len(SECOND_FAMILY)
    assert Case.objects.values("reference").distinct().count() == total
    for case in Case.objects.select_related("child")[:200]:
        assert case.opened_on >= case.child.date_of_birth


def test_generated_cases_carry_their_request_and_its_deadlines():
    from cases.models import AssessmentRequest
    from cases.models import Deadline
    from cases.models import RequestState

    call_command("seed_demo", cases=400)
    # every case has its request, the demo young people's too (their plans were issued years
    # ago, so their reviews are scheduled like any other's)
    assert (
        AssessmentRequest.objects.count()
        == Case.objects.count() - NO_REQUEST
        == 422 + UNALLOCATED + len(SECOND_FAMILY)
    )
    for request in AssessmentRequest.objects.select_related("case")[:100]:
        finals = Deadline.objects.get(
            object_id=request.pk, kind="final_plan", content_type__model="assessmentrequest"
        )
        assert (finals.due_on - request.received_on).days == 140
        if request.state == RequestState.FINAL_ISSUED:
            assert finals.met_on == request.final_issued_on
        if request.state == RequestState.REFUSED:
            assert finals.cancelled
    met = Deadline.objects.filter(kind="final_plan", met_on__isnull=False)
    on_time = sum(1 for d in met if d.met_on <= d.due_on)
    assert 0.3 < on_time / met.count() < 0.8  # a realistic national picture, not all on time


def test_seed_demo_refuses_production(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="refuses to run with production settings"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_case_officer_home_query_count_does_not_grow_with_cases(
    client, django_assert_max_num_queries
):
    call_command("seed_demo")
    officer = User.objects.get(role=Role.CASE_OFFICER)
    client.force_login(officer)
    with django_assert_max_num_queries(8) as small:
        assert client.get("/staff/").status_code == 200
    demo.seed_cases(count=300, today=datetime.date.today(), officers=[officer])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/staff/")
    assert response.status_code == 200
    assert "Your most recent cases" in response.content.decode()


def test_demo_plans_are_issued_versions_with_a_review_scheduled():
    from cases.models import Deadline
    from ehcp.models import AnnualReview
    from ehcp.models import Plan
    from ehcp.models import PlanState

    call_command("seed_demo")
    officer = User.objects.get(email="officer@demo.example")
    finals = Plan.objects.filter(case__officer=officer, state=PlanState.FINAL, issued_outside=False)
    assert finals.exists()
    for plan in finals:
        version = plan.versions.get()
        assert version.content["sections"]["F"], "a demo plan sets out provision"
        review = AnnualReview.objects.exclude(state="decided").get(plan=plan)
        assert review.due_on > plan.first_issued_on
        assert Deadline.objects.filter(object_id=review.pk, kind="annual_review").exists()


def test_every_demo_case_page_and_plan_page_is_read_in_12_queries_at_most(client):
    """Issue 25's budget, on the demo's cases: each holds its own mix of lists (requests, advice,
    documents, letters, a plan and its review, budget requests, disagreements, moves)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ehcp.models import Plan

    call_command("seed_demo")
    client.force_login(User.objects.get(role=Role.SEN_MANAGER, email="manager@demo.example"))
    with_plan = set(Plan.objects.values_list("case__reference", flat=True))
    counts = {}
    for reference in Case.objects.values_list("reference", flat=True):
        pages = [f"/staff/cases/{reference}/"]
        if reference in with_plan:
            pages.append(f"/staff/cases/{reference}/plan/")
        for url in pages:
            client.get(url)  # a running server's caches (content types) are warm
            with CaptureQueriesContext(connection) as read:
                assert client.get(url).status_code == 200, url
            counts[url] = len(read.captured_queries)
    assert len(counts) > 50
    assert max(counts.values()) <= 12, sorted(counts.items(), key=lambda kv: -kv[1])[:5]
