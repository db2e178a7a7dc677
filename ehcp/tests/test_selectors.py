"""Reads of the plan: the gateway, the refs the screens show (the same as the frozen content's),
the plan page's checks and actions, and the plan's summary on the case page."""

import pytest
from django.http import Http404

from cases.models import RequestState
from cases.nested_rows import load_lists
from cases.roles import Role
from cases.selectors import case_get_for_user
from cases.selectors import case_page_reads
from cases.tests.factories import UserFactory
from ehcp import content
from ehcp import selectors
from ehcp import services
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.tests.factories import add_need
from ehcp.tests.factories import add_outcome
from ehcp.tests.factories import add_provision
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.viewkit import D
from ehcp.tests.viewkit import complete_drafting_plan
from ehcp.tests.viewkit import draft_issued_plan
from ehcp.tests.viewkit import drafting_plan

pytestmark = pytest.mark.django_db


def test_the_gateway_answers_404_for_strangers_and_for_cases_without_a_plan(staff):
    plan = drafting_plan(staff["officer"], staff["panel"])
    found = selectors.plan_get_for_user(staff["officer"], plan.case.reference)
    assert found == plan and found.case == plan.case
    stranger = UserFactory(role=Role.CASE_OFFICER, team__name="South locality")
    with pytest.raises(Http404):
        selectors.plan_get_for_user(stranger, plan.case.reference)
    without = request_decided_to_issue(staff["officer"], staff["panel"])
    with pytest.raises(Http404):
        selectors.plan_get_for_user(staff["officer"], without.case.reference)
    with pytest.raises(Http404):
        selectors.plan_get_for_user(staff["officer"], "SEN-999999")


def test_the_live_plan_comes_before_a_ceased_one(staff):
    plan = drafting_plan(staff["officer"], staff["panel"])
    old = Plan(case=plan.case, state=PlanState.CEASED)
    Plan.objects.bulk_create([old])  # the FSM field is protected: bulk_create sets the state
    assert selectors.plan_for_case(plan.case) == plan
    # The gateway reads both in the case's row and takes the same one.
    assert selectors.plan_get_for_user(staff["officer"], plan.case.reference) == plan
    assert old.created_at > plan.created_at  # not merely the older one


def test_the_screens_number_items_as_the_issued_plan_does(staff):
    officer = staff["officer"]
    plan = complete_drafting_plan(officer, staff["panel"])
    for section, text in (("D", "Short breaks"), ("B", "Reading"), ("C", "Glue ear")):
        add_need(officer, plan, section=section, area="cognition", description=text)
    needs = selectors.plan_needs(plan)
    need_ids = [needs[1].pk, needs[2].pk]
    add_outcome(officer, plan, description="Reads a book", achieve_by="2027", need_ids=need_ids)
    add_provision(
        officer,
        plan,
        what="Reading group",
        by_whom="Teacher",
        frequency="daily",
        quantity="20 minutes",
        outcome_ids=[plan.outcomes.last().pk],
    )
    plan.refresh_from_db()
    frozen = content.snapshot(plan)["sections"]
    needs = selectors.plan_needs(plan)
    outcomes = selectors.plan_outcomes(plan, needs)
    provisions = selectors.plan_provisions(plan, "F", outcomes)
    assert [(n.ref, n.description) for n in needs] == [
        (row["ref"], row["description"]) for key in "BCD" for row in frozen[key]
    ]
    assert [(o.ref, o.need_refs) for o in outcomes] == [
        (row["ref"], row["needs"]) for row in frozen["E"]
    ]
    assert [(p.ref, p.outcome_refs) for p in provisions] == [
        (row["ref"], row["outcomes"]) for row in frozen["F"]
    ]
    assert [p.ref for p in provisions] == ["F.1", "F.2"]


def test_the_plan_page_checks_as_the_services_do(staff):
    plan = drafting_plan(staff["officer"], staff["panel"])
    plan = Plan.objects.select_related("case__child").get(pk=plan.pk)
    page = selectors.plan_page(plan, user=staff["officer"], today=D("2026-04-01"))
    expected = services.plan_problems(plan, for_final=False, on=D("2026-04-01"))
    assert [(p.section, p.message) for p in page.problems] == [
        (p.section, p.message) for p in expected
    ]
    assert page.problems[0].url.endswith("/plan/sections/a/")
    assert [a.label for a in page.actions] == ["Issue the draft plan"]
    assert [s.key for s in page.sections] == list(content.SECTION_TITLES)


def test_after_the_draft_the_page_checks_for_the_final_and_offers_the_familys_response(staff):
    plan = draft_issued_plan(staff["officer"], staff["panel"])
    plan = selectors.plan_get_for_user(staff["officer"], plan.case.reference)
    page = selectors.plan_page(plan, user=staff["officer"], today=D("2026-04-09"))
    assert page.problems_for_final
    assert [p.section for p in page.problems] == ["I"]
    assert [a.label for a in page.actions] == [
        "Consult a school or college",
        "Record the family's response",
        "Issue the final plan",
    ]
    # The family's response is a step of the plan: what they said, with the school they ask for.
    assert page.actions[1].url == f"/staff/cases/{plan.case.reference}/plan/family-response/"
    assert page.draft_response.due_on == D("2026-04-22")
    # Read-only: the same page, nothing to do.
    panel_page = selectors.plan_page(plan, user=staff["panel"], today=D("2026-04-09"))
    assert panel_page.actions == [] and not panel_page.user_can_work


def test_the_case_page_summary(staff):
    officer = staff["officer"]
    request = request_decided_to_issue(officer, staff["panel"])
    requests = list(request.case.requests.all())
    summary = selectors.case_plan_summary(request.case, user=officer, requests=requests)
    assert summary.plan is None and summary.relevant
    assert summary.start_url.endswith("/plan/start/")
    assert summary.budget_request_url.endswith("/plan/personal-budgets/new/")

    plan = draft_issued_plan(officer, staff["panel"])
    requests = list(plan.case.requests.all())
    assert requests[0].state == RequestState.DRAFT_ISSUED
    summary = selectors.case_plan_summary(plan.case, user=officer, requests=requests)
    assert summary.plan == plan and summary.start_url is None
    latest = summary.plan.latest_version
    assert (latest.number, latest.get_kind_display()) == (1, "Draft plan")
    # Someone who cannot work on the case is offered nothing to do.
    summary = selectors.case_plan_summary(plan.case, user=staff["panel"], requests=requests)
    assert summary.start_url is None and summary.budget_request_url is None


def test_the_case_page_summary_lists_the_budget_requests_read_with_the_plans(
    staff, django_assert_num_queries
):
    """The case's plans (each with its versions and reviews) and budget requests come in the
    case's own row, read by the gateway (`CASE_PAGE_LISTS`): no query."""
    officer = staff["officer"]
    plan = draft_issued_plan(officer, staff["panel"])
    asked = ask_for_budget(officer, plan.case)
    requests = list(plan.case.requests.all())

    with_rows = case_get_for_user(officer, plan.case.reference, annotate=case_page_reads())
    with django_assert_num_queries(0):
        load_lists(with_rows, selectors.CASE_PAGE_LISTS)
        summary = selectors.case_plan_summary(with_rows, user=officer, requests=requests)
        assert [b.pk for b in summary.budget_requests] == [asked.pk]
        assert summary.budget_requests[0].case is with_rows
        assert summary.plan.pk == plan.pk and summary.plan.case is with_rows
        assert summary.plan.latest_version.number == 1
        assert summary.plan.latest_version.get_kind_display() == "Draft plan"
        assert "views" in summary.plan.get_deferred_fields()  # the plan's text is not read
    # A case read without them (access proved by the gateway): one query for both lists.
    plain = case_get_for_user(officer, plan.case.reference)
    with django_assert_num_queries(1):
        again = selectors.case_plan_summary(plain, user=officer, requests=requests)
    assert again.plan.latest_version.pk == summary.plan.latest_version.pk


def test_the_plan_page_takes_the_familys_15_days_from_the_deadlines_read_with_the_case(
    staff, django_assert_num_queries
):
    """The plan page reads the case's deadlines in the case's row (`plan_page_reads`): the
    family's 15 days on the draft come from them, the same stored deadline a query finds."""
    from django.contrib.contenttypes.models import ContentType

    from cases.models import AssessmentRequest
    from cases.models import Deadline
    from cases.models import DeadlineKind

    officer = staff["officer"]
    plan = draft_issued_plan(officer, staff["panel"])
    stored = Deadline.objects.get(
        content_type=ContentType.objects.get_for_model(AssessmentRequest),
        object_id=plan.request_id,
        kind=DeadlineKind.DRAFT_RESPONSE,
    )
    read = selectors.plan_get_for_user(
        officer,
        plan.case.reference,
        annotate=selectors.plan_page_reads(),
        plan_lists=tuple(selectors.PLAN_PAGE_LISTS),
    )
    with django_assert_num_queries(0):
        load_lists(read.case, selectors.CASE_LISTS)
        from_the_case = selectors.draft_response_deadline(read)
    assert from_the_case == stored and from_the_case.due_on == stored.due_on
    assert selectors.draft_response_deadline(Plan.objects.get(pk=plan.pk)) == stored  # a query
    # A deadline of another kind on the same request is not it.
    Deadline.objects.filter(pk=stored.pk).update(kind=DeadlineKind.ANNUAL_REVIEW)
    again = selectors.plan_get_for_user(
        officer, plan.case.reference, annotate=selectors.plan_page_reads()
    )
    load_lists(again.case, selectors.CASE_LISTS)
    assert selectors.draft_response_deadline(again) is None
