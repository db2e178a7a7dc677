"""A plan's reviews walked through the screens with the test client: three reviews of one plan,
maintained, then amended, then ceased. "Today" is set with time-machine for each request.

Expected dates are worked out by hand from DOMAIN.md ("Exact counting"):
- final plan issued 20 May 2026: first review due by 19 May 2027 (the day before 20 May 2027);
- decision to maintain sent 26 March 2027: next review due by 25 March 2028;
- meeting 15 March 2027: report due 29 March (+2 weeks), decision due 12 April (+4 weeks);
- proposed amendments sent 1 February 2028: the family's 15 days end 15 February 2028
  (beginning with the day of service), the amended plan is due 28 March 2028 (+8 weeks);
- the child (born 14 March 2018) goes into Year 7 in September 2029, so the review after
  1 February 2028 prepares that move: the plan must be amended before 15 February 2029 (last day
  14 February 2029), and the review is held 12 weeks before it, by 22 November 2028;
- decision to cease sent Monday 9 October 2028: 2 months later is Saturday 9 December, moved to
  the next working day, Monday 11 December 2028 (Tribunal rule 12): the plan can close on the
  12th at the earliest.
"""

import pytest

from cases.models import Case
from cases.models import CaseStage
from cases.models import DeadlineKind
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from ehcp.models import Amendment
from ehcp.models import AmendmentState
from ehcp.models import AnnualReview
from ehcp.models import Cessation
from ehcp.models import CessationState
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.models import ReviewState
from ehcp.models import VersionKind
from ehcp.tests.factories import add_provision
from ehcp.tests.test_review_views_kit import Browser
from ehcp.tests.test_review_views_kit import D
from ehcp.tests.test_review_views_kit import date_data
from ehcp.tests.test_review_views_kit import dated_data
from ehcp.tests.test_review_views_kit import decision_data
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import form_errors
from ehcp.tests.test_review_views_kit import invite_data
from ehcp.tests.test_review_views_kit import open_review
from ehcp.tests.test_review_views_kit import people
from ehcp.tests.test_review_views_kit import url
from tests.kit import dues_of

pytestmark = pytest.mark.django_db


def invite_and_hold(browser, review, *, sent, meeting) -> None:
    """Invitations sent on `sent` and the meeting held on `meeting`, through the views."""
    response = browser.post(
        url("invite", review), invite_data(review, meeting=meeting, sent=sent), sent
    )
    assert response.status_code == 302
    review.refresh_from_db()
    response = browser.post(
        url("hold_meeting", review), dated_data(review, "held_on", meeting), meeting
    )
    assert response.status_code == 302
    review.refresh_from_db()


def test_a_plan_through_three_reviews_maintained_amended_and_ceased(client):
    staff = people()
    officer = staff["officer"]
    plan = final_plan(officer, staff["panel"])
    case = plan.case
    browser = Browser(client, officer)

    # --- review 1: maintain ------------------------------------------------------------------
    first = open_review(plan)
    assert first.due_on == D("2027-05-19")
    html = browser.page(url("review", first), "2027-02-15")
    assert "Annual review" in html and "19 May 2027" in html
    assert "Send invitations" in html and "Record the decision" not in html
    assert f'href="/staff/cases/{case.reference}/plan/"' in html

    # Invitations sent 1 March for a meeting on 10 March: less than 2 weeks' notice.
    response = browser.post(
        url("invite", first),
        invite_data(first, meeting="2027-03-10", sent="2027-03-01"),
        "2027-03-01",
    )
    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == ["meeting_on"]
    assert "at least 2 weeks' notice" in errors["meeting_on"][0]
    assert "govuk-error-summary" in response.content.decode()
    first.refresh_from_db()
    assert first.state == ReviewState.SCHEDULED

    # A meeting on 15 March: exactly 2 weeks.
    response = browser.post(
        url("invite", first),
        invite_data(first, meeting="2027-03-15", sent="2027-03-01"),
        "2027-03-01",
    )
    assert response.status_code == 302 and response["Location"] == url("review", first)
    first.refresh_from_db()
    assert (first.state, first.meeting_on, first.advice_circulated_on) == (
        ReviewState.INVITED,
        D("2027-03-15"),
        None,
    )
    assert Case.objects.get(pk=case.pk).stage == CaseStage.REVIEW
    html = browser.page(url("review", first), "2027-03-01")
    assert "Invitations recorded: the meeting is on 15 March 2027." in html
    assert "Record the advice circulated" in html
    # The advice went out on 1 March: the officer records the day (a date before the child
    # was born is refused).
    response = browser.post(
        url("advice_circulated", first),
        dated_data(first, "circulated_on", "2000-01-01"),
        "2027-03-01",
    )
    assert (
        response.status_code == 200 and "on or after" in form_errors(response)["circulated_on"][0]
    )
    response = browser.post(
        url("advice_circulated", first),
        dated_data(first, "circulated_on", "2027-03-01"),
        "2027-03-01",
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.advice_circulated_on == D("2027-03-01")
    html = browser.page(url("review", first), "2027-03-01")
    assert "Advice circulated on" in html

    response = browser.post(
        url("hold_meeting", first), dated_data(first, "held_on", "2027-03-15"), "2027-03-15"
    )
    assert response.status_code == 302
    assert dues_of(first)[DeadlineKind.REVIEW_REPORT] == (D("2027-03-29"), None)
    assert dues_of(first)[DeadlineKind.REVIEW_DECISION] == (D("2027-04-12"), None)
    first.refresh_from_db()
    html = browser.page(url("review", first), "2027-03-15")
    assert "The report is due by 29 March 2027 and the decision by 12 April 2027." in html

    response = browser.post(
        url("record_report", first), dated_data(first, "received_on", "2027-03-22"), "2027-03-22"
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == ReviewState.REPORT_RECEIVED

    response = browser.post(
        url("decide", first),
        decision_data(first, decision="maintain", sent="2027-03-26"),
        "2027-03-26",
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.state, first.decision, first.decision_sent_on) == (
        ReviewState.DECIDED,
        "maintain",
        D("2027-03-26"),
    )
    assert dues_of(first)[DeadlineKind.ANNUAL_REVIEW] == (D("2027-05-19"), D("2027-03-26"))
    second = open_review(plan)
    assert second.due_on == D("2028-03-25")  # the day before 26 March 2028
    assert not second.is_phase_transfer
    assert dues_of(second)[DeadlineKind.ANNUAL_REVIEW] == (D("2028-03-25"), None)
    html = browser.page(url("review", first), "2027-03-26")
    assert "Decision sent: the plan is maintained. The next review is due by 25 March 2028." in html
    assert Case.objects.get(pk=case.pk).stage == CaseStage.PLAN

    # --- review 2: amend ---------------------------------------------------------------------
    invite_and_hold(browser, second, sent="2028-01-10", meeting="2028-01-24")
    html = browser.page(url("review", second), "2028-01-25")
    assert "Prepare amendments" in html

    response = browser.post(
        url("amendment_start", second), {"version": second.version}, "2028-01-25"
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.AMENDING
    html = browser.page(url("review", second), "2028-01-25")
    assert f'href="/staff/cases/{case.reference}/plan/sections/f/"' in html
    assert "Prepare amendments" not in html

    # The officer changes section F on the plan's own pages (the plan service).
    add_provision(
        officer,
        plan,
        what="Small-group literacy teaching",
        by_whom="Specialist teacher",
        frequency="3 times a week",
        quantity="45 minutes",
    )

    # Amending needs the evidence the proposals rest on.
    second.refresh_from_db()
    response = browser.post(
        url("decide", second),
        decision_data(second, decision="amend", sent="2028-02-01"),
        "2028-02-01",
    )
    assert response.status_code == 200
    assert list(form_errors(response)) == ["evidence"]

    response = browser.post(
        url("decide", second),
        decision_data(
            second,
            decision="amend",
            sent="2028-02-01",
            evidence="The review report: literacy is now the main barrier.",
        ),
        "2028-02-01",
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.review_id, amendment.state, amendment.proposals_sent_on) == (
        second.pk,
        AmendmentState.PROPOSED,
        D("2028-02-01"),
    )
    proposals = amendment.proposals
    assert (proposals.number, proposals.kind) == (3, VersionKind.AMENDMENT_DRAFT)
    whats = [p["what"] for p in proposals.content["sections"]["F"]]
    assert "Small-group literacy teaching" in whats
    assert dues_of(amendment) == {
        DeadlineKind.AMENDMENT_RESPONSE: (D("2028-02-15"), None),
        DeadlineKind.AMENDED_PLAN: (D("2028-03-28"), None),
    }
    html = browser.page(url("review", second), "2028-02-01")
    assert "Decision sent with the proposed amendments (version 3)" in html
    assert "The family has until 15 February 2028 to comment." in html
    assert "Issue the amended plan" in html and "Decide not to amend" in html

    # The next review prepares the move to secondary school (reg 18).
    third = open_review(plan)
    assert third.is_phase_transfer and third.transfer_to == "Year 7"
    assert third.due_on == D("2028-11-22")
    assert dues_of(third)[DeadlineKind.PHASE_TRANSFER] == (D("2029-02-14"), None)
    html = browser.page(url("list", None) + "?show=transfers", "2028-02-16")
    assert "before 15 February 2029" in html and "14 February 2029" in html

    # Issued while the family's 15 days still run, with no response: refused.
    second.refresh_from_db()
    issue = url("amendment_issue", second, amendment_id=amendment.pk)
    response = browser.post(issue, dated_data(second, "issued_on", "2028-02-15"), "2028-02-15")
    assert response.status_code == 200
    assert "The family has until 15 February 2028" in form_errors(response)["issued_on"][0]
    assert PlanVersion.objects.filter(plan=plan).count() == 3

    response = browser.post(issue, dated_data(second, "issued_on", "2028-02-16"), "2028-02-16")
    assert response.status_code == 302
    amendment.refresh_from_db()
    plan.refresh_from_db()
    assert amendment.state == AmendmentState.ISSUED
    assert (amendment.issued.number, amendment.issued.kind) == (4, VersionKind.AMENDED_FINAL)
    assert plan.state == PlanState.FINAL
    assert dues_of(amendment)[DeadlineKind.AMENDED_PLAN] == (D("2028-03-28"), D("2028-02-16"))
    html = browser.page(url("review", second), "2028-02-16")
    assert "Amended plan issued: version 4, 16 February 2028." in html

    # --- review 3: cease ---------------------------------------------------------------------
    response = browser.post(
        url("cessation_start", third),
        {
            "version": third.version,
            "reason": "not_necessary",
            **date_data("family_informed_on", D("2028-09-15")),
            **date_data("setting_consulted_on", D("2028-09-15")),
            "notes": "Needs met at SEN support.",
        },
        "2028-09-15",
    )
    assert response.status_code == 302
    cessation = Cessation.objects.get()
    assert (cessation.state, cessation.review_id) == (CessationState.CONSULTING, third.pk)

    invite_and_hold(browser, third, sent="2028-09-18", meeting="2028-10-02")

    # The decision to cease: its letter gives the rights to appeal and to mediation.
    response = browser.post(
        url("decide", third),
        decision_data(third, decision="cease", sent="2028-10-09"),
        "2028-10-09",
    )
    assert response.status_code == 302
    cessation.refresh_from_db()
    assert (cessation.state, cessation.notified_on) == (CessationState.NOTIFIED, D("2028-10-09"))
    notice = Notice.objects.get(kind="cease", decision_id=third.pk)
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == D("2028-10-09") and notice.appeal_by == D("2028-12-11")
    html = browser.page(url("review", third), "2028-10-09")
    assert "The plan stays in force until the appeal period ends on 11 December 2028." in html
    assert "Appeal period ends" in html

    # The review after it (open) offers to close the plan: refused until the appeal period ends.
    fourth = open_review(plan)
    html = browser.page(url("review", fourth), "2028-12-11")
    assert "Close the plan" in html
    close = url("cessation_complete", fourth, cessation_id=cessation.pk)
    response = browser.post(
        close,
        dated_data(fourth, "ceased_on", "2028-12-11"),
        "2028-12-11",
    )
    assert response.status_code == 200
    assert form_errors(response) == {
        "ceased_on": ["The plan stays in force until the appeal period ends on 11 December 2028."]
    }
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL

    response = browser.post(
        close,
        dated_data(fourth, "ceased_on", "2028-12-12"),
        "2028-12-12",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{case.reference}/"
    plan.refresh_from_db()
    case.refresh_from_db()
    assert (plan.state, plan.ceased_on, plan.cease_reason) == (
        PlanState.CEASED,
        D("2028-12-12"),
        "not_necessary",
    )
    assert (case.stage, case.closed_on) == (CaseStage.CEASED, D("2028-12-12"))
    assert not AnnualReview.objects.exclude(state=ReviewState.DECIDED).exists()
    # The open review was removed with the plan.
    assert browser.get(url("review", fourth), "2028-12-12").status_code == 404
    html = browser.page(url("review", third), "2028-12-12")
    assert "Plan ceased" in html and "12 December 2028" in html
    assert "Close the plan" not in html
