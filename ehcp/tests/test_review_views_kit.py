"""Helpers for the review screens' tests (no tests here): a final plan built through the
services, each step of a review through the services, URLs and POST data.

Set-up goes through the services with explicit dates (never "today"), as in
`cases.tests.viewkit`; a test travels in time only for the requests it makes to the views.
The child is born 14 March 2018, so no phase transfer falls in the first two reviews.
"""

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.viewkit import D
from cases.tests.viewkit import date_data
from cases.tests.viewkit import noon
from cases.tests.viewkit import people
from ehcp.models import AnnualReview
from ehcp.models import ReviewState
from ehcp.tests.factories import LATER
from ehcp.tests.factories import decide_review
from ehcp.tests.factories import hold_review
from ehcp.tests.factories import invite_review
from ehcp.tests.factories import issued_plan

__all__ = ["LATER", "D", "date_data", "noon", "people"]


def travel(day: str | datetime.date):
    return time_machine.travel(noon(str(day)), tick=False)


def final_plan(officer, panel, *, born="2018-03-14", first_name="Maya", last_name="Okafor"):
    """A complete plan, draft issued 8 April 2026, final issued 20 May 2026 (version 2); its
    first review is due by 19 May 2027."""
    child = ChildFactory(
        date_of_birth=D(born), first_name=first_name, last_name=last_name, current_setting=None
    )
    # a parent to write to: every decision on the plan is told in a notice
    FamilyMemberFactory(child=child, full_name=f"Rachel {last_name}")
    return issued_plan(officer, panel, child)


def open_review(plan) -> AnnualReview:
    return plan.reviews.exclude(state=ReviewState.DECIDED).get()


def invited(officer, review, *, sent="2027-03-01", meeting="2027-03-15") -> AnnualReview:
    return invite_review(officer, review, meeting=meeting, sent=sent)


def held(officer, review, *, sent="2027-03-01", meeting="2027-03-15") -> AnnualReview:
    return hold_review(officer, review, meeting=meeting, sent=sent)


def decided(officer, review) -> AnnualReview:
    """The review held (see `held`) and the plan maintained: the decision sent 20 March 2027."""
    review = held(officer, review)
    decide_review(officer, review, sent_on="2027-03-20", reasons="Progress is good.")
    return review


def url(name: str, review, **kwargs) -> str:
    if name == "list":
        return reverse("reviews:list")
    return reverse(f"reviews:{name}", kwargs={"review_id": review.pk, **kwargs})


def review_urls(review, *, amendment=None, cessation=None) -> list[str]:
    """Every address of one review (its page and each action's form)."""
    urls = [
        url(name, review)
        for name in (
            "review",
            "invite",
            "advice_circulated",
            "hold_meeting",
            "record_report",
            "decide",
            "amendment_start",
            "cessation_start",
        )
    ]
    if amendment is not None:
        urls += [
            url("amendment_issue", review, amendment_id=amendment.pk),
            url("amendment_withdraw", review, amendment_id=amendment.pk),
        ]
    if cessation is not None:
        urls += [
            url("cessation_setting_consulted", review, cessation_id=cessation.pk),
            url("cessation_notify", review, cessation_id=cessation.pk),
            url("cessation_complete", review, cessation_id=cessation.pk),
        ]
    return urls


def invite_data(review, *, meeting, sent) -> dict:
    return {
        "version": review.version,
        **date_data("meeting_on", D(meeting)),
        **date_data("invitations_sent_on", D(sent)),
    }


def dated_data(review, field: str, day) -> dict:
    """The form of a step that asks only for a date: `field` set to `day`."""
    return {"version": review.version, **date_data(field, D(str(day)))}


def decision_data(
    review, *, decision, sent, reasons="Reasons for the decision.", evidence="", decided=None
) -> dict:
    """The decision form, made on `decided` (by default `sent`) with its letter sent outside
    this service on `sent` (None: this service sends it)."""
    data = {
        "version": review.version,
        "decision": decision,
        "reasons": reasons,
        "evidence": evidence,
        **date_data("decided_on", D(decided or sent)),
    }
    if sent:
        data.update(date_data("sent_on", D(sent)))
    return data


def form_errors(response) -> dict:
    """The bound form's errors of a rendered response, by field ("__all__" for the form)."""
    return {k: list(v) for k, v in response.context["form"].errors.items()}


class Browser:
    """The test client signed in as `user` on the day of each request: a session opened on
    another day of the test's calendar would have expired (two weeks) or not yet begun."""

    def __init__(self, client, user):
        self.client, self.user = client, user

    def get(self, address: str, day, **params):
        with travel(day):
            self.client.force_login(self.user)
            return self.client.get(address, params)

    def post(self, address: str, data: dict, day):
        # emails go out after the step commits, that day, as they do in production
        with travel(day), TestCase.captureOnCommitCallbacks(execute=True):
            self.client.force_login(self.user)
            return self.client.post(address, data)

    def page(self, address: str, day) -> str:
        response = self.get(address, day)
        assert response.status_code == 200, (address, response.status_code)
        return response.content.decode()
