"""Who reaches the review screens: strangers sign in, portal users get 403, an officer of
another team gets 404 on every address of a review (as if it did not exist), panel members and
moderators get 403 (reviews are casework, not panel decisions), managers see every review."""

import pytest
from django.urls import reverse

from cases.models import RecordAccess
from cases.roles import Role
from cases.tests.factories import UserFactory
from ehcp.models import Amendment
from ehcp.models import AnnualReview
from ehcp.models import Cessation
from ehcp.models import ReviewState
from ehcp.tests.factories import propose_amendments
from ehcp.tests.factories import start_cessation
from ehcp.tests.test_review_views_kit import Browser
from ehcp.tests.test_review_views_kit import dated_data
from ehcp.tests.test_review_views_kit import decided
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import open_review
from ehcp.tests.test_review_views_kit import review_urls
from ehcp.tests.test_review_views_kit import url
from tests.kit import assert_refused_to_everyone_else
from tests.kit import assert_strangers_sent_to_sign_in

pytestmark = pytest.mark.django_db
TODAY = "2027-04-01"


@pytest.fixture
def bundle(staff):
    """A review whose meeting was held, with proposed amendments open on its plan (from an
    earlier amendment outside the review) and ceasing being considered."""
    officer = staff["officer"]
    plan = final_plan(officer, staff["panel"])
    review = held(officer, open_review(plan))
    amendment = propose_amendments(
        officer, plan, sent_on="2027-03-16", evidence="New report from the speech therapist."
    )
    cessation = start_cessation(officer, plan, family_informed_on="2027-03-20")
    review.refresh_from_db()
    return {"plan": plan, "review": review, "amendment": amendment, "cessation": cessation}


def every_url(bundle) -> list[str]:
    return [
        url("list", None),
        *review_urls(
            bundle["review"], amendment=bundle["amendment"], cessation=bundle["cessation"]
        ),
    ]


def test_strangers_are_sent_to_sign_in_from_every_url(client, bundle):
    assert_strangers_sent_to_sign_in(client, every_url(bundle))


@pytest.mark.parametrize("role", [Role.PARENT, Role.PROFESSIONAL, Role.YOUNG_PERSON])
def test_portal_users_get_403_on_every_review_url(client, bundle, role):
    client.force_login(UserFactory(role=role))
    assert_refused_to_everyone_else(client, every_url(bundle), {"version": 1})
    assert not RecordAccess.objects.exists()


@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.MODERATOR])
def test_panel_members_and_moderators_get_403_on_every_review_url(client, bundle, role):
    """Reviews are casework: the panel decides on assessments and plans, not on reviews."""
    client.force_login(UserFactory(role=role))
    addresses = every_url(bundle)
    for address in addresses:
        assert client.get(address).status_code == 403, address
    for address in addresses[2:]:  # the forms; the list and the review page answer only GET
        assert client.post(address, {"version": 1}).status_code == 403, address
    assert not RecordAccess.objects.exists()


def test_an_officer_of_another_team_gets_404_on_every_url_of_the_review(client, bundle):
    stranger = UserFactory(role=Role.CASE_OFFICER, team__name="South locality")
    browser = Browser(client, stranger)
    review = bundle["review"]
    addresses = review_urls(review, amendment=bundle["amendment"], cessation=bundle["cessation"])
    for address in addresses:
        assert browser.get(address, TODAY).status_code == 404, address
    data = dated_data(review, "held_on", "2027-03-15")
    for address in addresses[1:]:  # the forms; the review page answers only GET
        assert browser.post(address, data, TODAY).status_code == 404, address
    # The same answer as for a review that does not exist.
    missing = reverse("reviews:review", kwargs={"review_id": 999999})
    assert browser.get(missing, TODAY).status_code == 404
    # Nothing moved, nothing was logged, and the review is not on their list.
    review.refresh_from_db()
    assert review.state == ReviewState.MEETING_HELD
    assert Amendment.objects.get().state == "proposed"
    assert Cessation.objects.get().state == "consulting"
    assert not RecordAccess.objects.filter(user=stranger).exists()
    html = browser.page(url("list", None), TODAY)
    assert bundle["plan"].case.reference not in html
    assert "No open reviews match." in html


def test_an_amendment_or_cessation_of_another_plan_is_404_through_this_review(
    client, staff, bundle
):
    officer = staff["officer"]
    other = final_plan(officer, staff["panel"], first_name="Leo")
    other_review = open_review(other)
    browser = Browser(client, officer)
    for address in (
        url("amendment_issue", other_review, amendment_id=bundle["amendment"].pk),
        url("amendment_withdraw", other_review, amendment_id=bundle["amendment"].pk),
        url("cessation_notify", other_review, cessation_id=bundle["cessation"].pk),
        url("cessation_complete", other_review, cessation_id=bundle["cessation"].pk),
    ):
        assert browser.get(address, TODAY).status_code == 404, address
        assert browser.post(address, {"version": 1}, TODAY).status_code == 404, address


def test_a_manager_of_any_team_sees_and_works_on_every_review(client, bundle):
    manager = UserFactory(role=Role.SEN_MANAGER, team__name="South locality")
    browser = Browser(client, manager)
    html = browser.page(url("list", None), TODAY)
    assert bundle["plan"].case.reference in html
    for address in review_urls(bundle["review"], amendment=bundle["amendment"]):
        response = browser.get(address, TODAY)
        # The page, a form, or back to the page when the action does not apply now.
        assert response.status_code in (200, 302), address


def test_the_review_page_is_logged_as_a_read_of_the_childs_record(client, staff, bundle):
    browser = Browser(client, staff["officer"])
    browser.page(url("review", bundle["review"]), TODAY)
    access = RecordAccess.objects.get()
    assert (access.user, access.case, access.what) == (
        staff["officer"],
        bundle["plan"].case,
        "viewed annual review",
    )


def test_navigation_offers_reviews_to_case_officers_and_managers_only(client, staff):
    reviews = f'href="{reverse("reviews:list")}"'
    for who, expected in (("officer", True), ("manager", True), ("panel", False)):
        client.force_login(staff[who])
        page = client.get(reverse("staff:home")).content.decode()
        assert (reviews in page) is expected, who


def test_a_decided_review_offers_no_actions(client, staff):
    officer = staff["officer"]
    plan = final_plan(officer, staff["panel"])
    review = decided(officer, open_review(plan))
    html = Browser(client, officer).page(url("review", review), TODAY)
    assert "What you can do next" not in html
    assert AnnualReview.objects.filter(plan=plan).count() == 2
