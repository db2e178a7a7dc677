"""Every read of the local offer: what the public search, the pages, the feed and the provider
and moderator screens show, with the joins each needs."""

import math
from dataclasses import dataclass
from dataclasses import field

from django.contrib.postgres.search import SearchQuery
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Avg
from django.db.models import Count
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import FloatField
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet

from .models import Comment
from .models import Held
from .models import Listing
from .models import Moderation
from .models import Postcode
from .models import Review
from .models import Service
from .models import Term
from .models import Theme
from .models import ThemeResponse
from .models import Vocabulary
from .models import normalise_postcode

# Fields of a listing that neither a result card nor a list of the feed shows.
LONG_TEXTS = ("search_vector", "eligibility", "how_to_access", "accessibility")
MILES_PER_DEGREE = 69.1  # of latitude; of longitude times cos(latitude)


@dataclass
class Search:
    """What a family searched for: every field comes from the query string, so a search is a
    URL that can be shared."""

    words: str = ""
    age: int | None = None
    needs: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    free_only: bool = False
    postcode: str = ""
    miles: float | None = None
    taxonomy_ids: list[str] = field(default_factory=list)  # the feed: term uuids
    minimum_age: int | None = None  # the feed: serves someone this old or younger
    maximum_age: int | None = None  # the feed: serves someone this old or older


def terms(vocabulary: str) -> QuerySet[Term]:
    return Term.objects.filter(vocabulary=vocabulary)


def postcode_point(postcode: str) -> Postcode | None:
    if not postcode:
        return None
    return Postcode.objects.filter(postcode=normalise_postcode(postcode)).first()


def _words(qs: QuerySet[Listing], words: str) -> QuerySet[Listing]:
    """Full-text search on PostgreSQL (ranked); each word matched somewhere on SQLite."""
    if connection.vendor == "postgresql":
        query = SearchQuery(words, search_type="websearch", config="english")
        return qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    for word in words.split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return qs


def listings_search(search: Search, *, point: Postcode | None = None) -> QuerySet[Listing]:
    """Published listings matching the search, best first: by rank for words, nearest first
    for a postcode, otherwise by name."""
    qs = Listing.objects.all()
    order = ["name", "pk"]
    if search.words.strip():
        qs = _words(qs, search.words.strip())
        if connection.vendor == "postgresql":
            order = ["-rank", "name", "pk"]
    if search.age is not None:
        qs = qs.filter(minimum_age__lte=search.age, maximum_age__gte=search.age)
    if search.minimum_age is not None:
        qs = qs.filter(maximum_age__gte=search.minimum_age)
    if search.maximum_age is not None:
        qs = qs.filter(minimum_age__lte=search.maximum_age)
    if search.needs:
        qs = qs.filter(
            pk__in=Listing.needs.through.objects.filter(
                term__slug__in=search.needs, term__vocabulary=Vocabulary.NEED
            ).values("listing_id")
        )
    if search.categories:
        qs = qs.filter(
            pk__in=Listing.categories.through.objects.filter(
                term__slug__in=search.categories, term__vocabulary=Vocabulary.CATEGORY
            ).values("listing_id")
        )
    if search.taxonomy_ids:
        qs = qs.filter(
            Q(
                pk__in=Listing.needs.through.objects.filter(
                    term__uuid__in=search.taxonomy_ids
                ).values("listing_id")
            )
            | Q(
                pk__in=Listing.categories.through.objects.filter(
                    term__uuid__in=search.taxonomy_ids
                ).values("listing_id")
            )
        )
    if search.free_only:
        qs = qs.filter(is_free=True)
    if point is not None:
        # Distance on a flat map around the postcode: exact enough across a county.
        scale = math.cos(math.radians(point.latitude))
        north = (F("location__latitude") - point.latitude) * MILES_PER_DEGREE
        east = (F("location__longitude") - point.longitude) * (MILES_PER_DEGREE * scale)
        qs = qs.filter(location__latitude__isnull=False).annotate(
            distance_sq=ExpressionWrapper(north * north + east * east, output_field=FloatField())
        )
        if search.miles:
            # A box around the circle first (cheap on the columns), then the circle itself.
            north_south = search.miles / MILES_PER_DEGREE
            east_west = search.miles / (MILES_PER_DEGREE * scale)
            qs = qs.filter(
                location__latitude__range=(
                    point.latitude - north_south,
                    point.latitude + north_south,
                ),
                location__longitude__range=(
                    point.longitude - east_west,
                    point.longitude + east_west,
                ),
                distance_sq__lte=search.miles**2,
            )
        order = ["distance_sq", *order]
    return qs.order_by(*order)


def with_card(qs: QuerySet[Listing]) -> QuerySet[Listing]:
    """What a result card shows: organisation, location and the listing's categories (and
    nothing it does not: the long texts and the search words stay in the database)."""
    return (
        qs.defer(*LONG_TEXTS)
        .select_related("organisation", "location")
        .prefetch_related(Prefetch("categories", queryset=Term.objects.order_by("order")))
    )


def distance_miles(listing) -> float | None:
    value = getattr(listing, "distance_sq", None)
    return None if value is None else math.sqrt(value)


def listing_get(uuid) -> Listing:
    """One published listing with all a page or the feed shows; DoesNotExist otherwise."""
    return (
        Listing.objects.select_related("organisation", "location", "contact", "service")
        .prefetch_related("categories", "needs")
        .get(uuid=uuid)
    )


def listing_reviews(listing: Listing) -> dict:
    shown = Review.objects.filter(service_id=listing.service_id, state=Held.APPROVED)
    summary = shown.aggregate(average=Avg("rating"), count=Count("id"))
    return {"reviews": shown[:20], **summary}


def you_said_we_did() -> list[dict]:
    """Each theme with the comments shown on it and the council's response, if any."""
    responses = {r.theme: r for r in ThemeResponse.objects.all()}
    comments: dict[str, list] = {}
    for comment in Comment.objects.filter(state=Held.APPROVED):
        comments.setdefault(comment.theme, []).append(comment)
    return [
        {
            "theme": theme,
            "label": label,
            "comments": comments.get(theme, []),
            "response": responses.get(theme),
        }
        for theme, label in Theme.choices
        if theme in comments or theme in responses
    ]


# --- moderator --------------------------------------------------------------------------------


def moderation_queue() -> dict:
    services = Service.objects.select_related("organisation")
    return {
        "submitted": services.filter(state=Moderation.SUBMITTED).order_by("submitted_at"),
        "approved": services.filter(state=Moderation.APPROVED).order_by("submitted_at"),
        "flagged": services.filter(review_flagged_on__isnull=False).order_by("review_flagged_on"),
        "comments": Comment.objects.filter(state=Held.PENDING).order_by("created_at"),
        "reviews": Review.objects.filter(state=Held.PENDING)
        .select_related("service")
        .order_by("created_at"),
    }


def moderation_counts() -> dict:
    return {
        "services": Service.objects.filter(
            state__in=[Moderation.SUBMITTED, Moderation.APPROVED]
        ).count(),
        "held": Comment.objects.filter(state=Held.PENDING).count()
        + Review.objects.filter(state=Held.PENDING).count(),
        "flagged": Service.objects.filter(review_flagged_on__isnull=False).count(),
    }
