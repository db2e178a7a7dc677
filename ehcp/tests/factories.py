"""Plans built the way the service builds them: through the request journey and plan services."""

from cases import services as case_services
from cases.tests.factories import ChildFactory, SettingFactory, agreed_request, ask_for_advice
from ehcp import services
from tests.kit import TODAY, D

__all__ = ["TODAY", "D", "complete_plan", "request_decided_to_issue"]


def request_decided_to_issue(officer, panel, *, child=None, received="2026-01-05"):
    """A request received on `received`, agreed on 10 February 2026, with educational advice
    received, and the decision to issue made on 30 March 2026."""
    request = agreed_request(
        officer,
        panel,
        child=child or ChildFactory(date_of_birth=D("2016-03-14"), first_name="Maya"),
        arrived=received,
        decided_on=D("2026-02-10"),
        decision_reason="Agreed.",
    )
    advice = ask_for_advice(
        officer,
        request,
        addressee_name="Ms Jones",
        addressee_organisation="Riverside Primary",
        requested_on=D("2026-02-11"),
    )
    case_services.advice_record_received(
        actor=officer, advice_id=advice.pk, received_on=D("2026-03-10"), today=TODAY
    )
    request.refresh_from_db()
    return case_services.request_decide_to_issue(
        actor=panel,
        request_id=request.pk,
        version=request.version,
        agreed=True,
        decided_on=D("2026-03-30"),
        reason="A plan is necessary.",
        today=TODAY,
    )


def complete_plan(officer, plan, *, with_placement=True, pfa=None):
    """Fill every section a reviewer checks: A, B, E linked to B, F quantified, I. From year 9
    the outcome is tagged with a preparing-for-adulthood area unless `pfa` says otherwise."""
    from cases.deadlines import year_group

    if pfa is None:
        pfa = "independent_living" if year_group(plan.case.child.date_of_birth, TODAY) >= 9 else ""
    services.plan_section_a_update(
        actor=officer,
        plan_id=plan.pk,
        views="Maya loves drawing and wants friends.",
        interests="Drawing, swimming",
        aspirations="To be a vet.",
    )
    need = services.plan_need_save(
        actor=officer,
        plan_id=plan.pk,
        section="B",
        area="communication",
        description="Maya finds it hard to follow spoken instructions.",
    )
    outcome = services.plan_outcome_save(
        actor=officer,
        plan_id=plan.pk,
        description="Maya follows two-step instructions in class.",
        achieve_by="July 2027",
        need_ids=[need.pk],
        preparing_for_adulthood=pfa,
    )
    services.plan_provision_save(
        actor=officer,
        plan_id=plan.pk,
        section="F",
        what="Speech and language therapy",
        by_whom="NHS speech and language therapist",
        frequency="weekly",
        quantity="30 minutes",
        duration="until the next review",
        outcome_ids=[outcome.pk],
    )
    if with_placement:
        services.plan_placement_set(
            actor=officer,
            plan_id=plan.pk,
            setting_id=SettingFactory(name="Riverside Primary School").pk,
        )
    plan.refresh_from_db()
    return plan
