"""Plans built the way the service builds them: through the request journey and plan services."""

import datetime
from zoneinfo import ZoneInfo

from cases import services as case_services
from cases.models import AdviceKind
from cases.roles import Role
from cases.tests.factories import ChildFactory, SettingFactory, TeamFactory, UserFactory
from ehcp import services

D = datetime.date.fromisoformat
TODAY = D("2026-11-23")


def people():
    team = TeamFactory(name="North locality")
    return (
        UserFactory(role=Role.CASE_OFFICER, team=team),
        UserFactory(role=Role.PANEL_MEMBER),
    )


def request_decided_to_issue(officer, panel, *, child=None, received="2026-01-05"):
    """A request received on `received`, agreed, with educational advice received, and the
    decision to issue made on 30 March 2026."""
    request = case_services.request_create(
        actor=officer,
        child=child or ChildFactory(date_of_birth=D("2016-03-14"), first_name="Maya"),
        source="parent",
        requester_name="Rachel Okafor",
        arrived_at=datetime.datetime.combine(
            D(received), datetime.time(10), ZoneInfo("Europe/London")
        ),
        channel="email",
        consent_given=True,
        reason="Needs not met at SEN support.",
        now=datetime.datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/London")),
    )
    request = case_services.request_decide_to_assess(
        actor=panel,
        request_id=request.pk,
        version=request.version,
        agreed=True,
        decided_on=D("2026-02-10"),
        reason="Agreed.",
        today=TODAY,
    )
    advice = case_services.advice_request_send(
        actor=officer,
        request_id=request.pk,
        kind=AdviceKind.EDUCATIONAL,
        addressee_name="Ms Jones",
        addressee_organisation="Riverside Primary",
        requested_on=D("2026-02-11"),
        today=TODAY,
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
