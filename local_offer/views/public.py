"""The public local offer: no sign-in. Only published listings, shown comments and reviews."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.formflow import form_data
from cases.paging import pager
from cases.ratelimit import rate_limit
from local_offer import selectors
from local_offer import services
from local_offer.forms import CommentForm
from local_offer.forms import ReviewForm
from local_offer.forms import SearchForm
from local_offer.models import InfoPage
from local_offer.models import Listing
from local_offer.models import Vocabulary

PER_PAGE = 20


def _limit(scope: str):
    """Comments and reviews: a few an hour from one address (spam and abuse)."""
    return rate_limit(
        f"local_offer_{scope}",
        window=3600,
        per_ip=lambda: getattr(settings, "LOCAL_OFFER_POSTS_PER_IP", 5),
    )


@require_GET
def home(request):
    return render(
        request,
        "local_offer/home.html",
        {
            "needs": selectors.terms(Vocabulary.NEED),
            "categories": selectors.terms(Vocabulary.CATEGORY),
            "pages": InfoPage.objects.all(),
            "form": SearchForm(),
        },
    )


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        listings = selectors.listings_search(form.search(), point=form.point)
        results = pager(request, selectors.with_card(listings), param="page", per_page=PER_PAGE)
        for listing in results["page"].object_list:
            listing.distance = selectors.distance_miles(listing)
    elif not form.is_bound:
        listings = selectors.listings_search(selectors.Search())
        results = pager(request, selectors.with_card(listings), param="page", per_page=PER_PAGE)
    return render(request, "local_offer/search.html", {"form": form, "results": results})


def _listing(uuid) -> Listing:
    try:
        return selectors.listing_get(uuid)
    except Listing.DoesNotExist:
        raise Http404("No published service with this address") from None


@require_GET
def service(request, uuid):
    listing = _listing(uuid)
    return render(
        request,
        "local_offer/service.html",
        {"listing": listing, **selectors.listing_reviews(listing)},
    )


@_limit("review")
def review_new(request, uuid):
    listing = _listing(uuid)
    form = ReviewForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        if not form.is_robot():
            try:
                services.review_submit(listing=listing, **_without_honeypot(form))
            except ValidationError as error:
                form.add_error(None, error)
        if not form.errors:
            messages.success(request, "Thank you. Your review will appear once we have checked it.")
            return redirect("local_offer:service", uuid=listing.uuid)
    return render(
        request,
        "local_offer/review_form.html",
        {"form": form, "listing": listing, "submit_text": "Send review"},
    )


@_limit("comment")
def comment_new(request):
    form = CommentForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        if not form.is_robot():
            services.comment_submit(**_without_honeypot(form))
        messages.success(request, "Thank you. Your comment will appear once we have checked it.")
        return redirect("local_offer:you_said_we_did")
    return render(
        request, "local_offer/comment_form.html", {"form": form, "submit_text": "Send comment"}
    )


def _without_honeypot(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "website"}


@require_GET
def you_said_we_did(request):
    return render(
        request, "local_offer/you_said_we_did.html", {"themes": selectors.you_said_we_did()}
    )


@require_GET
def info_page(request, slug):
    page = get_object_or_404(InfoPage, slug=slug)
    return render(
        request, "local_offer/info_page.html", {"page": page, "pages": InfoPage.objects.all()}
    )
