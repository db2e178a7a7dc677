"""The review list's filters, and query budgets: the list and the review page cost the same
number of queries with a few rows as with many (no N+1 over reviews, deadlines, amendments,
cessations or earlier reviews).

The list tests make plans straight in the database (a final plan through the services renders
two PDFs) and schedule their reviews with `ehcp.services.review_schedule`, as issuing does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import deadlines
from cases.models import Case
from cases.models import CaseStage
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import UserFactory
from ehcp import services
from ehcp.models import AnnualReview
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import ReviewState
from ehcp.review_selectors import due_horizon
from ehcp.review_selectors import term_end
from ehcp.tests.factories import issue_amendment
from ehcp.tests.factories import start_cessation
from ehcp.tests.test_review_views_kit import LATER
from ehcp.tests.test_review_views_kit import Browser
from ehcp.tests.test_review_views_kit import D
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import open_review
from ehcp.tests.test_review_views_kit import travel
from ehcp.tests.test_review_views_kit import url

pytestmark = pytest.mark.django_db

LIST_BUDGET = 8
REVIEW_PAGE_BUDGET = 12
TODAY = "2027-03-01"  # a Monday in the spring term


def plan_with_review_due(team, due: str, *, born="2018-03-14", name="Child") -> AnnualReview:
    """A maintained plan whose review is due on `due` (its period started the day after the
    same date 12 months earlier)."""
    child = ChildFactory(date_of_birth=D(born), first_name=name)
    case = CaseFactory(child=child, team=team, stage=CaseStage.PLAN)
    starts = deadlines.add_months(D(due) + datetime.timedelta(days=1), -12)
    plan = Plan.objects.create(case=case, state=PlanState.FINAL, first_issued_on=starts)
    return services.review_schedule(plan=plan, period_starts=starts)


def names(browser, **params) -> list[str]:
    response = browser.get(url("list", None), TODAY, **params)
    assert response.status_code == 200
    return [r.plan.case.child.first_name for r in response.context["page"].object_list]


def test_the_calendar_of_the_filters():
    assert due_horizon(D("2027-03-01")) == D("2027-03-15")  # 10 working days
    assert term_end(D("2026-09-01")) == D("2026-12-31")  # autumn
    assert term_end(D("2027-01-04")) == D("2027-03-31")  # spring, to Easter (31 March)
    assert term_end(D("2027-04-01")) == D("2027-08-31")  # summer


def test_the_review_list_filters(client, staff):
    team = staff["team"]
    for name, due in (
        ("Overdue", "2027-02-20"),
        ("Soon", "2027-03-05"),
        ("Edge", "2027-03-15"),
        ("Later", "2027-03-16"),
        ("Termend", "2027-03-31"),
        ("Summer", "2027-04-01"),
    ):
        plan_with_review_due(team, due, name=name)
    # Born 14 March 2017: into Year 7 in September 2028, so the review whose period starts
    # 10 January 2027 is held 12 weeks before 14 February 2028, by 22 November 2027.
    transfer = plan_with_review_due(team, "2028-01-09", born="2017-03-14", name="Transfer")
    assert (transfer.is_phase_transfer, transfer.due_on) == (True, D("2027-11-22"))
    decided = plan_with_review_due(team, "2027-03-02", name="Decided")
    AnnualReview.objects.filter(pk=decided.pk).update(state=ReviewState.DECIDED)
    plan_with_review_due(UserFactory(role=Role.CASE_OFFICER).team, "2027-03-03", name="Other")

    browser = Browser(client, staff["officer"])
    everything = ["Overdue", "Soon", "Edge", "Later", "Termend", "Summer", "Transfer"]
    assert names(browser) == everything
    assert names(browser, show="due") == ["Overdue", "Soon", "Edge"]
    assert names(browser, show="overdue") == ["Overdue"]
    assert names(browser, show="term") == ["Soon", "Edge", "Later", "Termend"]
    assert names(browser, show="transfers") == ["Transfer"]
    assert names(browser, show="nonsense") == everything  # ignored, not an error

    html = browser.page(url("list", None), TODAY)
    assert "Due this term (to 31 March 2027)" in html
    assert "before 15 February 2028" in html and "14 February 2028" in html
    assert html.count("govuk-tag--red") == 1  # only the overdue review
    assert html.count("Due soon") == 1  # 5 March: within 5 working days of 1 March
    # A manager sees the other team's review too.
    assert "Other" in names(Browser(client, staff["manager"]))


def test_an_officer_in_no_team_sees_the_reviews_of_their_own_cases_only(client, staff):
    """The team's reviews are read from the stored team (`visible_reviews`); an officer in no
    team is given the reviews of the cases allocated to them, as their caseload is."""
    team = staff["team"]
    alone = UserFactory(role=Role.CASE_OFFICER, team=None)
    own = plan_with_review_due(team, "2027-03-05", name="Own")
    Case.objects.filter(pk=own.plan.case_id).update(officer=alone)
    plan_with_review_due(team, "2027-03-06", name="Teams")
    assert names(Browser(client, alone)) == ["Own"]
    assert names(Browser(client, staff["officer"])) == ["Own", "Teams"]


def count_queries(browser, address, **params) -> int:
    """Queries of one GET, signed in beforehand (signing in is not part of the page), after
    one GET to warm the process's caches (content types), as a running server has them."""
    with travel(TODAY):
        browser.client.force_login(browser.user)
        browser.client.get(address, params)
        with CaptureQueriesContext(connection) as ctx:
            response = browser.client.get(address, params)
    assert response.status_code == 200, address
    return len(ctx.captured_queries)


def test_review_list_query_count_does_not_grow_with_reviews(client, staff):
    team = staff["team"]
    for i in range(2):
        plan_with_review_due(team, f"2027-03-{10 + i:02d}", name=f"Few{i}")
    browser = Browser(client, staff["officer"])
    few = count_queries(browser, url("list", None))
    for i in range(38):
        plan_with_review_due(team, f"2027-04-{(i % 28) + 1:02d}", name=f"Many{i}")
    many = count_queries(browser, url("list", None))
    second_page = count_queries(browser, url("list", None), page="2", show="term")
    print(f"\nreview list queries: {few} with 2 reviews, {many} with 40, {second_page} page 2")
    assert few == many <= LIST_BUDGET


def build_busy_review(staff) -> AnnualReview:
    """A review held, on a plan with 12 earlier reviews, two amendments (one issued, one open),
    ceasing considered, and the review's own deadlines."""
    officer = staff["officer"]
    plan = final_plan(officer, staff["panel"], first_name="Busy")
    review = held(officer, open_review(plan))
    AnnualReview.objects.bulk_create(
        AnnualReview(
            plan=plan,
            team_id=plan.case.team_id,
            state=ReviewState.DECIDED,
            due_on=D("2015-01-01") + datetime.timedelta(days=365 * i),
            decision="maintain",
            decision_sent_on=D("2014-12-01") + datetime.timedelta(days=365 * i),
        )
        for i in range(12)
    )
    services.amendment_start(actor=officer, plan_id=plan.pk)
    first = services.amendment_propose(
        actor=officer, plan_id=plan.pk, sent_on=D("2027-03-16"), evidence="One.", today=LATER
    )
    issue_amendment(officer, first, issued_on="2027-04-05")
    services.amendment_start(actor=officer, plan_id=plan.pk)
    second = services.amendment_propose(
        actor=officer, plan_id=plan.pk, sent_on=D("2027-04-06"), evidence="Two.", today=LATER
    )
    plan.amendments.filter(pk__in=[first.pk, second.pk]).update(review=review)
    start_cessation(officer, plan, family_informed_on="2027-04-07")
    return review


def test_review_page_query_count_does_not_grow_with_its_records(client, staff):
    officer = staff["officer"]
    small = open_review(final_plan(officer, staff["panel"], first_name="Small"))
    browser = Browser(client, officer)
    few = count_queries(browser, url("review", small))

    busy = build_busy_review(staff)
    many = count_queries(browser, url("review", busy))
    html = browser.page(url("review", busy), TODAY)
    assert "Proposed amendments sent 16 March 2027" in html
    assert "Proposed amendments sent 6 April 2027" in html
    assert "Earlier reviews" in html and html.count("Maintain the plan as it is") >= 12
    assert "Ceasing considered from 7 April 2027" in html
    print(f"\nreview page queries: {few} for a new review, {many} for a busy one")
    assert few == many <= REVIEW_PAGE_BUDGET
