"""Bringing in what the council holds, then a transfer review, end to end in Chromium: the
manager uploads the broken sample file (every bad row named, nothing written), then the good
one (checked, confirmed, imported); the officer tells a family when their child's statement
will be reviewed (2 weeks' notice, a meeting offered) and takes the review to a final EHC plan,
the transfer limit stored from the start. The draft goes to the family by email that day (their
15 days run from it); the mother then asks for post, so the final plan's letter, with her rights
to appeal and to mediation, waits on the print queue and the limit is met the day the officer
marks it posted, not the day the plan was recorded."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Child
from cases.models import ContactPreference
from cases.models import Deadline
from cases.notices.models import Notice
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from ehcp.models import Plan
from tests.browser.journey import JOURNEY
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import press
from tests.browser.journey import summary_value
from transfers.models import LegacyRecord
from transfers.models import TransferReview
from transfers.models import TransferState
from transfers.tests.factories import BROKEN
from transfers.tests.factories import GOOD
from transfers.tests.factories import legacy_world
from transfers.tests.factories import rows_of

pytestmark = JOURNEY
JOURNEY_STARTS = ("2026-11-02", "09:30")


def transfer_review_url(review) -> str:
    return reverse("transfers:review", args=[review.pk])


def record_plan_issued(clock, officer, review, day: str, *, link: str, button: str):
    """On `day`, the officer records a plan of the transfer review issued that day (the draft
    or the final: each has its own link and button); what the page then says is the caller's
    to check."""
    clock.set(day)
    page = officer.sign_in_and_open(transfer_review_url(review), link)
    fill_date(page, "Date issued", day)
    press(page, button)
    return page


def test_import_the_broken_file_then_the_good_one_and_run_a_transfer_review(
    make_context, live_server, axe_check, console, clock
):
    world = legacy_world()
    # Tilly is already known to the council (with her mother's details): the import matches her.
    tilly = ChildFactory(
        upn=rows_of(GOOD)[4]["upn"],
        first_name="Tilly",
        last_name="Marsh",
        date_of_birth=D("2015-10-19"),
    )
    FamilyMemberFactory(child=tilly, full_name="Hannah Marsh")
    manager = Person(make_context, live_server.url, world["manager"])

    # The manager uploads the broken file: every bad row is named, nothing is written.
    page = manager.sign_in_and_open(reverse("transfers:import"))
    axe_check(page)
    page.get_by_label("Upload a file of legacy records").set_input_files(str(BROKEN))
    press(page, "Check the file")
    expect(page.get_by_role("heading", level=1)).to_have_text("The file cannot be imported")
    errors = page.get_by_role("region", name="Errors in the file, by row")
    for row, message in (
        ("Row 2", "is not a real date"),
        ("Row 3", "Unknown setting URN 999999"),
        ("Row 4", "Unknown need code “XYZ”"),
        ("Row 5", "Duplicate in the file: legacy reference LEG-B-0003 is also on row 4"),
        ("Row 6", "Unknown officer nobody@demo.example"),
        ("Row 8", "A child matched twice: this child is also on row 7"),
        ("Row 9", "is not a record type"),
    ):
        expect(
            errors.get_by_role("row").filter(has_text=row).filter(has_text=message)
        ).to_have_count(1)
    expect(page.get_by_role("button", name="Import these records")).to_have_count(0)
    axe_check(page)
    assert Child.objects.count() == 1 and not LegacyRecord.objects.exists()

    # Then the good file: checked, confirmed, imported.
    manager.go(reverse("transfers:import"))
    page.get_by_label("Upload a file of legacy records").set_input_files(str(GOOD))
    press(page, "Check the file")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the import will do")
    expect(page.get_by_role("row").filter(has_text="LEG-S-0001")).to_contain_text(
        "Plan a transfer review of the statement in the Year 6"
    )
    press(page, "Import these records")
    expect(page.get_by_role("heading", level=1)).to_have_text("Legacy records imported")
    expect(page.locator(".govuk-panel__body")).to_have_text("10 new, 0 updated, 0 unchanged")
    axe_check(page)
    assert LegacyRecord.objects.count() == 10 and Child.objects.count() == 10

    # The officer finds Tilly's transfer review in the year 6 cohort and tells the family.
    officer = Person(make_context, live_server.url, world["officer"])
    page = officer.sign_in()
    follow(page, "Transfers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfer reviews by cohort")
    axe_check(page)
    follow(page, re.compile(r"^Tilly Marsh\W+transfer review$"))
    expect(summary_value(page, "Cohort")).to_have_text("Year 6 (moving to secondary school)")
    # Year 6 first: the family is to be told within 2 weeks of the review being planned.
    expect(summary_value(page, "Review starts")).to_contain_text(
        "Tell the family by 16 November 2026, at least 2 weeks before it starts"
    )
    follow(page, "Tell the family when the review starts")
    fill_date(page, "Date the family was told", "2026-11-02")
    fill_date(page, "Date the review starts", "2026-11-10")
    page.get_by_label("Meeting offered with an SEN officer").fill(
        "Tuesday 10 November at 10am at the family centre"
    )
    press(page, "Send the notice")
    expect_errors(page, "The review must start at least 2 weeks after the family is told")
    fill_date(page, "Date the review starts", "2026-11-16")
    press(page, "Send the notice")
    expect_success(
        page,
        "The family is told the review starts on 16 November 2026. It must be finished by the "
        "date on the review.",
    )
    expect(summary_value(page, "Transfer time limit")).to_contain_text("Finish by 22 March 2027")
    expect(summary_value(page, "Review starts")).not_to_contain_text("Tell the family by")
    axe_check(page)
    told = Deadline.objects.get(kind="transfer_review_notice", case__child=tilly)
    assert told.due_on == D("2026-11-16") and told.met_on == D("2026-11-02")  # emailed that day

    # The review starts, the draft and then the final plan are issued.
    clock.set("2026-11-16")
    page = officer.sign_in()
    review = TransferReview.objects.get(case__child=tilly)
    officer.go(transfer_review_url(review))
    follow(page, "Record the assessment started")
    fill_date(page, "Date the assessment started", "2026-11-16")
    press(page, "Record the start")
    expect_success(page, "Assessment started on 16 November 2026")
    page = record_plan_issued(
        clock,
        officer,
        review,
        "2027-02-01",
        link="Record the draft plan issued",
        button="Record the draft plan",
    )
    expect_success(
        page,
        "Draft EHC plan recorded as issued on 1 February 2027. The family's 15 days to comment "
        "start the day the letter is sent.",
    )
    # emailed that day: the family's 15 days begin with it
    draft = Notice.objects.get(case=review.case, kind="transfer_draft_plan")
    assert draft.sent_on == D("2027-02-01")
    assert Deadline.objects.get(kind="draft_response", object_id=review.pk).due_on == D(
        "2027-02-15"
    )
    # Tilly's mother asks for letters by post from now on.
    tilly.family.update(
        contact_preference=ContactPreference.POST, address="3 Mill Lane\nExeter\nEX2 4AB"
    )
    page = record_plan_issued(
        clock,
        officer,
        review,
        "2027-03-01",
        link="Record the final EHC plan issued",
        button="Record the final plan",
    )
    expect_success(
        page,
        "Final EHC plan recorded as issued on 1 March 2027. Its first annual review is scheduled. "
        "The review's time limit is met the day the letter is sent.",
    )
    expect(summary_value(page, "Transfer time limit")).not_to_contain_text("Met on")
    axe_check(page)
    review.refresh_from_db()
    assert review.state == TransferState.FINAL
    assert Plan.objects.get(case=review.case).first_issued_on == D("2027-03-01")
    limit = Deadline.objects.get(kind="transfer_review", object_id=review.pk)
    assert limit.met_on is None  # the letter waits on the print queue

    # The next morning the officer prints the day's post and marks it posted: the limit is met.
    clock.set("2027-03-02")
    page = officer.sign_in_and_open(reverse("notices:post_queue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters to post")
    expect(page.get_by_text("Hannah Marsh").first).to_be_visible()
    fill_date(page, "Date posted", "2027-03-02")
    press(page, "Mark as posted")
    expect_success(page, re.compile(r"marked as posted on 2 March 2027\."))
    officer.go(transfer_review_url(review))
    expect(summary_value(page, "Transfer time limit")).to_contain_text("Met on 2 March 2027")
    limit.refresh_from_db()
    final = Notice.objects.get(case=review.case, kind="transfer_final_plan")
    assert limit.met_on == D("2027-03-02") == final.sent_on
    assert final.appeal_by is not None
    console.assert_clean()
