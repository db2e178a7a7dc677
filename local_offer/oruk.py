"""The Open Referral UK shape of the published local offer (HSDS 3.0, the UK profile): what the
feed at /api/openreferral/v3/ returns. Only published listings; no value is ever null (a value
that is not known is left out), and every nested object has a stable identifier made from its
listing's (UUID v5), so the feed names the same schedule the same way each time."""

import math
import uuid as uuidlib

from django.conf import settings
from django.urls import reverse

from .models import Listing
from .models import Term
from .models import Vocabulary

HSDS_VERSION = "3.0"
PROFILE = "https://openreferral.org/uk-profile"
# The standard's own description of the endpoints, which this feed implements.
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
TAXONOMY_IDS = {  # the two vocabularies as ORUK taxonomies: fixed identifiers
    Vocabulary.CATEGORY: uuidlib.UUID("6c6e2d0e-6a4c-5d2b-9a39-2f0f1b2d0c01"),
    Vocabulary.NEED: uuidlib.UUID("6c6e2d0e-6a4c-5d2b-9a39-2f0f1b2d0c02"),
}


def _id(parent, part: str) -> str:
    return str(uuidlib.uuid5(parent, part))


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "")}


def organisation(org) -> dict:
    return _clean(
        {
            "id": str(org.uuid),
            "name": org.name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
        }
    )


def taxonomy(vocabulary: str) -> dict:
    return {
        "id": str(TAXONOMY_IDS[vocabulary]),
        "name": f"{settings.COUNCIL_NAME} local offer: {Vocabulary(vocabulary).label.lower()}",
        "description": (
            "Types of service" if vocabulary == Vocabulary.CATEGORY else "Needs, in plain words"
        ),
        "uri": settings.SITE_URL + reverse("oruk:taxonomies"),
        "version": "1",
    }


def taxonomy_term(term: Term) -> dict:
    return _clean(
        {
            "id": str(term.uuid),
            "code": term.slug,
            "name": term.name,
            "description": term.description or term.name,
            "taxonomy": Vocabulary(term.vocabulary).label,
            "taxonomy_id": str(TAXONOMY_IDS[term.vocabulary]),
            "language": "en",
        }
    )


def _location(listing: Listing) -> dict | None:
    place = listing.location
    if place is None:
        return None
    return _clean(
        {
            "id": str(place.uuid),
            "location_type": "physical",
            "name": place.name or place.address,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "addresses": [
                {
                    "id": _id(place.uuid, "address"),
                    "address_1": place.address,
                    "city": place.town,
                    "state_province": "",
                    "postal_code": place.postcode,
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            "accessibility": (
                [
                    {
                        "id": _id(place.uuid, f"access-{listing.uuid}"),
                        "description": listing.accessibility,
                    }
                ]
                if listing.accessibility
                else None
            ),
        }
    )


def _schedule(listing: Listing) -> list[dict]:
    if not (listing.days or listing.when or listing.opens_at):
        return []
    return [
        _clean(
            {
                "id": _id(listing.uuid, "schedule"),
                "freq": "WEEKLY" if listing.days else None,
                "byday": listing.days,
                "opens_at": listing.opens_at.isoformat() if listing.opens_at else None,
                "closes_at": listing.closes_at.isoformat() if listing.closes_at else None,
                "description": listing.when,
            }
        )
    ]


def _base(listing: Listing) -> dict:
    return _clean(
        {
            "id": str(listing.uuid),
            "organization_id": str(listing.organisation.uuid),
            "name": listing.name,
            "description": f"{listing.summary}\n\n{listing.description}",
            "url": listing.website,
            "email": listing.contact.email if listing.contact else None,
            "status": "active",
            "fees": None if listing.is_free else listing.cost,
            "minimum_age": listing.minimum_age,
            "maximum_age": listing.maximum_age,
            "assured_date": listing.last_reviewed_on.isoformat()
            if listing.last_reviewed_on
            else None,
            "last_modified": listing.published_at.isoformat(),
        }
    )


def service_summary(listing: Listing) -> dict:
    """One item of the list (service_list.json)."""
    return {**_base(listing), "organization": organisation(listing.organisation)}


def _service_at_location(listing: Listing, location: dict) -> dict:
    return {"id": _id(listing.uuid, "at-location"), "location": location}


def service_full(listing: Listing) -> dict:
    """One service with everything about it (service.json)."""
    location = _location(listing)
    contact = listing.contact
    terms = [*listing.categories.all(), *listing.needs.all()]
    full = {
        **service_summary(listing),
        "schedules": _schedule(listing),
        "service_areas": [
            {
                "id": _id(listing.uuid, "area"),
                "name": "Outside the area" if listing.out_of_area else settings.COUNCIL_NAME,
            }
        ],
        "service_at_locations": [_service_at_location(listing, location)] if location else [],
        "languages": [{"id": _id(listing.uuid, "language-en"), "name": "English", "code": "en"}],
        "cost_options": [
            _clean(
                {
                    "id": _id(listing.uuid, "cost"),
                    "option": "Free" if listing.is_free else listing.cost or "There is a charge",
                    "amount": 0 if listing.is_free else None,
                    "currency": "GBP",
                }
            )
        ],
        "contacts": (
            [
                _clean(
                    {
                        "id": str(contact.uuid),
                        "name": contact.name,
                        "email": contact.email,
                        "phones": [{"id": _id(contact.uuid, "phone"), "number": contact.phone}]
                        if contact.phone
                        else None,
                    }
                )
            ]
            if contact
            else []
        ),
        "attributes": [
            {
                "id": _id(listing.uuid, f"term-{term.uuid}"),
                "link_type": "service",
                "taxonomy_term_id": str(term.uuid),
                "taxonomy_term": taxonomy_term(term),
            }
            for term in terms
        ],
        "eligibility_description": listing.eligibility,
    }
    return _clean(full)


def service_at_location(listing: Listing) -> dict:
    return {
        **_service_at_location(listing, _location(listing)),
        "service": service_summary(listing),
    }


def page(items: list, *, total: int, number: int, per_page: int) -> dict:
    """The `Page` envelope of openapi.json around a list's `contents`."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": total == 0,
        "contents": items,
    }
