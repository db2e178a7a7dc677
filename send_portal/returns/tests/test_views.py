"""The SEN2 page: a manager makes the return and downloads it with its report; the making is
audited; nobody else gets the page (the access matrix covers every role and a stranger)."""

import io
import zipfile

import pytest
from django.urls import reverse

from cases.models import AuditEntry
from cases.tests.factories import ChildFactory
from cases.tests.factories import received_request
from send_portal.returns.views import next_census_day
from tests.kit import D

pytestmark = pytest.mark.django_db


def census_form(day: str) -> dict:
    year, month, date = day.split("-")
    return {"census_day_0": str(int(date)), "census_day_1": str(int(month)), "census_day_2": year}


def test_a_manager_downloads_the_return_with_its_report(client, staff):
    received_request(
        staff["officer"], child=ChildFactory(last_name="Novak", sex="F", upn="", uln="")
    )
    client.force_login(staff["manager"])
    page = client.get(reverse("returns:sen2"))
    assert page.status_code == 200
    assert "Make the return" in page.content.decode()

    response = client.post(reverse("returns:sen2"), census_form("2027-01-21"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="sen2-999-2027-01-21.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "sen2-999-2027-01-21-validation-report.csv",
        "sen2-999-2027-01-21.xml",
    ]
    assert b"<Surname>Novak</Surname>" in archive.read("sen2-999-2027-01-21.xml")
    assert "Novak" in archive.read("sen2-999-2027-01-21-validation-report.csv").decode()
    entry = AuditEntry.objects.get(action="return.sen2_made")
    assert entry.actor == staff["manager"]
    assert entry.text.startswith("Made the SEN2 return for census day 21 January 2027: 1 ")


def test_a_census_day_that_is_not_a_date_is_refused_with_a_message(client, staff):
    client.force_login(staff["manager"])
    response = client.post(reverse("returns:sen2"), census_form("2027-02-31"))
    assert response.status_code == 400
    assert "The census day must be a real date" in response.content.decode()
    assert not AuditEntry.objects.filter(action="return.sen2_made").exists()


def test_an_officer_cannot_make_the_return(client, staff):
    client.force_login(staff["officer"])
    assert client.post(reverse("returns:sen2"), census_form("2027-01-21")).status_code == 403


def test_the_page_offers_the_next_census_day():
    assert next_census_day(D("2026-12-06")) == D("2027-01-21")
    assert next_census_day(D("2027-01-21")) == D("2027-01-21")


@pytest.mark.parametrize(
    ("posted", "sex", "ethnicity"),
    [({"sex": "F", "ethnicity": "WBRI"}, "F", "WBRI"), ({}, "U", "")],
)
def test_a_new_request_records_what_the_return_needs_about_the_child(
    client, staff, posted, sex, ethnicity
):
    """Sex and ethnicity are asked for with the child's details, so a new child reaches the
    SEN2 file (a child whose sex is not known is left out of it until it is)."""
    import time_machine

    from cases.models import Child
    from cases.tests.viewkit import new_request_data
    from tests.kit import as_user
    from tests.kit import noon

    as_user(client, staff["officer"])
    with time_machine.travel(noon("2026-01-06"), tick=False):
        response = client.post(reverse("cases:request_new"), new_request_data(**posted))
    assert response.status_code == 302
    child = Child.objects.get(last_name="Okafor")
    assert (child.sex, child.ethnicity) == (sex, ethnicity)
