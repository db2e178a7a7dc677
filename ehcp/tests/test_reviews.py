"""A plan's life after issue: reviews on the clock, phase transfers, amendments and ceasing.
Expected dates are worked out by hand from DOMAIN.md's exact-counting table."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from cases.rules import ConcurrentChange
from cases.tests.factories import ChildFactory
from cases.tests.factories import SettingFactory
from ehcp import jobs
from ehcp import services
from ehcp.models import Amendment
from ehcp.models import AnnualReview
from ehcp.models import Cessation
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.models import ReviewState
from ehcp.tests.factories import amend_to_name_secondary_school
from ehcp.tests.factories import decide_not_to_amend
from ehcp.tests.factories import decide_review
from ehcp.tests.factories import hold_review as hold
from ehcp.tests.factories import invite_review
from ehcp.tests.factories import issue_amendment
from ehcp.tests.factories import issued_plan
from ehcp.tests.factories import propose_amendments
from ehcp.tests.factories import start_cessation
from tests.kit import D

pytestmark = pytest.mark.django_db
LATER = D("2028-12-31")  # "today" for services in these tests: all dates are in its past


def final_plan(officer, panel, *, born="2018-03-14", setting=None):
    """A plan drafted 8 April 2026 and issued final on 20 May 2026, naming `setting` if given."""
    child = ChildFactory(date_of_birth=D(born), first_name="Sam", current_setting=setting)
    return issued_plan(officer, panel, child, setting=setting)


def review_deadlines(review):
    return {
        d.kind: d
        for d in Deadline.objects.filter(object_id=review.pk, content_type__model="annualreview")
    }


def test_the_first_review_is_due_within_12_months_of_issue(officer, panel):
    plan = final_plan(officer, panel)  # year 3 in 2025/26, year 4 next: no phase transfer
    review = plan.reviews.get()
    assert review.due_on == D("2027-05-19")  # the day before 20 May 2027
    assert not review.is_phase_transfer
    assert review_deadlines(review)[DeadlineKind.ANNUAL_REVIEW].due_on == D("2027-05-19")


def test_a_child_under_5_is_reviewed_within_6_months(officer, panel):
    plan = final_plan(officer, panel, born="2022-01-10")  # 4 on 20 May 2026
    assert plan.reviews.get().due_on == D("2026-11-19")


def test_a_move_to_secondary_school_brings_the_review_forward(officer, panel):
    plan = final_plan(
        officer, panel, born="2016-03-14"
    )  # year 6 in 2026/27, secondary from Sept 2027
    review = plan.reviews.get()
    # reg 18: the amended plan by 14 February 2027; review 12 weeks earlier
    assert review.is_phase_transfer and review.transfer_to == "Year 7"
    assert review.transfer_deadline == D("2027-02-14")
    assert review.due_on == D("2026-11-22")
    deadline = review_deadlines(review)[DeadlineKind.PHASE_TRANSFER]
    assert deadline.due_on == D("2027-02-14")
    assert "before 15 February" in deadline.label


def test_infant_to_junior_is_a_phase_transfer_only_from_an_infant_school(officer, panel):
    from cases.models import Phase

    infant = SettingFactory(name="Hilltop Infant School", phase=Phase.INFANT)
    plan = final_plan(officer, panel, born="2020-01-20", setting=infant)  # year 2 in 2026/27
    assert plan.reviews.get().transfer_to == "Year 3"


def hold_review(officer, review, *, meeting="2026-11-03", invited="2026-10-20"):
    return hold(officer, review, meeting=meeting, sent=invited)


def test_invitations_need_2_weeks_notice(officer, panel):
    review = final_plan(officer, panel).reviews.get()
    with pytest.raises(ValidationError) as error:
        invite_review(officer, review, meeting="2026-11-03", sent="2026-10-21")
    assert "at least 2 weeks' notice" in error.value.message_dict["meeting_on"][0]
    review = invite_review(officer, review, meeting="2026-11-03", sent="2026-10-20")
    assert review.state == ReviewState.INVITED
    assert Case.objects.get().stage == CaseStage.REVIEW
    # the advice circulated is what happened, entered by the officer, never assumed
    assert review.advice_circulated_on is None


def test_a_review_maintaining_the_plan_completes_on_the_decision_and_the_next_follows(
    officer, panel
):
    plan = final_plan(officer, panel)
    review = hold_review(officer, plan.reviews.get())
    found = review_deadlines(review)
    assert found[DeadlineKind.REVIEW_REPORT].due_on == D("2026-11-17")  # meeting + 2 weeks
    assert found[DeadlineKind.REVIEW_DECISION].due_on == D("2026-12-01")  # meeting + 4 weeks
    services.review_record_report(
        actor=officer, review_id=review.pk, received_on=D("2026-11-10"), today=LATER
    )
    review.refresh_from_db()
    maintain = {"sent_on": "2026-11-20", "reasons": "Good progress."}
    decide_review(officer, review, **maintain)
    # the rights go with the decision's notice, sent (outside this service) that day
    notice = Notice.objects.get(kind="review_maintain")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == D("2026-11-20") and notice.appeal_by == D("2027-01-20")
    review.refresh_from_db()
    assert review.decision_sent_on == D("2026-11-20") and not review.decision_waiting
    found = review_deadlines(review)
    assert found[DeadlineKind.ANNUAL_REVIEW].met_on == D("2026-11-20")
    assert found[DeadlineKind.REVIEW_DECISION].met_on == D("2026-11-20")
    assert found[DeadlineKind.REVIEW_REPORT].met_on == D("2026-11-10")
    following = plan.reviews.exclude(pk=review.pk).get()
    assert following.due_on == D("2027-11-19")  # 12 months from the decision, not the meeting
    assert Case.objects.get().stage == CaseStage.PLAN


def test_a_stale_review_decision_is_refused(officer, panel):
    review = hold_review(officer, final_plan(officer, panel).reviews.get())
    with pytest.raises(ConcurrentChange):
        decide_review(officer, review, version=review.version - 1, sent_on="2026-11-20")


def test_phase_transfer_review_amends_the_plan_to_name_the_secondary_school(officer, panel):
    plan = final_plan(officer, panel, born="2016-03-14")
    review = hold_review(officer, plan.reviews.get())
    amend = {"decision": "amend", "sent_on": "2026-11-20"}
    with pytest.raises(ValidationError, match="Prepare the amendments"):
        decide_review(
            officer, review, reasons="Moving to secondary.", evidence="Review report", **amend
        )
    amend_to_name_secondary_school(officer, plan)
    review.refresh_from_db()
    decide_review(
        officer,
        review,
        reasons="Name the secondary school.",
        evidence="Review report of 10 November 2026; the family's preference.",
        **amend,
    )
    amendment = Amendment.objects.get()
    assert amendment.proposals.kind == "amendment_draft"
    by_kind = {
        d.kind: d
        for d in Deadline.objects.filter(object_id=amendment.pk, content_type__model="amendment")
    }
    assert by_kind[DeadlineKind.AMENDMENT_RESPONSE].due_on == D(
        "2026-12-04"
    )  # 15 days from service
    assert by_kind[DeadlineKind.AMENDED_PLAN].due_on == D("2027-01-15")  # proposals + 8 weeks
    with pytest.raises(ValidationError, match="until 4 December 2026"):
        issue_amendment(officer, amendment, issued_on="2026-12-01", today=LATER)
    issued = issue_amendment(officer, amendment, issued_on="2026-12-10", today=LATER)
    assert issued.kind == "amended_final"
    assert issued.content["sections"]["I"]["setting"] == "Kingsway High School"
    assert list(plan.versions.values_list("kind", flat=True)) == [
        "draft",
        "final",
        "amendment_draft",
        "amended_final",
    ]
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL
    transfer = review_deadlines(review)[DeadlineKind.PHASE_TRANSFER]
    assert transfer.met_on == D("2026-12-10") and transfer.met_on <= transfer.due_on
    following = plan.reviews.exclude(pk=review.pk).get()
    assert following.due_on == D("2027-11-19") and not following.is_phase_transfer


def test_deciding_not_to_amend_after_all_is_told_with_the_rights_of_appeal(officer, panel):
    plan = final_plan(officer, panel)
    amendment = propose_amendments(officer, plan, sent_on="2026-09-01", today=LATER)

    decide_not_to_amend(officer, amendment, notified_on="2026-09-20", today=LATER)
    notice = Notice.objects.get(kind="not_amending")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == D("2026-09-20") and notice.appeal_by == D("2026-11-20")
    amended = Deadline.objects.get(kind=DeadlineKind.AMENDED_PLAN)
    assert amended.met_on == D("2026-09-20")
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL


def test_ceasing_keeps_the_plan_until_the_appeal_period_has_passed(officer, panel):
    plan = final_plan(officer, panel, born="2007-06-01")  # 19 in 2026
    with pytest.raises(ValidationError, match="turns 25"):
        start_cessation(officer, plan, reason="age_25", family_informed_on="2026-09-01")
    cessation = start_cessation(
        officer,
        plan,
        reason="higher_education",
        family_informed_on="2026-09-01",
        setting_consulted_on="2026-09-02",
    )
    review = hold_review(officer, plan.reviews.get(), meeting="2026-09-22", invited="2026-09-08")
    decide_review(
        officer,
        review,
        decision="cease",
        sent_on="2026-09-25",
        reasons="Started university.",
    )
    cessation.refresh_from_db()
    assert cessation.state == "notified" and cessation.notified_on == D("2026-09-25")
    # appeal: 25 November 2026 (2 months), a Wednesday: no holiday rule applies
    with pytest.raises(ValidationError, match="until the appeal period ends on 25 November 2026"):
        services.cessation_complete(
            actor=officer, cessation_id=cessation.pk, ceased_on=D("2026-11-25"), today=LATER
        )
    plan = services.cessation_complete(
        actor=officer, cessation_id=cessation.pk, ceased_on=D("2026-11-26"), today=LATER
    )
    assert plan.state == PlanState.CEASED and plan.cease_reason == "higher_education"
    case = Case.objects.get()
    assert case.stage == CaseStage.CEASED and case.closed_on == D("2026-11-26")
    assert not AnnualReview.objects.exclude(state=ReviewState.DECIDED).exists()
    assert not Deadline.objects.filter(met_on__isnull=True, cancelled=False).exists()


def test_under_18_out_of_education_is_reviewed_not_ceased(officer, panel):
    plan = final_plan(officer, panel, born="2010-01-05")  # 16 in 2026
    with pytest.raises(ValidationError, match="under 18"):
        start_cessation(officer, plan, reason="not_engaging", family_informed_on="2026-09-01")
    assert not Cessation.objects.exists()


def test_the_nightly_job_schedules_a_review_for_a_plan_that_has_none(officer, panel):
    plan = final_plan(officer, panel)
    AnnualReview.objects.all().delete()
    Deadline.objects.filter(kind=DeadlineKind.ANNUAL_REVIEW).delete()
    assert jobs.reviews_schedule(today=D("2026-06-01")) == 1
    assert jobs.reviews_schedule(today=D("2026-06-01")) == 0  # idempotent
    review = plan.reviews.get()
    assert review.due_on == D("2027-05-19")
    assert review_deadlines(review)[DeadlineKind.ANNUAL_REVIEW].due_on == D("2027-05-19")


def test_the_job_schedules_from_the_last_decision_and_skips_a_handled_transfer(officer, panel):
    plan = final_plan(officer, panel, born="2016-03-14")
    review = hold_review(officer, plan.reviews.get())
    decide_review(
        officer,
        review,
        sent_on="2026-11-20",
        reasons="Stays at an all-through school.",
    )
    plan.reviews.exclude(pk=review.pk).delete()
    jobs.reviews_schedule(today=D("2026-12-01"))
    assert plan.reviews.exclude(pk=review.pk).get().due_on == D("2027-11-19")
    assert PlanVersion.objects.filter(plan=plan).count() == 2
