"""The need profile, on known data: plans in force by primary need, age band and setting type,
each number equal to the list of cases it opens; the team filter; the CSV cross-table and its
audit; managers only; a constant number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import AuditEntry
from cases.models import CaseStage
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people
from ehcp.models import Plan
from ehcp.models import PlanState
from send_portal.dashboard.tests.test_timeliness import assert_list_queries_constant
from tests.kit import D
from tests.kit import travel

pytestmark = pytest.mark.django_db

TODAY = D("2026-11-25")
URL = "/staff/manager/needs/"


@pytest.fixture
def known(staff):
    south = people("South locality")["team"]
    special = SettingFactory(setting_type="special", phase="secondary")
    primary = SettingFactory(setting_type="mainstream")

    def plan(ref, need, born, setting, *, team=staff["team"], state=PlanState.FINAL, stage=None):
        child = ChildFactory(primary_need=need, date_of_birth=D(born), current_setting=setting)
        case = CaseFactory(team=team, reference=ref, child=child, stage=stage or CaseStage.PLAN)
        Plan.objects.create(case=case, state=state)
        return case

    plan("P1", "ASD", "2015-03-01", primary)  # 11: 11 to 15
    plan("P2", "ASD", "2020-11-26", primary)  # 5 (turns 6 tomorrow): 5 to 10
    plan("P3", "SEMH", "2010-11-25", special)  # 16 today: 16 to 19
    plan("P4", "", "2023-01-01", None, team=south)  # 3: under 5, nothing recorded
    plan("P5", "SLCN", "2012-06-01", special, state=PlanState.AMENDING)  # 14: 11 to 15
    plan("X1", "ASD", "2015-03-01", primary, state=PlanState.DRAFTING)  # not in force
    plan("X2", "ASD", "2015-03-01", primary, state=PlanState.CEASED, stage=CaseStage.CEASED)
    return {**staff, "south": south}


def profile_of(client, **query):
    with travel(TODAY):
        response = client.get(URL, query)
    assert response.status_code == 200
    profile = response.context["profile"]
    return profile, {dim: {f.code: f for f in figures} for dim, _c, figures in profile.tables}


def listed(client, url) -> list[str]:
    with travel(TODAY):
        response = client.get(url)
    assert response.status_code == 200, url
    return sorted(case.reference for case in response.context["page"].object_list)


def counts(table) -> dict:
    return {code: f.count for code, f in table.items() if f.count}


def test_each_need_figure_has_its_known_value_and_equals_its_list(client, known):
    client.force_login(known["manager"])
    profile, tables = profile_of(client)
    assert profile.total.count == 5
    assert counts(tables["primary"]) == {"ASD": 2, "SEMH": 1, "SLCN": 1, "none": 1}
    assert counts(tables["age"]) == {"0-4": 1, "5-10": 1, "11-15": 2, "16-19": 1}
    assert counts(tables["setting"]) == {"mainstream": 2, "special": 2, "none": 1}
    assert listed(client, profile.total.url) == ["P1", "P2", "P3", "P4", "P5"]
    for table in tables.values():
        for figure in table.values():
            assert len(listed(client, figure.url)) == figure.count, figure.key
    assert listed(client, tables["primary"]["ASD"].url) == ["P1", "P2"]
    assert listed(client, tables["age"]["16-19"].url) == ["P3"]
    assert listed(client, tables["setting"]["none"].url) == ["P4"]


def test_the_need_profile_follows_the_team_filter(client, known):
    client.force_login(known["manager"])
    profile, tables = profile_of(client, team=known["south"].pk)
    assert profile.total.count == 1
    assert counts(tables["age"]) == {"0-4": 1}
    assert listed(client, tables["age"]["0-4"].url) == ["P4"]


def test_the_csv_is_the_cross_table_and_its_download_is_audited(client, known):
    client.force_login(known["manager"])
    with travel(TODAY):
        response = client.get(URL + "csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="need-profile-2026-11-25.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Primary need code" and rows[0][-1] == "Plans"
    body = {(r[0], r[2], r[3]): int(r[5]) for r in rows[1:]}
    assert body == {
        ("", "Under 5", ""): 1,
        ("ASD", "Aged 11 to 15", "mainstream"): 1,
        ("ASD", "Aged 5 to 10", "mainstream"): 1,
        ("SEMH", "Aged 16 to 19", "special"): 1,
        ("SLCN", "Aged 11 to 15", "special"): 1,
    }
    assert sum(body.values()) == 5
    entry = AuditEntry.objects.get(action="dashboard.need_profile_downloaded")
    assert entry.actor == known["manager"] and entry.payload["plans"] == 5


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.PARENT])
def test_the_need_profile_is_for_managers_only(client, known, role):
    client.force_login(UserFactory(role=role))
    for url in (URL, URL + "csv/"):
        assert client.get(url).status_code == 403
    assert not AuditEntry.objects.filter(action="dashboard.need_profile_downloaded").exists()


def test_the_need_profile_costs_the_same_queries_with_more_plans(client, known):
    client.force_login(known["manager"])
    with CaptureQueriesContext(connection) as few:
        profile_of(client)
    for n in range(15):
        child = ChildFactory(primary_need="MLD", date_of_birth=D(f"20{10 + n % 9}-01-01"))
        Plan.objects.create(
            case=CaseFactory(team=known["team"], child=child, stage=CaseStage.PLAN),
            state=PlanState.FINAL,
        )
    with CaptureQueriesContext(connection) as many:
        profile, _ = profile_of(client)
    assert profile.total.count == 20
    assert len(many) == len(few)


def test_a_need_drill_down_costs_the_same_queries_with_more_plans(client, known):
    client.force_login(known["manager"])

    def grow():
        for _ in range(15):
            child = ChildFactory(primary_need="ASD", date_of_birth=D("2015-01-01"))
            Plan.objects.create(
                case=CaseFactory(team=known["team"], child=child, stage=CaseStage.PLAN),
                state=PlanState.FINAL,
            )

    assert_list_queries_constant(
        client, "/staff/manager/cases/?figure=need-primary-ASD", grow, then_listed=17
    )
