"""Comments on the local offer and reviews of a service are held for moderation before they
appear; a honeypot field and a per-address limit keep out robots and floods; the council's
"you said, we did" response appears with each theme."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from cases.models import AuditEntry
from local_offer import services
from local_offer.models import Comment
from local_offer.models import Held
from local_offer.models import Review
from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def comment(client, **data):
    return client.post(
        reverse("local_offer:comment_new"),
        {"theme": "finding", "text": "I could not find the short breaks.", **data},
    )


def test_a_comment_appears_in_you_said_we_did_only_after_moderation_with_the_response(
    client, moderator
):
    response = comment(client, name="Rachel")
    assert response.status_code == 302
    held = Comment.objects.get()
    assert held.state == Held.PENDING
    page = reverse("local_offer:you_said_we_did")
    assert "I could not find the short breaks." not in client.get(page).content.decode()

    services.comment_moderate(actor=moderator, comment_id=held.pk, approve=True)
    services.theme_response_publish(
        actor=moderator,
        theme="finding",
        you_said="Short breaks were hard to find.",
        we_did="We added short breaks to the home page.",
    )
    shown = client.get(page).content.decode()
    assert "I could not find the short breaks." in shown
    assert "We added short breaks to the home page." in shown
    assert "Rachel" in shown


def test_a_refused_comment_never_appears(client, moderator):
    comment(client)
    services.comment_moderate(actor=moderator, comment_id=Comment.objects.get().pk, approve=False)
    assert "short breaks" not in client.get(reverse("local_offer:you_said_we_did")).content.decode()


def test_a_robot_that_fills_the_hidden_field_is_thanked_and_ignored(client):
    response = comment(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


@override_settings(LOCAL_OFFER_POSTS_PER_IP=3)
def test_one_address_can_post_only_a_few_comments_an_hour(client):
    codes = [comment(client).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert Comment.objects.count() == 3


def test_a_comment_without_text_is_an_error_to_fix(client):
    response = comment(client, text="")
    assert response.status_code == 200
    assert "Enter your comment" in response.content.decode() or response.context["form"].errors
    assert not Comment.objects.exists()


def test_a_review_is_shown_with_the_rating_once_approved(client, provider, organisation, moderator):
    listing = f.published(provider, organisation, moderator)
    url = reverse("local_offer:review_new", args=[listing.uuid])
    assert (
        client.post(url, {"rating": 4, "text": "Friendly staff.", "name": "Sam"}).status_code == 302
    )
    service_page = reverse("local_offer:service", args=[listing.uuid])
    assert "Friendly staff." not in client.get(service_page).content.decode()

    services.review_moderate(actor=moderator, review_id=Review.objects.get().pk, approve=True)
    page = client.get(service_page).content.decode()
    assert "Friendly staff." in page
    assert "Rated 4.0 out of 5 by 1 person" in page
    assert AuditEntry.objects.filter(action="local_offer.review_moderated").get().text == (
        "Showed a review of Chatterbox speech group"
    )


def test_the_moderator_shows_or_refuses_from_the_queue(client, moderator):
    comment(client)
    held = Comment.objects.get()
    client.force_login(moderator)
    queue = client.get(reverse("local_offer_moderation:queue")).content.decode()
    assert "I could not find the short breaks." in queue
    response = client.post(
        reverse("local_offer_moderation:comment", args=[held.pk]), {"decision": "show"}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == Held.APPROVED
