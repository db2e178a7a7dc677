"""The caseload list and the panel agenda through the views: columns, filters, pages, tags."""

import pytest
import time_machine
from django.urls import reverse

from cases.deadline_kinds import DUE_SOON_WORKING_DAYS
from cases.deadline_kinds import deadline_kinds
from cases.deadlines import add_working_days
from cases.models import CaseStage
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import add_deadline
from cases.tests.viewkit import D
from cases.tests.viewkit import noon
from cases.tests.viewkit import received_request

pytestmark = pytest.mark.django_db
CASELOAD = "/staff/cases/"


def test_the_urls():
    assert reverse("cases:caseload") == CASELOAD
    assert reverse("cases:request_new") == "/staff/cases/new-request/"
    assert reverse("panel:agenda") == "/staff/panel/"
    assert reverse("cases:case", kwargs={"reference": "SEN-000001"}) == "/staff/cases/SEN-000001/"


def test_caseload_shows_each_case_with_its_next_deadline(client, staff):
    child = ChildFactory(first_name="Ava", last_name="Stone", date_of_birth=D("2015-07-01"))
    case = CaseFactory(
        team=staff["team"], officer=staff["officer"], child=child, stage=CaseStage.ASSESSMENT
    )
    add_deadline(case, D("2026-02-27"))
    unallocated = CaseFactory(team=staff["team"])
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-03-02"), tick=False):
        page = client.get(CASELOAD).content.decode()
    shown = case.reference.replace("-", "&#8209;")  # no line break inside a reference
    assert f'href="/staff/cases/{case.reference}/">{shown}</a>' in page
    assert "Ava Stone" in page and "1 Jul 2015" in page and "Assessment" in page
    assert "Sam Patel" in page
    assert "Decide whether to assess (6 weeks)" in page and "27 Feb 2026" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert unallocated.reference in page and "Not allocated" in page and "None open" in page
    assert "2 cases." in page
    assert 'href="/staff/cases/new-request/"' in page


def test_a_row_keeps_its_deadline_label_as_written_and_judges_it_by_its_own_kind(client, staff):
    """A deadline's own label (an adviser's or a school's name) shows as written, escaped; "due
    soon" follows the kind's own rule, as the filter does (`cases.deadline_kinds`)."""
    named = CaseFactory(team=staff["team"])
    add_deadline(named, D("2026-04-01"), label="Advice from Dr O'Neil <EP>")
    quick = min(deadline_kinds(), key=lambda kind: kind.due_soon_working_days)
    assert quick.due_soon_working_days < DUE_SOON_WORKING_DAYS  # a kind with its own rule
    judged = CaseFactory(team=staff["team"])
    # one working day beyond the kind's own warning, within the default one
    due_on = add_working_days(D("2026-03-02"), quick.due_soon_working_days + 1)
    add_deadline(judged, due_on, kind=quick.code)
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-03-02"), tick=False):
        page = client.get(CASELOAD).content.decode()
    assert "Advice from Dr O&#x27;Neil &lt;EP&gt;<br>1 Apr 2026" in page
    row = page.split(judged.reference.replace("-", "&#8209;"))[1].split("</tr>")[0]
    assert f"{quick.label}<br>" in row
    assert '<strong class="govuk-tag">On track</strong>' in row


@pytest.mark.parametrize(
    ("due_on", "tag"),
    [
        ("2026-03-09", '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>'),
        ("2026-03-10", '<strong class="govuk-tag">On track</strong>'),
    ],
)
def test_status_tags(client, staff, due_on, tag):
    add_deadline(CaseFactory(team=staff["team"]), D(due_on))
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-03-02"), tick=False):
        assert tag in client.get(CASELOAD).content.decode()


def test_filters_through_the_query_string(client, staff):
    overdue = CaseFactory(team=staff["team"], officer=staff["officer"])
    add_deadline(overdue, D("2026-02-27"))
    later = CaseFactory(team=staff["team"], child=ChildFactory(last_name="Zephyr"))
    add_deadline(later, D("2026-05-01"))
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-03-02"), tick=False):
        page = client.get(CASELOAD, {"due": "overdue"}).content.decode()
        assert overdue.reference in page and later.reference not in page
        assert "Clear filters" in page
        page = client.get(CASELOAD, {"q": "zephyr"}).content.decode()
        assert later.reference in page and overdue.reference not in page
        # A reference copied from the page (non-breaking hyphen) finds the case.
        page = client.get(CASELOAD, {"q": later.reference.replace("-", "\u2011")}).content.decode()
        assert later.reference in page and overdue.reference not in page
        page = client.get(CASELOAD, {"officer": str(staff["officer"].pk)}).content.decode()
        assert overdue.reference in page and later.reference not in page
        # A value that is not offered is ignored, not an error.
        response = client.get(CASELOAD, {"stage": "nonsense", "officer": "999999"})
        assert response.status_code == 200


def test_caseload_is_paginated_25_a_page_keeping_the_filters(client, staff):
    for n in range(30):
        case = CaseFactory(team=staff["team"], reference=f"SEN-1{n:05d}")
        add_deadline(case, D("2026-04-01"))
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-03-02"), tick=False):
        first = client.get(CASELOAD, {"stage": "request"})
        second = client.get(CASELOAD, {"stage": "request", "page": "2"})
        beyond = client.get(CASELOAD, {"stage": "request", "page": "99"})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert beyond.context["page"].number == 2
    page = first.content.decode()
    assert "Showing 1 to 25 of 30 cases." in page
    assert 'class="govuk-pagination"' in page
    assert 'href="?stage=request&amp;page=2"' in page and 'rel="next"' in page
    assert 'aria-current="page"' in page
    # Ordered by next deadline, then reference.
    refs = [c.reference for c in first.context["page"].object_list]
    assert refs == sorted(refs)


def test_panel_agenda_page(client, staff):
    request = received_request(staff["officer"], arrived="2026-01-05")
    client.force_login(staff["panel"])
    with time_machine.travel(noon("2026-02-12"), tick=False):
        page = client.get("/staff/panel/").content.decode()
    assert request.case.child.full_name in page
    assert f'href="/staff/cases/{request.case.reference}/"' in page
    assert "16 Feb 2026" in page
    assert '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>' in page
    assert "0 received, 0 outstanding" in page
    assert "No assessments are waiting for a decision whether to issue a plan." in page


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.PANEL_MEMBER])
def test_the_caseload_is_refused_to_staff_without_casework(client, role):
    """Moderators do no casework; panel members work from the panel agenda."""
    client.force_login(UserFactory(role=role))
    response = client.get(CASELOAD)
    assert response.status_code == 403
    assert "The caseload is for SEN case officers and managers." in response.content.decode()
