"""Writing and issuing an EHC plan, end to end in a real browser (Debian's Chromium, Playwright).

The council decided to issue a plan on Monday 30 March 2026 for a request received on Monday
5 January (set up through the services, as in ehcp/tests/factories.py). The case officer starts
the plan, fills sections A, B, E and F (section I stays empty in a draft: CFA 2014 s.38(5)),
issues the draft, records the family's response asking for a school and a meeting, consults
that school, records its answer, names it, records that the family has nothing more to add,
issues the final plan, downloads its PDF and compares the two versions. "Today" moves with the
journey.
"""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import RequestState
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import SettingFactory
from cases.tests.viewkit import people
from ehcp.models import Consultation
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import VersionKind
from ehcp.tests.factories import request_decided_to_issue
from tests.browser.journey import JOURNEY
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import choose
from tests.browser.journey import expect_clock
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import group
from tests.browser.journey import press
from tests.browser.journey import summary_value

pytestmark = [*JOURNEY, pytest.mark.real_pdf]
JOURNEY_STARTS = ("2026-03-31", "09:30")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in reader.pages
    )  # downloads the plan's PDF as a family would


FREQUENCY_ERROR = "Enter how often, for example 'weekly' or '3 times a week'"


@pytest.fixture
def decided_to_issue():
    """Maya Okafor (born 14 March 2016, year 5): the council decided to issue a plan on
    30 March 2026; the school's educational advice arrived on 10 March."""
    staff = people()
    child = ChildFactory(
        first_name="Maya", last_name="Okafor", date_of_birth=D("2016-03-14"), current_setting=None
    )
    FamilyMemberFactory(child=child, full_name="Rachel Okafor")
    request = request_decided_to_issue(staff["officer"], staff["panel"], child=child)
    SettingFactory(name="Riverside Primary School", urn="100001")
    SettingFactory(name="Kingsway Academy", urn="100002")
    return staff["officer"], request


def plan_url(reference: str) -> str:
    return reverse("ehcp:plan", kwargs={"reference": reference})


def edit_section(page, key: str) -> None:
    page.get_by_role("link", name=f"Edit section {key}", exact=True).click()


def test_write_issue_consult_and_finalise_a_plan(
    make_context, live_server, axe_check, console, tmp_path, decided_to_issue, clock
):
    officer_user, request = decided_to_issue
    reference = request.case.reference
    officer = Person(make_context, live_server.url, officer_user)

    # Tuesday 31 March 2026: the officer starts the plan from the case page.
    page = officer.sign_in_and_open(case_url(request.case))
    expect(page.locator("#plan ~ p").first).to_have_text(
        "The council has decided to issue a plan. Drafting has not started."
    )
    follow(page, "Start drafting the plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start drafting the EHC plan")
    press(page, "Start drafting the plan")
    expect_success(
        page,
        "You have started drafting the EHC plan. Section K lists the advice received during "
        "the assessment.",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Education, health and care plan")
    expect(summary_value(page, "State")).to_have_text("Being drafted")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "The draft plan cannot be issued until 4 problems are fixed."
    )
    advice_k = page.get_by_role("table", name="Advice and information in section K")
    expect(advice_k).to_contain_text("Educational advice (from the setting)")
    expect(advice_k).to_contain_text("Ms Jones Riverside Primary")

    # Section A: the views of Maya and her family.
    edit_section(page, "A")
    page.get_by_label("Views of the child or young person and their family").fill(
        "Maya says: I like school when I know what to do."
    )
    page.get_by_label("Interests").fill("Drawing, swimming")
    page.get_by_label("Aspirations for the future").fill("To be a vet.")
    press(page, "Save section A")
    expect_success(page, "Section A saved")
    expect(page.locator("#section-a")).to_contain_text("To be a vet.")

    # Section B: one need.
    edit_section(page, "B")
    page.get_by_label("Area of need").select_option(label="Communication and interaction")
    page.get_by_label("Description of the need").fill(
        "Maya finds it hard to follow spoken instructions in a busy classroom."
    )
    press(page, "Add the need")
    expect_success(page, "Need added in section B")
    expect(page.get_by_role("heading", name="B1 Communication and interaction")).to_have_count(1)

    # Section E: an outcome linked to that need.
    follow(page, "Return to the plan")
    edit_section(page, "E")
    page.get_by_label("Outcome", exact=True).fill(
        "Maya follows two-step instructions in class without adult prompts."
    )
    page.get_by_label("By when").fill("July 2027")
    group(page, "Which needs does this outcome address?").get_by_label(
        re.compile(r"^B1 Communication and interaction: Maya finds it hard")
    ).check()
    press(page, "Add the outcome")
    expect_success(page, "Outcome added in section E")
    outcome = page.locator(".govuk-summary-card").filter(has_text="Outcome E1")
    expect(summary_value(outcome, "Needs addressed")).to_have_text("B1")

    # Section F: provision, first without saying how often.
    follow(page, "Return to the plan")
    edit_section(page, "F")
    page.get_by_label("Provision", exact=True).fill("Speech and language therapy in a small group")
    page.get_by_label("Delivered by").fill("Speech and language therapist")
    page.get_by_label("How much each time").fill("30 minutes")
    page.get_by_label("For how long").fill("until the next annual review")
    group(page, "Which outcomes does this provision serve?").get_by_label(
        re.compile(r"^E1 Maya follows two-step")
    ).check()
    press(page, "Add the provision")
    expect_errors(page, FREQUENCY_ERROR)
    how_often = page.get_by_label("How often")
    expect(how_often).to_have_accessible_description(re.compile(re.escape(FREQUENCY_ERROR)))
    expect(page.locator(".govuk-form-group--error")).to_have_count(1)
    # What was typed is kept, the linked outcome too.
    expect(page.get_by_label("How much each time")).to_have_value("30 minutes")
    expect(
        group(page, "Which outcomes does this provision serve?").get_by_role("checkbox")
    ).to_be_checked()
    page.locator(".govuk-error-summary").get_by_role("link", name=FREQUENCY_ERROR).click()
    expect(how_often).to_be_focused()
    how_often.fill("weekly")
    press(page, "Add the provision")
    expect_success(page, "Provision added in section F")
    provision = page.locator(".govuk-summary-card").filter(has_text="Provision F.1")
    expect(summary_value(provision, "How often")).to_have_text("weekly")
    expect(summary_value(provision, "Outcomes served")).to_have_text("E1")

    # Section I stays empty in a draft (CFA 2014 s.38(5)): the editor says why, and naming the
    # school Maya attends is refused.
    follow(page, "Return to the plan")
    edit_section(page, "I")
    expect(page.locator("main")).to_contain_text("Section I stays empty in a draft plan")
    page.get_by_label("School, college or other institution").select_option(
        label="Riverside Primary School"
    )
    press(page, "Save section I")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "A draft plan must not name a school or other institution"
    )
    officer.go(plan_url(reference))
    expect(
        summary_value(page.locator("#section-i"), "School or other institution")
    ).to_contain_text("None named")
    expect(page.locator("#before-you-issue ~ .govuk-inset-text").first).to_have_text(
        "Every check before the draft plan is issued is met."
    )

    # Wednesday 8 April: the draft goes to the family (version 1).
    clock.set("2026-04-08")
    page = officer.sign_in_and_open(plan_url(reference), "Issue the draft plan")
    expect(page.locator(".govuk-inset-text").filter(has_text="council target")).to_contain_text(
        "Draft plan sent (council target): due by 13 April 2026."
    )
    fill_date(page, "Date the draft plan is issued", "2026-04-08")
    press(page, "Issue the draft plan")
    # 15 days beginning with the day of service: 8 + 14 = 22 April.
    expect_success(page, "Draft plan issued. The family has until 22 April 2026 to comment.")
    expect(summary_value(page, "State")).to_have_text("Draft issued")
    expect(summary_value(page, "Family's comments on the draft")).to_have_text(
        re.compile(r"Due by 22 April 2026\s+On track")
    )
    versions = page.get_by_role("table", name="Every issued version of the plan, oldest first")
    expect(versions.get_by_role("row")).to_have_count(2)
    expect(versions).to_contain_text("Version 1: Draft")

    # The draft's PDF says why section I is empty.
    draft_pdf = page.request.get(
        live_server.url + reverse("ehcp:version_pdf", kwargs={"reference": reference, "number": 1})
    )
    assert "Left empty in a draft plan" in pdf_text(draft_pdf.body())

    # Thursday 9 April: the family asks for Kingsway Academy and a meeting, with a comment on
    # section B; their 15 days stay open. The officer consults the academy.
    clock.set("2026-04-09")
    page = officer.sign_in_and_open(plan_url(reference), "Record the family's response")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Family's response to the draft (15 days): due by 22 April 2026."
    )
    fill_date(page, "Date the family's response arrived", "2026-04-09")
    page.locator("#id_comment_B").fill("Maya also finds noise hard.")
    page.get_by_label("The family asked for a meeting about the draft").check()
    page.get_by_label("School or college the family asks to be named").select_option(
        label="Kingsway Academy"
    )
    axe_check(page)
    press(page, "Record the response")
    expect_success(
        page,
        "The family's response to the draft plan is recorded. Consult Kingsway Academy: the "
        "family asked for it. They can still say more until 22 April 2026.",
    )
    follow(page, "Consult a school or college")
    page.get_by_label("School or college", exact=True).select_option(label="Kingsway Academy")
    fill_date(page, "Date the draft plan was sent to them", "2026-04-09")
    press(page, "Record the consultation")
    expect_success(page, "Kingsway Academy consulted. They should reply by 23 April 2026.")
    expect(summary_value(page, "State")).to_have_text("Consulting settings")
    consulted = page.get_by_role(
        "table", name="Schools and colleges asked whether they can meet the needs"
    )
    expect(consulted.get_by_role("row").filter(has_text="Kingsway Academy")).to_contain_text(
        "Asked for by the family"
    )

    # Thursday 16 April: the academy can meet Maya's needs; the officer names it in section I.
    clock.set("2026-04-16")
    page = officer.sign_in_and_open(plan_url(reference))
    # (Chromium puts a space before the visually hidden part of the link's name.)
    follow(page, re.compile(r"^Record the response\W+from Kingsway Academy$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record the response from Kingsway Academy"
    )
    fill_date(page, "Date of the response", "2026-04-16")
    choose(page, "Can the school or college meet the needs?", "Can meet the needs")
    page.get_by_label("Reasons and notes").fill("A place in year 6 from September.")
    press(page, "Record the response")
    expect_success(page, "Response from Kingsway Academy recorded")
    row = (
        page.get_by_role("table", name="Schools and colleges asked whether they can meet the needs")
        .get_by_role("row")
        .filter(has_text="Kingsway Academy")
    )
    expect(row).to_contain_text("Can meet the needs")
    expect(row).to_contain_text("Met on time")
    edit_section(page, "I")
    page.get_by_label("School, college or other institution").select_option(
        label="Kingsway Academy"
    )
    page.get_by_label("Notes").fill("Named at the family's request.")
    press(page, "Save section I")
    expect_success(page, "Section I saved")

    # Monday 20 April: the family says they have nothing more to add: their 15 days end.
    clock.set("2026-04-20")
    page = officer.sign_in_and_open(plan_url(reference), "Record the family's response")
    fill_date(page, "Date the family's response arrived", "2026-04-20")
    page.get_by_label("The family said they have nothing more to add").check()
    press(page, "Record the response")
    expect_success(
        page,
        "The family's response to the draft plan is recorded. They have nothing more to add: "
        "the final plan can be issued.",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Education, health and care plan")
    expect(summary_value(page, "Family's comments on the draft")).to_contain_text(
        "Received 20 April 2026"
    )
    officer.go(case_url(request.case))
    expect_clock(
        page,
        "Family's response to the draft (15 days)",
        "22 Apr 2026",
        "Met on time",
        "20 Apr 2026",
    )

    # Monday 27 April: the final plan (version 2), within the 20 weeks (25 May).
    clock.set("2026-04-27")
    page = officer.sign_in_and_open(plan_url(reference))
    expect(summary_value(page, "Family's comments on the draft")).to_contain_text(
        "Received 20 April 2026"
    )
    follow(page, "Issue the final plan")
    expect(page.locator(".govuk-inset-text").filter(has_text="20 weeks")).to_contain_text(
        "Final plan issued (20 weeks): due by 25 May 2026."
    )
    fill_date(page, "Date the final plan is issued", "2026-04-27")
    press(page, "Issue the final plan")
    expect_success(page, "Final plan issued: version 2, 27 April 2026.")
    expect(summary_value(page, "State")).to_have_text("Final plan issued")
    expect(summary_value(page, "First issued")).to_have_text("27 April 2026")
    expect(page.get_by_role("link", name="Edit section I", exact=True)).to_have_count(0)

    plan = Plan.objects.get()
    request.refresh_from_db()
    assert plan.state == PlanState.FINAL and plan.first_issued_on == D("2026-04-27")
    assert list(plan.versions.order_by("number").values_list("number", "kind")) == [
        (1, VersionKind.DRAFT),
        (2, VersionKind.FINAL),
    ]
    assert request.state == RequestState.FINAL_ISSUED
    assert request.case.stage == CaseStage.PLAN
    final = Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN)
    assert (final.due_on, final.met_on) == (D("2026-05-25"), D("2026-04-27"))
    consultation = Consultation.objects.get()
    assert consultation.due_on == D("2026-04-23") and consultation.responded_on == D("2026-04-16")

    # The PDF of version 2: an attachment named after the case.
    pdf_link = page.get_by_role("link", name=re.compile(r"^Download PDF\W+of version 2$"))
    with page.expect_download() as download:
        pdf_link.click()
    assert download.value.suggested_filename == f"EHC-plan-{reference}-v2.pdf"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="EHC-plan-{reference}-v2.pdf"'
    )

    # Version 1 against version 2: only section I changed.
    follow(page, re.compile(r"^Compare with version 1"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare versions of the plan")
    expect(page.get_by_role("heading", name="Changes from version 1 to version 2")).to_have_count(1)
    expect(page.get_by_text("1 section changed.")).to_have_count(1)
    section_i = page.locator("section[aria-labelledby='compare-i']")
    expect(section_i.locator(".govuk-tag").first).to_have_text("Changed")
    expect(section_i.locator("del").first).to_contain_text("none named")
    expect(section_i.locator("ins").first).to_contain_text("Kingsway Academy")
    section_f = page.locator("section[aria-labelledby='compare-f']")
    expect(section_f.locator(".govuk-tag").first).to_have_text("No change")

    # The plan overview, as the officer leaves it, has no accessibility problem.
    follow(page, "Back to the plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Education, health and care plan")
    axe_check(page)
    console.assert_clean()
