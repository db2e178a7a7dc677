"""Retention: the date arithmetic, the report of records past retention (with its boundaries),
and the report page (managers only, a query count that does not grow with the rows)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from cases.deadlines import age_on
from cases.models import CaseStage
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import UserFactory
from cases.tests.trail_kit import legacy_audit_entry
from send_portal.dataprotection import retention
from send_portal.dataprotection import selectors

from .kit import D
from .kit import dp_url
from .kit import old_child
from .kit import people
from .kit import travel

# --- the date arithmetic (no database) ---------------------------------------------------------

dates = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 12, 31))


def past_by_age_on(born: datetime.date, today: datetime.date, years: int) -> bool:
    """The definition: the birthday at `years` (as `age_on` reads it) is before today."""
    yesterday = today - datetime.timedelta(days=1)
    return yesterday >= born and age_on(born, yesterday) >= years


@given(born=dates, today=dates, years=st.integers(min_value=1, max_value=40))
def test_latest_date_past_agrees_with_age_on(born, today, years):
    cutoff = retention.latest_date_past(today, years)
    assert (born <= cutoff) == past_by_age_on(born, today, years)


@given(born=dates, years=st.integers(min_value=1, max_value=40))
def test_anniversary_is_the_day_the_age_is_reached(born, years):
    day = retention.anniversary(born, years)
    assert age_on(born, day) == years
    assert age_on(born, day - datetime.timedelta(days=1)) == years - 1


def test_29_february_reaches_31_on_1_march():
    assert retention.anniversary(D("2004-02-29"), 31) == D("2035-03-01")
    assert retention.latest_date_past(D("2035-03-01"), 31) == D("2004-02-28")
    assert retention.latest_date_past(D("2035-03-02"), 31) == D("2004-03-01")


def test_retained_until_is_the_later_of_the_two_rules():
    born, closed = D("1990-05-01"), D("2019-09-01")
    assert retention.retained_until(born, closed, age=31, closed=0) == D("2021-05-01")
    assert retention.retained_until(born, closed, age=31, closed=6) == D("2025-09-01")
    assert retention.retained_until(born, None, age=31, closed=6) == D("2021-05-01")
    assert retention.retained_until(born, D("2010-01-01"), age=31, closed=6) == D("2021-05-01")


# --- the report -------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def listed(today: str) -> list:
    return list(selectors.past_retention(D(today)).values_list("pk", flat=True))


@pytestmark_db
def test_past_retention_from_the_day_after_the_31st_birthday():
    child = old_child("1995-06-15")
    assert listed("2026-06-14") == []  # the day before the 31st birthday
    assert listed("2026-06-15") == []  # the birthday itself: kept until the end of it
    assert listed("2026-06-16") == [child.pk]  # the day after


@pytestmark_db
def test_an_open_case_keeps_the_record():
    closed = old_child("1990-01-01")
    still_open = old_child("1990-01-01", stage=CaseStage.PLAN, closed_on=None)
    assert listed("2026-11-23") == [closed.pk]
    # a second, open case on the first child keeps it too
    CaseFactory(child=closed, stage=CaseStage.REVIEW)
    assert listed("2026-11-23") == []
    assert still_open.pk not in listed("2040-01-01")


@pytestmark_db
def test_a_refused_or_withdrawn_case_is_not_open():
    """ "Open" is the model's own list of open stages: a request refused or withdrawn is over."""
    refused = old_child("1990-01-01", stage=CaseStage.NOT_ASSESSING, closed_on=None)
    withdrawn = old_child("1990-01-01", stage=CaseStage.WITHDRAWN, closed_on=None)
    assert sorted(listed("2026-11-23")) == sorted([refused.pk, withdrawn.pk])


@pytestmark_db
def test_young_children_and_erased_records_are_not_listed():
    old_child("2000-01-01")  # 26 in 2026
    erased = old_child("1990-01-01")
    legacy_audit_entry(actor=None, action="child.erased", obj=erased, summary="Erased")
    assert listed("2026-11-23") == []


@pytestmark_db
def test_closed_years_rule_whichever_is_later(settings):
    settings.SEND_RETENTION_CLOSED_YEARS = 6
    child = old_child("1990-01-01", closed_on="2022-03-31")  # 31 on 1 January 2021
    assert listed("2028-03-31") == []  # 6 years after closing: still kept
    assert listed("2028-04-01") == [child.pk]
    settings.SEND_RETENTION_CLOSED_YEARS = 0
    assert listed("2026-11-23") == [child.pk]


@pytestmark_db
def test_age_years_is_a_setting(settings):
    child = old_child("2000-01-01")
    settings.SEND_RETENTION_AGE_YEARS = 25
    assert listed("2026-11-23") == [child.pk]
    settings.SEND_RETENTION_AGE_YEARS = 31
    assert listed("2026-11-23") == []


# --- the page ---------------------------------------------------------------------------------

REPORT_BUDGET = 8


def count_queries(client, url, day="2026-11-23", **params):
    with travel(day), CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytestmark_db
def test_report_page_lists_each_record_with_a_review_link(client):
    staff = people()
    child = old_child("1990-02-03", first_name="Amir", last_name="Khan", closed_on="2012-07-20")
    old_child("2001-01-01")  # not yet
    client.force_login(staff["manager"])
    _, response = count_queries(client, dp_url("retention"))
    html = response.content.decode()
    assert "1 record past retention on 23 November 2026" in html
    assert "Amir Khan" in html
    assert "3 Feb 1990" in html
    assert "20 Jul 2012" in html
    assert child.cases.get().reference in html
    assert dp_url("erase", child_id=child.pk) in html
    assert "until the young person is 31" in html
    assert "check the council's retention schedule" in html


@pytestmark_db
def test_report_query_count_does_not_grow(client):
    staff = people()
    client.force_login(staff["manager"])
    old_child("1990-01-01")
    count_queries(client, dp_url("retention"))  # the session's first request stores its time
    few, _ = count_queries(client, dp_url("retention"))
    for _ in range(60):
        child = old_child("1991-01-01")
        CaseFactory(child=child, stage=CaseStage.WITHDRAWN)
    many, response = count_queries(client, dp_url("retention"))
    assert "Showing 1 to 50 of 61 records" in response.content.decode()
    page_two, _ = count_queries(client, dp_url("retention"), page=2)
    print(f"\nretention report queries: {few} for 1 record, {many} for 61, {page_two} page 2")
    assert few == many == page_two
    assert many <= REPORT_BUDGET


@pytestmark_db
def test_report_is_for_managers_only(client):
    staff = people()
    url = dp_url("retention")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for user in (staff["officer"], staff["panel"], UserFactory(role=Role.PARENT)):
        client.force_login(user)
        assert client.get(url).status_code == 403
