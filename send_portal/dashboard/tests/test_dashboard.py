"""The manager's pipeline and caseloads: on known data, every figure has its expected value and
equals the length of the list it opens; filters by team and by the dates cases were opened; a
constant number of queries; managers only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseStage
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people
from cases.tests.viewkit import date_data
from ehcp.tests import test_review_views_kit as review_kit
from send_portal.desk.tests.kit import deadline
from tests.kit import D
from tests.kit import travel

pytestmark = pytest.mark.django_db

TODAY = D("2026-11-25")  # a Wednesday; week 1 is 25 Nov to 1 Dec, week 4 is 16 to 22 Dec
HOME = "/staff/manager/"


@pytest.fixture
def world(staff):
    north, a = staff["team"], staff["officer"]
    b = UserFactory(role=Role.CASE_OFFICER, team=north, full_name="Bea Bell")
    south = people("South locality")
    c = south["officer"]
    c.full_name = "Cal Cole"
    c.save()
    cases = {
        "N1": CaseFactory(team=north, officer=a, reference="N1", stage=CaseStage.REQUEST),
        "N2": CaseFactory(team=north, officer=a, reference="N2", stage=CaseStage.ASSESSMENT),
        "N3": CaseFactory(team=north, officer=b, reference="N3", stage=CaseStage.DRAFTING),
        "N4": CaseFactory(team=north, officer=None, reference="N4", stage=CaseStage.REQUEST),
        "S1": CaseFactory(
            team=south["team"],
            officer=c,
            reference="S1",
            stage=CaseStage.REQUEST,
            opened_on=D("2025-01-06"),
        ),
        "X": CaseFactory(team=north, officer=a, reference="X", stage=CaseStage.CEASED),
    }
    deadline(cases["N1"], "decide_to_assess", "2026-11-20")
    deadline(cases["N2"], "advice", "2026-11-27")
    deadline(cases["N2"], "final_plan", "2026-11-24", met_on=D("2026-11-23"))  # met: not late
    deadline(cases["N3"], "draft_plan_target", "2026-12-10")
    deadline(cases["N4"], "decide_to_assess", "2026-11-01")
    deadline(cases["N4"], "advice", "2026-12-03")
    deadline(cases["S1"], "final_plan", "2026-12-20")
    deadline(cases["S1"], "advice", "2026-11-10", cancelled=True)  # cancelled: not late
    deadline(cases["X"], "final_plan", "2026-11-01")  # a closed case counts nowhere
    review_kit.final_plan(a, staff["panel"], first_name="Ada")
    invited_plan = review_kit.final_plan(a, staff["panel"], first_name="Ben")
    review_kit.invited(a, review_kit.open_review(invited_plan))
    return {**staff, "b": b, "c": c, "south": south["team"], "cases": cases}


def board(client, **query):
    with travel(TODAY):
        response = client.get(HOME, query)
    assert response.status_code == 200
    return response.context["board"], response.content.decode()


def figures_of(board) -> dict:
    out = {f.key: f for f in [*board.stages, *board.reviews, *board.due, *board.teams]}
    for figure in (board.due_total, board.overdue, board.unallocated, board.open):
        out[figure.key] = figure
    for row in board.officers:
        out[row["caseload"].key] = row["caseload"]
        out[row["overdue"].key] = row["overdue"]
    return out


def listed(client, url) -> list[str]:
    with travel(TODAY):
        response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page"]
    assert page.paginator.count == len(page.object_list)  # one page in these tests
    return sorted(case.reference for case in page.object_list)


def test_each_figure_has_its_known_value_and_equals_the_list_it_opens(client, world):
    client.force_login(world["manager"])
    found, html = board(client)
    figures = figures_of(found)
    a, b, c = world["officer"].pk, world["b"].pk, world["c"].pk
    north, south = world["team"].pk, world["south"].pk
    counts = {key: figure.count for key, figure in figures.items()}
    assert counts == {
        "stage-request": 3,
        "stage-assessment": 1,
        "stage-drafting": 1,
        "stage-plan": 1,
        "stage-review": 1,  # the invited review moved its case on
        "reviews-scheduled": 1,
        "reviews-invited": 1,
        "reviews-held": 0,
        "due-week-1": 1,  # N2
        "due-week-2": 1,  # N4
        "due-week-3": 1,  # N3
        "due-week-4": 1,  # S1
        "due-4-weeks": 4,
        "overdue": 2,  # N1, N4
        "unallocated": 1,
        "open": 7,
        f"caseload-officer-{a}": 4,
        f"overdue-officer-{a}": 1,
        f"caseload-officer-{b}": 1,
        f"overdue-officer-{b}": 0,
        f"caseload-officer-{c}": 1,
        f"overdue-officer-{c}": 0,
        "caseload-officer-none": 1,
        "overdue-officer-none": 1,
        f"caseload-team-{north}": 6,
        f"caseload-team-{south}": 1,
    }
    for key, figure in figures.items():
        assert f'href="{figure.url.replace("&", "&amp;")}"' in html, key
        assert len(listed(client, figure.url)) == figure.count, key
    assert listed(client, figures["overdue"].url) == ["N1", "N4"]
    assert listed(client, figures["due-week-2"].url) == ["N4"]
    assert listed(client, figures[f"caseload-officer-{b}"].url) == ["N3"]


def test_the_manager_drills_from_a_late_figure_to_the_case(client, world):
    client.force_login(world["manager"])
    found, _ = board(client)
    [row] = [r for r in found.officers if r["name"] == world["officer"].full_name]
    with travel(TODAY):
        page = client.get(row["overdue"].url).content.decode()
        assert 'href="/staff/cases/N1/"' in page
        case = client.get("/staff/cases/N1/")
    assert case.status_code == 200


def test_figures_and_lists_follow_the_team_and_date_filters(client, world):
    client.force_login(world["manager"])
    south, _ = board(client, team=world["south"].pk)
    assert (south.open.count, south.overdue.count, south.due_total.count) == (1, 0, 1)
    assert [r["name"] for r in south.officers] == ["Cal Cole"]
    assert listed(client, south.open.url) == ["S1"]
    recent, _ = board(client, **date_data("opened_from", D("2026-01-01")))
    assert recent.open.count == 6  # S1 was opened in 2025
    assert "S1" not in listed(client, recent.open.url)
    assert len(listed(client, recent.stages[0].url)) == recent.stages[0].count == 2


def test_the_dashboard_costs_the_same_queries_with_many_cases_and_officers(client, world):
    client.force_login(world["manager"])
    with CaptureQueriesContext(connection) as few:
        board(client)
    for n in range(30):
        officer = UserFactory(role=Role.CASE_OFFICER, team=world["team"])
        case = CaseFactory(team=world["team"], officer=officer if n % 3 else None)
        deadline(case, "advice", "2026-11-02")
        deadline(case, "final_plan", "2026-12-02")
    with CaptureQueriesContext(connection) as many:
        found, _ = board(client)
    assert found.open.count == 37 and found.unallocated.count == 11
    assert len(many) == len(few)


def test_the_drill_down_list_costs_the_same_queries_with_many_cases(client, world):
    client.force_login(world["manager"])
    url = f"{reverse('dashboard:cases')}?figure=open"
    with travel(TODAY), CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        CaseFactory(team=world["team"], officer=world["b"])
    with travel(TODAY), CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page"].paginator.count == 37
    assert len(many) == len(few)


def test_an_unknown_figure_is_not_found(client, world):
    client.force_login(world["manager"])
    assert client.get(reverse("dashboard:cases"), {"figure": "nonsense"}).status_code == 404


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.PANEL_MEMBER, Role.PARENT])
def test_officers_families_and_strangers_are_refused_the_manager_pages(client, world, role):
    urls = [HOME, reverse("dashboard:cases") + "?figure=open", reverse("dashboard:unallocated")]
    client.force_login(UserFactory(role=role))
    for url in urls:
        assert client.get(url).status_code in (403, 302), url
        assert client.post(url).status_code in (403, 302, 405), url
    client.logout()
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
