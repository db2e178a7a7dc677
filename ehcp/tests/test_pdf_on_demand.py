"""Versions made in bulk (imports, demo data) carry no PDF until someone downloads one."""

import pytest
from django.core.management import call_command

from cases.models import RecordAccess
from cases.models import User
from ehcp.models import PlanVersion

pytestmark = pytest.mark.django_db


def test_a_bulk_made_version_renders_its_pdf_on_first_download(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    version = PlanVersion.objects.filter(pdf="").select_related("plan__case").first()
    assert version is not None
    officer = User.objects.get(email="officer@demo.example")
    client.force_login(officer)
    url = f"/staff/cases/{version.plan.case.reference}/plan/versions/{version.number}/pdf/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    version.refresh_from_db()
    assert version.pdf  # stored: the next download serves the same file
    assert RecordAccess.objects.filter(user=officer, what__contains="downloaded EHC plan").exists()
