"""A transfer review through its steps, with its dates: the family told at least 2 weeks ahead
(a notice with the invitation to meet), the transfer limit stored from the start (18 weeks, 14
before 1 September 2015), met on the day the final plan's notice (a plan record with its first
review) or the notice that no plan is needed is sent: emailed, or posted, or sent outside this
service on the day the step records. Each notice names the child, the decision, its date, the
rights and the deadline, to the young person in their own name or the family by their channel."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from cases import deadlines
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.notices.models import COPY_ROLES
from cases.notices.models import Channel
from cases.notices.models import Notice
from cases.notices.models import RecipientRole
from cases.notices.tests.kit import family_wants_post
from cases.rules import ConcurrentChange
from cases.tests.factories import UserFactory
from ehcp.models import AnnualReview
from ehcp.models import Plan
from ehcp.models import PlanState
from tests.kit import emails_sent
from tests.kit import letter_words
from tests.kit import letters_posted
from transfers import services
from transfers.models import TransferState

from .factories import TODAY
from .factories import D
from .factories import assessing
from .factories import draft_issued
from .factories import legacy_world
from .factories import notified
from .factories import planned_review

# After the family's 15 days on a draft sent 20 November 2026 (until 4 December).
LATER = D("2026-12-07")

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return legacy_world()


def test_the_transfer_limit_is_14_weeks_before_september_2015_and_18_after():
    assert deadlines.transfer_review_due(D("2015-08-31")) == D("2015-12-07")  # + 14 weeks
    assert deadlines.transfer_review_due(D("2015-09-01")) == D("2016-01-05")  # + 18 weeks
    assert deadlines.transfer_review_due(D("2026-11-16")) == D("2027-03-22")
    assert deadlines.transfer_review_earliest_start(D("2026-11-02")) == D("2026-11-16")


def test_a_review_runs_through_its_steps_to_a_final_plan(world):
    officer = world["officer"]
    review = planned_review(officer, setting_urn="112244")
    assert review.state == TransferState.PLANNED
    review = notified(officer, review)
    assert (review.state, review.notified_on, review.starts_on) == (
        TransferState.NOTIFIED,
        D("2026-11-02"),
        D("2026-11-16"),
    )
    limit = Deadline.objects.get(kind="transfer_review", object_id=review.pk)
    assert limit.due_on == D("2027-03-22") and limit.met_on is None
    notice = Notice.objects.get(case=review.case, kind="transfer_review_start")
    assert notice.facts["starts_on"] == "2026-11-16"
    assert "family centre" in notice.facts["meeting"]
    review = services.transfer_review_start_assessment(
        actor=officer, review_id=review.pk, started_on=D("2026-11-16"), today=TODAY
    )
    review = services.transfer_review_issue_draft(
        actor=officer, review_id=review.pk, issued_on=D("2026-11-20"), today=TODAY
    )
    # Not within the family's 15 days on the draft (sent 20 November: until 4 December).
    with pytest.raises(ValidationError, match="until 4 December 2026 to comment on the draft"):
        services.transfer_review_issue_final(
            actor=officer, review_id=review.pk, issued_on=D("2026-11-23"), today=TODAY
        )
    review = services.transfer_review_issue_final(
        actor=officer, review_id=review.pk, issued_on=LATER, today=LATER
    )
    assert review.state == TransferState.FINAL
    plan = Plan.objects.get(case=review.case)
    assert plan.state == PlanState.FINAL and plan.first_issued_on == LATER
    assert plan.placement_setting.urn == "112244"
    assert AnnualReview.objects.filter(plan=plan).exists()
    assert Case.objects.get(pk=review.case_id).stage == CaseStage.PLAN
    assert review.legacy_record.plan == plan
    # issued today, the plan goes out through this service: the limit waits for the letter
    final = Notice.objects.get(case=review.case, kind="transfer_final_plan")
    assert final.facts == {"issued_on": "2026-12-07"} and final.sent_on is None
    limit.refresh_from_db()
    assert limit.met_on is None
    assert RecipientRole.SETTING in {d.role for d in final.deliveries.all()}
    emails_sent(final, "2026-12-08")
    limit.refresh_from_db()
    assert limit.met_on == D("2026-12-08") == final.sent_on
    assert final.appeal_by == deadlines.appeal_deadline(D("2026-12-08"))


def test_no_plan_needed_ends_the_review_and_meets_the_limit_on_the_day_it_was_told(world):
    officer = world["officer"]
    review = draft_issued(officer, planned_review(officer))
    # decided and told on Friday, recorded on Monday: the letter went outside this service then
    review = services.transfer_review_conclude_no_plan(
        actor=officer,
        review_id=review.pk,
        decided_on=D("2026-11-20"),
        reason="Needs met at SEN support",
        today=TODAY,
    )
    assert review.state == TransferState.NO_PLAN and review.concluded_on == D("2026-11-20")
    assert Deadline.objects.get(kind="transfer_review", object_id=review.pk).met_on == D(
        "2026-11-20"
    )
    assert not Plan.objects.filter(case=review.case).exists()
    notice = Notice.objects.get(case=review.case, kind="transfer_no_plan")
    assert notice.sent_on == D("2026-11-20")
    assert notice.facts["reason"] == "needs met at SEN support"
    assert notice.appeal_by == deadlines.appeal_deadline(D("2026-11-20"))


def test_the_draft_plan_goes_with_the_15_days_and_where_to_find_schools(world, pdf_renders):
    officer = world["officer"]
    review = assessing(officer, planned_review(officer))
    services.transfer_review_issue_draft(
        actor=officer, review_id=review.pk, issued_on=TODAY, today=TODAY
    )
    notice = Notice.objects.get(case=review.case, kind="transfer_draft_plan")
    assert notice.facts == {"served_on": "2026-11-23", "response_due": "2026-12-07"}
    text = letter_words(pdf_renders, "Transfer review: the draft EHC plan")
    assert "Tilly" in text and "23 November 2026" in text
    assert "7 December 2026" in text and "which school or college" in text
    assert "local offer" in text and "/local-offer/" in text
    # the 15 days begin with the day the draft is served: the email goes the next morning
    assert not Deadline.objects.filter(kind="draft_response", object_id=review.pk).exists()
    emails_sent(notice, "2026-11-24")
    response = Deadline.objects.get(kind="draft_response", object_id=review.pk)
    assert response.due_on == D("2026-12-08") and response.case_id == review.case_id


def test_the_final_plan_tells_the_young_person_their_rights_and_appeal_date(world, pdf_renders):
    officer = world["officer"]
    # born in 2009: a young person since the end of the school year they turned 16
    review = planned_review(officer, date_of_birth="2009-03-01")
    child = review.case.child
    child.email = "tilly@example.net"
    child.save(update_fields=["email"])
    review = draft_issued(officer, review)
    services.transfer_review_issue_final(
        actor=officer, review_id=review.pk, issued_on=LATER, today=LATER
    )
    notice = Notice.objects.get(case=review.case, kind="transfer_final_plan")
    family = [d for d in notice.deliveries.all() if d.role not in COPY_ROLES]
    assert [(d.role, d.email) for d in family] == [
        (RecipientRole.YOUNG_PERSON, "tilly@example.net")
    ]
    text = letter_words(pdf_renders, "Transfer review: the final EHC plan")
    assert "Tilly" in text and "7 December 2026" in text
    assert "replaces the statement" in text
    assert "Demo Mediation Service" in text and "Disagreement resolution" in text
    assert "Demo SENDIASS" in text
    emails_sent(notice, "2026-12-07")
    assert notice.appeal_by == deadlines.appeal_deadline(LATER)
    assert f"You must appeal by {notice.appeal_by:%-d %B %Y}" in letter_words(
        pdf_renders, "Transfer review: the final EHC plan"
    )
    limit = Deadline.objects.get(kind="transfer_review", object_id=review.pk)
    assert limit.met_on == LATER


def test_a_family_who_wants_post_is_sent_no_plan_by_post_and_the_limit_met_when_posted(
    world, pdf_renders
):
    officer = world["officer"]
    review = draft_issued(officer, planned_review(officer))
    family_wants_post(review.case, address="3 Mill Lane\nExeter\nEX2 4AB")
    services.transfer_review_conclude_no_plan(
        actor=officer,
        review_id=review.pk,
        decided_on=TODAY,
        reason="Needs met at SEN support",
        today=TODAY,
    )
    notice = Notice.objects.get(case=review.case, kind="transfer_no_plan")
    parent = notice.deliveries.get(role=RecipientRole.PARENT)
    assert parent.channel == Channel.POST
    text = letter_words(pdf_renders, "Transfer review: an EHC plan is not needed")
    assert "Tilly" in text and "does not need an education, health and care (EHC) plan" in text
    assert "needs met at SEN support" in text and "Demo Mediation Service" in text
    limit = Deadline.objects.get(kind="transfer_review", object_id=review.pk)
    assert limit.met_on is None  # on the print queue: not sent yet
    letters_posted(officer, parent, on="2026-11-25")
    limit.refresh_from_db()
    notice.refresh_from_db()
    assert limit.met_on == D("2026-11-25") == notice.sent_on


def test_the_family_gets_at_least_two_weeks_notice(world):
    review = planned_review(world["officer"])
    with pytest.raises(ValidationError) as refused:
        notified(world["officer"], review, notified_on="2026-11-02", starts_on="2026-11-15")
    assert refused.value.message_dict["starts_on"] == [
        "The review must start at least 2 weeks after the family is told: on or after "
        "16 November 2026"
    ]
    review.refresh_from_db()
    assert review.state == TransferState.PLANNED
    assert not Deadline.objects.filter(kind="transfer_review").exists()


def test_without_anyone_to_write_to_nothing_is_recorded(world):
    review = planned_review(world["officer"], with_family=False)
    with pytest.raises(ValidationError, match="There is nobody to send"):
        notified(world["officer"], review)
    review.refresh_from_db()
    assert review.state == TransferState.PLANNED
    assert not Deadline.objects.filter(kind="transfer_review").exists()


def test_the_assessment_cannot_start_before_the_date_the_family_was_told(world):
    review = notified(world["officer"], planned_review(world["officer"]))
    with pytest.raises(ValidationError) as refused:
        services.transfer_review_start_assessment(
            actor=world["officer"], review_id=review.pk, started_on=D("2026-11-10"), today=TODAY
        )
    assert "16 November 2026" in refused.value.message_dict["started_on"][0]


def test_a_step_out_of_turn_or_by_a_stranger_is_refused(world):
    review = planned_review(world["officer"])
    with pytest.raises(ConcurrentChange):
        services.transfer_review_issue_draft(
            actor=world["officer"], review_id=review.pk, issued_on=TODAY, today=TODAY
        )
    stranger = UserFactory(role="case_officer", team__name="South locality")
    with pytest.raises(PermissionDenied):
        notified(stranger, review)
    with pytest.raises(ConcurrentChange):
        services.transfer_review_notify(
            actor=world["officer"],
            review_id=review.pk,
            version=review.version + 1,
            notified_on=D("2026-11-02"),
            starts_on=D("2026-11-16"),
            meeting_offered="x",
            today=TODAY,
        )


def test_a_statement_for_a_child_with_a_plan_here_is_refused(world):
    officer = world["officer"]
    review = assessing(officer, planned_review(officer))
    review = services.transfer_review_issue_draft(
        actor=officer, review_id=review.pk, issued_on=D("2026-11-20"), today=TODAY
    )
    services.transfer_review_issue_final(
        actor=officer, review_id=review.pk, issued_on=LATER, today=LATER
    )
    rows = [
        {
            "record_type": "lda",
            "legacy_reference": "LDA-9",
            "upn": "",
            "first_name": "Tilly",
            "last_name": "Marsh",
            "date_of_birth": "2015-01-19",
            "postcode": "",
            "issued_on": "2020-01-01",
            "last_reviewed_on": "",
            "setting_urn": "",
            "primary_need": "",
            "officer_email": "",
        }
    ]
    report = services.legacy_check(rows=rows, today=datetime.date(2026, 11, 24))
    assert report.errors[0][1] == "record_type"
    assert "already has an EHC plan here" in report.errors[0][2]


def test_a_planned_review_is_due_to_be_told_by_its_cohorts_date_and_met_when_the_notice_goes(
    world,
):
    from cases.notices.services import notice_record_sent
    from transfers.models import NOTIFY_WITHIN_WEEKS
    from transfers.models import Cohort

    officer = world["officer"]
    first = planned_review(officer)  # year 7 now: not a key transition point
    year_6 = planned_review(officer, legacy_reference="ST-2", date_of_birth="2016-01-19")
    assert (first.cohort, year_6.cohort) == (Cohort.OTHER, Cohort.YEAR_6)
    told_by = Deadline.objects.get(kind="transfer_review_notice", object_id=year_6.pk)
    assert told_by.due_on == TODAY + datetime.timedelta(weeks=2) == D("2026-12-07")
    assert told_by.case_id == year_6.case_id and told_by.met_on is None
    later = Deadline.objects.get(kind="transfer_review_notice", object_id=first.pk)
    assert later.due_on == TODAY + datetime.timedelta(weeks=NOTIFY_WITHIN_WEEKS[Cohort.OTHER])

    notified(officer, year_6, notified_on="2026-11-23", starts_on="2026-12-07")
    told_by.refresh_from_db()
    assert told_by.met_on is None  # the letter has not gone yet
    notice = Notice.objects.get(case=year_6.case, kind="transfer_review_start")
    notice_record_sent(actor=officer, notice=notice, sent_on=D("2026-11-23"))
    told_by.refresh_from_db()
    assert told_by.met_on == D("2026-11-23")
