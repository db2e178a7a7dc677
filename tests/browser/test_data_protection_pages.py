"""The data protection pages in a real browser (Debian's Chromium, Playwright): axe-core finds no
accessibility problems on the search page, a case's audit history, a user's activity, the subject
access page (found, with errors) and its download, the retention report and the erasure review
(with errors); every page works without JavaScript; nothing breaks the Content-Security-Policy.
"""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.journey import JOURNEY

pytestmark = JOURNEY


@pytest.fixture
def records():
    """A case with an audit trail and an access log, and a child whose record is past retention."""
    from cases.audit import record_access
    from cases.tests.trail_kit import legacy_audit_entry
    from cases.tests.viewkit import people
    from cases.tests.viewkit import received_request
    from send_portal.dataprotection.tests.kit import old_child

    staff = people()
    case = received_request(staff["officer"]).case
    legacy_audit_entry(
        actor=staff["officer"],
        action="child.updated",
        case=case,
        summary="Changed the postcode",
        changes={"postcode": ["AB1 2CD", "DC1 2AB"]},
    )
    record_access(user=staff["officer"], case=case, what="viewed case page")
    old = old_child("1990-02-03", first_name="Amir", last_name="Khan")
    return {"staff": staff, "case": case, "old": old}


def signed_in(make_context, live_server, user, *, javascript=True):
    """A browser context signed in as `user` (a session made by Django's test client, so the
    test does not depend on the sign-in pages)."""
    client = Client()
    client.force_login(user)
    context = make_context(java_script_enabled=javascript, accept_downloads=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_data_protection_pages_are_accessible(
    make_context, live_server, axe_check, console, records, javascript
):
    staff, case, old = records["staff"], records["case"], records["old"]
    page = signed_in(make_context, live_server, staff["manager"], javascript=javascript)
    base = live_server.url

    def check():
        if javascript:
            axe_check(page)
        console.assert_clean()

    # the search page, with people found
    page.goto(base + reverse("dataprotection:home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    page.get_by_label("Email address or name").fill(staff["officer"].email)
    page.get_by_role("button", name="Find people").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    check()

    # a case reference that does not exist: the error summary
    page.get_by_label("Case reference").fill("SEN-999999")
    page.get_by_role("button", name="Show audit history").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Data protection")))
    expect(page.locator(".govuk-error-summary")).to_contain_text("No case has that reference")
    check()

    # the case's audit history, then filtered by who
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_role("button", name="Show audit history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit history")
    expect(page.locator("#main-content")).to_contain_text("DC1 2AB")
    check()
    page.get_by_label("Who", exact=True).select_option(
        label=f"{staff['officer'].full_name} ({staff['officer'].email})"
    )
    page.get_by_role("button", name="Apply filter").click()
    expect(page.locator("#main-content")).to_contain_text("Changed the postcode")
    check()

    # the officer's activity, from the access log
    page.get_by_role("link", name=staff["officer"].full_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^" + re.escape("Activity of"))
    )
    check()

    # subject access: nothing entered, then found and downloaded
    page.goto(base + reverse("dataprotection:subject_access"))
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Subject access request")))
    check()
    page.get_by_label("Case reference, or a parent or carer's email address").fill(case.reference)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Download the export (ZIP)").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whose information the request is for"
    )
    check()
    page.get_by_label(f"{case.child.full_name} (the child or young person)").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the export (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"subject-access-{case.reference}-child-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    records_json = json.loads(archive.read("records.json"))
    assert records_json["child"]["last_name"] == case.child.last_name

    # the retention report and the review of one record, with an error
    page.goto(base + reverse("dataprotection:retention"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Records past retention")
    expect(page.locator("tbody tr")).to_have_count(1)
    check()
    page.get_by_role("link", name="Review the record of Amir Khan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review before erasing")
    check()
    page.get_by_role("button", name="Erase the record").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Review before erasing")))
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Confirm that you have checked the retention schedule" in summary
    assert "Enter why the record is being erased" in summary
    check()
    page.get_by_label("I have checked the council's retention schedule").check()
    page.get_by_label("Why is the record being erased?").fill("Past the retention schedule")
    page.get_by_role("button", name="Erase the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"child record {old.pk}")
    expect(page.locator("#main-content")).to_contain_text("No records are past retention")
    check()

    # a record that must be kept: refused, with the reason
    page.goto(base + reverse("dataprotection:erase", kwargs={"child_id": case.child_id}))
    expect(page.locator("#main-content")).to_contain_text("This record cannot be erased.")
    check()
