"""An officer changes an existing child's sex and ethnicity from the case (through the service,
audited, old and new values), so the child reaches the SEN2 return; bad input is an error and
changes nothing; a stranger is refused."""

import pytest

from cases.models import AuditEntry
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people
from tests.kit import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(staff):
    child = ChildFactory(first_name="Maya", sex="U", ethnicity="", date_of_birth=D("2016-03-14"))
    return CaseFactory(team=staff["team"], officer=staff["officer"], child=child)


def url(case):
    return f"/staff/cases/{case.reference}/child-details/"


def test_the_officer_changes_sex_and_ethnicity_and_it_is_audited(client, staff, case):
    client.force_login(staff["officer"])
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert f'href="{url(case)}"' in page and "Not recorded yet" in page
    form = client.get(url(case))
    assert form.status_code == 200 and "Change the child" in form.content.decode()
    response = client.post(url(case), {"sex": "F", "ethnicity": "WBRI"})
    assert response.status_code == 302
    case.child.refresh_from_db()
    assert (case.child.sex, case.child.ethnicity) == ("F", "WBRI")
    entry = AuditEntry.objects.get(action="child.details_changed")
    assert entry.changes == {"sex": ["U", "F"], "ethnicity": ["", "WBRI"]}
    assert entry.actor == staff["officer"] and entry.case == case
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "White - British" in page


def test_nothing_changed_writes_no_audit(client, staff, case):
    client.force_login(staff["officer"])
    assert client.post(url(case), {"sex": "U", "ethnicity": ""}).status_code == 302
    assert not AuditEntry.objects.filter(action="child.details_changed").exists()


def test_an_unknown_choice_is_an_error_and_nothing_is_saved(client, staff, case):
    client.force_login(staff["officer"])
    response = client.post(url(case), {"sex": "X", "ethnicity": "NOPE"})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "Select the child&#x27;s sex" in html or "Select the child's sex" in html
    case.child.refresh_from_db()
    assert (case.child.sex, case.child.ethnicity) == ("U", "")


def test_the_sen2_return_carries_the_changed_details(client, staff, case):
    from send_portal.returns.sen2_casework import _person
    from send_portal.returns.sen2_casework import period_for

    client.force_login(staff["officer"])
    client.post(url(case), {"sex": "M", "ethnicity": "WIRI"})
    case.child.refresh_from_db()
    from send_portal.returns.sen2_casework import _Held

    held = _Held(*({} for _ in range(10)), placements={})
    person = _person(case.child, held, period_for(D("2027-01-21")))
    assert (person.sex, person.ethnicity) == ("M", "WIRI")


def test_another_team_a_parent_and_a_stranger_are_refused(client, case):
    others = people("South locality")
    for user in (others["officer"], UserFactory(role=Role.PARENT)):
        client.force_login(user)
        assert client.get(url(case)).status_code in (403, 404)
        assert client.post(url(case), {"sex": "F", "ethnicity": "WBRI"}).status_code in (403, 404)
    case.child.refresh_from_db()
    assert case.child.sex == "U"
    client.logout()
    assert client.get(url(case)).status_code == 302
