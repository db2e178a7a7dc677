"""The demo's local offer: a realistic directory (hundreds of services, some waiting for
moderation), comments with the council's responses, and work waiting for the demo provider and
moderator when they sign in."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import User
from local_offer.models import Comment
from local_offer.models import Held
from local_offer.models import Listing
from local_offer.models import Moderation
from local_offer.models import Service
from local_offer.models import ThemeResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_directory_has_hundreds_of_published_services_and_some_waiting(seeded):
    assert Listing.objects.count() >= 300
    assert Service.objects.filter(state=Moderation.SUBMITTED).count() == 3
    assert Service.objects.filter(state=Moderation.REJECTED).count() == 1
    assert Service.objects.filter(review_flagged_on__isnull=False).exists()
    assert Comment.objects.filter(state=Held.APPROVED).exists()
    assert Comment.objects.filter(state=Held.PENDING).exists()
    assert ThemeResponse.objects.count() == 2
    assert set(Listing.objects.values_list("categories__slug", flat=True)) >= {
        "education",
        "health",
        "social-care",
        "training-employment",
        "travel",
        "adulthood",
        "leisure",
        "short-breaks",
    }


def test_the_demo_provider_and_moderator_land_on_work_to_do(client, seeded):
    client.force_login(User.objects.get(email="provider@demo.example"))
    home = client.get(reverse("home"), follow=True).content.decode()
    assert "3 waiting for the council to check" in home
    assert "1 sent back to you to change" in home
    client.force_login(User.objects.get(email="moderator@demo.example"))
    home = client.get(reverse("home"), follow=True).content.decode()
    assert "3 services waiting for moderation or publishing" in home
    queue = client.get(reverse("local_offer_moderation:queue")).content.decode()
    assert "Chatterbox stammering group" in queue


def test_seeding_twice_adds_no_second_directory(seeded):
    before = Service.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Service.objects.count() == before


def test_the_demo_search_finds_services_near_a_demo_postcode(client, seeded):
    response = client.get(
        reverse("local_offer:search"), {"postcode": "DC3 1AA", "distance": "3", "need": "autism"}
    )
    results = response.context["results"]["page"]
    assert results.paginator.count > 5
    assert all(listing.distance <= 3 for listing in results.object_list)
