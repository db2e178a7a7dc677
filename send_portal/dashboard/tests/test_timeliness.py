"""Timeliness on the manager's dashboard, on known data: every figure (by month for the last 12
months, with and without exceptions; phase transfers by their February and March dates) has its
expected value and equals the list of cases it opens; the team filter; the chart is an
accessible image with its numbers in a table; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors as case_selectors
from cases.models import Case
from cases.models import CaseStage
from cases.models import ExceptionGround
from cases.models import TimeLimitException
from cases.tests.factories import CaseFactory
from cases.tests.factories import people
from cases.tests.factories import received_request
from send_portal.dashboard import timeliness
from send_portal.desk.tests.kit import deadline
from tests.kit import D
from tests.kit import travel

pytestmark = pytest.mark.django_db

TODAY = D("2026-11-25")  # the window: December 2025 to November 2026
HOME = "/staff/manager/"


@pytest.fixture
def known(staff):
    north = staff["team"]
    south = people("South locality")["team"]

    def case(ref, team=north, stage=CaseStage.PLAN):
        return CaseFactory(team=team, reference=ref, stage=stage)

    a, b, d = case("A"), case("B"), case("D")
    c = case("C", stage=CaseStage.CEASED)  # closed since: still counted
    e = case("E", team=south)
    f, g = case("F"), case("G")
    made = {
        "a_final": deadline(a, "final_plan", "2026-05-25", met_on=D("2026-05-20")),
        "b_final": deadline(b, "final_plan", "2026-06-01", met_on=D("2026-06-15")),
        "c_final": deadline(c, "final_plan", "2026-06-10", met_on=D("2026-06-20")),
        "d_final": deadline(d, "final_plan", "2026-06-25", met_on=D("2026-06-22")),
        "e_final": deadline(e, "final_plan", "2026-06-30", met_on=D("2026-06-30")),
        "f_final": deadline(f, "final_plan", "2025-11-20", met_on=D("2025-11-10")),  # too old
        "g_final": deadline(g, "final_plan", "2026-12-20"),  # not issued yet
        "a_assess": deadline(a, "decide_to_assess", "2026-03-10", met_on=D("2026-03-09")),
        "b_assess": deadline(b, "decide_to_assess", "2026-03-12", met_on=D("2026-03-20")),
        "g_assess": deadline(g, "decide_to_assess", "2026-03-12", met_on=D("2026-03-02")),
        "c_review": deadline(c, "annual_review", "2026-09-30", met_on=D("2026-10-05")),
        "d_review": deadline(d, "annual_review", "2026-10-10", met_on=D("2026-10-01")),
        "d_decision": deadline(d, "review_decision", "2026-10-20", met_on=D("2026-10-19")),
        "a_transfer": deadline(a, "phase_transfer", "2026-02-14", met_on=D("2026-02-10")),
        "b_transfer": deadline(b, "phase_transfer", "2026-02-14"),  # passed, not done: late
        "c_transfer": deadline(c, "phase_transfer", "2026-03-30", met_on=D("2026-04-02")),
        "e_transfer": deadline(e, "phase_transfer", "2026-02-14", cancelled=True),
        "d_transfer": deadline(d, "phase_transfer", "2027-02-14"),  # to come
    }
    request = received_request(staff["officer"])
    exception = TimeLimitException.objects.create(
        request=request,
        ground=ExceptionGround.AWAY_FROM_AREA,
        starts_on=D("2026-03-01"),
        reason="Away",
        recorded_by=staff["officer"],
    )
    exception.deadlines.add(made["b_final"], made["d_final"], made["b_assess"])
    return {**staff, "south": south}


def tables_of(client, **query):
    with travel(TODAY):
        response = client.get(HOME, query)
    assert response.status_code == 200
    return {t.measure.key: t for t in response.context["board"].timely}, (response.content.decode())


def nonzero(table) -> dict:
    """{(period label, cell): count} of the cells that count something."""
    return {
        (row.period.isoformat(), cell): c.count
        for row in table.rows
        for cell, c in row.cells.items()
        if c.count
    }


def listed(client, url) -> list[str]:
    with travel(TODAY):
        response = client.get(url)
    assert response.status_code == 200, url
    return sorted(case.reference for case in response.context["page"].object_list)


def test_every_timeliness_figure_has_its_known_value_and_equals_its_list(client, known):
    client.force_login(known["manager"])
    tables, html = tables_of(client)
    assert [r.period for r in tables["final"].rows] == [
        D(f"{y}-{m:02d}-01") for y, m in [(2025, 12), *((2026, n) for n in range(1, 12))]
    ]
    assert nonzero(tables["final"]) == {
        ("2026-05-01", "all"): 1,
        ("2026-05-01", "ontime"): 1,
        ("2026-05-01", "plain"): 1,
        ("2026-05-01", "plainontime"): 1,
        ("2026-06-01", "all"): 4,  # B, C, D, E
        ("2026-06-01", "ontime"): 2,  # D, E
        ("2026-06-01", "plain"): 2,  # C, E (B and D had an exception)
        ("2026-06-01", "plainontime"): 1,  # E
    }
    june = tables["final"].rows[6]
    assert (june.share, june.plain_share) == (50, 50)
    assert nonzero(tables["assess"]) == {
        ("2026-03-01", "all"): 3,
        ("2026-03-01", "ontime"): 2,
        ("2026-03-01", "plain"): 2,
        ("2026-03-01", "plainontime"): 2,
    }
    assert tables["assess"].rows[3].share == 67 and tables["assess"].rows[3].plain_share == 100
    assert nonzero(tables["review"]) == {
        ("2026-10-01", "all"): 2,
        ("2026-10-01", "ontime"): 1,
        ("2026-10-01", "plain"): 2,
        ("2026-10-01", "plainontime"): 1,
    }
    assert nonzero(tables["decision"])[("2026-10-01", "ontime")] == 1
    transfers = tables["transfer"]
    assert [(r.period, r.share) for r in transfers.rows] == [
        (D("2026-02-14"), 50),
        (D("2026-03-30"), 0),
    ]
    assert "before 15 February" in transfers.rows[0].label
    assert "post-16, before 31 March" in transfers.rows[1].label
    assert nonzero(transfers) == {
        ("2026-02-14", "all"): 2,
        ("2026-02-14", "ontime"): 1,
        ("2026-02-14", "plain"): 2,
        ("2026-02-14", "plainontime"): 1,
        ("2026-03-30", "all"): 1,
        ("2026-03-30", "plain"): 1,
    }
    shown = {"all", "ontime"}
    for table in tables.values():
        for row in table.rows:
            for name, cell in row.cells.items():  # each equals the list it opens, zeros too
                if name in shown or table.measure.exceptions:
                    assert f'href="{cell.url.replace("&", "&amp;")}"' in html, cell.key
                assert len(listed(client, cell.url)) == cell.count, cell.key
    june_late = june.cells["all"].url
    assert listed(client, june_late) == ["B", "C", "D", "E"]
    assert listed(client, june.cells["plain"].url) == ["C", "E"]
    assert listed(client, transfers.rows[0].cells["ontime"].url) == ["A"]


def test_the_monthly_figures_agree_with_the_20_week_measure(client, known):
    client.force_login(known["manager"])
    tables, _ = tables_of(client)
    measure = case_selectors.final_plan_timeliness(
        Case.objects.all(), issued_from=D("2025-12-01"), issued_to=TODAY
    )
    rows = tables["final"].rows
    assert sum(r.cells["all"].count for r in rows) == measure.issued == 5
    assert sum(r.cells["ontime"].count for r in rows) == measure.within_20_weeks
    assert sum(r.cells["plain"].count for r in rows) == measure.issued_excluding_exceptions
    assert (
        sum(r.cells["plainontime"].count for r in rows)
        == measure.within_20_weeks_excluding_exceptions
    )


def test_timeliness_follows_the_team_filter(client, known):
    client.force_login(known["manager"])
    tables, _ = tables_of(client, team=known["south"].pk)
    assert nonzero(tables["final"]) == {
        ("2026-06-01", "all"): 1,
        ("2026-06-01", "ontime"): 1,
        ("2026-06-01", "plain"): 1,
        ("2026-06-01", "plainontime"): 1,
    }
    june = tables["final"].rows[6].cells["all"]
    assert "team=" in june.url and listed(client, june.url) == ["E"]
    assert tables["transfer"].total == 0  # E's transfer was cancelled


def test_the_chart_is_an_image_with_a_title_a_description_and_not_colour_alone(client, known):
    client.force_login(known["manager"])
    _, html = tables_of(client)
    assert html.count('role="img"') >= len(timeliness.MEASURES)
    assert '<title id="chart-final-title">New plans issued within 20 weeks' in html
    assert "June 2026: 50%, without exceptions 50%" in html
    assert 'fill="url(#hatch-final)"' in html  # the second series is hatched
    assert "Hatched bars: leaving out those with a recorded exception" in html


def test_an_invalid_timeliness_key_is_not_found(client, known):
    client.force_login(known["manager"])
    for key in ("tl-final-2026-13-all", "tl-nothing-2026-05-all", "tl-final-2026-05-most"):
        assert client.get("/staff/manager/cases/", {"figure": key}).status_code == 404


def test_timeliness_costs_the_same_queries_with_more_cases(client, known):
    client.force_login(known["manager"])
    with CaptureQueriesContext(connection) as few:
        tables_of(client)
    for n in range(20):
        extra = CaseFactory(team=known["team"])
        deadline(extra, "final_plan", "2026-04-01", met_on=D(f"2026-0{1 + n % 9}-10"))
        deadline(extra, "annual_review", "2026-08-01", met_on=D("2026-08-10"))
    with CaptureQueriesContext(connection) as many:
        tables, _ = tables_of(client)
    assert sum(r.cells["all"].count for r in tables["final"].rows) == 25
    assert len(many) == len(few)


def assert_list_queries_constant(client, url, grow, *, then_listed: int) -> None:
    """The drill-down list at `url` costs the same queries after `grow()` adds cases."""
    with travel(TODAY), CaptureQueriesContext(connection) as few:
        client.get(url)
    grow()
    with travel(TODAY), CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page"].paginator.count == then_listed
    assert len(many) == len(few)


def test_a_timeliness_drill_down_costs_the_same_queries_with_more_cases(client, known):
    client.force_login(known["manager"])

    def grow():
        for _ in range(20):
            extra = CaseFactory(team=known["team"])
            deadline(extra, "final_plan", "2026-06-01", met_on=D("2026-06-10"))

    assert_list_queries_constant(
        client, "/staff/manager/cases/?figure=tl-final-2026-06-all", grow, then_listed=24
    )
