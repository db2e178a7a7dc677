"""The audit pages: a case's audit history and access log, a user's activity, the search page;
who may see them, that reading them is logged, and query counts that do not grow with the rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.audit import record_access
from cases.models import AuditEntry
from cases.models import RecordAccess
from cases.roles import Role
from cases.tests.factories import UserFactory
from cases.tests.trail_kit import legacy_audit_entry
from cases.tests.viewkit import received_request

from .kit import dp_url
from .kit import travel

pytestmark = pytest.mark.django_db

CASE_AUDIT_BUDGET = 12
USER_ACTIVITY_BUDGET = 10


@pytest.fixture
def case(staff):
    return received_request(staff["officer"]).case


def get(client, url, day="2026-11-23", **params):
    with travel(day):
        return client.get(url, params)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- who may see them --------------------------------------------------------------------------


def all_urls(case, user) -> list[str]:
    return [
        dp_url("home"),
        dp_url("case_audit", reference=case.reference),
        dp_url("user_activity", user_id=user.pk),
        dp_url("subject_access"),
        dp_url("retention"),
        dp_url("erase", child_id=case.child_id),
    ]


def test_strangers_sign_in_and_everyone_but_managers_gets_403(client, staff, case):
    urls = all_urls(case, staff["officer"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")
    others = [
        staff["officer"],
        staff["panel"],
        UserFactory(role=Role.MODERATOR),
        UserFactory(role=Role.PARENT),
        UserFactory(role=Role.PROFESSIONAL),
    ]
    for user in others:
        client.force_login(user)
        for url in urls:
            assert get(client, url).status_code == 403, (user.role, url)
    client.force_login(staff["manager"])
    for url in urls:
        assert get(client, url).status_code == 200, url
    # nothing a non-manager did was logged as an audit read
    assert (
        not RecordAccess.objects.filter(what="viewed audit history")
        .exclude(user=staff["manager"])
        .exists()
    )


def test_unknown_case_or_user_is_404(client, staff):
    client.force_login(staff["manager"])
    assert get(client, dp_url("case_audit", reference="SEN-999999")).status_code == 404
    assert get(client, dp_url("user_activity", user_id=999999)).status_code == 404


def test_audit_pages_only_read(client, staff, case):
    """No way to change or delete an entry through the app: the audit pages take GET only."""
    client.force_login(staff["manager"])
    for url in (
        dp_url("case_audit", reference=case.reference),
        dp_url("user_activity", user_id=staff["officer"].pk),
        dp_url("retention"),
    ):
        assert client.post(url, {}).status_code == 405
        assert client.delete(url).status_code == 405


def test_navigation_and_case_page_link_for_managers_only(client, staff, case):
    client.force_login(staff["manager"])
    home = get(client, "/staff/")
    assert dp_url("home") in home.content.decode()
    page = get(client, f"/staff/cases/{case.reference}/")
    assert dp_url("case_audit", reference=case.reference) in page.content.decode()
    client.force_login(staff["officer"])
    assert dp_url("home") not in get(client, "/staff/").content.decode()
    page = get(client, f"/staff/cases/{case.reference}/")
    assert page.status_code == 200
    assert "data-protection" not in page.content.decode()


# --- a case's audit history --------------------------------------------------------------------


def test_case_audit_shows_every_entry_with_its_changes_and_the_access_log(client, staff, case):
    officer, manager = staff["officer"], staff["manager"]
    legacy_audit_entry(
        actor=officer,
        action="child.updated",
        case=case,
        summary="Changed the postcode",
        changes={"postcode": ["AB1 2CD", "DC1 2AB"], "upn": [None, "A123456789012"]},
    )
    legacy_audit_entry(
        actor=None, action="reminder.sent", case=case, summary="Reminder sent to Sam"
    )
    record_access(user=officer, case=case, what="downloaded document GP letter")
    client.force_login(manager)
    response = get(client, dp_url("case_audit", reference=case.reference))
    assert response.status_code == 200
    page = text(response)
    assert "Audit history" in page
    # newest first: the reminder, the change, then the request
    assert page.index("Reminder sent to Sam") < page.index("Changed the postcode")
    assert page.index("Changed the postcode") < page.index("Request for assessment received")
    assert "System (nightly jobs)" in page
    assert "<code>child.updated</code>" in page
    # the old and new values as a small table
    assert re.search(r"Postcode</th> <td[^>]*>AB1 2CD</td> <td[^>]*>DC1 2AB</td>", page)
    assert re.search(r"Upn</th> <td[^>]*>\(empty\)</td> <td[^>]*>A123456789012</td>", page)
    # the access log, the page's own view included
    assert "downloaded document GP letter" in page
    assert "viewed audit history" in page
    assert (
        RecordAccess.objects.filter(case=case, user=manager, what="viewed audit history").count()
        == 1
    )


def test_case_audit_filter_by_actor(client, staff, case):
    officer, manager = staff["officer"], staff["manager"]
    other = UserFactory(role=Role.CASE_OFFICER, full_name="Alex Other")
    legacy_audit_entry(actor=other, action="note", case=case, summary="By Alex")
    legacy_audit_entry(actor=None, action="reminder.sent", case=case, summary="By the system")
    record_access(user=other, case=case, what="viewed case page")
    record_access(user=officer, case=case, what="viewed EHC plan")
    client.force_login(manager)
    url = dp_url("case_audit", reference=case.reference)

    page = text(get(client, url))
    assert "Alex Other (" in page and f"{officer.full_name} (" in page  # the filter's options

    page = text(get(client, url, actor=str(other.pk)))
    assert "By Alex" in page
    assert "By the system" not in page and "Request for assessment received" not in page
    assert "viewed case page" in page and "viewed EHC plan" not in page
    assert "Clear filter" in page

    page = text(get(client, url, actor="system"))
    assert "By the system" in page and "By Alex" not in page
    assert "viewed case page" not in page

    assert get(client, url, actor="not-a-choice").status_code == 200  # ignored, not an error


def test_case_audit_is_paginated_newest_first(client, staff, case):
    for i in range(30):
        legacy_audit_entry(
            actor=None, action="reminder.sent", case=case, summary=f"Reminder number {i}"
        )
    for i in range(30):
        record_access(user=staff["officer"], case=case, what=f"viewed page {i}")
    client.force_login(staff["manager"])
    url = dp_url("case_audit", reference=case.reference)
    first = text(get(client, url))
    assert "Showing 1 to 25 of 32 entries." in first  # 30 + case opened + request received
    assert "Reminder number 29" in first and "Reminder number 4 " not in first
    second = text(get(client, url, page="2"))
    assert "Showing 26 to 32 of 32 entries." in second
    assert "Reminder number 0" in second
    # the access log pages on its own, keeping the other list's page
    assert "Showing 1 to 25 of 31 accesses." in first
    both = text(get(client, url, page="2", access_page="2"))
    assert "Showing 26 to 32 of 32 entries." in both
    assert "viewed page 0" in both
    assert "?page=2&amp;access_page=1" in both


def count_queries(client, url, **params) -> int:
    with travel("2026-11-23"), CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_case_audit_query_count_does_not_grow(client, staff, case):
    client.force_login(staff["manager"])
    url = dp_url("case_audit", reference=case.reference)
    count_queries(client, url)  # the session's first request also stores when it was last used
    few = count_queries(client, url)
    for i in range(40):
        user = UserFactory(role=Role.CASE_OFFICER)
        legacy_audit_entry(
            actor=user, action="note", case=case, summary=f"Note {i}", changes={"x": [i, i + 1]}
        )
        record_access(user=user, case=case, what="viewed case page")
    many = count_queries(client, url)
    filtered = count_queries(client, url, actor=str(staff["officer"].pk), page="2")
    print(
        f"\ncase audit queries: {few} few, {many} with 40 more entries and people, {filtered} filtered"
    )
    assert few == many
    assert max(many, filtered) <= CASE_AUDIT_BUDGET


# --- a user's activity -------------------------------------------------------------------------


def test_user_activity_across_cases_with_case_links(client, staff, case):
    officer = staff["officer"]
    other_case = received_request(officer, arrived="2026-01-06").case
    record_access(user=officer, case=case, what="viewed case page")
    record_access(user=officer, case=other_case, what="viewed EHC plan")
    client.force_login(staff["manager"])
    response = get(client, dp_url("user_activity", user_id=officer.pk))
    page = text(response)
    assert f"Activity of {officer.full_name}" in page
    for c in (case, other_case):
        assert f'href="/staff/cases/{c.reference}/"' in page
    assert "Opened case" in page  # their audit entries
    assert "viewed EHC plan" in page and "viewed case page" in page
    # reading someone's activity is itself audited
    entry = AuditEntry.objects.get(action="audit.user_activity_viewed")
    assert entry.actor == staff["manager"] and entry.object_id == officer.pk


def test_user_activity_query_count_does_not_grow(client, staff, case):
    officer = staff["officer"]
    client.force_login(staff["manager"])
    url = dp_url("user_activity", user_id=officer.pk)
    record_access(user=officer, case=case, what="viewed case page")
    count_queries(client, url)  # the session's first request also stores when it was last used
    few = count_queries(client, url)
    for i in range(40):
        other = received_request(officer, arrived="2026-01-07").case if i % 10 == 0 else case
        record_access(user=officer, case=other, what="viewed case page")
        legacy_audit_entry(actor=officer, action="note", case=other, summary=f"Note {i}")
    many = count_queries(client, url, page="2", access_page="2")
    print(f"\nuser activity queries: {few} few, {many} with 40 more")
    assert few == many
    assert many <= USER_ACTIVITY_BUDGET


# --- the search page ---------------------------------------------------------------------------


def test_search_by_case_reference_goes_to_its_audit_history(client, staff, case):
    client.force_login(staff["manager"])
    response = get(client, dp_url("home"), reference=f" {case.reference.lower()} ")
    assert response.status_code == 302
    assert response["Location"] == dp_url("case_audit", reference=case.reference)
    page = text(get(client, dp_url("home"), reference="SEN-999999"))
    assert "No case has that reference" in page
    assert "<title>Error: Data protection" in page


def test_search_people_by_email_or_name(client, staff):
    client.force_login(staff["manager"])
    parent = UserFactory(role=Role.PARENT, email="rachel.okafor@example.net", full_name="Rachel O")
    page = text(get(client, dp_url("home"), person="OKAFOR@example"))
    assert "rachel.okafor@example.net" in page
    assert dp_url("user_activity", user_id=parent.pk) in page
    assert "Parent or carer" in page
    page = text(get(client, dp_url("home"), person=staff["officer"].full_name))
    assert staff["officer"].email in page
    page = text(get(client, dp_url("home"), person="nobody-like-this"))
    assert "Nobody's email address or name matches." in page


SEARCH_BUDGET = 5


def test_search_page_query_count_does_not_grow(client, staff):
    client.force_login(staff["manager"])
    url = dp_url("home")
    UserFactory(role=Role.PARENT, email="match-0@example.net")
    count_queries(client, url)  # the session's first request also stores when it was last used
    few = count_queries(client, url, person="match-")
    for i in range(1, 30):
        UserFactory(role=Role.CASE_OFFICER, email=f"match-{i}@example.net")
    many = count_queries(client, url, person="match-")
    print(f"\nsearch page queries: {few} for 1 person found, {many} for 30")
    assert few == many
    assert many <= SEARCH_BUDGET
