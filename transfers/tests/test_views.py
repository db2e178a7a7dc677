"""The manager's import screens (upload, dry run report, confirm, progress), the cohort
progress view and its CSV export, and a transfer review's page and steps, through the client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Child
from cases.tests.viewkit import date_data
from tests.kit import D
from tests.kit import travel
from transfers.models import ImportState
from transfers.models import LegacyImport
from transfers.models import LegacyRecord
from transfers.models import TransferReview
from transfers.models import TransferState

from .factories import BROKEN
from .factories import GOOD
from .factories import TODAY
from .factories import imported
from .factories import legacy_world
from .factories import planned_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return legacy_world()


def _upload(client, path, name=None):
    upload = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")
    return client.post(reverse("transfers:import"), {"upload": upload})


def test_a_broken_file_is_reported_row_by_row_and_nothing_is_written(client, world):
    client.force_login(world["manager"])
    response = _upload(client, BROKEN)
    found = LegacyImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfers:import_report", args=[found.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The file cannot be imported" in page
    for needle in (
        "Row 3",
        "Unknown setting URN 999999",
        "Unknown need code “XYZ”",
        "Duplicate in the file: legacy reference LEG-B-0003 is also on row 4",
        "Unknown officer nobody@demo.example",
        "A child matched twice",
        "is not a real date",
    ):
        assert needle in page, needle
    assert "Import these records" not in page
    refused = client.post(reverse("transfers:import_report", args=[found.pk]))
    assert refused.status_code == 400
    assert Child.objects.count() == 0 and LegacyRecord.objects.count() == 0


def test_a_good_file_is_checked_confirmed_and_imported(
    client, world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(world["manager"])
    found_url = _upload(client, GOOD)["Location"]
    with django_assert_max_num_queries(12):
        page = client.get(found_url).content.decode()
    assert "Check what the import will do" in page and "Row 11" in page
    assert Child.objects.count() == 0  # the dry run wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(found_url)
    found = LegacyImport.objects.get()
    assert response["Location"] == reverse("transfers:import_progress", args=[found.pk])
    assert found.state == ImportState.DONE  # the task ran (eagerly, after the commit)
    assert found.totals["create"] == 10
    with django_assert_max_num_queries(8):
        page = client.get(response["Location"]).content.decode()
    assert "Legacy records imported" in page and "10 new, 0 updated, 0 unchanged" in page
    assert LegacyRecord.objects.count() == 10
    # confirming twice does not import twice
    assert client.post(found_url).status_code == 400
    # the same file again: every row unchanged, nothing written
    again = _upload(client, GOOD)["Location"]
    assert "Unchanged: EHC plan LEG-P-0001 is already here" in client.get(again).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(again)
    assert LegacyImport.objects.get(pk=int(again.split("/")[-2])).totals["unchanged"] == 10
    assert LegacyRecord.objects.count() == 10 and Child.objects.count() == 10


def test_files_that_are_not_csv_or_xlsx_are_refused(client, world):
    client.force_login(world["manager"])
    response = client.post(
        reverse("transfers:import"),
        {"upload": SimpleUploadedFile("plans.pdf", b"%PDF-1.7", content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert "must be a CSV or an XLSX" in response.content.decode()
    fake = SimpleUploadedFile("plans.xlsx", b"not a zip", content_type="application/octet-stream")
    response = client.post(reverse("transfers:import"), {"upload": fake})
    assert "not a real XLSX" in response.content.decode()
    assert not LegacyImport.objects.exists()


def test_only_managers_import(client, world):
    client.force_login(world["officer"])
    assert client.get(reverse("transfers:import")).status_code == 403
    assert _upload(client, GOOD).status_code == 403
    assert not LegacyImport.objects.exists()


def test_the_progress_view_phases_by_cohort(client, world, django_assert_max_num_queries):
    imported()
    client.force_login(world["officer"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("transfers:progress"))
    page = response.content.decode()
    assert page.index("Year 6 (moving to secondary school)") < page.index("College leavers")
    assert "Tilly Marsh" in page and "Callum Reid" in page
    filtered = client.get(reverse("transfers:progress"), {"cohort": "college"}).content.decode()
    assert "Callum Reid" in filtered and "Tilly Marsh" not in filtered
    export = client.get(reverse("transfers:progress_export"), {"cohort": "college"})
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("legacy_reference,record_type,case,child,date_of_birth,cohort,step")
    assert len(lines) == 3  # the header and the two college leavers' LDAs
    assert any("LEG-L-0002" in line and "Callum Reid" in line for line in lines)


def test_a_review_is_taken_through_a_step_on_its_page(client, world, django_assert_max_num_queries):
    officer = world["officer"]
    review = planned_review(officer)
    client.force_login(officer)
    url = reverse("transfers:review", args=[review.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "Tell the family when the review starts" in page
    notify = reverse("transfers:notify", args=[review.pk])

    def tell_family(*, starts_on):
        """The family told on 2 November 2026 that the review starts on `starts_on`."""
        return client.post(
            notify,
            {
                "version": review.version,
                **date_data("notified_on", D("2026-11-02")),
                **date_data("starts_on", D(starts_on)),
                "meeting_offered": "Any weekday at the family centre",
            },
        )

    with travel(TODAY):
        response = tell_family(starts_on="2026-11-10")
        assert response.status_code == 200  # the form again, with the error
        assert "on or after 16 November 2026" in response.content.decode()
        response = tell_family(starts_on="2026-11-16")
    assert response.status_code == 302
    assert TransferReview.objects.get(pk=review.pk).state == TransferState.NOTIFIED
    page = client.get(url).content.decode()
    assert "Finish by 22 March 2027" in page
    case_page = client.get(reverse("cases:case", args=[review.case.reference])).content.decode()
    assert "Transfer review of the statement of SEN" in case_page


def test_strangers_are_refused(client, world):
    review = planned_review(world["officer"])
    from cases.tests.factories import UserFactory

    client.force_login(UserFactory(role="case_officer", team__name="South locality"))
    assert client.get(reverse("transfers:review", args=[review.pk])).status_code == 404
    assert client.get(reverse("transfers:notify", args=[review.pk])).status_code == 404
    progress = client.get(reverse("transfers:progress")).content.decode()
    assert "Tilly" not in progress
    client.force_login(UserFactory(role="parent"))
    assert client.get(reverse("transfers:progress")).status_code == 403


def test_the_upload_page_and_a_step_form_keep_their_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["manager"])
    _upload(client, GOOD)
    _upload(client, BROKEN)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("transfers:import")).content.decode()
    assert "legacy_good.csv" in page and "legacy_broken.csv" in page
    review = planned_review(world["officer"])
    client.force_login(world["officer"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("transfers:notify", args=[review.pk]))
    assert "Tell the family when the transfer review starts" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(client, world, settings):
    from cases import uploads

    client.force_login(world["manager"])
    big = SimpleUploadedFile(
        "big.csv", b"x" * (uploads.MAX_UPLOAD_BYTES + 1), content_type="text/csv"
    )
    response = client.post(reverse("transfers:import"), {"upload": big})
    assert "must be smaller than 10MB" in response.content.decode()
    assert not LegacyImport.objects.exists()
