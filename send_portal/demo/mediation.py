"""Demo disagreements at different stages, dated from today, on the demo officer's cases: one
waiting for the family's contact with the mediation adviser, a mediation arranged, a certificate
due, an appeal with its evidence deadline ahead, an order to comply with, and a placement-only
appeal window on the demo parent's case; with a disagreement resolution and a complaint. Made
through the services, so every stored deadline comes from the clock."""

import datetime

from cases.models import Case
from cases.models import User
from cases.roles import Role
from mediation import services
from mediation.models import Disagreement


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def seed_mediation(*, today: datetime.date) -> int:
    """Disagreements on the demo officer's cases (once): how many were made."""
    officer = User.objects.filter(role=Role.CASE_OFFICER, email="officer@demo.example").first()
    if officer is None or Disagreement.objects.filter(case__officer=officer).exists():
        return 0
    parent = User.objects.filter(email="parent@demo.example").first()
    cases = list(
        Case.objects.filter(officer=officer, child__family__isnull=False)
        .exclude(child__family__user=parent)
        .distinct()
        .order_by("pk")[:6]
    )
    if len(cases) < 6:
        return 0
    a, b, c, d, e, f = cases

    def record(case, decision, letter_days_ago, **extra):
        return services.disagreement_record(
            actor=officer,
            case_id=case.pk,
            decision=decision,
            decision_letter_on=_ago(today, letter_days_ago),
            today=today,
            **extra,
        )

    # waiting for the family to contact the mediation adviser
    record(a, "refuse_assess", 12, summary="School says needs are not being met.")
    # mediation wanted, arranged for a fortnight ahead; health care among the issues
    arranged = record(b, "plan_contents", 30, sections=["F"], health_issues=True)
    services.advice_record(
        actor=officer,
        disagreement_id=arranged.pk,
        adviser_contacted_on=_ago(today, 14),
        wants_mediation=True,
        council_informed_on=_ago(today, 12),
        today=today,
    )
    services.commissioner_told(
        actor=officer, disagreement_id=arranged.pk, told_on=_ago(today, 11), today=today
    )
    services.mediation_arrange(
        actor=officer,
        disagreement_id=arranged.pk,
        arranged_on=_ago(today, 5),
        meeting_on=today + datetime.timedelta(days=14),
        mediator="Kingsford Mediation Service",
        today=today,
    )
    # no mediation wanted: the certificate is due within 3 working days
    no_mediation = record(c, "refuse_plan", 25)
    services.advice_record(
        actor=officer,
        disagreement_id=no_mediation.pk,
        adviser_contacted_on=_ago(today, 1),
        wants_mediation=False,
        today=today,
    )
    # mediation not agreed, certificate, appeal registered: evidence due in 10 days
    appealed = record(d, "refuse_amend", 95)
    _mediated(officer, appealed, today=today, told=80, held=60, outcome="not_agreed")
    services.certificate_issue(
        actor=officer, disagreement_id=appealed.pk, issued_on=_ago(today, 58), today=today
    )
    services.appeal_register(
        actor=officer,
        disagreement_id=appealed.pk,
        registered_on=_ago(today, 40),
        grounds="The plan does not quantify speech and language therapy.",
        tribunal_reference="EH123/27/00042",
        hearing_on=today + datetime.timedelta(days=45),
        evidence_due_on=today + datetime.timedelta(days=10),
        today=today,
    )
    # an appeal the family won: the order to amend the plan is due in about 2 weeks
    won = record(e, "plan_contents", 200, sections=["B", "F"])
    _mediated(
        officer,
        won,
        today=today,
        told=185,
        held=170,
        outcome="agreed_in_part",
        agreement="Add weekly occupational therapy to section F.",
    )
    services.certificate_issue(
        actor=officer, disagreement_id=won.pk, issued_on=_ago(today, 168), today=today
    )
    appeal = services.appeal_register(
        actor=officer,
        disagreement_id=won.pk,
        registered_on=_ago(today, 150),
        grounds="Section B leaves out sensory processing needs.",
        today=today,
    )
    services.appeal_decide(
        actor=officer,
        appeal_id=appeal.pk,
        decided_on=_ago(today, 20),
        outcome="upheld",
        today=today,
    )
    services.appeal_order_record(
        actor=officer,
        appeal_id=appeal.pk,
        kind="amend",
        made_on=_ago(today, 20),
        description="Amend sections B and F as set out in the decision.",
        today=today,
    )
    # placement only, on another case: no mediation needed, the appeal window is open
    record(f, "placement", 20, summary="The family want Oak Hill School named.")
    services.resolution_record(
        actor=officer,
        case_id=a.pk,
        requested_on=_ago(today, 6),
        with_whom="Riverside Primary",
        about="Support in class while the assessment request is considered.",
        meeting_on=today + datetime.timedelta(days=8),
        today=today,
    )
    services.complaint_record(
        actor=officer,
        case_id=c.pk,
        received_on=_ago(today, 3),
        complainant="The child's mother",
        about="Calls to the SEN team were not returned for two weeks.",
        today=today,
    )
    if parent is not None:
        parent_case = Case.objects.filter(child__family__user=parent).first()
        if parent_case is not None:
            record(parent_case, "refuse_assess", 9)
    return 6


def _mediated(officer, disagreement, *, today, told, held, outcome, agreement=""):
    services.advice_record(
        actor=officer,
        disagreement_id=disagreement.pk,
        adviser_contacted_on=_ago(today, told + 1),
        wants_mediation=True,
        council_informed_on=_ago(today, told),
        today=today,
    )
    services.mediation_arrange(
        actor=officer,
        disagreement_id=disagreement.pk,
        arranged_on=_ago(today, told - 2),
        meeting_on=_ago(today, held),
        mediator="Kingsford Mediation Service",
        today=today,
    )
    services.mediation_hold(
        actor=officer,
        disagreement_id=disagreement.pk,
        held_on=_ago(today, held),
        attendees="Parent; SEN officer with authority to agree; mediator",
        outcome=outcome,
        agreement=agreement,
        today=today,
    )
