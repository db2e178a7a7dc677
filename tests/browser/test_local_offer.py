"""The public local offer in real Chromium: a family searches by need, age and postcode and
opens a service; every page passes axe-core (WCAG 2.2 AA) with no violations, has no horizontal
scroll at 320 px wide, and prints without the search form and header. (The search is a GET form
and every page is server-rendered: local_offer/tests/test_public_pages.py walks it without a
browser, so without JavaScript.)"""

import pytest
from django.apps import apps as django_apps

from local_offer import reference_data
from local_offer.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(transactional_db):
    reference_data.load(django_apps)  # an earlier transactional test may have emptied the tables
    f.postcodes()
    organisation = f.OrganisationFactory(name="Chatterbox CIC")
    provider = f.provider_of(organisation)
    moderator = f.moderator()
    for n in range(23):
        f.published(provider, organisation, moderator, name=f"Chatterbox group {n:02}")
    return f.sports_club(
        provider,
        organisation,
        moderator,
        website="https://a-very-long-address-for-a-club.example.org/sport/saturday",
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def search_journey(page, base_url, check=lambda page: None):
    """From the home page: by need in plain words, then age and postcode, to the service."""
    page.goto(base_url + "/local-offer/")
    check(page)
    page.get_by_role("link", name="Moving about and physical health").click()
    page.get_by_label("Age of the child or young person").fill("10")
    page.get_by_label("Postcode").fill("dc1 1aa")
    page.get_by_label("Distance").select_option("3")
    page.get_by_role("button", name="Search").click()
    assert "need=physical" in page.url and "age=10" in page.url  # a URL to share
    assert page.get_by_role("status").inner_text() == "1 service."
    check(page)
    page.get_by_role("link", name="Saturday sports club").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Saturday sports club"
    assert page.get_by_text("£3 a session").is_visible()
    check(page)


def test_a_family_finds_a_service_by_need_age_and_postcode_at_320_px(
    make_context, live_server, axe_check, console, directory
):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()

    def check(page):
        axe_check(page)
        assert no_horizontal_scroll(page), page.url

    search_journey(page, live_server.url, check)
    console.assert_clean()


def test_results_pages_and_the_other_public_pages_pass_axe_at_320_px(
    make_context, live_server, axe_check, directory
):
    page = make_context(viewport={"width": 320, "height": 640}).new_page()
    for address in (
        "/local-offer/services/?q=chatterbox",
        "/local-offer/services/?q=chatterbox&page=2",
        "/local-offer/services/?postcode=ZZ1+1ZZ",
        f"/local-offer/services/{directory.uuid}/review/",
        "/local-offer/information/complain-or-appeal/",
        "/local-offer/you-said-we-did/",
        "/local-offer/comment/",
    ):
        page.goto(live_server.url + address)
        axe_check(page)
        assert no_horizontal_scroll(page), address


def test_the_service_page_prints_without_the_header_and_forms(make_context, live_server, directory):
    page = make_context().new_page()
    page.goto(live_server.url + f"/local-offer/services/{directory.uuid}/")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header, .govuk-service-navigation").first.is_visible()
    assert not page.get_by_role("link", name="Review this service").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_text("£3 a session").is_visible()
