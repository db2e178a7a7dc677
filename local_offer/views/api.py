"""The Open Referral UK feed, read-only and public: /api/openreferral/v3/ (openapi.json of the
standard names the endpoints and query parameters). Published listings only."""

import uuid as uuidlib

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from local_offer import oruk
from local_offer import selectors
from local_offer.models import Listing
from local_offer.models import Term
from local_offer.models import Vocabulary

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50


class BadRequest(ValueError):
    pass


def _int(request, name: str, default=None, *, low=0, high=None):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if value < low or (high is not None and value > high):
        raise BadRequest(f"{name} must be from {low}" + (f" to {high}" if high else ""))
    return value


def _answer(view):
    def wrapped(request, *args, **kwargs):
        try:
            data = view(request, *args, **kwargs)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=400)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"  # an open feed others read
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


def _paged(request, queryset, render) -> dict:
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE)
    number = _int(request, "page", 1, low=1)
    paginator = Paginator(queryset, per_page)
    total = paginator.count
    items = list(queryset[(number - 1) * per_page : number * per_page]) if total else []
    return oruk.page([render(i) for i in items], total=total, number=number, per_page=per_page)


@_answer
def root(request):
    """What this API is: HSDS version, the profile, and where its description lives."""
    return {
        "version": oruk.HSDS_VERSION,
        "profile": oruk.PROFILE,
        "openapi_url": oruk.OPENAPI_URL,
        "publisher": settings.COUNCIL_NAME,
        "endpoints": {
            name: settings.SITE_URL + reverse(f"oruk:{name}")
            for name in ("services", "service_at_locations", "taxonomies", "taxonomy_terms")
        },
    }


def _search(request) -> tuple[selectors.Search, object]:
    search = selectors.Search(
        words=request.GET.get("search", ""),
        taxonomy_ids=[t for t in request.GET.get("taxonomy_id", "").split(",") if t]
        + [t for t in request.GET.get("taxonomy_term_id", "").split(",") if t],
        minimum_age=_int(request, "minimum_age"),
        maximum_age=_int(request, "maximum_age"),
    )
    point = None
    if request.GET.get("postcode"):
        point = selectors.postcode_point(request.GET["postcode"])
        if point is None:
            raise BadRequest("postcode is not one this directory knows")
        proximity = _int(request, "proximity")  # metres, as the standard has it
        if proximity is not None:
            search.miles = proximity / 1609.344
    try:
        for value in search.taxonomy_ids:
            uuidlib.UUID(value)
    except ValueError:
        raise BadRequest("taxonomy_id must be a UUID") from None
    return search, point


@_answer
def services(request):
    search, point = _search(request)
    listings = (
        selectors.listings_search(search, point=point)
        .defer(*selectors.LONG_TEXTS)
        .select_related("organisation", "contact")
    )
    return _paged(request, listings, oruk.service_summary)


@_answer
def service(request, uuid):
    try:
        return oruk.service_full(selectors.listing_get(uuid))
    except Listing.DoesNotExist:
        raise Http404("No published service with this identifier") from None


@_answer
def service_at_locations(request):
    search, point = _search(request)
    listings = (
        selectors.listings_search(search, point=point)
        .filter(location__isnull=False)
        .defer(*selectors.LONG_TEXTS)
        .select_related("organisation", "contact", "location")
    )
    return _paged(request, listings, oruk.service_at_location)


@_answer
def taxonomies(request):
    return oruk.page([oruk.taxonomy(v) for v in Vocabulary.values], total=2, number=1, per_page=2)


@_answer
def taxonomy_terms(request):
    terms = Term.objects.all()
    wanted = request.GET.get("taxonomy_id")
    if wanted:
        vocabulary = {str(v): k for k, v in oruk.TAXONOMY_IDS.items()}.get(wanted)
        terms = terms.filter(vocabulary=vocabulary) if vocabulary else terms.none()
    return _paged(request, terms, oruk.taxonomy_term)
