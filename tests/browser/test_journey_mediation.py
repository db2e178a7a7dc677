"""Issue 22 in a real browser, one journey per path: no mediation (the certificate within 3
working days, the family's appeal date in the portal, the window passing with no appeal);
mediation agreed (its follow-up actions, one at a date the parties agreed); mediation failed,
then an appeal the family win and the Tribunal's order to make a plan complied with: the draft
in time, the final plan late; and an order complied with in time. Set-up that is not the path
goes through the services. "Today" moves with the journey; every date shown is checked against
the law's."""

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Deadline
from cases.notices.models import Notice
from cases.tests.factories import received_request
from mediation import kinds
from mediation.models import Disagreement
from mediation.models import DisagreementState
from mediation.models import OrderState
from mediation.tests import factories as f
from send_portal.jobs import run_deadline_jobs
from send_portal.portal.tests.kit import link_parent
from tests.browser.journey import JOURNEY
from tests.browser.journey import Clock
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import choose
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import press
from tests.browser.journey import success_banner
from tests.browser.journey import summary_value

pytestmark = JOURNEY


def detail_url(disagreement) -> str:
    return reverse("mediation:detail", args=[disagreement.case.reference, disagreement.pk])


def record_certificate(page, day: str, *, due: str) -> None:
    """On the certificate's form, which says it is due by `due`: issued and sent on `day`."""
    expect(page.locator(".govuk-inset-text")).to_contain_text(due)
    fill_date(page, "Date the certificate was issued", day)
    press(page, "Record and send the certificate")
    expect_success(page, "Mediation certificate recorded and sent to the family.")


def record_order(page, day: str, order: str) -> None:
    """On the order's form: the Tribunal ordered `order` on `day`."""
    fill_date(page, "Date of the order", day)
    choose(page, "What did the Tribunal order?", order)
    press(page, "Record the order")
    expect_success(page, "Order recorded, with its deadlines.")


def record_step_done(clock, officer, disagreement, day: str, step: str):
    """On `day`, the officer records `step` of the Tribunal's order done that day; what the
    page then says is the caller's to check."""
    clock.set(day)
    page = officer.sign_in_and_open(detail_url(disagreement), "Record a step done")
    choose(page, "Which step is done?", step)
    fill_date(page, "Date it was done", day)
    press(page, "Record the step")
    return page


def test_no_mediation_the_certificate_in_3_working_days_then_no_appeal_by_the_family_date(
    make_context, live_server, axe_check, staff
):
    officer_user = staff["officer"]
    case = received_request(officer_user).case
    parent_user = link_parent(officer_user, case)
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2027-02-10") as clock:
        page = officer.sign_in_and_open(case_url(case), "Record a disagreement")
        choose(
            page,
            "Which decision do the family disagree with?",
            "Refusal to carry out an EHC needs assessment",
        )
        fill_date(page, "Date the decision letter was sent", "2027-02-03")
        press(page, "Save")
        expect_success(page, "Disagreement recorded.")
        # 2 months from Wednesday 3 February 2027 is Saturday 3 April: the next working day
        # after the Easter weekend, Monday 5 April
        expect(summary_value(page, "Last day to appeal")).to_contain_text("Monday 5 April 2027")
        disagreement = Disagreement.objects.get(case=case)

        clock.set("2027-02-25")
        page = officer.sign_in_and_open(
            detail_url(disagreement), "Record the family's contact with the mediation adviser"
        )
        fill_date(page, "Date the family contacted the mediation adviser", "2027-02-25")
        choose(page, "Do the family want mediation?", "No")
        press(page, "Record it")
        expect_success(
            page,
            "Recorded: the family do not want mediation. Issue the certificate within 3 working "
            "days.",
        )

        clock.set("2027-03-02")
        page = officer.sign_in_and_open(
            detail_url(disagreement), "Record the mediation certificate issued"
        )
        # Thursday 25 February + 3 working days: Friday 26, Monday 1, Tuesday 2 March
        record_certificate(page, "2027-03-02", due="2 March 2027")
        # a month after the certificate (2 April) is earlier: 5 April stands
        expect(summary_value(page, "Last day to appeal")).to_contain_text("Monday 5 April 2027")
        certificate = Deadline.objects.get(case=case, kind=kinds.MEDIATION_CERTIFICATE)
        assert certificate.due_on == certificate.met_on == D("2027-03-02")

        # The family read their last day to appeal in the portal, in plain English.
        family = Person(make_context, live_server.url, parent_user).sign_in(lands_on="portal:home")
        family.goto(live_server.url + reverse("portal:case", args=[case.reference]))
        expect(family.locator("#dates + .govuk-summary-list")).to_contain_text(
            "If you want to appeal to the SEND Tribunal, your appeal must reach it by 5 April 2027."
        )
        cards = family.locator("#disagreements ~ .govuk-summary-card").first
        expect(summary_value(cards, "Last day to appeal")).to_contain_text("Monday 5 April 2027")
        expect(summary_value(cards, "Where it is")).to_have_text(
            "You can appeal to the SEND Tribunal"
        )
        axe_check(family)

        # No appeal by Monday 5 April: the nightly job closes it on Tuesday 6 April
        clock.set("2027-04-06", "02:30")
        assert run_deadline_jobs(send=False).stats["disagreements_closed"] == 1
        clock.set("2027-04-06", "09:00")
        page = officer.sign_in_and_open(detail_url(disagreement))
        expect(summary_value(page, "Where it stands")).to_have_text("Closed without an appeal")
    disagreement.refresh_from_db()
    assert disagreement.state == DisagreementState.RESOLVED
    assert disagreement.closed_on == D("2027-04-06")


def test_mediation_agreed_brings_follow_up_actions_with_their_dates(
    make_context, live_server, staff
):
    officer_user = staff["officer"]
    case = received_request(officer_user).case
    parent_user = link_parent(officer_user, case)
    # A refusal to assess, letter 1 February 2027; mediation wanted (council told 9 February),
    # arranged for Monday 1 March.
    disagreement = f.record(officer_user, case, decision="refuse_assess", letter="2027-02-01")
    f.advice(officer_user, disagreement, contacted="2027-02-08", wants=True, informed="2027-02-09")
    f.arrange(officer_user, disagreement, arranged="2027-02-12", meeting="2027-03-01")
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2027-03-01", "16:00"):
        page = officer.sign_in_and_open(detail_url(disagreement), "Record the mediation held")
        fill_date(page, "Date the mediation was held", "2027-03-01")
        page.get_by_label("Who attended").fill("Ms Okafor (parent); Sam Patel (SEN officer)")
        choose(page, "Outcome", "Agreed in full")
        page.get_by_label("What was agreed").fill("The council will carry out an assessment.")
        press(page, "Record the mediation")
        expect_success(
            page,
            "Mediation recorded: agreed in full. The certificate is due within 3 working days.",
        )
        # As the matching Tribunal order (reg 42(2)): say it will assess within 2 weeks
        # (15 March), "no plan" within 10 weeks (10 May), the final plan within 14 (7 June)
        orders = page.locator("#orders ~ .app-table-container").first
        for due in ("15 Mar 2027", "10 May 2027", "7 Jun 2027"):
            expect(orders).to_contain_text(due)

        # Another action, at a date the parties agreed instead of 2 weeks (reg 42(5))
        follow(page, "Add an agreed action")
        choose(page, "What kind of action?", "Another agreed action (no right of appeal)")
        page.get_by_label("What the council agreed to do").fill("Meet the school about support.")
        fill_date(page, "Different date agreed by the parties (optional)", "2027-04-30")
        press(page, "Add the action")
        expect_errors(page, "Enter why the parties agreed a different date")
        page.get_by_label("Why the parties agreed a different date").fill(
            "The SENCO is away until April."
        )
        press(page, "Add the action")
        expect_success(page, "Agreed action added, with its deadline.")
        expect(page.locator("#orders ~ .app-table-container").nth(1)).to_contain_text("30 Apr 2027")
        expect(page.get_by_text("Date agreed at mediation: 30 April 2027")).to_be_visible()

        # The certificate within 3 working days of the mediation: by Thursday 4 March
        follow(page, "Record the mediation certificate issued")
        record_certificate(page, "2027-03-01", due="4 March 2027")
        # letter + 2 months and certificate + 1 month are both Thursday 1 April 2027
        expect(summary_value(page, "Last day to appeal")).to_contain_text("Thursday 1 April 2027")

        # The family read what the council must now do, and by when.
        family = Person(make_context, live_server.url, parent_user).sign_in(lands_on="portal:home")
        family.goto(live_server.url + reverse("portal:case", args=[case.reference]))
        dates = family.locator("#dates + .govuk-summary-list")
        expect(dates).to_contain_text(
            f"The council must tell you by 15 March 2027 that it will assess "
            f"{case.child.first_name}."
        )
        expect(dates).to_contain_text(
            "The council must do what was agreed at mediation by 30 April 2027."
        )
    steps = dict(
        Deadline.objects.filter(case=case, kind__startswith="order_").values_list("kind", "due_on")
    )
    assert steps["order_assess_notice"] == D("2027-03-15")
    assert Deadline.objects.get(case=case, kind="agreement_action").due_on == D("2027-04-30")


def test_appeal_won_and_the_order_complied_with_in_time(make_context, live_server, staff):
    officer_user = staff["officer"]
    # Mediation failed, the appeal registered 10 March 2027 and won on Monday 14 June.
    appeal = f.decide(officer_user, f.failed_mediation_appealed(officer_user), decided="2027-06-14")
    disagreement = appeal.disagreement
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2027-06-14", "15:00") as clock:
        page = officer.sign_in_and_open(detail_url(disagreement), "Record an order")
        record_order(page, "2027-06-14", "Change the school or college named only")
        # the school or college named within 2 weeks: Monday 28 June 2027
        expect(page.locator("#orders ~ .app-table-container").first).to_contain_text("28 Jun 2027")

        page = record_step_done(
            clock,
            officer,
            disagreement,
            "2027-06-25",
            "Name the school or college (due 28 June 2027)",
        )
        expect_success(page, "Order complied with on 25 June 2027, on time.")
        expect(page.locator("#orders ~ p .govuk-tag").first).to_have_text("Complied with on time")
    order = disagreement.orders.get()
    assert order.state == OrderState.COMPLIED and not order.complied_late


def test_an_order_to_assess_is_told_from_the_print_queue_and_met_the_day_it_is_posted(
    make_context, live_server, staff
):
    """The Tribunal orders an assessment on Monday 14 June 2027: the family (who want post) are
    told by letter. Typed on Friday 25 June, the letter waits in the print queue and the step
    stays open; posted on Monday 28 June, the last day, the step is met that day."""
    from cases.notices.tests.kit import family_case

    officer_user = staff["officer"]
    case = family_case(officer_user, wants_post=True)
    appeal = f.decide(
        officer_user, f.failed_mediation_appealed(officer_user, case), decided="2027-06-14"
    )
    assess = f.order(officer_user, appeal, kind="assess", made="2027-06-14")
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2027-06-25", "10:00") as clock:
        page = record_step_done(
            clock,
            officer,
            appeal.disagreement,
            "2027-06-25",
            "Tell the family the council will assess (due 28 June 2027)",
        )
        expect_success(
            page,
            "The letter to the family is going out through this service: the step is done on "
            "the day it is sent (email, or the day the print queue's letter is posted).",
        )
        told = Deadline.objects.get(case=case, kind="order_assess_notice")
        assert told.met_on is None

        clock.set("2027-06-28")
        page = officer.sign_in_and_open(reverse("notices:post_queue"))
        expect(
            page.get_by_label("Rachel Okafor: We will carry out an EHC needs assessment")
        ).to_be_checked()
        fill_date(page, "Date posted", "2027-06-28")
        press(page, "Mark as posted")
        # with the set-up's letters (certificate, arrangements), posted with the day's post
        expect(success_banner(page)).to_contain_text("marked as posted on 28 June 2027")

        officer.go(detail_url(appeal.disagreement))
        orders = page.locator("#orders ~ .app-table-container").first
        expect(orders.get_by_role("row").filter(has_text="council will assess")).to_contain_text(
            "28 Jun 2027"
        )
    told.refresh_from_db()
    assert told.met_on == D("2027-06-28") and told.met_on <= told.due_on
    notice = Notice.objects.get(case=case, kind="order_will_assess")
    assert notice.sent_on == D("2027-06-28")
    assess.refresh_from_db()
    assert assess.state == OrderState.OPEN  # "no plan" or the final plan is still to come


def test_mediation_fails_then_the_family_win_an_appeal_and_the_order_is_complied_with(
    make_context, live_server, axe_check, staff
):
    officer_user = staff["officer"]
    case = received_request(officer_user).case
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2027-01-21", "09:30") as clock:
        page = officer.sign_in_and_open(case_url(case), "Record a disagreement")
        press(page, "Save")
        expect_errors(
            page,
            "Select the decision the family disagree with",
            "Enter date the decision letter was sent",
        )
        choose(page, "Which decision do the family disagree with?", "Refusal to issue an EHC plan")
        fill_date(page, "Date the decision letter was sent", "2027-01-04")
        press(page, "Save")
        expect_success(page, "Disagreement recorded.")
        # 2 months from Monday 4 January 2027: Thursday 4 March
        expect(summary_value(page, "Last day to appeal")).to_contain_text("Thursday 4 March 2027")
        disagreement = Disagreement.objects.get(case=case)

        follow(page, "Record the family's contact with the mediation adviser")
        fill_date(page, "Date the family contacted the mediation adviser", "2027-01-20")
        choose(page, "Do the family want mediation?", "Yes")
        fill_date(page, "Date the family told the council they want mediation", "2027-01-21")
        press(page, "Record it")
        expect_success(page, "Recorded: the family want mediation.")
        # mediation within 30 days of 21 January: by Saturday 20 February
        expect(page.locator("#clock + .app-table-container")).to_contain_text("20 Feb 2027")

        clock.set("2027-01-25")
        page = officer.sign_in_and_open(
            detail_url(disagreement),
            "Record the mediation arranged",
        )
        fill_date(page, "Date the mediation was arranged", "2027-01-25")
        fill_date(page, "Date of the mediation meeting", "2027-02-15")
        page.get_by_label("Mediator or mediation service").fill("Calm Waters Mediation")
        press(page, "Record it and send the arrangements")
        expect_success(
            page,
            "Mediation arranged for 15 February 2027. The family have been sent the arrangements.",
        )
        assert Notice.objects.filter(case=case, kind="mediation_arrangements").exists()

        clock.set("2027-02-15", "16:00")
        page = officer.sign_in_and_open(
            detail_url(disagreement),
            "Record the mediation held",
        )
        fill_date(page, "Date the mediation was held", "2027-02-15")
        page.get_by_label("Who attended").fill("Ms Okafor (parent); Sam Patel (SEN officer)")
        choose(page, "Outcome", "Not agreed")
        press(page, "Record the mediation")
        expect_success(
            page,
            "Mediation recorded: not agreed. The certificate is due within 3 working days.",
        )

        clock.set("2027-02-17")
        page = officer.sign_in_and_open(
            detail_url(disagreement),
            "Record the mediation certificate issued",
        )
        # held Monday 15 February: due Thursday 18 February
        record_certificate(page, "2027-02-17", due="18 February 2027")
        # a month after the certificate, Wednesday 17 March, is later than 4 March
        expect(summary_value(page, "Last day to appeal")).to_contain_text("Wednesday 17 March 2027")
        assert (
            Notice.objects.get(case=case, kind="mediation_certificate").facts["appeal_by"]
            == "17 March 2027"
        )

        clock.set("2027-03-10")
        page = officer.sign_in_and_open(
            detail_url(disagreement),
            "Record an appeal registered",
        )
        fill_date(page, "Date the Tribunal registered the appeal", "2027-03-10")
        page.get_by_label("Grounds of the appeal").fill("Needs cannot be met at SEN support.")
        fill_date(page, "Hearing date (if listed)", "2027-06-14")
        press(page, "Record the appeal")
        expect_success(
            page, "Appeal recorded. The plan stays as it is until the appeal is decided."
        )
        expect(summary_value(page, "Hearing")).to_contain_text("14 June 2027")

        clock.set("2027-06-14", "15:00")
        page = officer.sign_in_and_open(
            detail_url(disagreement),
            "Record the Tribunal's decision",
        )
        fill_date(page, "Date of the Tribunal's decision", "2027-06-14")
        choose(page, "The Tribunal's decision", "Upheld: the family won")
        press(page, "Record the decision")
        expect_success(page, "Decision recorded: upheld: the family won.")
        follow(page, "Record an order")
        record_order(page, "2027-06-14", "Make and maintain a plan")
        # the draft within 5 weeks (19 July), the final plan within 11 weeks (30 August)
        orders = page.locator("#orders ~ .app-table-container").first
        expect(orders).to_contain_text("19 Jul 2027")
        expect(orders).to_contain_text("30 Aug 2027")

        page = record_step_done(
            clock, officer, disagreement, "2027-07-16", "Issue the draft plan (due 19 July 2027)"
        )
        expect_success(page, "Step recorded. The order's other steps are still to do.")

        page = record_step_done(
            clock, officer, disagreement, "2027-09-03", "Issue the final plan (due 30 August 2027)"
        )
        expect_success(page, "Order complied with on 3 September 2027, late.")
        expect(page.locator("#orders ~ p .govuk-tag").first).to_have_text("Complied with late")
        axe_check(page)

    order = disagreement.orders.get()
    assert order.state == OrderState.COMPLIED and order.complied_late
    final = Deadline.objects.get(case=case, kind="order_final_plan")
    assert final.met_on > final.due_on
