"""Bulk export and import of services (django-import-export): the export imports back; a file
with a bad row shows that row's error and saves nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import AuditEntry
from local_offer.models import Moderation
from local_offer.models import Service
from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("services.csv", text.encode(), content_type="text/csv")


def exported(client) -> list[dict]:
    response = client.get(reverse("local_offer_moderation:export"))
    assert response["Content-Type"] == "text/csv"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def write(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_the_export_has_every_service_with_its_place_contact_and_terms(
    client, provider, organisation, moderator
):
    f.published(provider, organisation, moderator)
    client.force_login(moderator)
    [row] = exported(client)
    assert row["name"] == "Chatterbox speech group"
    assert row["organisation"] == "Chatterbox CIC"
    assert (row["postcode"], row["contact_phone"]) == ("DC1 1AA", "01234 567890")
    assert (row["categories"], row["needs"], row["state"]) == (
        "health",
        "communication",
        "published",
    )


def test_an_import_adds_new_rows_and_changes_known_ones_for_moderation(
    client, provider, organisation, moderator
):
    listing = f.published(provider, organisation, moderator)
    client.force_login(moderator)
    [row] = exported(client)
    changed = {**row, "name": "Chatterbox (renamed)"}
    new = {
        **row,
        "uuid": "",
        "name": "Holiday club",
        "categories": "leisure;short-breaks",
        "postcode": "DC1 2BB",
    }
    response = client.post(
        reverse("local_offer_moderation:import"), {"file": upload(write([changed, new]))}
    )
    assert response.status_code == 302
    assert Service.objects.count() == 2
    renamed = Service.objects.get(pk=listing.service_id)
    assert (renamed.name, renamed.state) == ("Chatterbox (renamed)", Moderation.SUBMITTED)
    club = Service.objects.get(name="Holiday club")
    assert club.state == Moderation.SUBMITTED
    assert sorted(c.slug for c in club.categories.all()) == ["leisure", "short-breaks"]
    assert club.location.postcode == "DC1 2BB"
    listing.refresh_from_db()
    assert listing.name == "Chatterbox speech group"  # the public waits for moderation
    assert (
        AuditEntry.objects.get(action="local_offer.services_imported").text == "Imported 2 services"
    )


def test_a_bad_row_is_shown_and_nothing_is_saved(client, provider, organisation, moderator):
    f.published(provider, organisation, moderator)
    client.force_login(moderator)
    [row] = exported(client)
    good = {**row, "uuid": "", "name": "Good new row"}
    bad = {**row, "uuid": "", "name": "Bad row", "organisation": "Nobody Ltd"}
    renamed = {**row, "name": "Renamed"}
    response = client.post(
        reverse("local_offer_moderation:import"), {"file": upload(write([good, renamed, bad]))}
    )
    assert response.status_code == 200
    errors = response.context["row_errors"]
    assert len(errors) == 1 and errors[0].startswith("Row 3")
    assert "Nothing was imported" in response.content.decode()
    assert list(Service.objects.values_list("name", flat=True)) == ["Chatterbox speech group"]


def test_a_file_that_is_not_csv_is_refused_with_a_message(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("local_offer_moderation:import"), {"file": upload("\x00\x01 not, a\ncsv")}
    )
    assert response.status_code == 200
    assert response.context["row_errors"]
    assert not Service.objects.exists()
