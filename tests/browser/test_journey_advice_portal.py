"""The professional advice portal, end to end in Chromium: the officer asks an educational
psychologist for advice by their email; the psychologist signs in (in a browser without
JavaScript), finds the request with its due date, and sends written advice with a report; the
officer sees it arrive on the case, and the 6-week deadline met that day.

Request received Monday 5 January 2026, agreed 10 February; advice asked Wednesday 11 February,
so due Wednesday 25 March; sent Wednesday 18 March.
"""

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import AdviceRequest
from cases.models import AdviceState
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.roles import Role
from cases.tests.factories import UserFactory
from cases.tests.factories import agreed_request
from tests.browser.journey import JOURNEY
from tests.browser.journey import TINY_PDF
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import press
from tests.browser.journey import summary_value

pytestmark = JOURNEY
JOURNEY_STARTS = ("2026-02-11", "09:30")


def test_an_officer_asks_a_professional_who_sends_advice_through_the_portal(
    make_context, live_server, console, tmp_path, staff, clock
):
    base = live_server.url
    with_clock_at = clock
    request = agreed_request(staff["officer"], staff["panel"], decided_on=D("2026-02-10"))
    child = request.case.child
    psychologist = UserFactory(
        role=Role.PROFESSIONAL, email="amir.khan@ep.example", full_name="Dr Amir Khan"
    )
    stranger = UserFactory(role=Role.PROFESSIONAL, email="someone@ep.example")
    officer = Person(make_context, base, staff["officer"])
    professional = Person(lambda: make_context(java_script_enabled=False), base, psychologist)
    other = Person(make_context, base, stranger)
    report = tmp_path / "cognitive-assessment.pdf"
    report.write_bytes(TINY_PDF)

    # Wednesday 11 February: the officer asks the psychologist, by the email they sign in with.
    page = officer.sign_in()
    page.goto(base + case_url(request.case))
    follow(page, "Ask for advice")
    page.get_by_label("Kind of advice").select_option(
        label="Psychological advice (educational psychologist)"
    )
    page.get_by_label("Adviser's name").fill("Dr Amir Khan")
    page.get_by_label("Organisation").fill("Educational Psychology Service")
    page.get_by_label("Adviser's email address").fill("amir.khan@ep.example")
    fill_date(page, "Date advice was asked for", "2026-02-11")
    press(page, "Save the advice request")
    expect_success(page, "Advice requested from Dr Amir Khan: due 25 March 2026")
    advice = AdviceRequest.objects.get(kind="psychological")
    assert advice.adviser == psychologist

    # Another professional never sees it.
    page = other.sign_in(lands_on="advice_portal:list")
    expect(page.locator("main")).to_contain_text("You have no advice requests to answer.")
    expect(page.locator("main")).not_to_contain_text(child.full_name)
    page.goto(base + reverse("advice_portal:detail", args=[advice.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    console.assert_clean(allow=[f"404 (Not Found) ({base}/portal/advice/{advice.pk}/)"])

    # Wednesday 18 March: the psychologist signs in and lands on their requests.
    with_clock_at.set("2026-03-18", "14:00")
    page = professional.sign_in(lands_on="advice_portal:list")
    table = page.get_by_role("table", name="Advice requests to answer")
    row = table.get_by_role("row").filter(has_text=child.full_name)
    expect(row).to_contain_text("Psychological advice (educational psychologist)")
    expect(row).to_contain_text("25 March 2026")
    expect(row).to_contain_text("Due soon")
    follow(page, child.full_name)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Psychological advice (educational psychologist)"
    )
    expect(summary_value(page, "Due by")).to_contain_text("25 March 2026")
    follow(page, "Send your advice")
    press(page, "Send your advice")
    expect_errors(page, "Write your advice under at least one heading, or upload a document")
    page.get_by_label(
        "Special educational needs: cognition, communication, social and emotional"
    ).fill("Working memory well below her age; instructions need breaking into single steps.")
    page.get_by_label("Special educational provision recommended").fill(
        "Daily small-group literacy, 20 minutes, with a trained teaching assistant."
    )
    page.get_by_label("Upload your advice or a report that goes with it").set_input_files(report)
    press(page, "Send your advice")
    expect_success(page, "Your advice has been sent to the SEND team")
    main = page.locator("main")
    expect(main).to_contain_text("You sent this advice on 18 March 2026")
    expect(main).to_contain_text("Working memory well below her age")
    expect(main).to_contain_text("It can no longer be changed")
    expect(page.get_by_role("link", name="Send your advice")).to_have_count(0)
    expect(page.get_by_role("link", name="Download cognitive-assessment.pdf")).to_be_visible()
    follow(page, "Back to advice requests")
    expect(page.get_by_role("table", name="Advice you have sent")).to_contain_text("18 March 2026")

    # The officer sees it arrive on the case, the same day, with its document.
    page = officer.sign_in()
    page.goto(base + case_url(request.case))
    advice_table = page.get_by_role("table", name="Advice asked for in this assessment")
    arrived = advice_table.get_by_role("row").filter(has_text="Dr Amir Khan")
    expect(arrived).to_contain_text("18 Mar 2026")
    expect(arrived.get_by_role("link", name="Download")).to_be_visible()
    advice.refresh_from_db()
    assert advice.state == AdviceState.RECEIVED and advice.received_on == D("2026-03-18")
    deadline = Deadline.objects.get(kind=DeadlineKind.ADVICE, object_id=advice.pk)
    assert deadline.met_on == D("2026-03-18")
    console.assert_clean()
