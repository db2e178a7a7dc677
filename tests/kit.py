"""The shared test kit (no tests here): dates and moments in London, time travel, uploads,
signing in. People and cases in a given state come from the factories modules
(`cases.tests.factories`, `ehcp.tests.factories`); the root conftest.py turns the common ones
into fixtures (`staff`, `team`, `officer`, `manager`, `panel`, `parent`, `as_user`, ...).

Set-up goes through the services with explicit dates (never "today"), so a test only needs time
travel for the requests it makes through the views.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

LONDON = ZoneInfo("Europe/London")
D = datetime.date.fromisoformat
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
TODAY = NOW.date()  # Monday 23 November 2026: "today" for set-up that is all in the past
PASSWORD = "correct-horse-battery"  # cases.tests.factories.UserFactory's
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer<<>>\n%%EOF\n"


def at(day: str | datetime.date, hhmm: str = "10:00") -> datetime.datetime:
    """A moment in London: `at("2026-01-05", "10:00")`."""
    h, m = map(int, hhmm.split(":"))
    return datetime.datetime.combine(D(str(day)), datetime.time(h, m), tzinfo=LONDON)


def noon(day: str | datetime.date) -> datetime.datetime:
    """A moment to travel to: midday in London on `day`."""
    return at(day, "12:00")


def travel(day: str | datetime.date):
    """Stand still at noon on `day` (a context manager or decorator)."""
    return time_machine.travel(noon(day), tick=False)


def pdf(name="report.pdf", content=PDF) -> SimpleUploadedFile:
    """An uploaded PDF, as a browser sends one."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def as_user(client, user):
    """The test client signed in as `user` (no two-factor in the test settings)."""
    client.force_login(user)
    return client


def browser_sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form in a Playwright page; lands on the staff home page."""
    page.goto(base_url + reverse("login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + reverse("staff:home"))


def assert_strangers_sent_to_sign_in(client, urls) -> None:
    """Each of `urls`, fetched or posted to while signed out, redirects to the sign-in page."""
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login") + "?next="), url


def assert_refused_to_everyone_else(client, urls, data=None) -> None:
    """Each of `urls`, fetched or posted to (with `data`) by the signed-in user, answers 403."""
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data or {}).status_code == 403, url


ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def run_fresh(*args: str, env: dict, check: bool = False):
    """Run `python *args` in a fresh interpreter at the project's root, as a person would
    (e.g. `run_fresh("manage.py", "check", env=...)`, or `run_fresh("-c", script, env=...)`):
    what the suite has already imported or configured cannot leak into the answer."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


# --- deadlines: those stored against a request, a review, a move... ---------------------------


def deadline_of(obj, kind):
    """The stored deadline of `kind` that hangs off `obj`."""
    from cases.models import Deadline

    model = obj._meta.concrete_model._meta.model_name
    return Deadline.objects.get(object_id=obj.pk, content_type__model=model, kind=kind)


def dues_of(obj) -> dict:
    """{kind: (due date, met date)} of the stored deadlines that hang off `obj`."""
    from cases.models import Deadline

    model = obj._meta.concrete_model._meta.model_name
    found = Deadline.objects.filter(object_id=obj.pk, content_type__model=model)
    return {d.kind: (d.due_on, d.met_on) for d in found}


# --- letters: what the queue does once a decision commits -------------------------------------


def letters_written() -> None:
    """Every notice's letter written, as `cases.notices.tasks.write_letter` does once the
    decision commits: a test's transaction never commits, so its on-commit tasks never run."""
    from cases.notices.models import Notice
    from cases.notices.services import notice_write_letter

    waiting = Notice.objects.filter(letter__isnull=True, deliveries__isnull=False).distinct()
    for notice_id in waiting.values_list("pk", flat=True):
        notice_write_letter(notice_id=notice_id)


def words(html: str) -> str:
    """The words of a page or a letter, in one line, without its markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def letter_words(pdf_renders: list[str], title: str, to: str = "") -> str:
    """The words of the latest letter titled `title` (to `to`), as the renderer was given them
    (`pdf_renders`: the fixture), once the letters waiting are written."""
    letters_written()
    heading = f"<title>{escape(title)}: "
    return words(next(h for h in reversed(pdf_renders) if heading in h and to in h))


def emails_sent(notice, day: str | datetime.date) -> None:
    """The notice's letter written and each of its emails sent at 9:00 on `day`."""
    from cases.notices.models import Channel
    from cases.notices.services import delivery_send

    letters_written()
    for delivery in notice.deliveries.filter(channel=Channel.EMAIL):
        assert delivery_send(delivery_id=delivery.pk, now=at(day, "09:00")) == "sent"
    notice.refresh_from_db()


def letters_posted(officer, *deliveries, on, today=None) -> None:
    """The letters of `deliveries` written, and marked posted on `on` by `officer` from the
    print queue (`today`: by default `on`)."""
    from cases.notices.services import deliveries_mark_posted

    letters_written()
    posted_on = D(str(on))
    deliveries_mark_posted(
        actor=officer,
        delivery_ids=[delivery.pk for delivery in deliveries],
        posted_on=posted_on,
        today=D(str(today)) if today else posted_on,
    )
