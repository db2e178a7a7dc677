"""An officer prints the day's post and marks it posted, in a real browser (Debian's Chromium,
Playwright): the case page says a letter is waiting to be posted, the print queue lists it with
its address, the PDF of all the letters downloads, a date in the future is refused, and once
marked posted the case page shows the letter sent on that day with its appeal-by date. axe-core
finds no accessibility problems on the pages; the journey works without JavaScript too."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.journey import JOURNEY
from tests.browser.journey import Clock
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import choose
from tests.browser.journey import expect_clock
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import press

pytestmark = JOURNEY


@pytest.fixture
def letter_to_post():
    from cases.notices.tests.kit import family_case
    from cases.notices.tests.kit import not_assess_notice
    from cases.tests.factories import people

    staff = people()
    case = family_case(staff["officer"], wants_post=True)
    not_assess_notice(staff["officer"], case, dated_on="2026-02-10")
    return staff["officer"], case


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_officer_prints_the_days_post_and_marks_it_posted(
    make_context, live_server, axe_check, console, letter_to_post, javascript
):
    officer, case = letter_to_post
    with Clock("2026-02-10"):
        person = Person(
            lambda: make_context(java_script_enabled=javascript, accept_downloads=True),
            live_server.url,
            officer,
        )
        page = person.sign_in()

        page = person.go(case_url(case))
        panel = page.locator("#notices")
        expect(panel).to_have_text("Letters and notices")
        expect(page.get_by_text("Rachel Okafor by post: waiting to be posted")).to_be_visible()
        if javascript:
            axe_check(page)
        page.get_by_role("link", name="letters to post").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Letters to post")
        letter = page.get_by_label(
            "Rachel Okafor: Decision not to carry out an EHC needs assessment"
        )
        expect(letter).to_be_checked()
        expect(page.get_by_text("1 High Street")).to_be_visible()
        if javascript:
            axe_check(page)

        with page.expect_download() as download:
            page.get_by_role("link", name="Print all the letters (PDF)").click()
        with open(download.value.path(), "rb") as printed:
            pdf = PdfReader(io.BytesIO(printed.read()))
        assert len(pdf.pages) == 2  # the address page, then the letter

        fill_date(page, "Date posted", "2026-02-11")
        press(page, "Mark as posted")
        expect_errors(page, "must be today or in the past")
        if javascript:
            axe_check(page)

        fill_date(page, "Date posted", "2026-02-10")
        press(page, "Mark as posted")
        expect_success(page, "1 letter marked as posted on 10 February 2026.")
        expect(page.get_by_text("There are no letters to post.")).to_be_visible()

        page = person.go(case_url(case))
        expect(page.locator("#notices ~ ul").first).to_contain_text(
            "sent 10 February 2026 (appeal by 10 April 2026)"
        )
        console.assert_clean()


@pytest.fixture
def request_to_decide():
    from cases.notices.tests.kit import family_case
    from cases.tests.factories import people
    from cases.tests.factories import received_request

    staff = people()
    case = family_case(staff["officer"], wants_post=True)
    received_request(staff["officer"], child=case.child, arrived="2026-01-05")
    return staff["manager"], case


def test_a_decision_taken_in_the_browser_waits_in_the_post_and_is_met_the_day_it_is_posted(
    make_context, live_server, axe_check, console, request_to_decide
):
    """The manager refuses to assess on Tuesday 10 February; the letter waits to be posted (the
    6 weeks are not met yet); on Thursday 12 February the day's post is printed and marked
    posted, and the case page shows the 6 weeks met that day, with the appeal-by date."""
    manager, case = request_to_decide
    with Clock("2026-02-10") as clock:
        person = Person(lambda: make_context(accept_downloads=True), live_server.url, manager)
        page = person.sign_in()
        page = person.go(case_url(case))
        follow(page, "Record the decision whether to assess")
        choose(page, "Will the council carry out an EHC needs assessment?", "No")
        fill_date(page, "Date of decision", "2026-02-10")
        page.get_by_label("Reasons for the decision").fill("Needs can be met at SEN support.")
        press(page, "Record the decision")
        expect_success(
            page, "Decision recorded: the council will not carry out an EHC needs assessment"
        )
        expect(page.get_by_text("Rachel Okafor by post: waiting to be posted")).to_be_visible()
        expect_clock(page, "Decide whether to assess (6 weeks)", "16 Feb 2026", "Due soon")
        axe_check(page)

        clock.set("2026-02-12")
        page = person.go(reverse("notices:post_queue"))
        expect(
            page.get_by_label("Rachel Okafor: Decision not to carry out an EHC needs assessment")
        ).to_be_checked()
        with page.expect_download() as download:
            page.get_by_role("link", name="Print all the letters (PDF)").click()
        with open(download.value.path(), "rb") as printed:
            assert len(PdfReader(io.BytesIO(printed.read())).pages) >= 2
        fill_date(page, "Date posted", "2026-02-12")
        press(page, "Mark as posted")
        expect_success(page, "1 letter marked as posted on 12 February 2026.")

        page = person.go(case_url(case))
        expect_clock(
            page, "Decide whether to assess (6 weeks)", "16 Feb 2026", "Met on time", "12 Feb 2026"
        )
        expect(page.locator("#notices ~ ul").first).to_contain_text(
            "sent 12 February 2026 (appeal by 13 April 2026)"
        )
        console.assert_clean()
