"""Each path of a disagreement through the services, with the dates the law gives. Every
expected date was worked out by hand against a calendar and the bank holidays of England."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from cases.audit_events import sentence
from cases.models import AuditEntry
from cases.models import Deadline
from cases.notices.models import Notice
from cases.rules import ConcurrentChange
from cases.tests.factories import ChildFactory
from cases.tests.factories import received_request
from ehcp import appeals
from mediation import kinds
from mediation import services
from mediation.models import AppealState
from mediation.models import DisagreementState
from mediation.models import MediationState
from mediation.models import OrderSource
from mediation.models import OrderState
from tests.kit import D

from .factories import LATER
from .factories import advice
from .factories import arrange
from .factories import certificate
from .factories import close
from .factories import complaint_answered
from .factories import complaint_received
from .factories import decide
from .factories import failed_mediation_appealed
from .factories import health_among_issues_mediation_wanted
from .factories import hold
from .factories import order
from .factories import recommend
from .factories import record
from .factories import register_appeal
from .factories import resolution_asked
from .factories import resolution_concluded
from .factories import step_done

pytestmark = pytest.mark.django_db


def deadline(obj_case, kind):
    return Deadline.objects.get(case=obj_case, kind=kind)


def steps_of(order) -> dict:
    """{deadline kind: due date} of an order's steps."""
    from cases.services import deadlines_of
    from mediation.models import ORDER_STEP_KINDS

    codes = [code for code, _label in ORDER_STEP_KINDS.values()]
    return {x.kind: x.due_on for x in deadlines_of(order, codes)}


def open_kinds(case) -> set[str]:
    return set(
        Deadline.objects.filter(case=case, met_on__isnull=True, cancelled=False).values_list(
            "kind", flat=True
        )
    )


# --- no mediation ------------------------------------------------------------------------------


def test_no_mediation_certificate_within_3_working_days_then_the_appeal_deadline(officer):
    # A refusal to assess sent Wednesday 3 February 2027: appeal by 3 April (a Saturday in the
    # Easter weekend's wake: Monday 5 April 2027 is the next working day).
    d = record(officer, decision="refuse_assess", letter="2027-02-03")
    assert d.state == DisagreementState.ADVICE
    assert deadline(d.case, kinds.APPEAL_DEADLINE).due_on == D("2027-04-05")
    # The family tell the adviser on Thursday 25 February they want no mediation:
    # certificate within 3 working days: Fri 26 Feb, Mon 1, Tue 2 March.
    d = advice(officer, d, contacted="2027-02-25", wants=False)
    assert d.state == DisagreementState.CERTIFICATE_DUE
    assert deadline(d.case, kinds.MEDIATION_CERTIFICATE).due_on == D("2027-03-02")
    d = certificate(officer, d, issued="2027-03-02")
    assert d.state == DisagreementState.APPEAL_OPEN
    cert = deadline(d.case, kinds.MEDIATION_CERTIFICATE)
    assert cert.met_on == D("2027-03-02") and cert.met_on <= cert.due_on
    # certificate + 1 month = Friday 2 April (Good Friday is 26 March 2027): the letter's
    # 2 months (5 April after the move) is later, so it stands
    assert deadline(d.case, kinds.APPEAL_DEADLINE).due_on == D("2027-04-05")
    notice = Notice.objects.get(case=d.case, kind="mediation_certificate")
    assert notice.dated_on == D("2027-03-02")
    assert notice.facts["appeal_by"] == "5 April 2027"
    assert notice.deliveries.exists()
    actions = list(AuditEntry.objects.filter(case=d.case).values_list("action", flat=True))
    assert "disagreement.certificate_issued" in actions
    entry = AuditEntry.objects.get(case=d.case, action="disagreement.no_mediation")
    assert sentence(entry.action, entry.payload) == (
        "The family contacted the mediation adviser on 25 February 2027 and do not want "
        "mediation; certificate due 2 March 2027"
    )


def test_a_certificate_in_july_gives_an_appeal_date_moved_out_of_august(officer):
    # Letter 2 June 2027: 2 months = 2 August; certificate 8 July: 1 month = 8 August. Both in
    # August: r.12 moves the day to the first working day after 31 August (30 August 2027 is
    # the summer bank holiday; 31 August a Tuesday): Wednesday 1 September 2027.
    d = record(officer, decision="refuse_amend", letter="2027-06-02")
    d = advice(officer, d, contacted="2027-07-05", wants=False)
    d = certificate(officer, d, issued="2027-07-08")
    assert deadline(d.case, kinds.APPEAL_DEADLINE).due_on == D("2027-09-01")
    assert appeals.appeal_period_ends(d.case, D("2027-06-02")) == D("2027-09-01")


def test_the_family_must_contact_the_adviser_within_2_months_of_the_letter(officer):
    d = record(officer, letter="2027-02-03")
    with pytest.raises(ValidationError) as error:
        advice(officer, d, contacted="2027-04-04", wants=False)
    assert "by 3 April 2027" in error.value.message_dict["adviser_contacted_on"][0]
    d.refresh_from_db()
    assert d.state == DisagreementState.ADVICE
    assert kinds.MEDIATION_CERTIFICATE not in open_kinds(d.case)


def test_dates_are_checked_with_gov_uk_messages(officer):
    with pytest.raises(ValidationError) as error:
        record(officer, letter="2031-01-01")
    assert error.value.message_dict["decision_letter_on"] == [
        "The date must be today or in the past"
    ]
    d = record(officer, letter="2027-02-03")
    with pytest.raises(ValidationError) as error:
        advice(officer, d, contacted="2027-02-01", wants=False)
    assert error.value.message_dict["adviser_contacted_on"] == [
        "The date must be on or after 3 February 2027, the date the decision letter was sent"
    ]
    with pytest.raises(ValidationError) as error:
        advice(officer, d, contacted="2027-02-10", wants=True)
    assert "council_informed_on" in error.value.message_dict


# --- mediation agreed ----------------------------------------------------------------------------


def test_mediation_agreed_creates_actions_within_the_reg_42_limits(officer):
    d = record(officer, decision="refuse_assess", letter="2027-02-01")
    # told on Tuesday 9 February: mediation within 30 days, by 11 March 2027
    d = advice(officer, d, contacted="2027-02-08", wants=True, informed="2027-02-09")
    assert d.state == DisagreementState.MEDIATION
    mediation = d.current_mediation
    assert deadline(d.case, kinds.MEDIATION_DUE).due_on == D("2027-03-11")
    assert kinds.COMMISSIONER_TOLD not in open_kinds(d.case)  # no health issue
    mediation = arrange(officer, d, arranged="2027-02-12", meeting="2027-03-01")
    assert mediation.state == MediationState.ARRANGED
    arrangements = Notice.objects.get(case=d.case, kind="mediation_arrangements")
    assert arrangements.facts["meeting_on"] == "2027-03-01"
    mediation = hold(
        officer,
        d,
        held="2027-03-01",
        outcome="agreed",
        agreement="The council will carry out an EHC needs assessment.",
    )
    due = deadline(d.case, kinds.MEDIATION_DUE)
    assert due.met_on == D("2027-03-01")
    d.refresh_from_db()
    assert d.state == DisagreementState.CERTIFICATE_DUE
    # the certificate within 3 working days of the mediation: Tue 2, Wed 3, Thu 4 March
    assert deadline(d.case, kinds.MEDIATION_CERTIFICATE_AFTER).due_on == D("2027-03-04")
    # On an appealable matter the agreement runs as the matching order (reg 42(2), reg 44):
    # 2 weeks to say it will assess (15 March), 10 weeks for "no plan" (10 May), 14 weeks for
    # the final plan (7 June 2027).
    agreement = d.orders.get()
    assert agreement.source == OrderSource.AGREEMENT and agreement.kind == "assess"
    steps = steps_of(agreement)
    assert steps == {
        "order_assess_notice": D("2027-03-15"),
        "order_no_plan_notice": D("2027-05-10"),
        "order_final_plan": D("2027-06-07"),
    }
    # Anything the family cannot appeal: within 2 weeks of the agreement (reg 42(3))
    other = services.agreed_action_add(
        actor=officer,
        disagreement_id=d.pk,
        kind="other",
        description="Share the speech and language report with the school.",
    )
    assert steps_of(other) == {"agreement_action": D("2027-03-15")}
    certificate(officer, d, issued="2027-03-03")
    # the assessment notice on time; the final plan issued: "no plan" no longer applies
    step_done(officer, agreement, "assess_notice", "2027-03-12")
    agreement = step_done(officer, agreement, "final_plan", "2027-06-01")
    assert agreement.state == OrderState.COMPLIED
    assert agreement.complied_on == D("2027-06-01") and not agreement.complied_late
    no_plan = deadline(d.case, "order_no_plan_notice")
    assert no_plan.cancelled and no_plan.met_on is None


def test_an_agreement_on_another_kind_of_order_is_refused(officer):
    d = record(officer, decision="refuse_assess", letter="2027-02-01")
    advice(officer, d, contacted="2027-02-08", wants=True, informed="2027-02-09")
    arrange(officer, d, arranged="2027-02-12", meeting="2027-03-01")
    hold(officer, d, held="2027-03-01", outcome="agreed_in_part", agreement="Reassess speech.")
    with pytest.raises(ValidationError) as error:
        services.agreed_action_add(
            actor=officer, disagreement_id=d.pk, kind="placement", description="x"
        )
    assert "matching Tribunal order" in error.value.message_dict["kind"][0]


def test_an_agreement_needs_its_words_and_no_action_follows_no_agreement(officer):
    d = record(officer, decision="refuse_assess", letter="2027-02-01")
    advice(officer, d, contacted="2027-02-08", wants=True, informed="2027-02-09")
    arrange(officer, d, arranged="2027-02-12", meeting="2027-03-01")
    with pytest.raises(ValidationError) as error:
        hold(officer, d, held="2027-03-01", outcome="agreed")
    assert error.value.message_dict["agreement"] == ["Enter what was agreed at the mediation"]
    hold(officer, d, held="2027-03-01", outcome="not_agreed")
    assert not d.orders.exists()
    with pytest.raises(ValidationError, match="Record the mediation held"):
        services.agreed_action_add(
            actor=officer, disagreement_id=d.pk, kind="other", description="x"
        )


def test_mediation_not_arranged_in_30_days_brings_the_certificate(officer):
    d = record(officer, decision="plan_contents", sections=["F"], letter="2027-02-01")
    d = advice(officer, d, contacted="2027-02-08", wants=True, informed="2027-02-09")
    # the adviser is told on Thursday 11 March: certificate by Tue 16 March
    d = services.mediation_not_arranged(
        actor=officer, disagreement_id=d.pk, adviser_told_on=D("2027-03-11"), today=LATER
    )
    assert d.state == DisagreementState.CERTIFICATE_DUE
    assert deadline(d.case, kinds.MEDIATION_CERTIFICATE).due_on == D("2027-03-16")
    assert Deadline.objects.get(case=d.case, kind=kinds.MEDIATION_DUE).cancelled


# --- mediation failed, then appeal ----------------------------------------------------------------


def test_failed_mediation_then_appeal_runs_to_a_month_after_the_certificate(officer):
    appeal = failed_mediation_appealed(officer)
    d = appeal.disagreement
    case = d.case
    # letter 4 January 2027 + 2 months = 4 March; certificate 17 February + 1 month =
    # 17 March 2027 (a Wednesday): the later
    appeal_by = deadline(case, kinds.APPEAL_DEADLINE)
    assert appeal_by.due_on == D("2027-03-17")
    assert appeal_by.met_on == D("2027-03-10")  # the appeal registered
    assert appeals.appeal_period_ends(case, D("2027-01-04")) == D("2027-03-17")
    # the certificate after mediation: held Monday 15 February, due Thursday 18
    cert = deadline(case, kinds.MEDIATION_CERTIFICATE_AFTER)
    assert (cert.due_on, cert.met_on) == (D("2027-02-18"), D("2027-02-17"))
    assert d.state == DisagreementState.APPEALED
    pending = deadline(case, kinds.APPEAL_PENDING)
    assert pending.due_on == D("2027-06-14") and pending.met_on is None
    assert appeals.appeal_pending(case)
    # the Tribunal's directions
    services.appeal_set_dates(
        actor=officer,
        appeal_id=appeal.pk,
        hearing_on=D("2027-06-21"),
        evidence_due_on=D("2027-05-10"),
        today=LATER,
    )
    assert deadline(case, kinds.APPEAL_PENDING).due_on == D("2027-06-21")
    assert deadline(case, kinds.TRIBUNAL_EVIDENCE).due_on == D("2027-05-10")
    appeal = decide(officer, appeal, decided="2027-06-21", outcome="dismissed")
    assert appeal.state == AppealState.DECIDED
    assert not appeals.appeal_pending(case)
    assert deadline(case, kinds.TRIBUNAL_EVIDENCE).cancelled
    d.refresh_from_db()
    assert d.state == DisagreementState.APPEAL_ENDED
    with pytest.raises(ValidationError, match="dismissed"):
        order(officer, appeal, kind="make_plan", made="2027-06-21")


def test_an_appeal_before_the_certificate_is_refused(officer):
    d = record(officer, letter="2027-01-04")
    with pytest.raises(ConcurrentChange):
        register_appeal(officer, d, registered="2027-02-01")
    assert not hasattr(d, "appeal") or d.appeal is None


# --- appeal won: orders complied with in time and late -------------------------------------------


def test_appeal_won_orders_complied_with_in_time_and_late(officer):
    appeal = decide(officer, failed_mediation_appealed(officer), decided="2027-06-14")
    # make a plan, from Monday 14 June 2027: draft within 5 weeks (19 July), final within
    # 11 weeks (30 August: a bank holiday, but weeks are calendar weeks)
    plan_order = order(officer, appeal, kind="make_plan", made="2027-06-14")
    steps = steps_of(plan_order)
    assert steps == {"order_draft_plan": D("2027-07-19"), "order_final_plan": D("2027-08-30")}
    plan_order = step_done(officer, plan_order, "draft_plan", "2027-07-16")
    assert plan_order.state == OrderState.OPEN
    plan_order = step_done(officer, plan_order, "final_plan", "2027-09-03")
    assert plan_order.state == OrderState.COMPLIED
    assert plan_order.complied_late and plan_order.complied_on == D("2027-09-03")
    late = AuditEntry.objects.filter(action="order.step_done").order_by("pk").last()
    assert sentence(late.action, late.payload) == (
        "Issue the final plan: done 3 September 2027, late (due 30 August 2027)"
    )
    # name the school: 2 weeks, by 28 June; done on 25 June, on time
    placement = order(officer, appeal, kind="placement", made="2027-06-14")
    placement = step_done(officer, placement, "placement", "2027-06-25")
    assert placement.state == OrderState.COMPLIED and not placement.complied_late
    # a step already done cannot be recorded again
    with pytest.raises(ValidationError, match="has been complied with"):
        step_done(officer, placement, "placement", "2027-06-26")


def test_an_order_to_continue_is_due_at_once(officer):
    appeal = decide(officer, failed_mediation_appealed(officer), decided="2027-06-14")
    cont = order(officer, appeal, kind="continue", made="2027-06-14")
    assert steps_of(cont) == {"order_continue": D("2027-06-14")}


def test_not_opposing_runs_the_same_limits_from_the_notice_to_the_tribunal(officer):
    d = record(officer, decision="plan_contents", sections=["B", "F"], letter="2027-01-04")
    advice(officer, d, contacted="2027-01-10", wants=False)
    certificate(officer, d, issued="2027-01-12")
    appeal = register_appeal(officer, d, registered="2027-02-15")
    appeal = services.appeal_not_oppose(
        actor=officer, appeal_id=appeal.pk, notified_on=D("2027-04-01"), today=LATER
    )
    assert appeal.state == AppealState.NOT_OPPOSED
    conceded = appeal.orders.get()
    assert (conceded.source, conceded.kind) == (OrderSource.NOT_OPPOSED, "amend")
    # amend within 5 weeks of telling the Tribunal (reg 45 with reg 44): 6 May 2027
    assert steps_of(conceded) == {"order_amended_plan": D("2027-05-06")}
    assert not appeals.appeal_pending(d.case)


def test_health_and_social_care_recommendations_are_answered_within_5_weeks(officer):
    appeal = failed_mediation_appealed(officer)
    rec = recommend(officer, appeal, recommended="2027-06-14")
    response = deadline(appeal.disagreement.case, kinds.RECOMMENDATION_RESPONSE)
    assert response.due_on == D("2027-07-19")
    services.recommendation_respond(
        actor=officer,
        recommendation_id=rec.pk,
        responded_on=D("2027-07-12"),
        response="Agreed: the ICB will commission it.",
        today=LATER,
    )
    response.refresh_from_db()
    assert response.met_on == D("2027-07-12")


# --- placement only; health only -----------------------------------------------------------------


def test_placement_only_skips_mediation_and_appeals_from_the_letter(officer):
    # letter Monday 26 October 2026: 2 months = 26 December, in the Tribunal's winter break:
    # the first working day after 1 January 2027 is Monday 4 January
    d = record(officer, decision="placement", letter="2026-10-26")
    assert d.state == DisagreementState.APPEAL_OPEN
    assert deadline(d.case, kinds.APPEAL_DEADLINE).due_on == D("2027-01-04")
    assert kinds.MEDIATION_CERTIFICATE not in open_kinds(d.case)
    appeal = register_appeal(officer, d, registered="2026-12-01")
    assert appeal.state == AppealState.REGISTERED


def test_health_only_mediation_is_arranged_by_the_commissioner(officer):
    d = record(officer, decision="health_social_care", health_issues=True, letter="2027-02-15")
    assert not Deadline.objects.filter(case=d.case, kind=kinds.APPEAL_DEADLINE).exists()
    # told on Monday 1 March: the commissioner within 3 working days, by Thursday 4 March
    d = advice(officer, d, contacted="2027-02-26", wants=True, informed="2027-03-01")
    assert deadline(d.case, kinds.COMMISSIONER_TOLD).due_on == D("2027-03-04")
    assert not Deadline.objects.filter(case=d.case, kind=kinds.MEDIATION_DUE).exists()
    with pytest.raises(ValidationError, match="when health is the only issue, it arranges"):
        arrange(officer, d, arranged="2027-03-02", meeting="2027-03-20")
    d = services.commissioner_told(
        actor=officer, disagreement_id=d.pk, told_on=D("2027-03-03"), today=LATER
    )
    # the commissioner arranges it within 30 days of being told: 2 April 2027
    mediation = d.current_mediation
    assert mediation.arranged_by == "health"
    assert deadline(d.case, kinds.MEDIATION_DUE).due_on == D("2027-04-02")
    assert deadline(d.case, kinds.COMMISSIONER_TOLD).met_on == D("2027-03-03")
    arrange(officer, d, arranged="2027-03-05", meeting="2027-03-25")
    hold(officer, d, held="2027-03-25", outcome="agreed", agreement="Monthly physiotherapy.")
    action = d.orders.get()
    assert action.kind == "other"  # health alone cannot be appealed: 2 weeks (reg 42(3))
    assert steps_of(action) == {"agreement_action": D("2027-04-08")}
    certificate(officer, d, issued="2027-03-26")
    with pytest.raises(ValidationError, match="not appealed to the Tribunal"):
        register_appeal(officer, d, registered="2027-04-01")


def test_health_among_issues_tells_the_commissioner_and_the_council_still_arranges(officer):
    d = health_among_issues_mediation_wanted(officer)
    assert deadline(d.case, kinds.COMMISSIONER_TOLD).due_on == D("2027-03-04")
    assert deadline(d.case, kinds.MEDIATION_DUE).due_on == D("2027-03-31")
    assert d.current_mediation.arranged_by == "council"


# --- closing, access -----------------------------------------------------------------------------


def test_closing_without_an_appeal_cancels_its_open_limits(officer):
    d = record(officer, letter="2027-02-01")
    d = close(officer, d, closed="2027-02-20", reason="The council agreed to assess after all.")
    assert d.state == DisagreementState.RESOLVED
    assert deadline(d.case, kinds.APPEAL_DEADLINE).cancelled


def test_only_those_who_may_work_on_the_case_can_act(officer, panel, make_user):
    d = record(officer, letter="2027-02-01")
    stranger = make_user("case_officer", team=None)
    for actor in (panel, stranger):
        with pytest.raises(PermissionDenied):
            advice(actor, d, contacted="2027-02-08", wants=False)
    d.refresh_from_db()
    assert d.state == DisagreementState.ADVICE


def test_a_certificate_nobody_can_receive_is_issued_and_its_letter_held(officer):
    """A decision is never lost for want of an address: the certificate is issued, and its
    letter waits, held, until the family's contact details are recorded (decision record 16)."""
    child = ChildFactory()  # no family to send the certificate to
    case = received_request(officer, child=child).case
    d = record(officer, case, letter="2027-02-01")
    advice(officer, d, contacted="2027-02-08", wants=False)
    assert certificate(officer, d, issued="2027-02-09").state == DisagreementState.APPEAL_OPEN
    notice = Notice.objects.get(case=case, kind="mediation_certificate")
    assert notice.letter_id is None and notice.sent_on is None
    assert not notice.deliveries.exists()


def test_resolutions_and_complaints_are_logged_with_their_dates(officer):
    case = received_request(officer).case
    resolution = resolution_asked(
        officer,
        case,
        about="Support in class while the assessment runs.",
        meeting_on=D("2027-01-25"),
    )
    resolution = resolution_concluded(officer, resolution, held="2027-01-25")
    assert resolution.state == "concluded" and resolution.held_on == D("2027-01-25")
    complaint = complaint_received(officer, case)
    with pytest.raises(ValidationError) as error:
        complaint_answered(officer, complaint, on="2027-01-30", response="Sorry.")
    assert "on or after 1 February 2027" in error.value.message_dict["responded_on"][0]
    complaint = complaint_answered(
        officer,
        complaint,
        on="2027-02-12",
        response="We apologise; a named officer now answers within 5 days.",
    )
    assert complaint.state == "responded" and complaint.upheld
