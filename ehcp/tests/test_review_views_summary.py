"""The next review on the case page: the "reviews" panel that ehcp registers with the case page
(`review_selectors.case_review_panel`, shown with templates/ehcp/reviews/_summary.html)."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cases.models import CaseStage
from cases.tests.factories import CaseFactory
from ehcp import review_selectors
from ehcp.tests.test_review_views_kit import D
from ehcp.tests.test_review_views_kit import decided
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import open_review
from ehcp.tests.test_review_views_kit import url

pytestmark = pytest.mark.django_db

DAY_AFTER_DUE = D("2027-05-20")


def render(case, user, today=DAY_AFTER_DUE) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        summary = review_selectors.case_review_panel(case=case, user=user)
        html = render_to_string(
            "ehcp/reviews/_summary.html", {"summary": summary, "case": case, "today": today}
        )
    return html, len(ctx.captured_queries)


def test_the_next_review_with_its_status_and_link(staff):
    plan = final_plan(staff["officer"], staff["panel"])
    review = open_review(plan)
    html, queries = render(plan.case, staff["officer"])
    assert "Next review due by" in html and "19 May 2027" in html
    assert "Overdue" in html  # on 20 May 2027
    assert f'href="{url("review", review)}"' in html
    assert queries == 1
    # The panel sees the dates, without a link it could not follow.
    html, _ = render(plan.case, staff["panel"])
    assert "19 May 2027" in html and "href=" not in html


def test_a_phase_transfer_is_named_with_the_reg_18_wording(staff):
    plan = final_plan(staff["officer"], staff["panel"], born="2016-03-14")
    html, _ = render(plan.case, staff["officer"], today=D("2026-11-23"))
    assert "To Year 7" in html
    assert "before 15 February 2027" in html and "14 February 2027" in html


def test_after_the_last_review_when_none_is_open(staff):
    officer = staff["officer"]
    plan = final_plan(officer, staff["panel"])
    review = decided(officer, open_review(plan))
    open_review(plan).delete()  # e.g. the plan ceased after the decision
    html, queries = render(plan.case, officer)
    assert "No review is open" in html and "20 March 2027" in html
    assert f'href="{url("review", review)}"' in html
    assert queries == 2


def test_nothing_for_a_case_without_a_plan(staff):
    case = CaseFactory(team=staff["team"], stage=CaseStage.ASSESSMENT)
    html, _ = render(case, staff["officer"])
    assert html.strip() == ""
