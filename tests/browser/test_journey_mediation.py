"""Issue 22 in a real browser: a refusal to issue a plan disputed by the family, through
mediation (arranged, held, not agreed) and its certificate, to an appeal the family win, and the
Tribunal's order to make a plan complied with: the draft in time, the final plan late. "Today"
moves with the journey; every date shown is checked against the law's."""

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Deadline
from cases.notices.models import Notice
from cases.tests.factories import received_request
from mediation.models import Disagreement, OrderState
from tests.browser.journey import (
    JOURNEY,
    Clock,
    Person,
    choose,
    expect_errors,
    expect_success,
    fill_date,
    follow,
    press,
    summary_value,
)

pytestmark = JOURNEY


def test_mediation_fails_then_the_family_win_an_appeal_and_the_order_is_complied_with(
    make_context, live_server, axe_check, staff
):
    officer_user = staff["officer"]
    case = received_request(officer_user).case
    officer = Person(make_context, live_server.url, officer_user)
    case_url = reverse("cases:case", kwargs={"reference": case.reference})

    with Clock("2027-01-21", "09:30") as clock:
        page = officer.sign_in()
        officer.go(case_url)
        follow(page, "Record a disagreement")
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
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record the mediation arranged")
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
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record the mediation held")
        fill_date(page, "Date the mediation was held", "2027-02-15")
        page.get_by_label("Who attended").fill("Ms Okafor (parent); Sam Patel (SEN officer)")
        choose(page, "Outcome", "Not agreed")
        press(page, "Record the mediation")
        expect_success(
            page,
            "Mediation recorded: not agreed. The certificate is due within 3 working days.",
        )

        clock.set("2027-02-17")
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record the mediation certificate issued")
        # held Monday 15 February: due Thursday 18 February
        expect(page.locator(".govuk-inset-text")).to_contain_text("18 February 2027")
        fill_date(page, "Date the certificate was issued", "2027-02-17")
        press(page, "Record and send the certificate")
        expect_success(page, "Mediation certificate recorded and sent to the family.")
        # a month after the certificate, Wednesday 17 March, is later than 4 March
        expect(summary_value(page, "Last day to appeal")).to_contain_text("Wednesday 17 March 2027")
        assert (
            Notice.objects.get(case=case, kind="mediation_certificate").facts["appeal_by"]
            == "17 March 2027"
        )

        clock.set("2027-03-10")
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record an appeal registered")
        fill_date(page, "Date the Tribunal registered the appeal", "2027-03-10")
        page.get_by_label("Grounds of the appeal").fill("Needs cannot be met at SEN support.")
        fill_date(page, "Hearing date (if listed)", "2027-06-14")
        press(page, "Record the appeal")
        expect_success(
            page, "Appeal recorded. The plan stays as it is until the appeal is decided."
        )
        expect(summary_value(page, "Hearing")).to_contain_text("14 June 2027")

        clock.set("2027-06-14", "15:00")
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record the Tribunal's decision")
        fill_date(page, "Date of the Tribunal's decision", "2027-06-14")
        choose(page, "The Tribunal's decision", "Upheld: the family won")
        press(page, "Record the decision")
        expect_success(page, "Decision recorded: upheld: the family won.")
        follow(page, "Record an order")
        fill_date(page, "Date of the order", "2027-06-14")
        choose(page, "What did the Tribunal order?", "Make and maintain a plan")
        press(page, "Record the order")
        expect_success(page, "Order recorded, with its deadlines.")
        # the draft within 5 weeks (19 July), the final plan within 11 weeks (30 August)
        orders = page.locator("#orders ~ .app-table-container").first
        expect(orders).to_contain_text("19 Jul 2027")
        expect(orders).to_contain_text("30 Aug 2027")

        clock.set("2027-07-16")
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record a step done")
        choose(page, "Which step is done?", "Issue the draft plan (due 19 July 2027)")
        fill_date(page, "Date it was done", "2027-07-16")
        press(page, "Record the step")
        expect_success(page, "Step recorded. The order's other steps are still to do.")

        clock.set("2027-09-03")
        page = officer.sign_in()
        officer.go(reverse("mediation:detail", args=[case.reference, disagreement.pk]))
        follow(page, "Record a step done")
        choose(page, "Which step is done?", "Issue the final plan (due 30 August 2027)")
        fill_date(page, "Date it was done", "2027-09-03")
        press(page, "Record the step")
        expect_success(page, "Order complied with on 3 September 2027, late.")
        expect(page.locator("#orders ~ p .govuk-tag").first).to_have_text("Complied with late")
        axe_check(page)

    order = disagreement.orders.get()
    assert order.state == OrderState.COMPLIED and order.complied_late
    final = Deadline.objects.get(case=case, kind="order_final_plan")
    assert final.met_on > final.due_on
