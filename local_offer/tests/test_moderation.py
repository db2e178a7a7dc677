"""A provider's submission reaches the public only after moderation; the public keeps the
published snapshot while a change waits; every step is audited and refused to the wrong people."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from cases.models import AuditEntry
from cases.rules import ConcurrentChange
from local_offer import services
from local_offer.models import Listing
from local_offer.models import Moderation
from local_offer.models import Service
from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_new_service_is_not_public_until_approved_and_published(
    provider, organisation, moderator
):
    service = f.submit(provider, organisation)
    assert service.state == Moderation.SUBMITTED
    assert not Listing.objects.exists()

    services.service_approve(actor=moderator, service_id=service.pk)
    assert not Listing.objects.exists()

    listing = services.service_publish(actor=moderator, service_id=service.pk)
    assert listing.name == "Chatterbox speech group"
    assert listing.uuid == service.uuid
    assert [t.slug for t in listing.needs.all()] == ["communication"]
    assert Service.objects.get(pk=service.pk).state == Moderation.PUBLISHED


def test_while_a_change_waits_the_public_sees_the_published_snapshot(
    provider, organisation, moderator
):
    listing = f.published(provider, organisation, moderator)
    f.change_submitted(
        provider, organisation, listing, name="Chatterbox (new name)", postcode="DC9 9ZZ"
    )

    listing.refresh_from_db()
    assert listing.name == "Chatterbox speech group"
    assert listing.location.postcode == "DC1 1AA"  # the address row in use was not edited
    services.service_approve(actor=moderator, service_id=listing.service_id)
    services.service_publish(actor=moderator, service_id=listing.service_id)
    listing.refresh_from_db()
    assert listing.name == "Chatterbox (new name)"
    assert listing.location.postcode == "DC9 9ZZ"


def test_a_rejected_service_carries_its_reason_and_can_be_sent_again(
    provider, organisation, moderator
):
    service = f.submit(provider, organisation)
    with pytest.raises(ValidationError):
        services.service_reject(actor=moderator, service_id=service.pk, reason="  ")
    services.service_reject(actor=moderator, service_id=service.pk, reason="Add the cost.")
    service = Service.objects.get(pk=service.pk)
    assert (service.state, service.rejection_reason) == (Moderation.REJECTED, "Add the cost.")

    again = f.submit(provider, organisation, service_id=service.pk, is_free=False, cost="£5")
    assert again.state == Moderation.SUBMITTED
    assert again.rejection_reason == ""


def test_publishing_before_approval_is_refused_as_a_change_by_someone_else(
    provider, organisation, moderator
):
    service = f.submit(provider, organisation)
    with pytest.raises(ConcurrentChange):
        services.service_publish(actor=moderator, service_id=service.pk)
    services.service_approve(actor=moderator, service_id=service.pk)
    with pytest.raises(ConcurrentChange):
        services.service_approve(actor=moderator, service_id=service.pk)


def test_only_the_moderator_moderates_and_only_the_owner_submits(provider, organisation, moderator):
    service = f.submit(provider, organisation)
    with pytest.raises(PermissionDenied):
        services.service_approve(actor=provider, service_id=service.pk)
    stranger_org = f.OrganisationFactory()
    other = f.provider_of(stranger_org)
    with pytest.raises(PermissionDenied):
        f.submit(other, organisation)
    with pytest.raises(PermissionDenied):
        f.submit(other, stranger_org, service_id=service.pk)
    with pytest.raises(PermissionDenied):
        f.submit(moderator, organisation)


def test_ages_out_of_order_are_refused(provider, organisation):
    with pytest.raises(ValidationError) as refused:
        f.submit(provider, organisation, minimum_age=12, maximum_age=5)
    assert "oldest age" in str(refused.value)


def test_each_step_is_a_typed_audit_entry(provider, organisation, moderator):
    f.published(provider, organisation, moderator)
    entries = AuditEntry.objects.filter(action__startswith="local_offer.").order_by("at", "id")
    assert [e.text for e in entries] == [
        "Sent Chatterbox speech group for moderation",
        "Approved Chatterbox speech group",
        "Published Chatterbox speech group",
    ]
    assert entries[0].actor == provider and entries[2].actor == moderator


def test_a_change_is_audited_with_its_old_and_new_values(provider, organisation, moderator):
    listing = f.published(provider, organisation, moderator)
    f.change_submitted(
        provider, organisation, listing, name="Chatterbox club", needs=("communication", "autism")
    )
    entry = AuditEntry.objects.filter(action="local_offer.service_submitted").first()
    assert entry.changes["name"] == ["Chatterbox speech group", "Chatterbox club"]
    assert entry.changes["needs"] == [["communication"], ["autism", "communication"]]
    assert "summary" not in entry.changes
