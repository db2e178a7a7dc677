"""The EHC needs assessment, end to end in a real browser (Debian's Chromium, Playwright): a case
officer records a request through the form, the panel decides from its agenda, the officer asks
for advice and records it with the report, the panel decides to issue and the officer issues the
draft plan. Also the two refusals (not assessing, not issuing) and a decision form gone stale.

"Today" moves with the journey (time_machine, for the live server too): request received on
Monday 5 January 2026, so the limits are 16 February (6 weeks), 13 April (the council's 14-week
target for the draft), 27 April (16 weeks) and 25 May 2026 (20 weeks).
"""

import datetime
import re

from django.urls import reverse
from playwright.sync_api import expect

from cases import services
from cases.models import AdviceKind
from cases.models import AdviceRequest
from cases.models import AssessmentRequest
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import PanelDecision
from cases.models import RequestState
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from tests.browser.journey import ERROR_SUMMARY
from tests.browser.journey import JOURNEY
from tests.browser.journey import TINY_PDF
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import at
from tests.browser.journey import case_url
from tests.browser.journey import choose
from tests.browser.journey import expect_clock
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import press
from tests.browser.journey import summary_value

pytestmark = JOURNEY
JOURNEY_STARTS = ("2026-01-05", "11:00")

REASONS_ERROR = "Enter the reasons for the decision"
NOT_FOUND = "Page not found"


def deadline(request, kind) -> Deadline:
    return Deadline.objects.get(
        content_type__model="assessmentrequest", object_id=request.pk, kind=kind
    )


def received_request(officer, *, first_name="Leo", last_name="Grant") -> AssessmentRequest:
    """Set-up through the services: a request that arrived by email on Monday 5 January 2026."""
    child = ChildFactory(first_name=first_name, last_name=last_name, date_of_birth=D("2016-03-14"))
    FamilyMemberFactory(child=child, full_name="Rachel Grant")
    return services.request_create(
        actor=officer,
        child=child,
        source="parent",
        requester_name="Rachel Grant",
        arrived_at=at("2026-01-05", "10:00"),
        channel="email",
        consent_given=True,
        reason="Needs not met at SEN support.",
        now=at("2026-01-05", "11:00"),
    )


def agenda_row(page, child_name: str, section: str):
    """On the panel agenda, the row of `child_name` in the table under `section`."""
    table = page.locator(f'table[aria-labelledby="{section}"]')
    return table.get_by_role("row").filter(has_text=child_name)


def open_from_agenda(page, child_name: str, section: str) -> None:
    """On the panel agenda, open the case of `child_name` from the table under `section`."""
    agenda_row(page, child_name, section).get_by_role("link").click()


def expect_panel_can_see_where_it_landed(page, soft, decision: str) -> None:
    """After a decision that moves the case out of the panel's stages, the panel member must
    still land on a page they may open (the agenda, say), with the success banner.

    Regression check: a panel member may open a case only at the request or assessment stage
    (`cases.permissions.PANEL_STAGES`). A decision to issue, not to assess or not to issue
    moves the case on, and a redirect to the case page would greet them with "Page not found"
    right after their decision was saved.
    """
    expect_success(page, decision)
    with soft(f"the panel member can open the page after '{decision}' (got {page.url})"):
        expect(page.get_by_role("heading", level=1)).not_to_have_text(NOT_FOUND, timeout=1000)


# --- the journey ---------------------------------------------------------------------------------


def test_from_the_request_to_the_draft_plan(
    make_context, live_server, console, tmp_path, staff, clock, soft
):
    base = live_server.url
    officer = Person(make_context, base, staff["officer"])
    panel = Person(make_context, base, staff["panel"])
    report = tmp_path / "senco-advice.pdf"
    report.write_bytes(TINY_PDF)
    draft = tmp_path / "draft-plan.pdf"
    draft.write_bytes(TINY_PDF)

    # Monday 5 January 2026, 11:00: the officer records the request that arrived by email at 10:00.
    page = officer.sign_in()
    follow(page, "Caseload")
    follow(page, "Record a new request")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record a request for an EHC needs assessment"
    )
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Okafor")
    fill_date(page, "Date of birth", "2016-03-14")
    page.get_by_label("Postcode").fill("dc1 2ab")
    page.get_by_label("Primary need").select_option(
        label="Speech, language and communication needs"
    )
    page.get_by_label("Full name").fill("Rachel Okafor")
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    choose(page, "Do they have parental responsibility?", "Yes")
    choose(page, "How do they want to be contacted?", "Email")
    page.get_by_label("Email address").fill("rachel@example.net")
    choose(page, "Who asked for the assessment?", "Parent or carer")
    page.get_by_label("Name of the person or organisation who asked").fill("Rachel Okafor")
    fill_date(page, "Date the request arrived", "2026-01-05")
    page.get_by_label("Time the request arrived").fill("10:00")
    choose(page, "How did the request arrive?", "Email")
    choose(page, "Does the parent or young person agree to the request?", "Yes")
    page.get_by_label("Why is the assessment asked for?").fill(
        "Maya's speech and language needs are not met at SEN support."
    )
    press(page, "Continue")

    expect_success(
        page,
        re.compile(r"^Request for assessment recorded for Maya Okafor on case SEN-\d{6}$"),
    )
    request = AssessmentRequest.objects.select_related("case").get()
    expect(page).to_have_url(base + case_url(request.case))
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Okafor")
    expect(summary_value(page, "Stage")).to_have_text("Request received")
    expect(summary_value(page, "Arrived")).to_contain_text("5 January 2026, 10:00, email")
    # The statutory clock: +6 weeks, the council's 14-week target, +16 and +20 weeks.
    expect_clock(page, "Decide whether to assess (6 weeks)", "16 Feb 2026", "On track")
    expect_clock(page, "Draft plan sent (council target)", "13 Apr 2026", "On track")
    expect_clock(page, "Decide whether to issue a plan (16 weeks)", "27 Apr 2026", "On track")
    expect_clock(page, "Final plan issued (20 weeks)", "25 May 2026", "On track")
    # The officer is not offered the panel's decision.
    expect(page.get_by_role("link", name="Record the decision whether to assess")).to_have_count(0)
    assert request.received_on == D("2026-01-05")
    assert request.state == RequestState.RECEIVED and request.case.officer == staff["officer"]
    assert {d.kind: d.due_on for d in Deadline.objects.all()} == {
        DeadlineKind.DECIDE_TO_ASSESS: D("2026-02-16"),
        DeadlineKind.DRAFT_PLAN_TARGET: D("2026-04-13"),
        DeadlineKind.DECIDE_TO_ISSUE: D("2026-04-27"),
        DeadlineKind.FINAL_PLAN: D("2026-05-25"),
    }

    # Tuesday 10 February: the panel member finds the request on the agenda and agrees to assess.
    clock.set("2026-02-10")
    page = panel.sign_in()
    follow(page, "Panel agenda")
    row = agenda_row(page, "Maya Okafor", "assess")
    expect(row.get_by_role("cell").nth(3)).to_have_text(re.compile(r"16 Feb 2026\s+Due soon"))
    open_from_agenda(page, "Maya Okafor", "assess")
    follow(page, "Record the decision whether to assess")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "The decision is due by 16 February 2026."
    )
    choose(page, "Will the council carry out an EHC needs assessment?", "Yes")
    fill_date(page, "Date of decision", "2026-02-10")
    page.get_by_label("Reasons for the decision").fill(
        "The evidence suggests Maya may need special educational provision."
    )
    # The 6 weeks are met on the day the family is told (here, the same day).
    fill_date(page, "Date the family was told (optional)", "2026-02-10")
    press(page, "Record the decision")
    expect_success(page, "Decision recorded: the council will carry out an EHC needs assessment")
    expect(summary_value(page, "Stage")).to_have_text("Assessment")
    expect_clock(
        page, "Decide whether to assess (6 weeks)", "16 Feb 2026", "Met on time", "10 Feb 2026"
    )

    # Wednesday 11 February: the officer asks the school and the educational psychologist.
    clock.set("2026-02-11")
    page = officer.sign_in()
    follow(page, "Caseload")
    page.get_by_role("row").filter(has_text="Maya Okafor").get_by_role("link").first.click()
    follow(page, "Ask for advice")
    page.get_by_label("Kind of advice").select_option(label="Educational advice (from the setting)")
    page.get_by_label("Adviser's name").fill("Ms Lee (SENCo)")
    page.get_by_label("Organisation").fill("Riverside Primary School")
    page.get_by_label("Adviser's email address").fill("senco@riverside.example")
    fill_date(page, "Date advice was asked for", "2026-02-11")
    press(page, "Save the advice request")
    expect_success(page, "Advice requested from Ms Lee (SENCo): due 25 March 2026")

    follow(page, "Ask for advice")
    page.get_by_label("Kind of advice").select_option(
        label="Psychological advice (educational psychologist)"
    )
    page.get_by_label("Adviser's name").fill("Dr Amir Khan")
    page.get_by_label("Organisation").fill("Educational Psychology Service")
    fill_date(page, "Date advice was asked for", "2026-02-11")
    # The service's post room logged it in two days later: their 6 weeks start then.
    fill_date(page, "Date the adviser received the request", "2026-02-13")
    press(page, "Save the advice request")
    expect_success(page, "Advice requested from Dr Amir Khan: due 27 March 2026")
    expect(summary_value(page, "State")).to_have_text("Gathering advice")
    advice_table = page.get_by_role("table", name="Advice asked for in this assessment")
    expect(advice_table.get_by_role("row").filter(has_text="Ms Lee (SENCo)")).to_contain_text(
        "25 Mar 2026"
    )
    expect(advice_table.get_by_role("row").filter(has_text="Dr Amir Khan")).to_contain_text(
        "27 Mar 2026"
    )
    assert dict(AdviceRequest.objects.values_list("kind", "due_on")) == {
        AdviceKind.EDUCATIONAL: D("2026-03-25"),
        AdviceKind.PSYCHOLOGICAL: D("2026-03-27"),
    }

    # Friday 20 March: the school's advice arrives, with the report.
    clock.set("2026-03-20")
    page = officer.sign_in_and_open(case_url(request.case))
    # (Chromium puts a space before the visually hidden part of the link's name.)
    follow(page, re.compile(r"^Record it received\W+educational advice"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record advice received")
    fill_date(page, "Date the advice was received", "2026-03-20")
    page.get_by_label("Upload the advice").set_input_files(str(report))
    press(page, "Record the advice")
    expect_success(
        page, "Educational advice (from the setting) from Ms Lee (SENCo) recorded as received"
    )
    school_row = (
        page.get_by_role("table", name="Advice asked for in this assessment")
        .get_by_role("row")
        .filter(has_text="Ms Lee (SENCo)")
    )
    expect(school_row).to_contain_text("20 Mar 2026")
    expect(school_row.get_by_role("link", name=re.compile(r"^Download"))).to_have_count(1)
    expect(page.get_by_role("table", name="Documents on the case, newest first")).to_contain_text(
        "senco-advice.pdf"
    )
    advice = AdviceRequest.objects.get(kind=AdviceKind.EDUCATIONAL)
    assert (
        advice.received_on == D("2026-03-20")
        and advice.document.original_name == "senco-advice.pdf"
    )

    # Monday 30 March: the panel decides to issue a plan (the psychologist's advice is still due).
    clock.set("2026-03-30")
    page = panel.sign_in()
    follow(page, "Panel agenda")
    expect(agenda_row(page, "Maya Okafor", "issue")).to_contain_text("1 received, 1 outstanding")
    open_from_agenda(page, "Maya Okafor", "issue")
    follow(page, "Record the decision whether to issue a plan")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "The decision is due by 27 April 2026."
    )
    choose(page, "Will the council issue an EHC plan?", "Yes")
    fill_date(page, "Date of decision", "2026-03-30")
    page.get_by_label("Reasons for the decision").fill("A plan is necessary.")
    press(page, "Record the decision")
    expect_panel_can_see_where_it_landed(
        page, soft, "Decision recorded: the council will issue an EHC plan"
    )
    request.refresh_from_db()
    assert request.state == RequestState.DRAFTING and request.issue_decided_on == D("2026-03-30")

    # Wednesday 8 April: the officer issues the draft plan written outside the system.
    clock.set("2026-04-08")
    page = officer.sign_in_and_open(case_url(request.case))
    expect(summary_value(page, "Stage")).to_have_text("Plan being drafted")
    # Drafting the plan here leads; recording one written elsewhere comes second, with a warning.
    actions = page.locator(".govuk-button-group").first.get_by_role("link")
    expect(actions.first).to_have_text("Start drafting the plan")
    expect(actions.first).not_to_have_class(re.compile("govuk-button--secondary"))
    expect(actions.nth(1)).to_have_text("Record a draft plan issued outside this service")
    expect(actions.nth(1)).to_have_class(re.compile("govuk-button--secondary"))
    follow(page, "Record a draft plan issued outside this service")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Only use this for a plan written and sent outside this service"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Draft plan sent (council target): due by 13 April 2026."
    )
    fill_date(page, "Date the draft plan was sent", "2026-04-08")
    page.get_by_label("Upload the draft plan").set_input_files(str(draft))
    press(page, "Record the draft plan as issued")
    expect_success(page, "Draft plan recorded as issued. The family has 15 days to comment.")
    expect(summary_value(page, "State")).to_have_text("Draft plan issued")
    expect(summary_value(page, "Draft plan issued")).to_have_text("8 April 2026")
    # The family's 15 days begin with the day of service: 8 + 14 = 22 April.
    expect_clock(page, "Family's response to the draft (15 days)", "22 Apr 2026", "On track")
    expect_clock(
        page, "Draft plan sent (council target)", "13 Apr 2026", "Met on time", "8 Apr 2026"
    )
    expect(page.get_by_role("link", name="Record the family's response")).to_have_count(1)
    request.refresh_from_db()
    assert request.state == RequestState.DRAFT_ISSUED
    assert request.case.stage == CaseStage.DRAFTING
    assert deadline(request, DeadlineKind.DRAFT_RESPONSE).due_on == D("2026-04-22")
    assert deadline(request, DeadlineKind.DRAFT_PLAN_TARGET).met_on == D("2026-04-08")

    console.assert_clean(allow=["status of 404"] if soft.failures else ())
    soft.assert_all()


def test_the_panel_refuses_to_assess(make_context, live_server, console, staff, clock, soft):
    request = received_request(staff["officer"])
    panel = Person(make_context, live_server.url, staff["panel"])
    officer = Person(make_context, live_server.url, staff["officer"])

    # Tuesday 10 February: "no", but the reasons are left out first.
    clock.set("2026-02-10")
    page = panel.sign_in()
    follow(page, "Panel agenda")
    open_from_agenda(page, "Leo Grant", "assess")
    follow(page, "Record the decision whether to assess")
    choose(page, "Will the council carry out an EHC needs assessment?", "No")
    # no tick box: the letter of a "no" carries the family's rights itself
    expect(page.locator("main")).to_contain_text(
        'The letter telling the family of a "no" gives them their rights: to appeal'
    )
    fill_date(page, "Date of decision", "2026-02-10")
    fill_date(page, "Date the family was told (optional)", "2026-02-10")
    press(page, "Record the decision")

    expect_errors(page, REASONS_ERROR)
    reasons = page.get_by_label("Reasons for the decision")
    expect(reasons).to_have_accessible_description(re.compile(re.escape(REASONS_ERROR)))
    # What was typed is kept.
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    page.locator(ERROR_SUMMARY).get_by_role("link", name=REASONS_ERROR).click()
    expect(reasons).to_be_focused()
    assert not PanelDecision.objects.exists()

    reasons.fill("Needs can be met at SEN support.")
    press(page, "Record the decision")
    expect_panel_can_see_where_it_landed(
        page, soft, "Decision recorded: the council will not carry out an EHC needs assessment"
    )

    # The officer sees the case closed at "not assessing"; the later limits no longer apply.
    page = officer.sign_in_and_open(case_url(request.case))
    expect(summary_value(page, "Stage")).to_have_text("Not assessing")
    expect(summary_value(page, "State")).to_have_text("Not assessing")
    expect_clock(
        page, "Decide whether to assess (6 weeks)", "16 Feb 2026", "Met on time", "10 Feb 2026"
    )
    expect_clock(page, "Draft plan sent (council target)", "13 Apr 2026", "No longer applies")
    expect_clock(
        page, "Decide whether to issue a plan (16 weeks)", "27 Apr 2026", "No longer applies"
    )
    expect_clock(page, "Final plan issued (20 weeks)", "25 May 2026", "No longer applies")
    decisions = page.get_by_role("table", name="Panel decisions on this request")
    expect(decisions).to_contain_text("Appeal and mediation rights sent with the letter")
    expect(page.get_by_role("heading", name="What you can do next")).to_have_count(0)
    request.refresh_from_db()
    assert request.state == RequestState.REFUSED
    # the rights went with the refusal's letter, sent the day the family was told
    notice = Notice.objects.get(kind="not_assess")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == D("2026-02-10") and notice.appeal_by == D("2026-04-10")
    assert not Deadline.objects.filter(met_on__isnull=True, cancelled=False).exists()

    console.assert_clean(allow=["status of 404"] if soft.failures else ())
    soft.assert_all()


def test_the_panel_decides_not_to_issue(make_context, live_server, console, staff, clock, soft):
    officer_user, panel_user = staff["officer"], staff["panel"]
    request = received_request(officer_user, first_name="Ava", last_name="Thompson")
    request = services.request_decide_to_assess(
        actor=panel_user,
        request_id=request.pk,
        version=request.version,
        agreed=True,
        decided_on=D("2026-02-10"),
        told_on=D("2026-02-10"),
        reason="Agreed.",
        today=D("2026-02-10"),
    )
    for kind, name, received in (
        (AdviceKind.EDUCATIONAL, "Ms Lee (SENCo)", "2026-03-12"),
        (AdviceKind.MEDICAL, "Dr Hughes", None),  # never arrives
    ):
        advice = services.advice_request_send(
            actor=officer_user,
            request_id=request.pk,
            kind=kind,
            addressee_name=name,
            requested_on=D("2026-02-11"),
            today=D("2026-02-11"),
        )
        if received:
            services.advice_record_received(
                actor=officer_user, advice_id=advice.pk, received_on=D(received), today=D(received)
            )
    panel = Person(make_context, live_server.url, panel_user)
    officer = Person(make_context, live_server.url, officer_user)

    # Monday 20 April: the panel decides the needs can be met without a plan.
    clock.set("2026-04-20")
    page = panel.sign_in()
    follow(page, "Panel agenda")
    open_from_agenda(page, "Ava Thompson", "issue")
    follow(page, "Record the decision whether to issue a plan")
    choose(page, "Will the council issue an EHC plan?", "No")
    fill_date(page, "Date of decision", "2026-04-20")
    page.get_by_label("Reasons for the decision").fill(
        "Ava's needs can be met from the school's own resources."
    )
    press(page, "Record the decision")
    expect_panel_can_see_where_it_landed(
        page, soft, "Decision recorded: the council will not issue an EHC plan"
    )

    # Tuesday 21 April: the decision letter was emailed to the family on the day it was taken,
    # so the 16 weeks were met that day (a limit is met when the notice is sent).
    clock.set("2026-04-21")
    page = officer.sign_in_and_open(case_url(request.case))
    expect(summary_value(page, "Stage")).to_have_text("Not issuing a plan")
    expect(page.get_by_role("table", name="Panel decisions on this request")).to_contain_text(
        "Family told 20 Apr 2026"
    )
    expect_clock(
        page,
        "Decide whether to issue a plan (16 weeks)",
        "27 Apr 2026",
        "Met on time",
        "20 Apr 2026",
    )
    expect_clock(page, "Draft plan sent (council target)", "13 Apr 2026", "No longer applies")
    expect_clock(page, "Final plan issued (20 weeks)", "25 May 2026", "No longer applies")
    expect(page.get_by_role("heading", name="What you can do next")).to_have_count(0)
    request.refresh_from_db()
    assert request.state == RequestState.NOT_ISSUING
    notice = Notice.objects.get(kind="not_issue")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == D("2026-04-20") and notice.appeal_by == D("2026-06-22")

    # Regression check: the medical advice that never came must not stay an open, overdue
    # deadline on a case whose assessment has ended (as when a request is withdrawn), or the
    # case would sit in the caseload's "Overdue" filter for ever.
    medical = page.locator("#clock + .app-table-container table tbody tr").filter(
        has_text="Dr Hughes"
    )
    expect(medical).to_have_count(1)
    with soft("outstanding advice no longer applies once the council decides not to issue"):
        expect(medical.locator(".govuk-tag")).to_have_text("No longer applies", timeout=1000)
    console.assert_clean(allow=["status of 404"] if soft.failures else ())
    soft.assert_all()


def test_a_decision_form_gone_stale_is_refused(make_context, live_server, console, staff, clock):
    """The panel member and the SEN manager open the same decision; the second to submit is told
    someone else changed the case, and nothing of theirs is saved."""
    request = received_request(staff["officer"], first_name="Noah", last_name="Ellis")
    reference = request.case.reference
    clock.set("2026-02-10")
    panel = Person(make_context, live_server.url, staff["panel"])
    manager = Person(make_context, live_server.url, staff["manager"])
    decide = reverse(
        "cases:decide_to_assess", kwargs={"reference": reference, "request_id": request.pk}
    )
    for person in (panel, manager):
        person.sign_in()
        person.go(case_url(request.case))
        follow(person.page, "Record the decision whether to assess")
        expect(person.page).to_have_url(live_server.url + decide)

    page = panel.page
    choose(page, "Will the council carry out an EHC needs assessment?", "Yes")
    fill_date(page, "Date of decision", "2026-02-10")
    page.get_by_label("Reasons for the decision").fill("Agreed at the panel of 10 February.")
    fill_date(page, "Date the family was told (optional)", "2026-02-10")
    press(page, "Record the decision")
    expect_success(page, "Decision recorded: the council will carry out an EHC needs assessment")

    page = manager.page
    choose(page, "Will the council carry out an EHC needs assessment?", "No")
    fill_date(page, "Date of decision", "2026-02-10")
    page.get_by_label("Reasons for the decision").fill("Needs can be met at SEN support.")
    with page.expect_response(lambda r: r.url.endswith(decide) and r.request.method == "POST") as r:
        press(page, "Record the decision")
    assert r.value.status == 409
    expect_errors(
        page,
        "This case was changed by someone else while you were working on it. Your changes have "
        "not been saved: check the case and try again.",
    )
    follow(page, "Back to the case")
    expect(summary_value(page, "State")).to_have_text("Agreed to assess")
    decision = PanelDecision.objects.get()
    assert decision.agreed and decision.decided_by == staff["panel"]
    request.refresh_from_db()
    assert request.state == RequestState.AGREED
    assert deadline(request, DeadlineKind.DECIDE_TO_ASSESS).met_on == datetime.date(2026, 2, 10)
    # Chromium logs the 409 of the refused form.
    console.assert_clean(allow=["status of 409"])
