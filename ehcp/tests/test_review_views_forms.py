"""The review forms: GOV.UK errors from the forms and from the services, stale forms (409),
actions that no longer apply, and the paths the journey test does not take: ceasing outside a
review's decision, deciding not to amend, and the service's refusals shown on their fields."""

import pytest
from django.urls import reverse

from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from cases.rules import CHANGED_BY_SOMEONE_ELSE
from ehcp import services
from ehcp.models import AmendmentState
from ehcp.models import Cessation
from ehcp.models import CessationState
from ehcp.models import PlanState
from ehcp.models import ReviewState
from ehcp.tests.factories import decide_review
from ehcp.tests.test_review_views_kit import Browser
from ehcp.tests.test_review_views_kit import D
from ehcp.tests.test_review_views_kit import date_data
from ehcp.tests.test_review_views_kit import dated_data
from ehcp.tests.test_review_views_kit import decision_data
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import form_errors
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import invite_data
from ehcp.tests.test_review_views_kit import invited
from ehcp.tests.test_review_views_kit import open_review
from ehcp.tests.test_review_views_kit import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(staff):
    return final_plan(staff["officer"], staff["panel"])


@pytest.fixture
def browser(client, staff):
    return Browser(client, staff["officer"])


def test_a_stale_invitation_form_is_refused_with_409(browser, staff, plan):
    review = open_review(plan)
    stale = invite_data(review, meeting="2027-03-22", sent="2027-03-01")
    invited(staff["manager"], review)  # someone else sends them first
    response = browser.post(url("invite", review), stale, "2027-03-01")
    assert response.status_code == 409
    assert form_errors(response) == {"__all__": [CHANGED_BY_SOMEONE_ELSE]}
    assert CHANGED_BY_SOMEONE_ELSE in response.content.decode()
    review.refresh_from_db()
    assert review.meeting_on == D("2027-03-15")  # the other person's date stands


def test_a_stale_report_form_is_refused_with_409(browser, staff, plan):
    """The report service takes no version: the view compares the form's with the review's."""
    review = held(staff["officer"], open_review(plan))
    stale = {"version": review.version - 1, **date_data("received_on", D("2027-03-20"))}
    response = browser.post(url("record_report", review), stale, "2027-03-20")
    assert response.status_code == 409
    review.refresh_from_db()
    assert review.state == ReviewState.MEETING_HELD


def test_a_decision_already_recorded_is_refused_with_409(browser, staff, plan):
    review = held(staff["officer"], open_review(plan))
    data = decision_data(review, decision="maintain", sent="2027-03-20")
    assert browser.post(url("decide", review), data, "2027-03-20").status_code == 302
    response = browser.post(url("decide", review), data, "2027-03-20")  # the same form again
    assert response.status_code == 409


def test_an_empty_decision_form_shows_each_error(browser, staff, plan):
    review = held(staff["officer"], open_review(plan))
    response = browser.post(url("decide", review), {"version": review.version}, "2027-03-20")
    assert response.status_code == 200
    errors = form_errors(response)
    assert errors["decision"] == [
        "Select whether the council will maintain, amend or cease the plan"
    ]
    assert errors["decided_on"] == ["Enter the date of the decision"]
    assert "sent_on" not in errors  # empty: this service sends the letter now
    assert errors["reasons"] == ["Enter the reasons for the decision"]
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_decision_0"' in html  # the summary links to the first radio
    assert "<title>Error: " in html


@pytest.mark.parametrize(
    ("sent", "decided", "errors"),
    [
        (
            None,
            "2027-03-21",
            {"decided_on": ["The date of the decision must be today or in the past"]},
        ),
        (
            "2027-03-18",
            "2027-03-19",
            {"sent_on": ["The date the letter was sent cannot be before the decision"]},
        ),
    ],
    ids=["a_future_date_is_refused", "a_letter_cannot_be_sent_before_its_decision"],
)
def test_a_decision_dated_wrongly_is_refused(browser, staff, plan, sent, decided, errors):
    review = held(staff["officer"], open_review(plan))
    data = decision_data(review, decision="maintain", sent=sent, decided=decided)
    response = browser.post(url("decide", review), data, "2027-03-20")
    assert form_errors(response) == errors


def test_amending_needs_the_amendments_prepared_first(browser, staff, plan):
    review = held(staff["officer"], open_review(plan))
    data = decision_data(review, decision="amend", sent="2027-03-20", evidence="Report.")
    response = browser.post(url("decide", review), data, "2027-03-20")
    assert response.status_code == 200
    assert "Prepare the amendments to the plan first" in form_errors(response)["decision"][0]
    review.refresh_from_db()
    assert review.state == ReviewState.MEETING_HELD


def test_ceasing_needs_the_family_told_and_consulted_first(browser, staff, plan):
    review = held(staff["officer"], open_review(plan))
    data = decision_data(review, decision="cease", sent="2027-03-20")
    response = browser.post(url("decide", review), data, "2027-03-20")
    assert response.status_code == 200
    assert "Consider ceasing the plan" in form_errors(response)["decision"][0]


def test_an_action_that_does_not_apply_now_goes_back_to_the_review(browser, plan):
    review = open_review(plan)  # scheduled: no meeting to record yet
    response = browser.get(url("hold_meeting", review), "2027-03-01")
    assert response.status_code == 302 and response["Location"] == url("review", review)
    html = browser.page(url("review", review), "2027-03-01")
    assert "there is no meeting to record" in html


def test_a_young_person_under_18_out_of_education_keeps_their_plan(browser, plan):
    review = open_review(plan)
    data = {
        "version": review.version,
        "reason": "not_engaging",
        **date_data("family_informed_on", D("2027-03-01")),
        **date_data("setting_consulted_on", None),
        "notes": "",
    }
    response = browser.post(url("cessation_start", review), data, "2027-03-01")
    assert response.status_code == 200
    assert "keeps their plan" in form_errors(response)["reason"][0]
    assert not Cessation.objects.exists()


def cease_outside_a_review_decision(browser, plan):
    """The family moves abroad before the review meeting: the decision to cease is sent on its
    own (7 June 2027 + 2 months = Saturday 7 August, in August: moved to the first working day
    after 31 August, Wednesday 1 September 2027)."""
    review = open_review(plan)
    data = {
        "version": review.version,
        "reason": "moved_away",
        **date_data("family_informed_on", D("2027-05-03")),
        **date_data("setting_consulted_on", D("2027-05-04")),
        "notes": "Moving to Spain.",
    }
    assert browser.post(url("cessation_start", review), data, "2027-05-04").status_code == 302
    cessation = Cessation.objects.get()
    html = browser.page(url("review", review), "2027-05-04")
    assert "Send the decision to cease" in html and "Close the plan" not in html

    notify = url("cessation_notify", review, cessation_id=cessation.pk)
    data = dated_data(review, "notified_on", "2027-06-07")
    response = browser.post(notify, data, "2027-06-08")  # the letter went the day before
    assert response.status_code == 302
    cessation.refresh_from_db()
    assert cessation.state == CessationState.NOTIFIED
    # the rights went with the decision's letter; its appeal period runs from the day it went
    notice = Notice.objects.get(kind="cease")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == cessation.notified_on == D("2027-06-07")
    assert notice.appeal_by == D("2027-09-01")
    html = browser.page(url("review", review), "2027-06-08")
    assert "the appeal period ends on 1 September 2027" in html
    assert "Close the plan" in html and "Send the decision to cease" not in html

    close = url("cessation_complete", review, cessation_id=cessation.pk)
    data = dated_data(review, "ceased_on", "2027-09-01")
    response = browser.post(close, data, "2027-09-01")
    assert (
        "until the appeal period ends on 1 September 2027" in form_errors(response)["ceased_on"][0]
    )
    return review, cessation


def test_ceasing_outside_a_review_decision(browser, plan):
    review, cessation = cease_outside_a_review_decision(browser, plan)
    assert cessation.state == CessationState.NOTIFIED
    assert review.state == ReviewState.SCHEDULED


def test_closing_the_plan_after_ceasing_outside_a_review_decision(browser, plan):
    review, cessation = cease_outside_a_review_decision(browser, plan)
    close = url("cessation_complete", review, cessation_id=cessation.pk)
    data = dated_data(review, "ceased_on", "2027-09-02")
    assert browser.post(close, data, "2027-09-02").status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.CEASED


def test_deciding_not_to_amend_after_all(browser, staff, plan):
    officer = staff["officer"]
    review = held(officer, open_review(plan))
    services.amendment_start(actor=officer, plan_id=plan.pk)
    review = decide_review(
        officer,
        review,
        decision="amend",
        sent_on="2027-03-20",
        reasons="Provision to change.",
        evidence="The review report.",
    )
    amendment = review.amendments.get()
    withdraw = url("amendment_withdraw", review, amendment_id=amendment.pk)
    html = browser.page(withdraw, "2027-04-20")
    assert "Decide not to amend the plan" in html
    assert "15 May 2027" in html  # the 8 weeks from 20 March 2027
    data = {
        "version": review.version,
        **date_data("notified_on", D("2027-04-20")),
        "reasons": "The family's comments showed the provision is working.",
    }
    response = browser.post(withdraw, data, "2027-04-20")
    assert response.status_code == 302
    notice = Notice.objects.get(kind="not_amending")  # made today: it goes out now
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.deliveries.filter(role="parent").exists()
    amendment.refresh_from_db()
    plan.refresh_from_db()
    assert amendment.state == AmendmentState.NOT_AMENDING
    assert plan.state == PlanState.FINAL
    html = browser.page(url("review", review), "2027-04-20")
    assert "Decided not to amend" in html


def test_the_invitation_form_refuses_a_date_in_the_future(browser, plan):
    review = open_review(plan)
    data = invite_data(review, meeting="2027-03-22", sent="2027-03-02")
    response = browser.post(url("invite", review), data, "2027-03-01")
    assert form_errors(response) == {
        "invitations_sent_on": ["The date the invitations were sent must be today or in the past"]
    }


def test_a_decision_made_today_shows_its_letter_waiting_to_go_out(browser, staff, plan):
    """The family gets post: the review is complete only once the officer posts the letter."""
    plan.case.child.family.update(contact_preference="post", address="1 High Street, Exeter")
    review = held(staff["officer"], open_review(plan))
    data = decision_data(review, decision="maintain", sent=None, decided="2027-03-20")
    response = browser.post(url("decide", review), data, "2027-03-20")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decided_on == D("2027-03-20") and review.decision_sent_on is None
    html = browser.page(url("review", review), "2027-03-20")
    assert "Decision waiting to go out" in html
    notice = Notice.objects.get(kind="review_maintain")
    assert notice.sent_on is None
    assert notice.deliveries.get(role="parent").channel == "post"
    case_page = browser.page(
        reverse("cases:case", kwargs={"reference": plan.case.reference}), "2027-03-20"
    )
    assert "Waiting to go out" in case_page
    assert "Annual review decision: keep the plan as it is" in case_page
