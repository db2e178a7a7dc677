"""The SEN manager in a real browser (Chromium, Playwright): allocates an unallocated case from
the pipeline, then drills from a late figure (the officer's overdue items, and a month's plans
issued late) to the case itself; the dashboard and its timeliness charts pass axe."""

import re

from playwright.sync_api import expect

from cases.models import CaseStage
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import UserFactory
from send_portal.desk.tests.kit import deadline
from tests.browser.journey import JOURNEY
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import follow
from tests.browser.journey import press
from tests.browser.journey import success_banner

pytestmark = JOURNEY
JOURNEY_STARTS = ("2026-11-25", "09:30")


def test_a_manager_allocates_a_case_and_drills_from_a_late_figure_to_it(
    make_context, live_server, axe_check, console, staff, clock
):
    team = staff["team"]
    UserFactory(role=Role.CASE_OFFICER, team=team, full_name="Bea Bell")
    waiting = CaseFactory(
        team=team,
        officer=None,
        reference="SEN-W00001",
        child=ChildFactory(first_name="Maya", last_name="Okafor"),
        stage=CaseStage.REQUEST,
    )
    deadline(waiting, "decide_to_assess", "2026-11-10")  # overdue
    issued_late = CaseFactory(
        team=team,
        officer=staff["officer"],
        reference="SEN-L00001",
        child=ChildFactory(first_name="Leo", last_name="Novak"),
        stage=CaseStage.PLAN,
    )
    deadline(issued_late, "final_plan", "2026-10-01", met_on=D("2026-10-20"))
    manager = Person(make_context, live_server.url, staff["manager"])
    page = manager.sign_in_and_open("/staff/manager/")
    expect(page.get_by_role("heading", name="Pipeline and caseloads")).to_be_visible()
    axe_check(page)

    follow(page, "Allocate the unallocated work")
    page.get_by_label(re.compile("SEN.W00001, Maya Okafor")).check()
    page.get_by_label("Case officer").select_option(label=f"Bea Bell ({team})")
    press(page, "Allocate the cases ticked")
    expect(success_banner(page)).to_contain_text("1 case allocated to Bea Bell")

    manager.go("/staff/manager/")
    follow(page, re.compile("cases with overdue items: Bea Bell"), exact=False)
    expect(page.get_by_role("heading", name="Overdue: Bea Bell")).to_be_visible()
    follow(page, re.compile("SEN.W00001"), exact=False)
    expect(page.get_by_role("heading", name="Maya Okafor")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bea Bell")

    manager.go("/staff/manager/#timeliness-final")
    table = page.get_by_role("region", name="New plans issued within 20 weeks: the numbers")
    row = table.get_by_role("row").filter(has_text="October 2026")
    expect(row.get_by_role("cell").nth(2)).to_have_text("0%")  # 1 issued, none on time
    row.get_by_role("link", name=re.compile("^1 counted: October 2026")).click()
    page.wait_for_url(re.compile("figure=tl-final-2026-10-all"))
    expect(page.get_by_role("heading", name="Plans issued: October 2026")).to_be_visible()
    follow(page, re.compile("SEN.L00001"), exact=False)
    expect(page.get_by_role("heading", name="Leo Novak")).to_be_visible()
    console.assert_clean()
