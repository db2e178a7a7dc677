"""Helpers for the journey tests: the people who sign in, "today" for the test and the live
server, and the GOV.UK form patterns filled the way a person does (by label and legend).

Not a test module. The journeys import what they use from here; the fixtures they share are in
conftest.py (a fixture imported from another module confuses linters and readers alike). A
journey module is marked `pytestmark = JOURNEY`; one whose tests take the `clock` fixture names
"today" as its journey starts: `JOURNEY_STARTS = ("2026-01-05", "11:00")`.
"""

import datetime
import re
from contextlib import contextmanager

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.kit import LONDON
from tests.kit import PASSWORD
from tests.kit import D
from tests.kit import at
from tests.kit import browser_sign_in

__all__ = ["LONDON", "PASSWORD", "D", "at"]

TINY_PDF = b"%PDF-1.4\n%%EOF\n"

SUCCESS_BANNER = ".govuk-notification-banner--success"
SUCCESS = f"{SUCCESS_BANNER} .govuk-notification-banner__heading"
ERROR_SUMMARY = ".govuk-error-summary"
# the marks of a journey through a live server: each test's data must be committed to be seen
JOURNEY = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- "today" -----------------------------------------------------------------------------------


class Clock:
    """The day of the journey, for the test and the live server thread alike (time_machine
    patches the whole process). Time ticks on from each moment it is set to.

        with Clock("2026-01-05") as clock:
            ...
            clock.set("2026-02-10")
    """

    def __init__(self, day: str, hhmm: str = "10:00"):
        self._travel = time_machine.travel(at(day, hhmm), tick=True)
        self._traveller = None

    def __enter__(self):
        self._traveller = self._travel.start()
        return self

    def __exit__(self, *exc):
        self._travel.stop()

    def set(self, day: str, hhmm: str = "10:00") -> None:
        self._traveller.move_to(at(day, hhmm))


# --- people ------------------------------------------------------------------------------------


class Person:
    """Someone working in their own browser context (their own cookies and session)."""

    def __init__(self, make_context, base_url: str, user):
        self.user = user
        self.base = base_url
        self.page: Page = make_context().new_page()

    def sign_in(self, lands_on: str | None = None) -> Page:
        """Sign in afresh through the real form, as at the start of a working day: a session
        from an earlier day of the journey may have expired (after two weeks). Staff land on
        their home page; someone of the portal (a parent, a professional: no second factor is
        asked of them) on the page named `lands_on` (e.g. "portal:home")."""
        self.page.context.clear_cookies()
        if lands_on is None:
            browser_sign_in(self.page, self.base, self.user.email)
            return self.page
        page = self.go(reverse("login"))
        page.get_by_label("Email address").fill(self.user.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        press(page, "Sign in")
        page.wait_for_url(self.base + reverse(lands_on))
        return page

    def go(self, path: str) -> Page:
        self.page.goto(self.base + path)
        return self.page

    def sign_in_and_open(self, path: str, link: str | re.Pattern | None = None) -> Page:
        """A new working day: sign in afresh, open the page the work starts from and, when
        `link` is named, follow it to the task's form."""
        self.sign_in()
        self.go(path)
        if link is not None:
            follow(self.page, link)
        return self.page


# --- addresses ---------------------------------------------------------------------------------


def case_url(case) -> str:
    return reverse("cases:case", kwargs={"reference": case.reference})


def review_url(review) -> str:
    return reverse("reviews:review", kwargs={"review_id": review.pk})


# --- filling in GOV.UK forms ---------------------------------------------------------------------


def group(scope: Page | Locator, legend: str | re.Pattern) -> Locator:
    """A fieldset (radios, checkboxes, a date) by its legend."""
    return scope.get_by_role("group", name=legend)


def fill_date(scope: Page | Locator, legend: str | re.Pattern, day: str | datetime.date) -> None:
    """Type a date into the Day, Month and Year boxes of the date input with this legend."""
    day = D(day) if isinstance(day, str) else day
    fieldset = group(scope, legend)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def choose(scope: Page | Locator, legend: str | re.Pattern, option: str) -> None:
    """Check the radio (or checkbox) labelled `option` in the fieldset with this legend."""
    group(scope, legend).get_by_label(option, exact=True).check()


def press(page: Page, name: str) -> None:
    """Click a button by its accessible name."""
    page.get_by_role("button", name=name, exact=True).click()


NAVIGATION_MS = 30_000


def follow(page: Page, name: str | re.Pattern, *, exact: bool = True) -> None:
    """Follow a link (or a link styled as a button) by its accessible name, and wait until the
    page it leads to has loaded, so the next step never acts on the page left behind."""
    link = page.get_by_role("link", name=name, exact=exact).first
    href = link.get_attribute("href") or ""
    link.click()
    if href and not href.startswith("#"):
        target = href.split("#")[0].split("?")[0]
        # A page may be slow on a loaded CI machine (two workers on two CPUs): wait for it
        # longer than an assertion waits, so slowness is never mistaken for a wrong page.
        page.wait_for_url(lambda url: target in url, wait_until="load", timeout=NAVIGATION_MS)


def expect_success(page: Page, text: str) -> None:
    expect(page.locator(SUCCESS)).to_have_text(text)


def success_banner(page: Page) -> Locator:
    """The whole success banner, for a check on part of what it says."""
    return page.locator(SUCCESS_BANNER)


def expect_errors(page: Page, *messages: str) -> None:
    """The GOV.UK error summary lists these messages, and the title says there is an error."""
    summary = page.locator(ERROR_SUMMARY)
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))


def summary_value(page: Page | Locator, key: str) -> Locator:
    """The value of a GOV.UK summary list row by its key (the first such row)."""
    root = page if isinstance(page, Page) else page.page
    key_cell = root.locator(
        ".govuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$")
    )
    row = page.locator(".govuk-summary-list__row").filter(has=key_cell)
    return row.first.locator(".govuk-summary-list__value")


def clock_row(page: Page, kind_label: str) -> Locator:
    """The row of the case page's statutory clock for one kind of deadline."""
    return page.locator("#clock + .app-table-container table tbody tr").filter(
        has=page.get_by_role("rowheader", name=re.compile(re.escape(kind_label)))
    )


def expect_clock(page: Page, kind_label: str, due: str, status: str, met: str = "") -> None:
    """A deadline on the case page: its due date ("16 Feb 2026"), status tag, and met date."""
    row = clock_row(page, kind_label)
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(due)
    if met:
        expect(cells.nth(1)).to_have_text(met)
    expect(cells.nth(2).locator(".govuk-tag").first).to_have_text(status)


# --- annual reviews: the steps every review journey takes --------------------------------------

DECISION = "What has the council decided?"


def record_invitations(page: Page, *, sent: str, meeting: str) -> None:
    """On the invitations form: the meeting on `meeting`, the invitations sent on `sent`."""
    fill_date(page, "Date of the review meeting", meeting)
    fill_date(page, "Date the invitations were sent", sent)
    press(page, "Record the invitations")
    expect(success_banner(page)).to_contain_text("Invitations recorded")


def record_meeting_held(clock: Clock, officer: Person, review, meeting: str) -> Page:
    """At the end of the day of the meeting, the officer records it held."""
    clock.set(meeting, "16:00")
    page = officer.sign_in_and_open(review_url(review), "Record the meeting held")
    press(page, "Record the meeting")
    expect(success_banner(page)).to_contain_text("Meeting recorded")
    return page


def start_review_decision(
    clock: Clock, officer: Person, review, day: str, decision: str, *, inset: str = ""
) -> Page:
    """On `day`, the officer opens the decision form of `review` (which first says `inset`, when
    given) and chooses `decision`, made that day; the rest of the form is the caller's."""
    clock.set(day)
    page = officer.sign_in_and_open(review_url(review), "Record the decision")
    if inset:
        expect(page.locator(".govuk-inset-text")).to_contain_text(inset)
    choose(page, DECISION, decision)
    fill_date(page, "Date of the decision", day)
    return page


def issue_amended_plan(clock: Clock, officer: Person, review, day: str) -> Page:
    """On `day`, the officer issues the amended plan of `review`, dated that day; whether it is
    refused or issued is the caller's to check."""
    clock.set(day)
    page = officer.sign_in_and_open(review_url(review), "Issue the amended plan")
    fill_date(page, "Date the amended plan was issued", day)
    press(page, "Issue the amended plan")
    return page


# --- known bugs: check, note, carry on --------------------------------------------------------


class Soft:
    """Checks that note a failure and let the journey carry on, so one broken screen does not
    hide what the rest of the journey would find. `assert_all()` at the end fails with every
    note.

        with soft("the panel member sees a page they may open"):
            expect(...).not_to_have_text("Page not found")
    """

    def __init__(self):
        self.failures: list[str] = []

    @contextmanager
    def __call__(self, what: str):
        try:
            yield
        except AssertionError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            self.failures.append(f"{what}: {first}")

    def assert_all(self) -> None:
        assert not self.failures, "Checks that failed along the journey:\n- " + "\n- ".join(
            self.failures
        )
