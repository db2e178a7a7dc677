"""A family's disagreement in the portal: the appeal-by date the clock gave, stored as the
case's deadline, and the family's mediation dates, in plain English; only to that family; at
a fixed number of queries however many disagreements the case has."""

import pytest
from django.urls import reverse

from cases.deadline_kinds import deadline_kinds
from cases.deadline_kinds import family_wording
from cases.tests.factories import received_request
from mediation.tests import factories as f
from tests.kit import travel

from .kit import link_parent

pytestmark = pytest.mark.django_db

APPEAL_BY = "If you want to appeal to the SEND Tribunal, your appeal must reach it by {}."
CONTACT_BY = (
    "If you want to appeal to the SEND Tribunal, you must first contact the mediation "
    "adviser, by {}."
)


def test_the_family_see_the_appeal_date_and_it_moves_with_the_certificate(client, officer):
    case = received_request(officer).case
    parent = link_parent(officer, case)
    other_case = received_request(officer).case
    other_parent = link_parent(officer, other_case)
    # A refusal to issue a plan, letter Monday 4 January 2027: contact the adviser by 4 March,
    # appeal by 4 March (2 months).
    d = f.record(officer, case, decision="refuse_plan", letter="2027-01-04")
    page_url = reverse("portal:case", args=[case.reference])
    with travel("2027-01-11"):
        client.force_login(parent)
        page = client.get(page_url).content.decode()
    assert APPEAL_BY.format("4 March 2027") in page
    assert CONTACT_BY.format("4 March 2027") in page
    assert "Disagreements and appeals" in page
    assert "Thursday 4 March 2027" in page  # the disagreement's own "Last day to appeal"
    assert "To appeal, contact the mediation adviser first" in page
    # the family's own window is not called a council target
    assert "own target" not in page.split(APPEAL_BY.format("4 March 2027"))[1].split("</dd>")[0]

    # Mediation held and not agreed on 15 February, certificate 17 February: a month after it,
    # Wednesday 17 March 2027, is later, and the stored date moves with it.
    f.advice(officer, d, contacted="2027-01-20", wants=True, informed="2027-01-21")
    f.arrange(officer, d, arranged="2027-01-25", meeting="2027-02-15")
    f.hold(officer, d, held="2027-02-15")
    f.certificate(officer, d, issued="2027-02-17")
    with travel("2027-02-18"):
        client.force_login(parent)
        page = client.get(page_url).content.decode()
    assert APPEAL_BY.format("17 March 2027") in page
    assert "Wednesday 17 March 2027" in page
    assert "4 March 2027" not in page
    assert "You can appeal to the SEND Tribunal" in page
    assert "The mediation certificate was issued on 17 February 2027." in page  # history

    # Another family sees neither the case nor the date.
    with travel("2027-02-18"):
        client.force_login(other_parent)
        assert client.get(page_url).status_code == 404
        own = client.get(reverse("portal:case", args=[other_case.reference])).content.decode()
        home = client.get(reverse("portal:home")).content.decode()
    for text in (own, home):
        assert "17 March 2027" not in text and "Disagreements and appeals" not in text

    # Once the appeal is registered the last day no longer shows; the hearing does.
    f.register_appeal(officer, d, registered="2027-03-10", hearing="2027-06-14")
    with travel("2027-03-11"):
        client.force_login(parent)
        page = client.get(page_url).content.decode()
    assert APPEAL_BY.format("17 March 2027") not in page
    assert "Monday 14 June 2027" in page
    assert "The SEND Tribunal registered the appeal on 10 March 2027." in page


def test_the_case_page_costs_the_same_queries_with_one_or_three_disagreements(
    client, officer, django_assert_max_num_queries
):
    case = received_request(officer).case
    parent = link_parent(officer, case)
    page_url = reverse("portal:case", args=[case.reference])
    f.record(officer, case, decision="refuse_assess", letter="2027-02-01")
    with travel("2027-02-10"):
        client.force_login(parent)
        with django_assert_max_num_queries(15):
            assert client.get(page_url).status_code == 200
    f.failed_mediation_appealed(officer, case)
    f.record(officer, case, decision="placement", letter="2027-02-01")
    with travel("2027-03-11"):
        client.force_login(parent)
        with django_assert_max_num_queries(15):
            page = client.get(page_url).content.decode()
    assert page.count('class="govuk-summary-card__title"') == 3


def test_every_date_the_family_are_shown_has_its_wording_registered_with_its_kind():
    codes = {kind.code for kind in deadline_kinds()}
    for code in (
        "appeal_deadline",
        "mediation_contact",
        "mediation_certificate",
        "order_final_plan",
    ):
        assert code in codes and family_wording(code) is not None
    # the council's own business is not shown to the family
    assert family_wording("advice") is None
    assert family_wording("consultation_response") is None
