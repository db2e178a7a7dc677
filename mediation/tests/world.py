"""The access matrix's world for the disagreement screens (tests/access_matrix.py): one case of
the officer's team with a disagreement at each step, and the URL kwargs of each."""

from cases.permissions import case_grant_portal_access
from cases.tests.factories import received_request

from . import factories as f


def access_world(officer, users) -> dict:
    case = received_request(officer).case
    for who in ("parent", "young person", "professional"):
        case_grant_portal_access(user=users[who], case=case)
    on_case = {"reference": case.reference}

    def on(d, **more):
        return {**on_case, "disagreement_id": d.pk, **more}

    at_advice = f.record(officer, case, letter="2027-02-01")
    health = f.record(
        officer,
        case,
        decision="plan_contents",
        sections=["F"],
        health_issues=True,
        letter="2027-02-01",
    )
    f.advice(officer, health, contacted="2027-02-08", wants=True, informed="2027-02-09")
    arranged = f.record(officer, case, letter="2027-02-01")
    f.advice(officer, arranged, contacted="2027-02-08", wants=True, informed="2027-02-09")
    f.arrange(officer, arranged, arranged="2027-02-10", meeting="2027-03-01")
    agreed = f.record(officer, case, letter="2027-02-01")
    f.advice(officer, agreed, contacted="2027-02-08", wants=True, informed="2027-02-09")
    f.arrange(officer, agreed, arranged="2027-02-10", meeting="2027-03-01")
    f.hold(officer, agreed, held="2027-03-01", outcome="agreed", agreement="Assess by June.")
    can_appeal = f.record(officer, case, decision="placement", letter="2027-02-01")
    appealed = f.failed_mediation_appealed(officer, case)
    recommendation = f.recommend(officer, appealed, recommended="2027-03-15")
    won = f.decide(officer, f.failed_mediation_appealed(officer, case), decided="2027-06-14")
    order = f.order(officer, won, kind="make_plan", made="2027-06-14")
    resolution = f.resolution_asked(officer, case)
    complaint = f.complaint_received(officer, case)
    return {
        "disagreement case": on_case,
        "advice disagreement": on(at_advice),
        "mediation disagreement": on(health),
        "arranged disagreement": on(arranged),
        "certificate disagreement": on(agreed),
        "appeal open disagreement": on(can_appeal),
        "appealed disagreement": on(appealed.disagreement),
        "won appeal disagreement": on(won.disagreement),
        "order": on(won.disagreement, order_id=order.pk),
        "recommendation": on(appealed.disagreement, recommendation_id=recommendation.pk),
        "resolution": {**on_case, "resolution_id": resolution.pk},
        "complaint": {**on_case, "complaint_id": complaint.pk},
    }
