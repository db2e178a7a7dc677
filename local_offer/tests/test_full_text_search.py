"""Search by words: PostgreSQL's full-text search (stems, ranked with the name first) where the
suite runs on PostgreSQL, as CI does; every word matched somewhere on the embedded SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(provider, organisation, moderator):
    f.published(
        provider,
        organisation,
        moderator,
        name="Swimming lessons",
        summary="Lessons in a quiet pool.",
        description="Small groups.",
    )
    f.published(
        provider,
        organisation,
        moderator,
        name="Youth club",
        summary="Games and trips.",
        description="We also go swimming in summer.",
    )
    f.published(
        provider,
        organisation,
        moderator,
        name="Chess club",
        summary="Board games.",
        description="Every Friday.",
    )


def names(client, q):
    response = client.get(reverse("local_offer:search"), {"q": q})
    return [listing.name for listing in response.context["results"]["page"].object_list]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_on_postgresql_words_match_their_stems_and_a_match_in_the_name_comes_first(
    client, listings
):
    assert names(client, "swim") == ["Swimming lessons", "Youth club"]
    assert names(client, "clubs") == ["Chess club", "Youth club"]
    assert names(client, "board game") == ["Chess club"]


def test_every_word_must_match_somewhere(client, listings):
    assert names(client, "club friday") == ["Chess club"]
    assert names(client, "quiet pool") == ["Swimming lessons"]
    assert names(client, "nothing like this") == []
