"""The provider's screens (their own services: list, add, change, each sent for moderation) and
the moderator's (the queue, approve, send back with a reason, publish, the rights pages)."""

import pytest
from django.urls import reverse

from local_offer import services
from local_offer.models import InfoPage
from local_offer.models import Listing
from local_offer.models import Moderation
from local_offer.models import Service
from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        **f.content(),
        "organisation": "",
        "days": ["MO", "WE"],
        "categories": ["health"],
        "needs": ["communication", "autism"],
        "address": "2 Mill Lane",
        "town": "Kingsford",
        "postcode": "dc1 1aa",
        "contact_phone": "01234 000111",
        "opens_at": "09:00",
        "closes_at": "15:00",
    }
    data.pop("is_free")
    return {**data, **overrides}


def test_a_provider_adds_a_service_that_waits_for_moderation(
    client, provider, organisation, places
):
    client.force_login(provider)
    response = client.post(
        reverse("local_offer_provider:service_new"), form_data(organisation=organisation.pk)
    )
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get()
    assert service.state == Moderation.SUBMITTED
    assert service.days == "MO,WE"
    assert service.location.postcode == "DC1 1AA"
    assert service.location.latitude == f.CENTRE[1]
    assert sorted(n.slug for n in service.needs.all()) == ["autism", "communication"]
    listing = client.get(reverse("local_offer_provider:services")).content.decode()
    assert "Waiting for moderation" in listing


def test_a_provider_sees_why_a_service_was_sent_back(client, provider, organisation, moderator):
    service = f.submit(provider, organisation)
    services.service_reject(actor=moderator, service_id=service.pk, reason="Say what it costs.")
    client.force_login(provider)
    page = client.get(reverse("local_offer_provider:service_edit", args=[service.pk]))
    assert "Say what it costs." in page.content.decode()
    assert page.context["form"].initial["postcode"] == "DC1 1AA"


def test_another_provider_cannot_open_or_change_the_service(client, provider, organisation):
    service = f.submit(provider, organisation)
    other = f.provider_of(f.OrganisationFactory())
    client.force_login(other)
    url = reverse("local_offer_provider:service_edit", args=[service.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(organisation=organisation.pk)).status_code == 404
    assert "Chatterbox" not in client.get(reverse("local_offer_provider:services")).content.decode()


def test_the_moderator_approves_then_publishes(client, provider, organisation, moderator):
    service = f.submit(provider, organisation)
    client.force_login(moderator)
    url = reverse("local_offer_moderation:service", args=[service.pk])
    assert (
        "Chatterbox speech group"
        in client.get(reverse("local_offer_moderation:queue")).content.decode()
    )
    assert client.post(url, {"step": "approve"}).status_code == 302
    assert client.post(url, {"step": "publish"}).status_code == 302
    assert Listing.objects.get().name == "Chatterbox speech group"


def test_sending_back_needs_a_reason(client, provider, organisation, moderator):
    service = f.submit(provider, organisation)
    client.force_login(moderator)
    url = reverse("local_offer_moderation:service", args=[service.pk])
    refused = client.post(url, {"step": "reject", "reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.post(url, {"step": "reject", "reason": "Add a phone number."}).status_code == 302
    assert Service.objects.get(pk=service.pk).rejection_reason == "Add a phone number."


def test_a_second_approval_of_the_same_change_says_someone_else_moved_it_on(
    client, provider, organisation, moderator
):
    service = f.submit(provider, organisation)
    client.force_login(moderator)
    url = reverse("local_offer_moderation:service", args=[service.pk])
    client.post(url, {"step": "approve"})
    response = client.post(url, {"step": "approve"}, follow=True)
    assert "changed by someone else" in response.content.decode()


def test_the_moderator_edits_a_rights_page(client, moderator):
    client.force_login(moderator)
    url = reverse("local_offer_moderation:page_edit", args=["personal-budget"])
    response = client.post(
        url,
        {
            "title": "Personal budgets",
            "summary": "Money for help.",
            "body": "Ask your case officer.",
        },
    )
    assert response.status_code == 302
    assert InfoPage.objects.get(slug="personal-budget").title == "Personal budgets"
    client.logout()
    assert (
        "Ask your case officer."
        in client.get(reverse("local_offer:page", args=["personal-budget"])).content.decode()
    )


def test_the_demo_homes_point_provider_and_moderator_to_their_work(
    client, provider, organisation, moderator
):
    f.submit(provider, organisation)
    client.force_login(moderator)
    staff_home = client.get(reverse("staff:home")).content.decode()
    assert "1 service waiting for moderation" in staff_home
    client.force_login(provider)
    portal_home = client.get(reverse("portal:home")).content.decode()
    assert "1 waiting for the council to check" in portal_home
    assert reverse("local_offer_provider:services") in portal_home
