"""What the council does after an order, and the health commissioner told, are told in writing:
each is a notice (to the family, or addressed to the commissioner), and its limit is met on the
day the notice is sent, not on the day typed (decision record 16). A health or social care
body's answer to a Tribunal recommendation is copied to the family."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Deadline
from cases.notices import selectors as notice_selectors
from cases.notices import services as notices
from cases.notices.models import Channel
from cases.notices.models import Notice
from cases.notices.models import RecipientRole
from cases.notices.tests.kit import family_case
from cases.notices.tests.kit import young_person_case
from cases.tests.factories import received_request
from mediation import kinds
from mediation import services
from mediation.models import OrderState
from tests.kit import D
from tests.kit import at
from tests.kit import letter_words
from tests.kit import letters_posted
from tests.kit import letters_written

from .factories import LATER
from .factories import advice
from .factories import arrange
from .factories import certificate
from .factories import decide
from .factories import failed_mediation_appealed
from .factories import health_among_issues_mediation_wanted
from .factories import order
from .factories import recommend
from .factories import record
from .factories import register_appeal
from .factories import step_done

pytestmark = pytest.mark.django_db
COPIES = {RecipientRole.SETTING, RecipientRole.HEALTH}


def _step(order_, kind) -> Deadline:
    return Deadline.objects.get(object_id=order_.pk, kind=kind, content_type__model="order")


def _post(officer, notice: Notice, on: str):
    letters_written()
    family = notice.deliveries.exclude(role__in=COPIES | {RecipientRole.SOCIAL_CARE}).get()
    assert family.channel == Channel.POST
    assert family in notice_selectors.post_queue(officer, today=D(on))
    letters_posted(officer, family, on=on)
    notice.refresh_from_db()
    return notice


def _assess_order(officer, case):
    """A Tribunal order to assess, of Monday 14 June 2027: say so by 28 June, then "no plan"
    by 23 August (10 weeks) or the final plan by 20 September (14 weeks)."""
    appeal = decide(officer, failed_mediation_appealed(officer, case), decided="2027-06-14")
    return order(officer, appeal, kind="assess", made="2027-06-14")


def test_an_order_to_assess_is_told_by_post_and_complied_with_on_the_posted_dates(
    officer, pdf_renders
):
    case = family_case(officer, wants_post=True)
    assess = _assess_order(officer, case)

    # typed on Friday 25 June: the letter goes on the print queue, the step waits for it
    assess = step_done(officer, assess, "assess_notice", "2027-06-25", today=D("2027-06-25"))
    assert assess.letter_waiting and assess.state == OrderState.OPEN
    told = _step(assess, "order_assess_notice")
    assert told.met_on is None
    notice = Notice.objects.get(case=case, kind="order_will_assess")
    assert notice.dated_on == D("2027-06-25") and notice.sent_on is None
    family = notice.deliveries.get(role=RecipientRole.PARENT)
    assert (family.name, family.channel) == ("Rachel Okafor", Channel.POST)
    assert "EX1 1AA" in family.postal_address
    letter = letter_words(pdf_renders, notice.title)
    assert "We will carry out an EHC needs assessment" in letter
    assert "Maya" in letter and "25 June 2027" in letter
    assert "the First-tier Tribunal's order of 14 June 2027" in letter
    assert (
        "tell you by 23 August 2027" in letter and "final EHC plan by 20 September 2027" in letter
    )
    assert "Demo SENDIASS" in letter
    # the same step cannot be sent twice while its letter waits
    with pytest.raises(ValidationError, match="waiting to go out"):
        step_done(officer, assess, "assess_notice", "2027-06-25")

    # posted on Monday 28 June, the last day: on time
    notice = _post(officer, notice, "2027-06-28")
    assert notice.sent_on == D("2027-06-28")
    told.refresh_from_db()
    assert told.met_on == D("2027-06-28")

    # "no plan is needed": typed on Friday 20 August, in time, but posted on Tuesday 24 August
    step_done(officer, assess, "no_plan_notice", "2027-08-20", today=D("2027-08-20"))
    no_plan = Notice.objects.get(case=case, kind="order_no_plan")
    letter = letter_words(pdf_renders, no_plan.title)
    assert "decided on 20 August 2027 not to issue an education, health and care (EHC) plan" in (
        letter
    )
    assert "You must appeal by 20 October 2027" in letter  # from the letter's date until sent
    assert "Demo Mediation Service" in letter and "Disagreement resolution" in letter
    assert set(no_plan.deliveries.values_list("role", flat=True)) == {RecipientRole.PARENT} | COPIES
    assert _step(assess, "order_no_plan_notice").met_on is None

    no_plan = _post(officer, no_plan, "2027-08-24")
    # the appeal runs from the day it was sent: 24 October 2027 is a Sunday
    assert no_plan.appeal_by == D("2027-10-25")
    assess.refresh_from_db()
    assert _step(assess, "order_no_plan_notice").met_on == D("2027-08-24")
    assert _step(assess, "order_final_plan").cancelled  # the alternative ends
    assert assess.state == OrderState.COMPLIED
    assert assess.complied_on == D("2027-08-24") and assess.complied_late


def test_a_letter_sent_outside_this_service_meets_the_step_that_day_on_time(officer):
    case = family_case(officer, date_of_birth=D("2016-05-14"))
    assess = _assess_order(officer, case)
    assess = step_done(officer, assess, "assess_notice", "2027-06-21")
    notice = Notice.objects.get(case=case, kind="order_will_assess")
    assert notice.sent_on == D("2027-06-21") and notice.dated_on == D("2027-06-21")
    assert _step(assess, "order_assess_notice").met_on == D("2027-06-21")
    assess = step_done(officer, assess, "final_plan", "2027-09-17")  # not a letter: its date
    assert assess.state == OrderState.COMPLIED and not assess.complied_late
    assert not Notice.objects.filter(case=case, kind="order_no_plan").exists()


def test_after_an_appeal_not_opposed_the_young_person_is_told_in_their_own_name(officer):
    case = young_person_case(officer)  # a young person from 27 June 2026, no email
    d = record(officer, case, decision="refuse_assess", letter="2027-01-04")
    advice(officer, d, contacted="2027-01-10", wants=False)
    certificate(officer, d, issued="2027-01-12")
    appeal = register_appeal(officer, d, registered="2027-02-15")
    services.appeal_not_oppose(
        actor=officer, appeal_id=appeal.pk, notified_on=D("2027-04-01"), today=LATER
    )
    conceded = appeal.orders.get()
    assert conceded.kind == "assess"
    step_done(officer, conceded, "assess_notice", "2027-04-09")

    notice = Notice.objects.get(case=case, kind="order_will_assess")
    assert notice.facts["order_words"] == (
        "our notice to the First-tier Tribunal that we would not oppose your appeal"
    )
    letters_written()
    family = notice.deliveries.exclude(role__in=COPIES | {RecipientRole.SOCIAL_CARE}).get()
    assert (family.role, family.name, family.channel) == (
        RecipientRole.YOUNG_PERSON,
        "Ade Okafor",
        Channel.POST,
    )
    assert _step(conceded, "order_assess_notice").met_on == D("2027-04-09")


def test_the_health_commissioner_is_told_by_a_notice_and_on_the_day_it_is_sent(officer):
    case = received_request(officer).case
    d = record(
        officer, case, decision="health_social_care", health_issues=True, letter="2027-02-15"
    )
    # told on Monday 1 March: the commissioner within 3 working days, by Thursday 4 March
    d = advice(officer, d, contacted="2027-02-26", wants=True, informed="2027-03-01")
    d = services.commissioner_told(
        actor=officer, disagreement_id=d.pk, told_on=D("2027-03-02"), today=D("2027-03-02")
    )
    notice = Notice.objects.get(case=case, kind="mediation_health_commissioner")
    (to,) = notice.deliveries.all()
    assert (to.role, to.name, to.channel, to.email) == (
        RecipientRole.ADDRESSEE,
        "Demo Integrated Care Board",
        Channel.EMAIL,
        "send.health@example.nhs.uk",
    )
    assert "you arrange the mediation" in notice.facts["arrangements"]
    assert d.commissioner_told_on is None
    assert Deadline.objects.get(case=case, kind=kinds.COMMISSIONER_TOLD).met_on is None
    with pytest.raises(ValidationError, match="waiting to go out"):
        services.commissioner_told(
            actor=officer, disagreement_id=d.pk, told_on=D("2027-03-02"), today=D("2027-03-02")
        )
    with pytest.raises(ValidationError, match="when health is the only issue, it arranges"):
        arrange(officer, d, arranged="2027-03-02", meeting="2027-03-20")

    letters_written()
    assert notices.delivery_send(delivery_id=to.pk, now=at("2027-03-03", "09:00")) == "sent"

    d.refresh_from_db()
    assert d.commissioner_told_on == D("2027-03-03")
    assert Deadline.objects.get(case=case, kind=kinds.COMMISSIONER_TOLD).met_on == D("2027-03-03")
    # its 30 days to arrange the mediation run from the day it was told: 2 April 2027
    assert Deadline.objects.get(case=case, kind=kinds.MEDIATION_DUE).due_on == D("2027-04-02")


def test_a_commissioner_told_outside_this_service_today_is_recorded_so(officer):
    case = received_request(officer).case
    d = health_among_issues_mediation_wanted(officer, case)
    d = services.commissioner_told(
        actor=officer,
        disagreement_id=d.pk,
        told_on=D("2027-03-05"),
        told_outside=True,
        today=D("2027-03-05"),
    )
    notice = Notice.objects.get(case=case, kind="mediation_health_commissioner")
    assert notice.sent_on == D("2027-03-05") and d.commissioner_told_on == D("2027-03-05")
    assert "We will arrange the mediation" in notice.facts["arrangements"]
    told = Deadline.objects.get(case=case, kind=kinds.COMMISSIONER_TOLD)
    assert told.met_on == D("2027-03-05") and told.met_on > told.due_on  # late: due 4 March


def test_the_family_get_a_copy_of_the_written_response_to_a_recommendation(officer, pdf_renders):
    case = family_case(officer, wants_post=True)
    appeal = failed_mediation_appealed(officer, case)
    rec = recommend(officer, appeal, recommended="2027-06-14")
    services.recommendation_respond(
        actor=officer,
        recommendation_id=rec.pk,
        responded_on=D("2027-07-12"),
        response="Agreed: the ICB will commission weekly therapy from September.",
        today=D("2027-07-13"),
    )
    assert Deadline.objects.get(case=case, kind=kinds.RECOMMENDATION_RESPONSE).met_on == D(
        "2027-07-12"
    )
    notice = Notice.objects.get(case=case, kind="recommendation_response")
    assert notice.dated_on == D("2027-07-13") and notice.sent_on is None  # on the print queue
    family = notice.deliveries.get()
    assert (family.role, family.channel) == (RecipientRole.PARENT, Channel.POST)
    letter = letter_words(pdf_renders, notice.title)
    assert "Maya" in letter and "13 July 2027" in letter
    assert "The Tribunal recommended on 14 June 2027" in letter
    assert "answered in writing on 12 July 2027" in letter
    assert "Agreed: the ICB will commission weekly therapy from September." in letter
    assert "Demo SENDIASS" in letter
