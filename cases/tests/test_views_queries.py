"""Query budgets: the caseload and the case page cost the same number of queries with a few rows
as with many (no N+1 over cases, deadlines, advice, documents or audit entries)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from cases import services
from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import Notice
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import advice_received
from cases.tests.factories import record_exception
from cases.tests.factories import send_advice
from cases.tests.trail_kit import legacy_audit_entry
from cases.tests.viewkit import D
from cases.tests.viewkit import agreed_request
from cases.tests.viewkit import noon
from cases.tests.viewkit import pdf
from cases.tests.viewkit import received_request

pytestmark = pytest.mark.django_db

CASELOAD_BUDGET = 8
# A new case: the session; the user; the case, with whether it holds any rows of each list the
# page may show, and in its row (`selectors.case_page_reads`) its family, deadlines, requests
# (each with its advice and panel decisions in its own row) and the latest of its timeline;
# and the access record. The panels' lists (the plans, ...) come in the case's row too.
CASE_PAGE_BUDGET = 4
# Each list a case holds costs one query more, however long: documents, exceptions, and its
# letters (the notices, each with its deliveries in its row). A request's panel decisions and
# advice come in the request's own row (`cases.nested_rows`): no query of their own.
LISTS = {"panel decisions": 0, "advice": 0, "documents": 1, "exceptions": 1, "letters": 1}
# The budget for the case page, with every list the case file holds.
CASE_PAGE_MOST = 12


def count_queries(client, url, **params) -> int:
    with (
        time_machine.travel(noon("2026-03-02"), tick=False),
        CaptureQueriesContext(connection) as ctx,
    ):
        response = client.get(url, params)

    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload_query_count_does_not_grow_with_cases(
    client, staff, django_assert_max_num_queries
):
    officer = staff["officer"]
    for day in (5, 6):
        received_request(officer, arrived=f"2026-01-{day:02d}")
    client.force_login(officer)
    url = reverse("cases:caseload")
    few = count_queries(client, url)

    for n in range(40):
        received_request(officer, arrived=f"2026-02-{(n % 20) + 2:02d}")
    assert Deadline.objects.count() == 42 * 4
    many = count_queries(client, url)
    filtered = count_queries(client, url, due="week", q="a", stage="request", page="2")
    print(f"\ncaseload queries: {few} with 2 cases, {many} with 42 cases, {filtered} filtered")
    assert few == many
    with django_assert_max_num_queries(CASELOAD_BUDGET):
        count_queries(client, url)


def build_busy_case(staff, n=40):
    """A case with n advice requests (each with a deadline), n documents and n more audit entries."""
    officer, panel = staff["officer"], staff["panel"]
    child = ChildFactory()
    for _ in range(3):
        FamilyMemberFactory(child=child, is_main_contact=False)
    request = agreed_request(officer, panel, child=child)
    for i in range(n):
        advice = send_advice(
            officer,
            request,
            kind="other",
            addressee_name=f"Adviser {i}",
            requested_on="2026-02-10",
            today=D("2026-02-10"),
        )
        if i % 2:
            upload = pdf(f"advice-{i}.pdf")
            advice_received(officer, advice, on="2026-02-20", upload=upload, today=D("2026-02-20"))
        services.document_upload(
            actor=officer,
            case=request.case,
            upload=pdf(f"doc-{i}.pdf"),
            kind="other",
            title=f"Doc {i}",
        )
        legacy_audit_entry(
            actor=None, action="reminder.sent", summary=f"Reminder {i}", case=request.case
        )
        if i < 5:
            reason = f"Reason {i}"
            record_exception(
                officer, request, starts_on="2026-02-11", reason=reason, today=D("2026-02-20")
            )
    return request.case


def test_case_page_query_count_does_not_grow_with_its_records(
    client, staff, django_assert_max_num_queries
):
    small = received_request(staff["officer"]).case
    client.force_login(staff["manager"])  # a manager: both casework and panel rights
    small_url = reverse("cases:case", kwargs={"reference": small.reference})
    # Once first, so that a process-wide cache (content types) filled by whichever page a test
    # worker happened to show before is filled here too: the count does not depend on test order.
    count_queries(client, small_url)
    few = count_queries(client, small_url)

    quiet = build_busy_case(staff, n=2)
    busy = build_busy_case(staff)
    assert Deadline.objects.filter(case=busy).count() >= 44
    assert AuditEntry.objects.filter(case=busy).count() > 100
    url = reverse("cases:case", kwargs={"reference": busy.reference})
    some = count_queries(client, reverse("cases:case", kwargs={"reference": quiet.reference}))
    many = count_queries(client, url)
    print(f"\ncase page queries: {few} for a new case, {some} for a case with 2 advice requests, ")
    print(f"{many} for a case with 40")
    # The same whatever the number of rows: a list the case holds costs one query (two for
    # letters), and a list it does not hold costs none (the new case has no letters).
    assert Notice.objects.filter(case=busy).exists()
    assert not Notice.objects.filter(case=small).exists()
    assert few == CASE_PAGE_BUDGET
    assert many == some == few + sum(LISTS.values()) <= CASE_PAGE_MOST
    with django_assert_max_num_queries(CASE_PAGE_MOST):
        count_queries(client, url)

    with time_machine.travel(noon("2026-03-02"), tick=False):
        page = client.get(url).content.decode()
    assert page.count('<time datetime="') == 20  # the latest 20 audit entries
    assert "Showing the latest 20 events." in page
    history = reverse("cases:case_history", kwargs={"reference": busy.reference})
    assert f'href="{history}"' in page
    assert "Reminder 39" in page
    assert "by System" in page
    assert page.count("/documents/") >= 60  # 40 uploads and 20 advice reports


# The session, the user, the case, the access record, the count and the page's keys, its rows.
HISTORY_BUDGET = 7


def test_the_case_history_shows_every_entry_a_page_at_a_time_in_the_same_queries(
    client, staff, django_assert_num_queries
):
    quiet, busy = build_busy_case(staff, n=2), build_busy_case(staff)
    client.force_login(staff["officer"])
    entries = list(AuditEntry.objects.filter(case=busy).order_by("-at", "-id"))
    pages = -(-len(entries) // 50)
    assert pages >= 3

    shown = []
    for case, number in [(quiet, 1), *((busy, n) for n in range(1, pages + 1))]:
        url = reverse("cases:case_history", kwargs={"reference": case.reference})
        with django_assert_num_queries(HISTORY_BUDGET):
            response = client.get(url, {"page": number})
        text = response.content.decode()
        if case == busy:
            shown.append(text.count('<time datetime="'))
    assert shown == [50] * (pages - 1) + [len(entries) - 50 * (pages - 1)]
    assert escape(entries[0].text) in client.get(url, {"page": 1}).content.decode()
    last = client.get(url, {"page": pages}).content.decode()
    assert escape(entries[-1].text) in last  # the first thing that happened, on the last page
    assert f"of {len(entries)} events" in last


def test_the_case_history_is_refused_to_a_stranger_and_another_team(client, staff):
    from cases.models import RecordAccess
    from cases.tests.factories import TeamFactory
    from cases.tests.factories import UserFactory

    case = received_request(staff["officer"]).case
    url = reverse("cases:case_history", kwargs={"reference": case.reference})
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory(role="case_officer", team=TeamFactory()))
    assert client.get(url).status_code == 404
    client.force_login(staff["officer"])
    assert client.get(url).status_code == 200
    assert RecordAccess.objects.filter(
        case=case, user=staff["officer"], what="viewed case history"
    ).exists()
