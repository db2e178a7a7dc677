"""Every write of the local offer: keyword-only functions `<thing>_<verb>`, each in a
transaction, locking the row it changes, taking the moderation step through its FSM transition,
saving the changed fields and writing a typed audit event (local_offer/audit_actions.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from cases.audit import audit_record
from cases.audit import changes_between
from cases.rules import ConcurrentChange

from . import permissions
from .models import REVIEW_MONTHS
from .models import Comment
from .models import Contact
from .models import Held
from .models import InfoPage
from .models import Listing
from .models import Location
from .models import Organisation
from .models import Postcode
from .models import Review
from .models import Service
from .models import ServiceContent
from .models import Theme
from .models import ThemeResponse
from .models import normalise_postcode

MOVED_ON = (
    "This service was changed by someone else while you were looking at it. Check it and try again."
)


def _locked_service(service_id: int) -> Service:
    try:
        return Service.objects.select_for_update().get(pk=service_id)
    except Service.DoesNotExist:
        raise ConcurrentChange(MOVED_ON) from None


def _require_moderator(actor) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied("Only the local offer's moderator can do this.")


def _step(service: Service, transition, *args) -> None:
    """Take a moderation step, or say that someone else moved the service on."""
    if not can_proceed(transition):
        raise ConcurrentChange(MOVED_ON)
    transition(*args)


def _audit(actor, action: str, obj, **payload) -> None:
    audit_record(actor=actor, action=action, obj=obj, payload=payload)


# --- provider: a service's working copy ---------------------------------------------------------


def _location_for(organisation: Organisation, where: dict) -> Location | None:
    """The location row with exactly these details: rows in use are never edited, so a change of
    address waiting for moderation leaves the published one as it is."""
    if not where.get("address"):
        return None
    postcode = normalise_postcode(where.get("postcode", ""))
    details = {
        "name": where.get("name", ""),
        "address": where["address"],
        "town": where.get("town", ""),
        "postcode": postcode,
    }
    location = Location.objects.filter(organisation=organisation, **details).first()
    if location is None:
        point = Postcode.objects.filter(postcode=postcode).first()
        location = Location.objects.create(
            organisation=organisation,
            latitude=point.latitude if point else None,
            longitude=point.longitude if point else None,
            **details,
        )
    return location


def _contact_for(organisation: Organisation, who: dict) -> Contact | None:
    details = {k: who.get(k, "") for k in ("name", "phone", "email")}
    if not any(details.values()):
        return None
    contact = Contact.objects.filter(organisation=organisation, **details).first()
    return contact or Contact.objects.create(organisation=organisation, **details)


def _check_ages(content: dict) -> None:
    if content.get("minimum_age", 0) > content.get("maximum_age", 25):
        raise ValidationError({"maximum_age": "The oldest age must not be below the youngest age."})


@transaction.atomic
def service_submit(
    *,
    actor,
    organisation_id: int,
    content: dict,
    categories,
    needs,
    where: dict,
    contact: dict,
    service_id: int | None = None,
) -> Service:
    """Save a provider's new service, or a change to one of theirs, and send it for moderation.
    The public keeps seeing the published listing until a moderator publishes the change."""
    if not permissions.can_provide(actor):
        raise PermissionDenied("Only a provider can send a service for moderation.")
    organisation = permissions.organisations_of(actor).filter(pk=organisation_id).first()
    if organisation is None:
        raise PermissionDenied("This organisation is not yours.")
    _check_ages(content)
    if service_id is None:
        service = Service(organisation=organisation)
    else:
        if not permissions.services_of(actor).filter(pk=service_id).exists():
            raise PermissionDenied("This service is not yours.")
        service = _locked_service(service_id)
        service.organisation = organisation
    before = _content_of(service) if service.pk else {}
    for name, value in content.items():
        if name not in ServiceContent.CONTENT_FIELDS:
            raise ValueError(f"{name} is not a field a provider fills in")
        setattr(service, name, value)
    service.location = _location_for(organisation, where)
    service.contact = _contact_for(organisation, contact)
    service.last_reviewed_on = timezone.localdate()
    _step(service, service.submit)
    service.save()
    service.categories.set(categories)
    service.needs.set(needs)
    audit_record(
        actor=actor,
        action="local_offer.service_submitted",
        obj=service,
        payload={"service": service.name},
        changes=changes_between(before, _content_of(service)),
    )
    return service


def _content_of(service: Service) -> dict:
    """What the provider filled in, for the audit trail's old and new values."""
    values = {name: getattr(service, name) for name in ServiceContent.CONTENT_FIELDS}
    for name in ("opens_at", "closes_at"):  # times as text: the trail is JSON
        values[name] = values[name].isoformat() if values[name] else None
    values["location"] = str(service.location) if service.location else ""
    values["contact"] = str(service.contact) if service.contact else ""
    values["categories"] = sorted(t.slug for t in service.categories.all())
    values["needs"] = sorted(t.slug for t in service.needs.all())
    return values


# --- moderator: approve or reject, then publish -------------------------------------------------


@transaction.atomic
def service_approve(*, actor, service_id: int) -> Service:
    _require_moderator(actor)
    service = _locked_service(service_id)
    _step(service, service.approve)
    service.save(update_fields=["state", "updated_at"])
    _audit(actor, "local_offer.service_approved", service, service=service.name)
    return service


@transaction.atomic
def service_reject(*, actor, service_id: int, reason: str) -> Service:
    _require_moderator(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the service is sent back, for its provider."})
    service = _locked_service(service_id)
    _step(service, service.reject, reason)
    service.save(update_fields=["state", "rejection_reason", "updated_at"])
    _audit(actor, "local_offer.service_rejected", service, service=service.name, reason=reason)
    return service


@transaction.atomic
def service_publish(*, actor, service_id: int) -> Listing:
    """Publish an approved service: its working copy becomes the listing the public sees."""
    _require_moderator(actor)
    service = _locked_service(service_id)
    _step(service, service.publish)
    service.review_flagged_on = None
    service.save(update_fields=["state", "review_flagged_on", "updated_at"])
    listing = Listing.objects.filter(service=service).first() or Listing(service=service)
    for name in ServiceContent.CONTENT_FIELDS:
        setattr(listing, name, getattr(service, name))
    listing.uuid = service.uuid
    listing.organisation_id = service.organisation_id
    listing.published_at = timezone.now()
    listing.save()
    listing.categories.set(service.categories.all())
    listing.needs.set(service.needs.all())
    listings_index(listing_ids=[listing.pk])
    _audit(actor, "local_offer.service_published", service, service=service.name)
    return listing


def listings_index(*, listing_ids=None) -> None:
    """Refresh the full-text search words of these listings (all when None): PostgreSQL only.
    Name first, then summary, organisation, categories and needs, then the rest."""
    if connection.vendor != "postgresql":
        return
    where, params = "", []
    if listing_ids is not None:
        where, params = "WHERE l.id = ANY(%s)", [list(listing_ids)]
    terms = (
        "SELECT coalesce(string_agg(t.name, ' '), '') FROM local_offer_term t "
        "JOIN local_offer_listing_{rel} r ON r.term_id = t.id WHERE r.listing_id = l.id"
    )
    sql = f"""
        UPDATE local_offer_listing l SET search_vector =
            setweight(to_tsvector('english', l.name), 'A')
            || setweight(to_tsvector('english', l.summary || ' ' || o.name || ' '
                || ({terms.format(rel="categories")}) || ' '
                || ({terms.format(rel="needs")})), 'B')
            || setweight(to_tsvector('english', l.description || ' ' || l.eligibility
                || ' ' || l.how_to_access), 'C')
        FROM local_offer_organisation o
        WHERE o.id = l.organisation_id {where.replace("WHERE", "AND")}
    """  # noqa: S608 -- no value of a person's is formatted in; ids go as a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the nightly job ----------------------------------------------------------------------------


def review_due_before(today: datetime.date) -> datetime.date:
    """The day 12 months before `today` (28 February for a 29th): reviewed on or before it is
    overdue."""
    years, months = divmod(today.month - 1 - REVIEW_MONTHS, 12)
    year, month = today.year + years, months + 1
    for day in (today.day, 30, 29, 28):
        try:
            return today.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def services_flag_unreviewed(*, today: datetime.date) -> int:
    """Flag to its provider and the moderator every published service whose listing has not
    been reviewed for 12 months. Idempotent: a flagged service is not flagged again; returns how
    many were flagged now."""
    before = review_due_before(today)
    due = Service.objects.select_for_update().filter(
        review_flagged_on__isnull=True, listing__last_reviewed_on__lte=before
    )
    flagged = 0
    for service in due.select_related("listing"):
        service.review_flagged_on = today
        service.save(update_fields=["review_flagged_on"])
        _audit(
            None,
            "local_offer.service_flagged",
            service,
            service=service.name,
            reviewed_on=service.listing.last_reviewed_on,
        )
        flagged += 1
    return flagged


# --- the public: comments and reviews, held for moderation --------------------------------------


def comment_submit(*, theme: str, text: str, name: str = "") -> Comment:
    if theme not in Theme.values:
        raise ValidationError({"theme": "Choose what your comment is about."})
    if not text.strip():
        raise ValidationError({"text": "Enter your comment."})
    return Comment.objects.create(theme=theme, text=text.strip(), name=name.strip())


def review_submit(*, listing: Listing, rating: int, text: str, name: str = "") -> Review:
    if rating not in range(1, 6):
        raise ValidationError({"rating": "Choose a rating from 1 to 5 stars."})
    if not text.strip():
        raise ValidationError({"text": "Enter your review."})
    return Review.objects.create(
        service_id=listing.service_id, rating=rating, text=text.strip(), name=name.strip()
    )


def _moderate(actor, model, pk: int, approve: bool):
    _require_moderator(actor)
    item = model.objects.select_for_update().filter(pk=pk, state=Held.PENDING).first()
    if item is None:
        raise ConcurrentChange("Someone else has already moderated this. Check the list.")
    item.state = Held.APPROVED if approve else Held.REJECTED
    item.moderated_at = timezone.now()
    item.save(update_fields=["state", "moderated_at"])
    return item


@transaction.atomic
def comment_moderate(*, actor, comment_id: int, approve: bool) -> Comment:
    comment = _moderate(actor, Comment, comment_id, approve)
    decision = "Showed" if approve else "Refused"
    _audit(
        actor,
        "local_offer.comment_moderated",
        comment,
        decision=decision,
        theme=comment.get_theme_display(),
    )
    return comment


@transaction.atomic
def review_moderate(*, actor, review_id: int, approve: bool) -> Review:
    review = _moderate(actor, Review, review_id, approve)
    decision = "Showed" if approve else "Refused"
    _audit(
        actor,
        "local_offer.review_moderated",
        review,
        decision=decision,
        service=review.service.name,
    )
    return review


@transaction.atomic
def theme_response_publish(*, actor, theme: str, you_said: str, we_did: str) -> ThemeResponse:
    """The council's "you said, we did" on one theme: published at once, replacing the last."""
    _require_moderator(actor)
    if theme not in Theme.values:
        raise ValidationError({"theme": "Choose the theme this answers."})
    response, _ = ThemeResponse.objects.select_for_update().update_or_create(
        theme=theme,
        defaults={"you_said": you_said, "we_did": we_did, "published_at": timezone.now()},
    )
    _audit(actor, "local_offer.response_published", response, theme=response.get_theme_display())
    return response


@transaction.atomic
def info_page_edit(*, actor, slug: str, title: str, summary: str, body: str) -> InfoPage:
    _require_moderator(actor)
    page = InfoPage.objects.select_for_update().get(slug=slug)
    page.title, page.summary, page.body = title, summary, body
    page.save(update_fields=["title", "summary", "body", "updated_at"])
    _audit(actor, "local_offer.page_edited", page, title=page.title)
    return page
