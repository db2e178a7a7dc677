"""The disagreement screens through the test client: forms with GOV.UK errors, the steps through
the generic view, the case page's panel, query budgets, and what the family portal is given."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Deadline
from cases.tests.factories import received_request
from mediation import kinds
from mediation import selectors
from mediation.models import Disagreement
from mediation.models import DisagreementState
from tests.kit import D
from tests.kit import travel

from . import factories as f

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 16
LIST_BUDGET = 14


def url(name, d=None, **kwargs):
    case = d.case if d is not None else kwargs.pop("case")
    extra = {"disagreement_id": d.pk} if d is not None else {}
    return reverse(f"mediation:{name}", kwargs={"reference": case.reference, **extra, **kwargs})


def dated(prefix, day):
    day = D(day)
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def errors(response) -> list[str]:
    return re.findall(r'<a href="#[^"]+">([^<]+)</a>', response.content.decode())


@travel("2027-02-10")
def test_recording_a_disagreement_through_the_form(client, officer):
    case = received_request(officer).case
    client.force_login(officer)
    new = url("new", case=case)
    response = client.post(
        new, {"decision": "plan_contents", **dated("decision_letter_on", "2027-02-01")}
    )
    assert response.status_code == 200
    assert "Select the sections of the plan the family disagree with" in errors(response)
    assert not Disagreement.objects.exists()
    response = client.post(
        new,
        {
            "decision": "plan_contents",
            "sections": ["F", "I"],
            **dated("decision_letter_on", "2027-02-01"),
            "summary": "Speech therapy is not quantified.",
        },
    )
    d = Disagreement.objects.get()
    assert response.status_code == 302 and response["Location"] == selectors.disagreement_url(d)
    assert d.section_list == ["F", "I"] and d.recorded_on == D("2027-02-10")
    # 1 April 2027, a Thursday
    assert Deadline.objects.get(case=case, kind=kinds.APPEAL_DEADLINE).due_on == D("2027-04-01")
    page = client.get(response["Location"]).content.decode()
    assert "Thursday 1 April 2027" in page
    assert "Record the family&#x27;s contact with the mediation adviser" in page


@travel("2027-02-12")
def test_a_step_through_the_generic_view_with_errors_then_success(client, officer):
    d = f.record(officer, letter="2027-02-01")
    client.force_login(officer)
    step = url("advice", d)
    assert client.get(step).status_code == 200
    response = client.post(step, {**dated("adviser_contacted_on", "2027-02-08")})
    assert "Select yes if the family want mediation" in errors(response)
    response = client.post(
        step, {**dated("adviser_contacted_on", "2027-02-08"), "wants_mediation": "yes"}
    )
    assert "Enter the date the family told the council they want mediation" in errors(response)
    response = client.post(
        step,
        {
            **dated("adviser_contacted_on", "2027-02-08"),
            "wants_mediation": "yes",
            **dated("council_informed_on", "2027-02-09"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == selectors.disagreement_url(d)
    assert "Recorded: the family want mediation." in response.content.decode()
    d.refresh_from_db()
    assert d.state == DisagreementState.MEDIATION
    # the step no longer applies: its page says so and goes back
    response = client.get(step, follow=True)
    assert "already recorded" in response.content.decode()


@travel("2027-03-15")
def test_the_case_page_shows_the_disagreements_with_the_appeal_date(client, officer, panel):
    appeal = f.failed_mediation_appealed(officer)
    case = appeal.disagreement.case
    client.force_login(officer)
    page = client.get(reverse("cases:case", kwargs={"reference": case.reference}))
    html = page.content.decode()
    assert 'id="disagreements"' in html
    assert "Refusal to issue an EHC plan" in html and "17 Mar 2027" in html
    # the clock on the case page lists the stored limits like any other
    assert "Mediation certificate after mediation (3 working days)" in html
    client.force_login(panel)  # no casework: no panel, and the pages are refused
    assert client.get(url("list", case=case)).status_code == 403


def count(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@travel("2027-07-01")
def test_detail_and_list_pages_have_a_fixed_query_budget(
    client, officer, django_assert_max_num_queries
):
    appeal = f.decide(officer, f.failed_mediation_appealed(officer), decided="2027-06-14")
    d = appeal.disagreement
    client.force_login(officer)
    f.order(officer, appeal, kind="placement", made="2027-06-14")
    count(client, url("detail", d))
    few = count(client, url("detail", d))
    for kind in ("make_plan", "amend", "continue"):
        f.order(officer, appeal, kind=kind, made="2027-06-14")
    many = count(client, url("detail", d))
    assert few == many
    with django_assert_max_num_queries(DETAIL_BUDGET):
        count(client, url("detail", d))
    # Each order's steps table is a region named apart from the others (axe: landmark-unique).
    page = client.get(url("detail", d)).content.decode()
    regions = re.findall(r'role="region"\s+aria-label="(Steps of order[^"]*)"', page)
    assert len(regions) == 4 and len(set(regions)) == 4
    assert "Steps of order 1: Change the school or college named only" in regions
    case = d.case
    few = count(client, url("list", case=case))
    for _ in range(3):
        f.record(officer, case, letter="2027-02-01")
    assert count(client, url("list", case=case)) == few
    with django_assert_max_num_queries(LIST_BUDGET):
        count(client, url("list", case=case))


def test_family_disagreements_give_the_portal_its_dates(officer):
    appeal = f.failed_mediation_appealed(officer)
    case = appeal.disagreement.case
    open_one = f.record(officer, case, decision="placement", letter="2027-03-01")
    rows = selectors.family_disagreements(case)
    by_decision = {row.decision: row for row in rows}
    appealed = by_decision["Refusal to issue an EHC plan"]
    assert appealed.certificate_issued_on == D("2027-02-17")
    assert appealed.mediation_on == D("2027-02-15")
    assert appealed.appeal_registered_on == D("2027-03-10")
    assert appealed.hearing_on == D("2027-06-14")
    assert appealed.appeal_by is None  # appealed already
    placement = by_decision[open_one.get_decision_display()]
    assert placement.appeal_by == D("2027-05-04")  # 1 May is a Saturday; 3 May a bank holiday
    assert placement.open and placement.certificate_issued_on is None
