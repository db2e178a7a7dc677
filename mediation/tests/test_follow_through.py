"""What follows from a disagreement once its dates pass or its outcome is known: the nightly
job closes one whose appeal window passed with no appeal, an order to continue withdraws an
open cessation of the plan, and a date agreed at mediation (reg 42(5)) is stored as the action's
deadline. Every date was worked out by hand against a calendar."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.audit_events import sentence
from cases.models import AuditEntry
from cases.models import Deadline
from ehcp import services as plan_services
from ehcp.models import CessationState
from ehcp.models import PlanState
from mediation import kinds
from mediation import services
from mediation.jobs import disagreements_close_lapsed
from mediation.models import DisagreementState
from mediation.models import OrderKind
from mediation.models import OrderState
from send_portal.jobs import run_deadline_jobs
from tests.kit import D
from tests.kit import travel

from .factories import LATER
from .factories import advice
from .factories import arrange
from .factories import certificate
from .factories import cessation_appealed
from .factories import cessation_notified
from .factories import close
from .factories import decide
from .factories import failed_mediation_appealed
from .factories import hold
from .factories import order
from .factories import record
from .factories import register_appeal

pytestmark = pytest.mark.django_db


def _overdue(case, today):
    """The disagreement's own limits that show as overdue on `today`."""
    return list(
        Deadline.objects.filter(
            case=case,
            kind__in=kinds.DISAGREEMENT_KINDS,
            met_on__isnull=True,
            cancelled=False,
            due_on__lt=D(today),
        ).values_list("kind", flat=True)
    )


# --- the appeal window passes with no appeal ------------------------------------------------------


def test_the_nightly_job_closes_a_disagreement_whose_appeal_window_passed_once(officer):
    # The school named alone, letter Monday 26 October 2026: appeal by Monday 4 January 2027
    # (2 months fall in the Tribunal's winter break). No appeal is registered.
    lapsed = record(officer, decision="placement", letter="2026-10-26")
    # The certificate issued on 12 November: a month on is 12 December, the letter's 2 months
    # (26 December) move to 4 January 2027 too; this family appeal in time.
    appealed = record(officer, decision="refuse_assess", letter="2026-10-26")
    advice(officer, appealed, contacted="2026-11-09", wants=False)
    certificate(officer, appealed, issued="2026-11-12")
    register_appeal(officer, appealed, registered="2026-12-21")
    # No certificate yet, though the letter's date has passed: a month after the certificate
    # may still be later, so this one waits for the officer.
    waiting = record(officer, decision="refuse_plan", letter="2026-10-26")
    advice(officer, waiting, contacted="2026-12-22", wants=False)
    # Never contacted the mediation adviser: their 2 months ended 26 December, and nothing can
    # move the appeal date now.
    silent = record(officer, decision="refuse_plan", letter="2026-10-26")

    with travel("2027-01-04"):  # the last day to appeal: nothing closes
        assert disagreements_close_lapsed(today=timezone.localdate()) == 0
    lapsed.refresh_from_db()
    assert lapsed.state == DisagreementState.APPEAL_OPEN

    with travel("2027-01-05"):
        run = run_deadline_jobs(send=False)
    assert run.stats["disagreements_closed"] == 2
    silent.refresh_from_db()
    assert silent.state == DisagreementState.RESOLVED
    assert silent.closed_on == D("2027-01-05")
    assert silent.close_reason == (
        "The appeal period passed with no mediation adviser contacted and no appeal registered"
    )
    assert _overdue(silent.case, "2027-01-05") == []  # nor the family's 2 months to contact
    lapsed.refresh_from_db()
    assert lapsed.state == DisagreementState.RESOLVED
    assert lapsed.closed_on == D("2027-01-05")
    assert lapsed.close_reason == "The appeal period passed with no appeal registered"
    appeal_by = Deadline.objects.get(case=lapsed.case, kind=kinds.APPEAL_DEADLINE)
    assert appeal_by.cancelled and appeal_by.met_on is None
    assert appeal_by.status != "overdue"
    assert _overdue(lapsed.case, "2027-01-05") == []  # the manager sees nothing overdue
    entry = AuditEntry.objects.get(action="disagreement.appeal_window_passed", case=lapsed.case)
    assert entry.actor is None and entry.case_id == lapsed.case_id
    assert sentence(entry.action, entry.payload) == (
        "The family's last day to appeal, 4 January 2027, passed with no appeal registered; "
        "disagreement closed 5 January 2027"
    )
    appealed.refresh_from_db()
    waiting.refresh_from_db()
    assert appealed.state == DisagreementState.APPEALED
    assert waiting.state == DisagreementState.CERTIFICATE_DUE

    # Idempotent: a second run that day, and the next day's run, close nothing more.
    with travel("2027-01-05"):
        assert run_deadline_jobs(send=False).stats["disagreements_closed"] == 0
    with travel("2027-01-06"):
        assert disagreements_close_lapsed(today=timezone.localdate()) == 0
    assert AuditEntry.objects.filter(action="disagreement.appeal_window_passed").count() == 2


def test_a_disagreement_the_officer_closed_first_is_left_alone(officer):
    d = record(officer, decision="placement", letter="2026-10-26")
    close(officer, d, closed="2026-11-20", reason="The council named the school the family wanted.")
    assert services.disagreement_appeal_window_pass(disagreement_id=d.pk, today=LATER) is None
    d.refresh_from_db()
    assert d.closed_on == D("2026-11-20")
    assert not AuditEntry.objects.filter(action="disagreement.appeal_window_passed").exists()


# --- an order to continue to maintain the plan -----------------------------------------------------


def test_an_order_to_continue_withdraws_the_cessation_at_once(officer, panel):
    plan, cessation, appeal = cessation_appealed(officer, panel)
    appeal = decide(officer, appeal, decided="2027-02-01")
    cont = order(officer, appeal, kind="continue", made="2027-02-01")
    cessation.refresh_from_db()
    assert cessation.state == CessationState.WITHDRAWN
    assert "Tribunal order (reg 44) of 1 February 2027" in cessation.notes
    # carried out the day of the order: complied with on time
    assert cont.state == OrderState.COMPLIED
    assert cont.complied_on == D("2027-02-01") and not cont.complied_late
    step = Deadline.objects.get(case=plan.case, kind="order_continue")
    assert (step.due_on, step.met_on) == (D("2027-02-01"), D("2027-02-01"))
    withdrawn = AuditEntry.objects.get(action="cessation.withdrawn")
    assert withdrawn.actor == officer and withdrawn.case_id == plan.case_id
    # the plan is kept: nothing is left to cease
    with pytest.raises(Exception, match="settled|ceas"):
        plan_services.cessation_complete(
            actor=officer, cessation_id=cessation.pk, ceased_on=D("2027-02-02"), today=LATER
        )
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL


def test_a_mediation_agreement_to_keep_the_plan_withdraws_the_cessation(officer, panel):
    plan, cessation = cessation_notified(officer, panel)
    d = record(officer, plan.case, decision="cease", letter="2026-09-15")
    advice(officer, d, contacted="2026-10-01", wants=True, informed="2026-10-02")
    arrange(officer, d, arranged="2026-10-05", meeting="2026-10-20")
    hold(officer, d, held="2026-10-20", outcome="agreed", agreement="The plan is kept.")
    cessation.refresh_from_db()
    assert cessation.state == CessationState.WITHDRAWN
    agreement = d.orders.get()
    assert agreement.kind == OrderKind.CONTINUE and agreement.state == OrderState.COMPLIED


def test_an_order_to_continue_with_no_cessation_open_stays_to_do(officer):
    appeal = decide(officer, failed_mediation_appealed(officer), decided="2027-06-14")
    cont = order(officer, appeal, kind="continue", made="2027-06-14")
    assert cont.state == OrderState.OPEN
    assert not AuditEntry.objects.filter(action="cessation.withdrawn").exists()


# --- a different date agreed at mediation (reg 42(5)) ----------------------------------------------


def _agreed(officer):
    d = record(officer, decision="refuse_assess", letter="2027-02-01")
    advice(officer, d, contacted="2027-02-08", wants=True, informed="2027-02-09")
    arrange(officer, d, arranged="2027-02-12", meeting="2027-03-01")
    hold(officer, d, held="2027-03-01", outcome="agreed", agreement="Assess; share reports.")
    return d


def _add(officer, d, **extra):
    return services.agreed_action_add(
        actor=officer,
        disagreement_id=d.pk,
        description="Meet the school to plan the transition.",
        today=LATER,
        **extra,
    )


def test_a_date_agreed_at_mediation_is_stored_as_the_actions_deadline(officer):
    d = _agreed(officer)
    action = _add(
        officer,
        d,
        kind="other",
        agreed_due_on=D("2027-04-30"),
        agreed_due_reason="The school's SENCO is away until April.",
    )
    # instead of 2 weeks from the agreement (15 March 2027), the date the parties agreed
    deadline = Deadline.objects.get(case=d.case, kind="agreement_action", object_id=action.pk)
    assert deadline.due_on == D("2027-04-30")
    assert action.agreed_due_on == D("2027-04-30")
    assert action.agreed_due_reason == "The school's SENCO is away until April."
    entry = AuditEntry.objects.get(action="order.timescale_agreed")
    assert sentence(entry.action, entry.payload) == (
        "The parties agreed at mediation a different date, 30 April 2027, instead of "
        "15 March 2027: The school's SENCO is away until April."
    )
    # without one, the law's 2 weeks
    plain = _add(officer, d, kind="other")
    assert Deadline.objects.get(kind="agreement_action", object_id=plain.pk).due_on == D(
        "2027-03-15"
    )


def test_an_agreed_date_needs_a_reason_a_one_step_action_and_a_date_after_the_mediation(
    officer,
):
    d = _agreed(officer)
    cases = (
        ({"kind": "other", "agreed_due_on": D("2027-04-30")}, "agreed_due_reason"),
        (
            {"kind": "assess", "agreed_due_on": D("2027-04-30"), "agreed_due_reason": "x"},
            "agreed_due_on",
        ),
        (
            {"kind": "other", "agreed_due_on": D("2027-02-20"), "agreed_due_reason": "x"},
            "agreed_due_on",
        ),
    )
    for extra, field in cases:
        with pytest.raises(ValidationError) as error:
            _add(officer, d, **extra)
        assert field in error.value.message_dict
    assert d.orders.count() == 1  # only the agreement made when the mediation was held
