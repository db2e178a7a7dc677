"""Reassessment of a plan in force through the services, with its dates (regs 24 to 27)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from cases.models import AdviceRequest
from cases.models import AssessmentKind
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import RequestState
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from cases.rules import may_take
from cases.tests.factories import send_advice
from ehcp.models import PlanState
from ehcp.models import VersionKind
from tests.kit import D
from tests.kit import deadline_of
from transfers.moves import reassessment as services
from transfers.moves.models import ReassessmentOutcome
from transfers.moves.models import ReassessmentState
from transfers.moves.models import RefusalGround

from .kit import ISSUED
from .kit import plan_case
from .kit import post_letters
from .kit import reassessment_asked

pytestmark = pytest.mark.django_db


def _decide(actor, item, *, agreed, on, **extra):
    return services.reassessment_decide(
        actor=actor,
        reassessment_id=item.pk,
        agreed=agreed,
        decided_on=D(on),
        reason="Considered the new evidence.",
        version=item.version,
        today=D(on),
        **extra,
    )


def _finish(officer, item, outcome, *, on, **extra):
    """The reassessment's outcome recorded on `on` (`extra`: version, family_responded_on)."""
    return services.reassessment_finish(
        actor=officer,
        reassessment_id=item.pk,
        outcome=outcome,
        outcome_on=D(on),
        today=D(on),
        **extra,
    )


def _agreed_and_told(officer, manager, plan):
    """A reassessment of `plan` agreed on 8 September 2026, the family's letter posted on the
    9th."""
    item = _decide(manager, reassessment_asked(officer, plan), agreed=True, on="2026-09-08")
    _letter(officer, item, on="2026-09-08")
    post_letters(officer, plan.case, posted_on="2026-09-09")
    item.refresh_from_db()
    return item


def _letter(officer, item, *, on):
    return services.reassessment_letter_send(
        actor=officer, reassessment_id=item.pk, dated_on=D(on), today=D(on)
    )


def test_a_request_is_decided_within_15_days(officer, panel):
    plan = plan_case(officer, panel)
    item = reassessment_asked(officer, plan, requested="2026-09-01")
    assert item.state == ReassessmentState.REQUESTED
    assert item.last_assessed_on == ISSUED  # the plan's assessment ended with its issue
    assert deadline_of(item, "reassessment_decision").due_on == D("2026-09-16")


def test_a_refusal_within_6_months_of_the_last_assessment_goes_with_appeal_rights(
    officer, manager, panel
):
    plan = plan_case(officer, panel)
    item = reassessment_asked(officer, plan, requested="2026-09-01")

    item = _decide(
        manager,
        item,
        agreed=False,
        on="2026-09-10",
        refusal_ground=RefusalGround.RECENT,
        last_assessed_on=ISSUED,
    )
    _letter(officer, item, on="2026-09-10")
    post_letters(officer, plan.case, posted_on="2026-09-11")

    item.refresh_from_db()
    assert item.state == ReassessmentState.REFUSED and item.told_on == D("2026-09-11")
    notice = Notice.objects.get(case=plan.case, kind="reassessment_refused")
    assert set(notice_kind(notice.kind).rights) >= {Right.APPEAL, Right.MEDIATION}
    assert notice.sent_on == D("2026-09-11") and notice.appeal_by == D("2026-11-11")
    assert deadline_of(item, "reassessment_decision").met_on == D("2026-09-11")
    assert item.assessment is None


def test_a_request_more_than_6_months_on_cannot_be_refused_as_too_soon(officer, manager, panel):
    plan = plan_case(officer, panel)
    item = reassessment_asked(officer, plan, requested="2026-11-20")
    with pytest.raises(ValidationError) as refused:
        _decide(
            manager,
            item,
            agreed=False,
            on="2026-11-25",
            refusal_ground=RefusalGround.RECENT,
            last_assessed_on=ISSUED,
        )
    assert "19 November 2026" in refused.value.message_dict["refusal_ground"][0]
    item.refresh_from_db()
    assert item.state == ReassessmentState.REQUESTED
    # "Not necessary" is open at any time.
    item = _decide(
        manager, item, agreed=False, on="2026-11-25", refusal_ground=RefusalGround.NOT_NECESSARY
    )
    assert item.state == ReassessmentState.REFUSED


def test_only_a_manager_or_the_panel_decides(officer, panel):
    plan = plan_case(officer, panel)
    item = reassessment_asked(officer, plan)
    with pytest.raises(PermissionDenied):
        _decide(officer, item, agreed=True, on="2026-09-05")


def test_an_agreed_reassessment_runs_the_assessment_and_the_plan_is_due_in_14_weeks(
    officer, manager, panel
):
    plan = plan_case(officer, panel)
    item = reassessment_asked(officer, plan, requested="2026-09-01")

    item = _decide(manager, item, agreed=True, on="2026-09-08")
    assessment = item.assessment
    assert assessment.kind == AssessmentKind.REASSESSMENT
    assert assessment.state == RequestState.AGREED
    # Its own limits only: none of a first request's 6, 16 and 20 weeks.
    assert not Deadline.objects.filter(object_id=assessment.pk, kind="final_plan").exists()
    # The finish step waits for the family to be told.
    with pytest.raises(ValidationError):
        _finish(officer, item, ReassessmentOutcome.AMENDED, on="2026-09-09")

    _letter(officer, item, on="2026-09-08")
    post_letters(officer, plan.case, posted_on="2026-09-09")
    item.refresh_from_db()
    assert item.told_on == D("2026-09-09")
    assert deadline_of(item, "reassessment_decision").met_on == D("2026-09-09")
    assert deadline_of(item, "reassessment_plan").due_on == D("2026-12-16")

    # The co-ordinated assessment again: advice asked for with its own 6 weeks.
    advice = send_advice(
        officer,
        assessment,
        kind="psychological",
        addressee_name="Dr Lee",
        requested_on="2026-09-10",
        today=D("2026-09-10"),
    )
    assert advice.due_on == D("2026-10-22")
    assessment.refresh_from_db()
    assert assessment.state == RequestState.ADVICE_GATHERING
    # A first request's later steps do not apply to a reassessment.
    assert not may_take(assessment.decide_to_issue, manager)
    assert not may_take(assessment.withdraw, officer)

    item = _amended_draft_sent(officer, item, plan, sent_on="2026-11-10")
    _finish(officer, item, ReassessmentOutcome.AMENDED, on="2026-12-01", version=item.version)

    item.refresh_from_db()
    assessment.refresh_from_db()
    assert item.state == ReassessmentState.FINISHED and item.outcome_on == D("2026-12-01")
    # the amended plan is the plan's next version, in force; told in the reassessment's notice
    plan.refresh_from_db()
    issued = item.amendment.issued
    assert plan.state == PlanState.FINAL and issued.kind == VersionKind.AMENDED_FINAL
    assert issued.issued_on == D("2026-12-01") and issued.number == plan.versions.count()
    assert issued.content["sections"]["A"]["views"] == NEW_VIEWS
    notice = Notice.objects.get(case=plan.case, kind="reassessment_plan")
    assert notice.decision_id == item.pk and notice.sent_on is None
    # the 14 weeks are met on the day that notice is sent, not the day it was issued
    assert deadline_of(item, "reassessment_plan").met_on is None
    post_letters(officer, plan.case, posted_on="2026-12-02")
    assert deadline_of(item, "reassessment_plan").met_on == D("2026-12-02")
    assert Notice.objects.get(pk=notice.pk).appeal_by is not None
    assert assessment.state == RequestState.REASSESSED
    assert Case.objects.get(pk=plan.case_id).stage == CaseStage.PLAN
    assert Deadline.objects.get(object_id=advice.pk, kind="advice").cancelled
    assert AdviceRequest.objects.filter(request=assessment).count() == 1


NEW_VIEWS = "Maya says reading is easier with the new glasses; seizures tire her out."


def _amended_draft_sent(officer, item, plan, *, sent_on):
    """The plan's working copy opened, section A changed and the draft sent on `sent_on`."""
    from ehcp import services as plan_services

    item = services.reassessment_plan_prepare(
        actor=officer, reassessment_id=item.pk, version=item.version
    )
    plan_services.plan_section_a_update(
        actor=officer,
        plan_id=plan.pk,
        views=NEW_VIEWS,
        interests="Swimming",
        aspirations="To go to the local secondary school",
    )
    item = services.reassessment_draft_send(
        actor=officer,
        reassessment_id=item.pk,
        sent_on=D(sent_on),
        evidence="The reassessment's psychological and medical advice.",
        version=item.version,
        today=D(sent_on),
    )
    # the family's 15 days begin the day the draft's letter goes: posted that day
    post_letters(officer, plan.case, posted_on=sent_on)
    item.refresh_from_db()
    return item


def test_the_amended_plan_waits_for_its_draft_and_the_familys_15_days(officer, manager, panel):
    plan = plan_case(officer, panel)
    item = _agreed_and_told(officer, manager, plan)

    def finish(on, **extra):
        return _finish(officer, item, ReassessmentOutcome.REPLACED, on=on, **extra)

    with pytest.raises(ValidationError, match="Send the family the draft"):
        finish("2026-10-01")
    item = _amended_draft_sent(officer, item, plan, sent_on="2026-11-10")
    amendment = item.amendment
    # the reassessment's 14 weeks stand for the plan: not an amendment's 8 weeks
    assert Deadline.objects.get(object_id=amendment.pk, kind="amended_plan").cancelled
    assert deadline_of(amendment, "amendment_response").due_on == D("2026-11-24")
    with pytest.raises(ValidationError, match="has until 24 November 2026"):
        finish("2026-11-20")
    item.refresh_from_db()
    finish("2026-11-20", family_responded_on=D("2026-11-18"), version=item.version)
    item.refresh_from_db()
    assert item.outcome == ReassessmentOutcome.REPLACED
    assert item.amendment.issued.issued_on == D("2026-11-20")
    assert deadline_of(amendment, "amendment_response").met_on == D("2026-11-18")


def test_a_plan_kept_after_reassessment_is_told_with_rights_and_meets_the_14_weeks_when_sent(
    officer, manager, panel
):
    plan = plan_case(officer, panel)
    item = _agreed_and_told(officer, manager, plan)

    _finish(officer, item, ReassessmentOutcome.KEPT, on="2026-12-10")
    assert deadline_of(item, "reassessment_plan").met_on is None
    post_letters(officer, plan.case, posted_on="2026-12-11")
    assert deadline_of(item, "reassessment_plan").met_on == D("2026-12-11")
    notice = Notice.objects.get(case=plan.case, kind="reassessment_no_change")
    assert notice.appeal_by is not None


def test_a_second_open_reassessment_is_refused(officer, panel):
    plan = plan_case(officer, panel)
    reassessment_asked(officer, plan)
    with pytest.raises(ValidationError, match="already open"):
        reassessment_asked(officer, plan)


def test_a_plan_kept_after_reassessment_abandons_the_changes_never_sent(officer, manager, panel):
    """The officer prepared changes to the plan, then the reassessment found it should stay as
    it is: the changes, never sent to the family, are abandoned (ehcp's "Abandon the
    amendments") and the plan is back as last issued; once a draft has gone, it cannot be."""
    plan = plan_case(officer, panel)
    views_before = plan.views
    item = _agreed_and_told(officer, manager, plan)
    item = services.reassessment_plan_prepare(
        actor=officer, reassessment_id=item.pk, version=item.version
    )
    from ehcp import services as plan_services

    plan_services.plan_section_a_update(
        actor=officer, plan_id=plan.pk, views=NEW_VIEWS, interests="Swimming", aspirations="x"
    )

    _finish(officer, item, ReassessmentOutcome.KEPT, on="2026-12-10")

    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL and plan.views == views_before != NEW_VIEWS
    assert Notice.objects.filter(case=plan.case, kind="reassessment_no_change").exists()


def test_a_plan_whose_draft_was_sent_cannot_be_kept_without_deciding_not_to_amend(
    officer, manager, panel
):
    plan = plan_case(officer, panel)
    item = _agreed_and_told(officer, manager, plan)
    item = _amended_draft_sent(officer, item, plan, sent_on="2026-11-10")
    with pytest.raises(ValidationError, match="decide not to amend"):
        _finish(officer, item, ReassessmentOutcome.KEPT, on="2026-12-10", version=item.version)
    plan.refresh_from_db()
    assert plan.state == PlanState.AMENDING and plan.views == NEW_VIEWS
