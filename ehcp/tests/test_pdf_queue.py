"""An issued version's PDF is rendered by a task after the issue commits, not in the officer's
request; stored once; the plan page says it is being prepared until it is there; a failed render
is recorded, shown and retried."""

from unittest import mock

import pytest
from celery.exceptions import Retry
from django.urls import reverse

from ehcp import tasks
from ehcp.models import PlanVersion
from ehcp.tests.factories import complete_plan
from ehcp.tests.factories import issue_version
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.viewkit import plan_url
from ehcp.tests.viewkit import travel
from tests.kit import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_plan(officer, panel):
    from ehcp import services

    request = request_decided_to_issue(officer, panel)
    plan = services.plan_start(actor=officer, request_id=request.pk)
    return complete_plan(officer, plan, with_placement=False)


def test_the_issue_request_does_not_render_the_pdf_and_the_task_stores_it_once(
    client, officer, ready_plan, pdf_renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = issue_version(officer, ready_plan, issued_on="2026-04-08", today=D("2026-04-08"))
    assert pdf_renders == []  # nothing rendered while the issue ran
    version.refresh_from_db()
    assert not version.pdf
    assert len(callbacks) >= 1

    # The page says the PDF is being prepared (and still offers to prepare it on demand).
    client.force_login(officer)
    with travel("2026-04-09"):
        page = client.get(plan_url(ready_plan.case)).content.decode()
    assert "Being prepared" in page
    assert "The PDF is being prepared" in page

    for callback in callbacks:  # the issue commits: the task runs (eagerly in the tests)
        callback()
    version.refresh_from_db()
    assert version.pdf.read(5) == b"%PDF-"
    assert len(pdf_renders) == 1 and "Version 1: Draft plan" in pdf_renders[0]
    stored = version.pdf.name

    # Run again (a retry after a lost acknowledgement): the stored file is kept, not rendered.
    assert tasks.render_version_pdf.delay(version.pk).get() == "stored"
    version.refresh_from_db()
    assert version.pdf.name == stored and len(pdf_renders) == 1
    with travel("2026-04-09"):
        page = client.get(plan_url(ready_plan.case)).content.decode()
    assert "Being prepared" not in page
    assert reverse("ehcp:version_pdf", args=[ready_plan.case.reference, 1]) in page


def test_a_failed_render_is_recorded_shown_and_retried(
    client, officer, ready_plan, django_capture_on_commit_callbacks
):
    broken = mock.patch("ehcp.services.plans.render_plan_pdf", side_effect=OSError("font lost"))
    with broken as render, django_capture_on_commit_callbacks(execute=True):
        version = issue_version(officer, ready_plan, issued_on="2026-04-08", today=D("2026-04-08"))
    # the issue stands (robust: the task's failure never undoes it); the failure is recorded
    version.refresh_from_db()
    assert not version.pdf
    assert render.call_count == 1
    assert version.pdf_attempts == 1
    assert version.pdf_error == "OSError: font lost"
    # and the task asks to be tried again (Celery retries it after `default_retry_delay`)
    with broken, pytest.raises(Retry):
        tasks.render_version_pdf.apply(args=[version.pk])
    version.refresh_from_db()
    assert version.pdf_attempts == 2
    client.force_login(officer)
    with travel("2026-04-09"):
        page = client.get(plan_url(ready_plan.case)).content.decode()
    assert "PDF not ready" in page
    assert "Preparing the PDF failed (2 attempts): it is being tried again." in page

    # A later run (or the first download) renders it, and the error is cleared.
    assert tasks.render_version_pdf.delay(version.pk).get() == "rendered"
    version.refresh_from_db()
    assert version.pdf.read(5) == b"%PDF-" and version.pdf_error == ""
    assert PlanVersion.objects.filter(pk=version.pk, pdf="").count() == 0
