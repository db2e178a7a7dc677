"""The plan journey through the services: drafting, validation, draft, consultation, final,
versions and personal budgets. Dates worked out by hand from DOMAIN.md."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import RequestState
from cases.roles import Role
from cases.rules import ConcurrentChange
from cases.tests.factories import SettingFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from ehcp import services
from ehcp.content import compare
from ehcp.models import BudgetDecision
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.tests.factories import add_need
from ehcp.tests.factories import add_outcome
from ehcp.tests.factories import add_provision
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.factories import complete_plan
from ehcp.tests.factories import consult
from ehcp.tests.factories import issue_plan
from ehcp.tests.factories import name_setting
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.factories import setting_answers
from tests.kit import TODAY
from tests.kit import D

pytestmark = pytest.mark.django_db


def test_starting_a_plan_lists_the_advice_received_in_section_k(plan):
    advice = list(plan.advice.all())
    assert [(a.title, a.author, a.dated) for a in advice] == [
        ("Educational advice (from the setting)", "Ms Jones Riverside Primary", D("2026-03-10"))
    ]


def test_a_plan_waits_for_the_decision_to_issue(officer, panel):
    request = request_decided_to_issue(officer, panel)
    services.plan_start(actor=officer, request_id=request.pk)
    with pytest.raises(ValidationError, match="already has a plan"):
        services.plan_start(actor=officer, request_id=request.pk)


def refused(write, *args, **fields) -> dict:
    """The field errors `write(*args, **fields)` raises."""
    with pytest.raises(ValidationError) as error:
        write(*args, **fields)
    return error.value.message_dict


def test_provision_without_frequency_or_quantity_is_refused(officer, plan):
    errors = refused(
        add_provision,
        officer,
        plan,
        what="Support from a teaching assistant",
        by_whom="TA",
        frequency="",
        quantity=" ",
    )
    assert set(errors) == {"frequency", "quantity"}
    assert "how often" in errors["frequency"][0].lower()
    assert not plan.provisions.exists()


def test_an_outcome_must_address_a_need(officer, plan):
    errors = refused(add_outcome, officer, plan, description="Reads fluently", need_ids=[])
    assert "Choose the need or needs this outcome addresses." in errors["need_ids"][0]


def test_an_empty_plan_cannot_be_issued_and_each_problem_is_named(officer, plan):
    with pytest.raises(ValidationError) as error:
        issue_plan(officer, plan)
    text = " ".join(error.value.messages)
    for fragment in ("Section A", "Section B", "Section E", "Section F"):
        assert fragment in text
    assert not PlanVersion.objects.exists()
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFTING


def test_draft_issue_freezes_a_version_with_pdf_and_starts_the_familys_15_days(
    officer, plan, pdf_renders, django_capture_on_commit_callbacks
):
    plan = complete_plan(officer, plan, with_placement=False)
    with django_capture_on_commit_callbacks(execute=True):
        version = issue_plan(officer, plan)
    version.refresh_from_db()
    # the PDF is made from the frozen version (here by the tests' fast fake renderer), by the
    # task the issue started once it committed (ehcp/tests/test_pdf_queue.py); the draft's
    # notice to the family is a letter of its own
    plans = [html for html in pdf_renders if "<title>Draft EHC plan: " not in html]
    assert len(plans) == 1 and "Version 1: Draft plan" in plans[0]
    assert (version.number, version.kind, version.issued_on) == (1, "draft", D("2026-04-08"))
    assert version.content["sections"]["F"][0]["frequency"] == "weekly"
    assert version.pdf.read(5) == b"%PDF-"
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT_ISSUED
    request = AssessmentRequest.objects.get()
    assert request.state == RequestState.DRAFT_ISSUED
    response = Deadline.objects.get(kind=DeadlineKind.DRAFT_RESPONSE)
    assert response.due_on == D("2026-04-22")
    with pytest.raises(ValueError):
        version.save()


def test_consultation_gives_the_setting_15_days_and_records_the_answer(officer, plan):
    plan = complete_plan(officer, plan, with_placement=False)
    issue_plan(officer, plan)
    school = SettingFactory(name="Kingsway High School")
    consultation = consult(
        officer, plan, school, on="2026-04-09", requested_by_family=True, today=TODAY
    )
    assert consultation.due_on == D("2026-04-23")
    plan.refresh_from_db()
    assert plan.state == PlanState.CONSULTATION
    with pytest.raises(ValidationError) as error:
        setting_answers(officer, consultation, on="2026-04-20", response="cannot_meet", today=TODAY)
    assert "reasons" in error.value.message_dict["notes"][0]
    setting_answers(officer, consultation, on="2026-04-20", response="can_meet", today=TODAY)
    deadline = Deadline.objects.get(kind=DeadlineKind.CONSULTATION_RESPONSE)
    assert deadline.met_on == D("2026-04-20")


def test_final_needs_section_i_then_meets_the_20_week_limit(officer, plan):
    plan = complete_plan(officer, plan, with_placement=False)
    issue_plan(officer, plan)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        issue_plan(officer, plan, issued_on="2026-05-01", final=True)
    assert any("Section I must name" in m for m in error.value.messages)
    name_setting(officer, plan, SettingFactory(name="Riverside Primary"))
    glue_ear = "Glue ear: needs seating near the teacher."
    add_need(officer, plan, section="C", area="health", description=glue_ear)
    plan.refresh_from_db()
    final = issue_plan(officer, plan, issued_on="2026-05-20", final=True)
    assert (final.number, final.kind) == (2, "final")
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL and plan.first_issued_on == D("2026-05-20")
    limit = Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN)
    assert limit.due_on == D("2026-05-25") and limit.met_on == D("2026-05-20")
    assert AssessmentRequest.objects.get().state == RequestState.FINAL_ISSUED

    sections = {c.key: c for c in compare(plan.versions.get(number=1).content, final.content)}
    assert sections["I"].changed and sections["C"].changed
    assert not sections["B"].changed and not sections["F"].changed
    assert ("added", "C1 Health: Glue ear: needs seating near the teacher.") in sections["C"].rows


def test_the_final_plan_respects_the_familys_15_days(officer, plan):
    plan = complete_plan(officer, plan)
    issue_plan(officer, plan)
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="has until 22 April 2026"):
        issue_plan(officer, plan, issued_on="2026-04-15", final=True)
    assert PlanVersion.objects.count() == 1


def test_a_stale_issue_is_refused(officer, plan):
    plan = complete_plan(officer, plan)
    seen = plan.version
    add_need(officer, plan, section="D", area="social_care", description="Short breaks.")
    with pytest.raises(ConcurrentChange):
        issue_plan(officer, plan, version=seen)


def test_officers_of_another_team_cannot_edit_the_plan(plan):
    stranger = UserFactory(role=Role.CASE_OFFICER, team=TeamFactory(name="South locality"))
    with pytest.raises(PermissionDenied):
        services.plan_section_a_update(
            actor=stranger, plan_id=plan.pk, views="x", interests="", aspirations=""
        )


def test_a_need_with_outcomes_cannot_be_removed(officer, plan):
    plan = complete_plan(officer, plan)
    need = plan.needs.get()
    with pytest.raises(ValidationError, match="Outcomes in section E address this need"):
        services.plan_item_delete(actor=officer, plan_id=plan.pk, kind="need", item_id=need.pk)


def test_from_year_9_an_outcome_must_prepare_for_adulthood(officer, panel):
    from cases.tests.factories import ChildFactory

    teenager = ChildFactory(date_of_birth=D("2012-01-10"))  # year 9 in 2025/26
    request = request_decided_to_issue(officer, panel, child=teenager)
    plan = complete_plan(officer, services.plan_start(actor=officer, request_id=request.pk), pfa="")
    with pytest.raises(ValidationError, match="preparing for adulthood"):
        issue_plan(officer, plan)
    outcome = plan.outcomes.get()
    add_outcome(
        officer,
        plan,
        outcome_id=outcome.pk,
        description=outcome.description,
        achieve_by=outcome.achieve_by,
        need_ids=[plan.needs.get().pk],
        preparing_for_adulthood="independent_living",
    )
    plan.refresh_from_db()
    version = issue_plan(officer, plan)
    assert version.content["sections"]["E"][0]["preparing_for_adulthood"] == "Independent living"


def test_budget_direct_payment_cannot_exceed_the_budget(officer, plan):
    from decimal import Decimal

    errors = refused(
        services.plan_budget_set,
        actor=officer,
        plan_id=plan.pk,
        education=Decimal("1000"),
        health=None,
        social_care=Decimal("500"),
        direct_payment=Decimal("2000"),
    )
    assert "£1500.00" in errors["direct_payment"][0]


def test_personal_budget_request_after_the_decision_to_issue(officer, panel):
    from cases.tests.factories import CaseFactory

    def record(case, on, **extra):
        return ask_for_budget(officer, case, on=on, today=TODAY, **extra)

    def decide(budget, *, agreed, reasons):
        return services.budget_request_decide(
            actor=officer,
            budget_request_id=budget.pk,
            agreed=agreed,
            decided_on=D("2026-04-20"),
            reasons=reasons,
            today=TODAY,
        )

    early = CaseFactory(team=officer.team)
    with pytest.raises(ValidationError, match="once the council has decided to issue"):
        record(early, "2026-03-01", by="Parent")
    request = request_decided_to_issue(officer, panel)
    with pytest.raises(ValidationError):
        record(request.case, "2026-03-01")
    budget = record(request.case, "2026-04-02", wants_direct_payment=True)
    with pytest.raises(ValidationError):
        decide(budget, agreed=False, reasons=" ")
    budget = decide(budget, agreed=True, reasons="Direct payment for a specialist tutor agreed.")
    assert budget.decision == BudgetDecision.AGREED
    assert AuditEntry.objects.filter(action="budget.decided").exists()


def test_every_change_to_the_plan_is_audited_with_old_and_new(officer, plan):
    services.plan_section_a_update(
        actor=officer, plan_id=plan.pk, views="First", interests="", aspirations=""
    )
    services.plan_section_a_update(
        actor=officer, plan_id=plan.pk, views="Second", interests="", aspirations=""
    )
    entry = AuditEntry.objects.filter(action="plan.section_a").first()
    assert entry.changes["views"] == ["First", "Second"]
