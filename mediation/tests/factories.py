"""Disagreements at each step, built through the services with explicit dates."""

from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import received_request
from ehcp.tests.factories import issued_plan
from ehcp.tests.factories import notify_cessation
from ehcp.tests.factories import start_cessation
from mediation import services
from tests.kit import D

LATER = D("2030-12-31")  # "today" for set-up: every date the helpers get is before it


def _d(value):
    return D(str(value)) if value is not None else None


def _step(service, officer, **fields):
    """`service` run by `officer` (`today`: LATER unless given)."""
    fields.setdefault("today", LATER)
    return service(actor=officer, **fields)


def record(officer, case=None, *, decision="refuse_assess", letter="2027-02-01", **extra):
    """A disagreement on `case` (a new case with a family by default)."""
    case = case or received_request(officer).case
    return _step(
        services.disagreement_record,
        officer,
        case_id=case.pk,
        decision=decision,
        decision_letter_on=_d(letter),
        **extra,
    )


def advice(officer, disagreement, *, contacted, wants, informed=None):
    return _step(
        services.advice_record,
        officer,
        disagreement_id=disagreement.pk,
        adviser_contacted_on=_d(contacted),
        wants_mediation=wants,
        council_informed_on=_d(informed),
    )


def arrange(officer, disagreement, *, arranged, meeting, mediator="Calm Waters Mediation"):
    return _step(
        services.mediation_arrange,
        officer,
        disagreement_id=disagreement.pk,
        arranged_on=_d(arranged),
        meeting_on=_d(meeting),
        mediator=mediator,
    )


def hold(officer, disagreement, *, held, outcome="not_agreed", agreement=""):
    return _step(
        services.mediation_hold,
        officer,
        disagreement_id=disagreement.pk,
        held_on=_d(held),
        attendees="Ms Okafor (parent); Sam Patel (SEN officer)",
        outcome=outcome,
        agreement=agreement,
    )


def certificate(officer, disagreement, *, issued):
    return _step(
        services.certificate_issue, officer, disagreement_id=disagreement.pk, issued_on=_d(issued)
    )


def register_appeal(officer, disagreement, *, registered, hearing=None, **extra):
    return _step(
        services.appeal_register,
        officer,
        disagreement_id=disagreement.pk,
        registered_on=_d(registered),
        grounds="The council did not consider the school's evidence.",
        hearing_on=_d(hearing),
        **extra,
    )


def decide(officer, appeal, *, decided, outcome="upheld"):
    return _step(
        services.appeal_decide,
        officer,
        appeal_id=appeal.pk,
        decided_on=_d(decided),
        outcome=outcome,
    )


def order(officer, appeal, *, kind, made):
    return _step(
        services.appeal_order_record,
        officer,
        appeal_id=appeal.pk,
        kind=kind,
        made_on=_d(made),
        description="As the Tribunal ordered.",
    )


def close(officer, disagreement, *, closed, reason):
    return _step(
        services.disagreement_close,
        officer,
        disagreement_id=disagreement.pk,
        closed_on=_d(closed),
        reason=reason,
    )


def recommend(officer, appeal, *, recommended, body="health"):
    """The Tribunal's recommendation of weekly speech and language therapy (to the health
    commissioner by default)."""
    return _step(
        services.recommendation_record,
        officer,
        appeal_id=appeal.pk,
        body=body,
        recommended_on=_d(recommended),
        text="Speech and language therapy weekly.",
    )


def step_done(officer, order, step, done, **extra):
    """`step` of the Tribunal's `order` done on `done` (`extra`: today)."""
    return _step(
        services.order_step_record, officer, order_id=order.pk, step=step, done_on=_d(done), **extra
    )


def health_among_issues_mediation_wanted(officer, case=None):
    """A disagreement about section F with health issues among them (letter 15 February 2027):
    the family went to the mediation adviser on 26 February and, told on Monday 1 March, want
    mediation."""
    disagreement = record(
        officer,
        case,
        decision="plan_contents",
        sections=["F"],
        health_issues=True,
        letter="2027-02-15",
    )
    return advice(officer, disagreement, contacted="2027-02-26", wants=True, informed="2027-03-01")


def failed_mediation_appealed(officer, case=None):
    """A refusal to issue a plan (letter 4 January 2027), mediation held and not agreed on
    15 February, the certificate issued 17 February, the appeal registered 10 March 2027."""
    disagreement = record(officer, case, decision="refuse_plan", letter="2027-01-04")
    advice(officer, disagreement, contacted="2027-01-20", wants=True, informed="2027-01-21")
    arrange(officer, disagreement, arranged="2027-01-25", meeting="2027-02-15")
    hold(officer, disagreement, held="2027-02-15")
    certificate(officer, disagreement, issued="2027-02-17")
    return register_appeal(officer, disagreement, registered="2027-03-10", hearing="2027-06-14")


def cessation_notified(officer, panel):
    """A plan for a young person born 14 March 2010 that the council decided to cease: the
    family told it was considering it on 1 September 2026, the decision sent 15 September."""
    child = ChildFactory(date_of_birth=D("2010-03-14"))
    FamilyMemberFactory(child=child)
    plan = issued_plan(officer, panel, child)
    cessation = start_cessation(officer, plan, family_informed_on="2026-09-01")
    cessation = notify_cessation(officer, cessation, on="2026-09-15")
    return plan, cessation


def cessation_appealed(officer, panel):
    """`cessation_notified`, disputed (letter 15 September 2026): no mediation wanted, the
    certificate issued 5 October and the appeal registered 20 October 2026. Returns the plan,
    the cessation and the appeal."""
    plan, cessation = cessation_notified(officer, panel)
    disagreement = record(officer, plan.case, decision="cease", letter="2026-09-15")
    advice(officer, disagreement, contacted="2026-10-01", wants=False)
    certificate(officer, disagreement, issued="2026-10-05")
    return plan, cessation, register_appeal(officer, disagreement, registered="2026-10-20")


def resolution_asked(officer, case, *, about="Support in class.", **extra):
    """Disagreement resolution with Riverside Primary asked for on 11 January 2027 (`extra`:
    meeting_on)."""
    return services.resolution_record(
        actor=officer,
        case_id=case.pk,
        requested_on=D("2027-01-11"),
        with_whom="Riverside Primary",
        about=about,
        today=LATER,
        **extra,
    )


def resolution_concluded(officer, resolution, *, held, outcome="agreed"):
    """The disagreement resolution meeting held on `held`, with its `outcome`."""
    return _step(
        services.resolution_conclude,
        officer,
        resolution_id=resolution.pk,
        held_on=_d(held),
        outcome=outcome,
    )


def complaint_answered(officer, complaint, *, on, response, upheld=True):
    """The council's answer to `complaint`, sent on `on`."""
    return _step(
        services.complaint_respond,
        officer,
        complaint_id=complaint.pk,
        responded_on=_d(on),
        upheld=upheld,
        response=response,
    )


def complaint_received(officer, case):
    """Rachel Okafor's complaint, received 1 February 2027, that letters were not answered."""
    return services.complaint_record(
        actor=officer,
        case_id=case.pk,
        received_on=D("2027-02-01"),
        complainant="Rachel Okafor",
        about="Letters not answered.",
        today=LATER,
    )
