"""Builders for the local offer's tests: organisations with their provider, postcodes, and
services in each state of moderation, made through the services as a provider and the
moderator would."""

import factory
from django.apps import apps as django_apps

from cases.roles import Role
from cases.tests.factories import UserFactory
from local_offer import reference_data
from local_offer import services
from local_offer.models import Organisation
from local_offer.models import Postcode
from local_offer.models import Term
from local_offer.models import Vocabulary

CENTRE = ("DC1 1AA", 52.6300, -1.1300)  # the demo county town
NEAR = ("DC1 2BB", 52.6400, -1.1300)  # about 0.7 miles north
FAR = ("DC9 9ZZ", 52.9000, -1.1300)  # about 19 miles north


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Provider {n} CIC")
    description = "A local charity."


def provider_of(organisation: Organisation, **kwargs):
    user = UserFactory(role=Role.PROVIDER, **kwargs)
    organisation.members.add(user)
    return user


def moderator(**kwargs):
    return UserFactory(role=Role.MODERATOR, **kwargs)


def postcodes() -> None:
    for postcode, latitude, longitude in (CENTRE, NEAR, FAR):
        Postcode.objects.update_or_create(
            postcode=postcode, defaults={"latitude": latitude, "longitude": longitude}
        )


def terms(vocabulary: str, *slugs: str) -> list[Term]:
    return list(Term.objects.filter(vocabulary=vocabulary, slug__in=slugs))


def content(**overrides) -> dict:
    return {
        "name": "Chatterbox speech group",
        "summary": "A weekly group for children who find talking hard.",
        "description": "Speech and language therapists run games that build talking skills.",
        "minimum_age": 2,
        "maximum_age": 7,
        "eligibility": "Children living in the county.",
        "access": "self",
        "how_to_access": "Phone to book a place.",
        "is_free": True,
        "cost": "",
        "days": "TU,TH",
        "when": "Term time only",
        "accessibility": "Step-free access and a quiet room.",
        "website": "https://chatterbox.example.org",
        "out_of_area": False,
        **overrides,
    }


def submit(
    provider,
    organisation,
    *,
    service_id=None,
    postcode=CENTRE[0],
    needs=("communication",),
    categories=("health",),
    **overrides,
):
    return services.service_submit(
        actor=provider,
        organisation_id=organisation.pk,
        service_id=service_id,
        content=content(**overrides),
        categories=terms(Vocabulary.CATEGORY, *categories),
        needs=terms(Vocabulary.NEED, *needs),
        where={
            "name": "Family hub",
            "address": "1 High Street",
            "town": "Kingsford",
            "postcode": postcode,
        },
        contact={"name": "Ann Reception", "phone": "01234 567890", "email": "hello@example.org"},
    )


def change_submitted(provider, organisation, listing, **changes):
    """A change to the published `listing`, sent for moderation: the public still sees the
    listing as it was."""
    return submit(provider, organisation, service_id=listing.service_id, **changes)


def published(provider, organisation, moderator_user, **overrides):
    """A service through the whole of moderation: submitted, approved and published."""
    service = submit(provider, organisation, **overrides)
    services.service_approve(actor=moderator_user, service_id=service.pk)
    return services.service_publish(actor=moderator_user, service_id=service.pk)


def sports_club(provider, organisation, moderator_user, **overrides):
    """The Saturday sports club, published: physical needs, ages 8 to 18, £3 a session, at
    NEAR (about 0.7 miles from the county town's CENTRE)."""
    return published(
        provider,
        organisation,
        moderator_user,
        name="Saturday sports club",
        summary="Sport for disabled young people.",
        description="Football and swimming.",
        minimum_age=8,
        maximum_age=18,
        needs=("physical",),
        categories=("leisure",),
        is_free=False,
        cost="£3 a session",
        postcode=NEAR[0],
        **overrides,
    )


def college_course(provider, organisation, moderator_user, **overrides):
    """The Pathways college course, published: learning needs, ages 16 to 25, preparing for
    adulthood, at FAR."""
    return published(
        provider,
        organisation,
        moderator_user,
        name="Pathways college course",
        minimum_age=16,
        maximum_age=25,
        needs=("learning",),
        categories=("adulthood",),
        postcode=FAR[0],
        **overrides,
    )


def access_world(provider, moderator_user) -> dict:
    """The local offer's part of the access matrix's world (tests/access_matrix.py): the URL
    kwargs of a published listing, the provider's own service, a service waiting for moderation,
    and a comment and a review waiting."""
    from local_offer.models import Comment
    from local_offer.models import Review

    reference_data.load(django_apps)  # a transactional test before may have emptied the tables
    organisation = OrganisationFactory(name="Access world CIC")
    organisation.members.add(provider)
    listing = published(provider, organisation, moderator_user)
    waiting = submit(provider, organisation, name="Waiting group")
    comment = Comment.objects.create(theme="finding", text="Hard to find the short breaks.")
    review = Review.objects.create(service_id=listing.service_id, rating=4, text="Friendly.")
    return {
        "listing": {"uuid": listing.uuid},
        "provider service": {"service_id": listing.service_id},
        "submitted service": {"service_id": waiting.pk},
        "comment": {"comment_id": comment.pk},
        "review": {"review_id": review.pk},
    }
