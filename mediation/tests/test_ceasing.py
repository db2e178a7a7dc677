"""A plan whose cessation is disputed stays in force: `ehcp` refuses to cease it while an appeal
can still be brought (2 months from the notice, or 1 month from a certificate, whichever is
later) and while an appeal is pending. It learns this from the deadlines this app stores on the
case (`ehcp.appeals`), never by importing `mediation`."""

import pytest
from django.core.exceptions import ValidationError

from ehcp import services as plan_services
from ehcp.models import PlanState
from mediation import services
from mediation.models import DisagreementState
from tests.kit import D

from .factories import LATER
from .factories import advice
from .factories import certificate
from .factories import cessation_appealed
from .factories import cessation_notified
from .factories import decide
from .factories import record
from .factories import register_appeal

pytestmark = pytest.mark.django_db


def _cease(officer, cessation, on):
    return plan_services.cessation_complete(
        actor=officer, cessation_id=cessation.pk, ceased_on=D(on), today=LATER
    )


def test_ceasing_is_refused_while_an_appeal_can_be_brought_and_while_it_is_pending(officer, panel):
    plan, cessation = cessation_notified(officer, panel)
    d = record(officer, plan.case, decision="cease", letter="2026-09-15")
    # no mediation; certificate issued Thursday 5 November 2026: + 1 month = Saturday
    # 5 December, so Monday 7 December 2026 (later than 16 November, the letter's 2 months)
    advice(officer, d, contacted="2026-10-01", wants=False)
    certificate(officer, d, issued="2026-11-05")
    with pytest.raises(ValidationError, match="appeal period ends on 7 December 2026"):
        _cease(officer, cessation, "2026-11-20")
    # the family appeal on 1 December: pending until decided or withdrawn
    appeal = register_appeal(officer, d, registered="2026-12-01")
    with pytest.raises(ValidationError, match="appeal against the decision to cease is pending"):
        _cease(officer, cessation, "2026-12-10")
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL
    services.appeal_withdraw(
        actor=officer, appeal_id=appeal.pk, withdrawn_on=D("2027-01-15"), today=LATER
    )
    d.refresh_from_db()
    assert d.state == DisagreementState.APPEAL_ENDED
    assert _cease(officer, cessation, "2027-01-18").state == PlanState.CEASED


def test_a_decided_appeal_lets_the_cessation_go_ahead(officer, panel):
    _plan, cessation, appeal = cessation_appealed(officer, panel)
    with pytest.raises(ValidationError, match="pending"):
        _cease(officer, cessation, "2027-02-01")
    decide(officer, appeal, decided="2027-02-01", outcome="dismissed")
    assert _cease(officer, cessation, "2027-02-02").state == PlanState.CEASED


def test_ehcp_does_not_import_mediation():
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "ehcp"
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "mediation" for n in names), path
