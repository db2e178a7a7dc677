"""The public local offer, without signing in: find a service by words, need, age, category,
cost and distance from a postcode; shareable paginated results; the service page; the
statutory information pages."""

import pytest
from django.urls import reverse

from local_offer.models import InfoPage
from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(provider, organisation, moderator, places):
    return {
        "speech": f.published(provider, organisation, moderator),
        "club": f.sports_club(provider, organisation, moderator),
        "college": f.college_course(
            provider,
            organisation,
            moderator,
            summary="A college course for life and work.",
            description="Supported internships.",
            out_of_area=True,
        ),
    }


def names(response) -> list[str]:
    return [listing.name for listing in response.context["results"]["page"].object_list]


def test_the_home_page_offers_needs_in_plain_words_categories_and_the_rights_pages(client):
    response = client.get(reverse("local_offer:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Talking, listening and understanding" in page
    assert "Short breaks" in page
    assert "How to ask for an EHC needs assessment" in page
    assert reverse("local_offer:search") + "?need=communication" in page


def test_a_family_finds_a_service_by_need_age_and_postcode(client, directory):
    url = reverse("local_offer:search")
    assert names(client.get(url, {"need": "communication"})) == ["Chatterbox speech group"]
    assert names(client.get(url, {"age": 17})) == [
        "Pathways college course",
        "Saturday sports club",
    ]
    nearby = client.get(url, {"postcode": "dc12bb", "distance": "3"})
    assert names(nearby) == ["Saturday sports club", "Chatterbox speech group"]  # nearest first
    assert "0.0 miles away" in nearby.content.decode()


def test_words_category_and_cost_filters_narrow_the_results(client, directory):
    url = reverse("local_offer:search")
    assert names(client.get(url, {"q": "swimming"})) == ["Saturday sports club"]
    assert names(client.get(url, {"category": "adulthood"})) == ["Pathways college course"]
    assert "Saturday sports club" not in names(client.get(url, {"free": "on"}))


def test_an_unknown_postcode_is_an_error_the_family_can_fix(client, directory):
    response = client.get(reverse("local_offer:search"), {"postcode": "ZZ1 1ZZ"})
    assert response.status_code == 200
    assert "We do not know this postcode" in response.content.decode()
    assert response.context["results"] is None


def test_results_are_paginated_with_links_that_keep_the_search(
    client, provider, organisation, moderator
):
    for n in range(22):
        f.published(provider, organisation, moderator, name=f"Group {n:02}")
    response = client.get(reverse("local_offer:search"), {"q": "group", "age": 5})
    assert len(names(response)) == 20
    assert response.context["results"]["next_url"] == "?q=group&age=5&page=2"
    second = client.get(reverse("local_offer:search") + "?q=group&age=5&page=2")
    assert names(second) == ["Group 20", "Group 21"]


def test_the_service_page_shows_what_it_offers_and_who_it_is_for(
    client, directory, django_assert_max_num_queries
):
    listing = directory["club"]
    with django_assert_max_num_queries(8):
        response = client.get(reverse("local_offer:service", args=[listing.uuid]))
    page = response.content.decode()
    for shown in (
        "Saturday sports club",
        "8 to 18",
        "£3 a session",
        "DC1 2BB",
        "Moving about and physical health",
        "Leisure and activities",
        "Tuesday, Thursday",
        "You can contact them yourself",
        "Step-free access",
        "01234 567890",
    ):
        assert shown in page, shown
    assert "local_offer/local_offer.css" in page  # the print stylesheet


def test_a_pending_change_never_shows_on_the_service_page(
    client, directory, provider, organisation
):
    listing = directory["speech"]
    f.change_submitted(provider, organisation, listing, name="Secret new name")
    page = client.get(reverse("local_offer:service", args=[listing.uuid])).content.decode()
    assert "Secret new name" not in page
    assert "Chatterbox speech group" in page


def test_an_unpublished_service_has_no_public_page(client, provider, organisation):
    service = f.submit(provider, organisation)
    assert client.get(reverse("local_offer:service", args=[service.uuid])).status_code == 404


def test_the_search_page_costs_the_same_queries_for_many_results(
    client, directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("local_offer:search"), {"age": 10})
    assert names(response)


def test_each_statutory_information_page_is_public(client):
    slugs = list(InfoPage.objects.values_list("slug", flat=True))
    assert slugs == [
        "request-an-assessment",
        "personal-budget",
        "complain-or-appeal",
        "preparing-for-adulthood",
    ]
    page = client.get(reverse("local_offer:page", args=["complain-or-appeal"])).content.decode()
    assert "mediation" in page and "2 months" in page
