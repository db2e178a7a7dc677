"""'My work': the officer's open deadlines due this week and overdue, advice not yet back,
families' windows closing soon and reviews to hold, in one list sorted by due date, each linked
to where the officer acts; a manager sees anyone's; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from cases.models import CaseStage
from cases.models import RecordAccess
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people
from send_portal.desk.selectors import ADVICE
from send_portal.desk.selectors import FAMILY_WINDOW
from send_portal.desk.selectors import OVERDUE
from send_portal.desk.selectors import REVIEW
from send_portal.desk.selectors import THIS_WEEK
from send_portal.desk.selectors import week_ends
from send_portal.desk.selectors import work_for
from send_portal.desk.tests.kit import deadline
from tests.kit import D
from tests.kit import travel

pytestmark = pytest.mark.django_db

TODAY = D("2026-11-25")  # a Wednesday: this week ends on Sunday 29 November
URL = "/staff/my-work/"


@pytest.fixture
def desk(staff):
    officer, team = staff["officer"], staff["team"]
    mine = CaseFactory(team=team, officer=officer, reference="SEN-A")
    later = CaseFactory(team=team, officer=officer, reference="SEN-B", stage=CaseStage.PLAN)
    theirs = CaseFactory(
        team=team, officer=UserFactory(role=Role.CASE_OFFICER, team=team), reference="SEN-C"
    )
    closed = CaseFactory(team=team, officer=officer, reference="SEN-D", stage=CaseStage.CEASED)
    shown = {
        "overdue": deadline(mine, "decide_to_assess", "2026-11-20"),
        "this week": deadline(mine, "final_plan", "2026-11-29"),
        "advice": deadline(mine, "advice", "2026-12-10"),
        "family": deadline(mine, "draft_response", "2026-11-30"),
        "review": deadline(later, "annual_review", "2026-12-04"),
    }
    hidden = [
        deadline(mine, "decide_to_issue", "2026-12-10"),  # not this week
        deadline(later, "annual_review", "2027-01-20"),  # not coming up yet
        deadline(mine, "draft_plan_target", "2026-11-10", met_on=D("2026-11-09")),
        deadline(mine, "review_report", "2026-11-10", cancelled=True),
        deadline(theirs, "final_plan", "2026-11-21"),  # another officer's
        deadline(closed, "final_plan", "2026-11-21"),  # a closed case
    ]
    return {**staff, "shown": shown, "hidden": hidden, "theirs": theirs}


def test_the_week_ends_on_sunday():
    assert week_ends(D("2026-11-23")) == D("2026-11-29")
    assert week_ends(D("2026-11-29")) == D("2026-11-29")


def test_the_list_holds_each_kind_of_work_overdue_first_then_by_due_date(desk):
    items = work_for(today=TODAY, officer_ids=[desk["officer"].pk], cases=Case.objects.all())
    shown = desk["shown"]
    assert [(i.deadline, i.reason) for i in items] == [
        (shown["overdue"], OVERDUE),
        (shown["this week"], THIS_WEEK),
        (shown["family"], FAMILY_WINDOW),
        (shown["review"], REVIEW),
        (shown["advice"], ADVICE),
    ]


def test_each_item_links_to_where_the_officer_acts(desk):
    items = {
        i.deadline.kind: i.action_url
        for i in work_for(today=TODAY, officer_ids=[desk["officer"].pk], cases=Case.objects.all())
    }
    review = desk["shown"]["review"]
    # ehcp registers its review kinds' page; the request's own go to the case's clock.
    assert items["annual_review"] == f"/staff/reviews/{review.object_id}/"
    assert items["final_plan"] == "/staff/cases/SEN-A/#clock"


def test_the_officer_sees_their_own_work_and_cannot_ask_for_anothers(client, desk):
    client.force_login(desk["officer"])
    with travel(TODAY):
        page = client.get(URL, {"officer": desk["theirs"].officer_id}).content.decode()
    assert "5 things to do, 1 overdue." in page
    assert 'href="/staff/cases/SEN-A/#clock"' in page
    assert "SEN‑C" not in page and "SEN-C" not in page
    assert RecordAccess.objects.filter(what="listed in my work").count() == 2  # SEN-A, SEN-B


def test_a_manager_chooses_an_officer_or_a_team(client, desk):
    client.force_login(desk["manager"])
    with travel(TODAY):
        theirs = client.get(URL, {"officer": desk["theirs"].officer_id}).content.decode()
        team = client.get(URL, {"team": desk["team"].pk}).content.decode()
        south = people("South locality")
        other = client.get(URL, {"team": south["team"].pk}).content.decode()
    assert "1 thing to do, 1 overdue." in theirs and desk["theirs"].officer.full_name in theirs
    assert "6 things to do, 2 overdue." in team  # both officers of the team
    assert "0 things to do." in other


def test_the_page_costs_the_same_queries_with_many_rows(client, desk):
    client.force_login(desk["manager"])
    with travel(TODAY), CaptureQueriesContext(connection) as few:
        client.get(URL, {"team": desk["team"].pk})
    for _ in range(40):
        case = CaseFactory(
            team=desk["team"], officer=UserFactory(role=Role.CASE_OFFICER, team=desk["team"])
        )
        deadline(case, "final_plan", "2026-11-20")
        deadline(case, "annual_review", "2026-12-01")
    with travel(TODAY), CaptureQueriesContext(connection) as many:
        page = client.get(URL, {"team": desk["team"].pk}).content.decode()
    assert "86 things to do, 42 overdue." in page
    assert "Showing 1 to 50." in page and "page=2" in page  # 50 a page
    assert len(many) == len(few)
    # the list is counted once, with its overdue, and the pages take that count
    counted = [q["sql"] for q in many.captured_queries if "COUNT(" in q["sql"]]
    assert len(counted) == 1 and '"overdue"' in counted[0]


def test_panel_members_families_and_strangers_are_refused(client, desk):
    for role in (Role.PANEL_MEMBER, Role.PARENT, Role.MODERATOR):
        client.force_login(UserFactory(role=role))
        assert client.get(URL).status_code in (403, 302), role
    client.logout()
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_the_officer_lands_on_their_work_and_the_manager_on_the_pipeline(client, desk):
    client.force_login(desk["officer"])
    with travel(TODAY):
        home = client.get("/staff/").content.decode()
    assert 'href="/staff/my-work/"' in home and "5 things to do</a>, 1 overdue." in home
    client.force_login(desk["manager"])
    home = client.get("/staff/").content.decode()
    assert 'href="/staff/manager/">Pipeline and caseloads</a>' in home
