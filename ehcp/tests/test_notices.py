"""ehcp's statutory steps make their notices, in the step's transaction: the review decision
to keep, change (with the proposed changes and their 15 days) or end the plan, proposed
amendments, the amended plan (the phase-transfer notice when it names the next school), a
decision not to amend, and the decision to cease (reg 31). Each names the child, the decision,
its date, the rights and the deadline; each goes to the family with copies where the law says;
its limit is met on the day it is sent (a letter: the day it is posted)."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Deadline
from cases.models import DeadlineKind
from cases.notices import services as notices
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Channel
from cases.notices.models import Notice
from cases.notices.models import RecipientRole
from cases.notices.tests.kit import family_wants_post
from ehcp import services
from ehcp.models import Amendment
from ehcp.tests.factories import LATER
from ehcp.tests.factories import amend_to_name_secondary_school
from ehcp.tests.factories import decide_not_to_amend
from ehcp.tests.factories import decide_review
from ehcp.tests.factories import issue_amendment
from ehcp.tests.factories import notify_cessation
from ehcp.tests.factories import propose_amendments
from ehcp.tests.factories import start_cessation
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import open_review
from tests.kit import D
from tests.kit import letter_words
from tests.kit import letters_posted
from tests.kit import letters_written

pytestmark = pytest.mark.django_db


def _roles(notice: Notice) -> set:
    return set(notice.deliveries.values_list("role", flat=True))


def _ceasing_considered(officer, plan, *, reason, consulted=None, today="2026-09-01"):
    """The council tells the family on 1 September 2026 that it is considering ceasing `plan`
    for `reason`; the school or college is consulted on `consulted` (None: not yet)."""
    return start_cessation(
        officer,
        plan,
        family_informed_on="2026-09-01",
        reason=reason,
        setting_consulted_on=consulted,
        today=D(str(today)),
    )


def test_a_review_decision_made_today_is_posted_and_completes_the_review_on_the_posted_day(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel)
    family_wants_post(plan.case)
    review = held(officer, open_review(plan))
    decide_review(
        officer,
        review,
        sent_on=None,
        decided_on="2027-03-20",
        reasons="Progress is good.",
        today=D("2027-03-20"),
    )

    review.refresh_from_db()
    assert review.decision_waiting and review.decision_sent_on is None
    assert review.status == "Decision waiting to go out"
    following = plan.reviews.exclude(pk=review.pk).get()
    # scheduled now from the day of the decision, timed again when it is sent
    assert following.due_on == D("2028-03-19")
    notice = Notice.objects.get(case=plan.case, kind="review_maintain")
    family = notice.deliveries.get(role=RecipientRole.PARENT)
    assert family.channel == Channel.POST and _roles(notice) == {"parent", "setting"}
    letter = letter_words(pdf_renders, notice.title)
    assert "Maya" in letter and "20 March 2027" in letter
    assert "decided to keep their education, health and care (EHC) plan as it is" in letter
    assert "You must appeal by" in letter and "Demo Mediation Service" in letter
    limit = Deadline.objects.get(case=plan.case, kind=DeadlineKind.REVIEW_DECISION)
    assert limit.met_on is None  # decided; the letter still waits to be posted
    annual = Deadline.objects.get(
        case=plan.case, kind=DeadlineKind.ANNUAL_REVIEW, object_id=review.pk
    )
    assert annual.met_on is None  # the review is not complete until the decision is sent

    letters_posted(officer, family, on="2027-03-22")

    notice.refresh_from_db()
    assert notice.sent_on == D("2027-03-22") and notice.appeal_by == D("2027-05-24")
    limit.refresh_from_db()
    assert limit.met_on == D("2027-03-22")
    review.refresh_from_db()
    assert review.decision_sent_on == D("2027-03-22") and review.status == "Decision sent"
    annual.refresh_from_db()
    assert annual.met_on == D("2027-03-22")
    # the next review's 12 months start the day the decision was sent, and its stored deadline
    # follows
    following.refresh_from_db()
    assert following.due_on == D("2028-03-21")
    assert Deadline.objects.get(
        kind=DeadlineKind.ANNUAL_REVIEW, object_id=following.pk
    ).due_on == D("2028-03-21")


def _secondary_school_proposed(officer, plan):
    """The phase transfer review of a child born 14 March 2016: held on 10 November 2026, and
    the decision to amend the plan to name Kingsway High School sent on 20 November."""
    review = held(officer, plan.reviews.get(), sent="2026-10-20", meeting="2026-11-10")
    amend_to_name_secondary_school(officer, plan)
    review.refresh_from_db()
    decide_review(
        officer,
        review,
        decision="amend",
        sent_on="2026-11-20",
        reasons="Name the secondary school.",
        evidence="Review report of 10 November 2026.",
    )
    return review


def test_changing_the_plan_at_a_phase_transfer_sends_the_proposals_then_the_amended_plan(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel, born="2016-03-14")
    _secondary_school_proposed(officer, plan)

    proposals = Notice.objects.get(case=plan.case, kind="review_amend")
    assert proposals.facts == {
        "decided_on": "2026-11-20",
        "proposals_sent_on": "2026-11-20",
        "response_due": "2026-12-04",
    }
    assert proposals.sent_on == D("2026-11-20")  # sent that day (a day before today)
    letter = letter_words(pdf_renders, proposals.title)
    assert "You have until 4 December 2026" in letter and "Maya" in letter
    assert "/local-offer/" in letter

    amendment = Amendment.objects.get()
    issue_amendment(officer, amendment, issued_on="2026-12-10")
    amended = Notice.objects.get(case=plan.case, kind="amended_plan")
    copy = amended.deliveries.get(role=RecipientRole.SETTING)
    assert copy.name == "The head teacher or principal, Kingsway High School"  # the new school
    assert _roles(amended) == {"parent", "setting", "health"}
    assert amended.appeal_by == D("2027-02-10")
    letter = letter_words(pdf_renders, amended.title)
    assert "amended education, health and care (EHC) plan" in letter
    assert "10 December 2026" in letter and "You must appeal by" in letter
    limit = Deadline.objects.get(case=plan.case, kind=DeadlineKind.AMENDED_PLAN)
    assert limit.met_on == D("2026-12-10")


def test_proposed_amendments_and_a_decision_not_to_amend_each_have_their_notice(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel)
    amendment = propose_amendments(officer, plan, sent_on="2026-09-01")
    proposed = Notice.objects.get(case=plan.case, kind="proposed_amendments")
    assert proposed.facts["response_due"] == "2026-09-15"
    assert "by 15 September 2026" in letter_words(pdf_renders, proposed.title) or (
        "until 15 September 2026" in letter_words(pdf_renders, proposed.title)
    )

    decide_not_to_amend(officer, amendment, notified_on="2026-09-20")
    not_amending = Notice.objects.get(case=plan.case, kind="not_amending")
    assert not_amending.sent_on == D("2026-09-20") and not_amending.appeal_by == D("2026-11-20")
    letter = letter_words(pdf_renders, not_amending.title)
    assert "decided not to make the changes we proposed" in letter and "Maya" in letter
    assert "You must appeal by" in letter
    assert Deadline.objects.get(kind=DeadlineKind.AMENDED_PLAN).met_on == D("2026-09-20")


def test_the_decision_to_cease_goes_with_its_reason_rights_and_copies(officer, panel, pdf_renders):
    plan = final_plan(officer, panel, born="2007-06-01")
    cessation = _ceasing_considered(
        officer, plan, reason="higher_education", consulted="2026-09-02", today=LATER
    )
    notify_cessation(officer, cessation, on="2026-09-25")
    notice = Notice.objects.get(case=plan.case, kind="cease")
    assert _roles(notice) == {"young_person", "setting", "health", "social_care"}  # 19: their own
    assert notice.sent_on == D("2026-09-25") and notice.appeal_by == D("2026-11-25")
    letter = letter_words(pdf_renders, notice.title)
    assert "decided to end" in letter and "25 September 2026" in letter
    assert "higher education" in letter.lower() and "You must appeal by" in letter


def _posted(officer, notice, day: str) -> None:
    """The officer posts the notice's letters to the family on `day` (once they are written)."""
    letters = notice.deliveries.filter(channel=Channel.POST).exclude(
        role__in=(RecipientRole.SETTING, RecipientRole.HEALTH, RecipientRole.SOCIAL_CARE)
    )
    letters_posted(officer, *letters, on=day)


def test_the_phase_transfer_is_met_the_day_the_amended_plan_is_posted_not_issued(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel, born="2016-03-14")
    family_wants_post(plan.case)
    review = _secondary_school_proposed(officer, plan)
    transfer = Deadline.objects.get(kind=DeadlineKind.PHASE_TRANSFER, object_id=review.pk)
    assert transfer.due_on == D("2027-02-14")

    amendment = Amendment.objects.get()
    issue_amendment(officer, amendment, issued_on="2026-12-10", today=D("2026-12-10"))
    amendment.refresh_from_db()
    assert amendment.names_next_setting
    transfer.refresh_from_db()
    assert transfer.met_on is None  # issued, but the letter has not gone yet

    amended = Notice.objects.get(case=plan.case, kind="amended_plan")
    assert amended.deliveries.get(role=RecipientRole.PARENT).channel == Channel.POST
    assert set(notice_kind(amended.kind).rights) == set(Right.ALL)
    _posted(officer, amended, "2026-12-14")

    transfer.refresh_from_db()
    assert transfer.met_on == D("2026-12-14")  # the day it was sent (ARCHITECTURE.md)
    amended.refresh_from_db()
    assert amended.sent_on == D("2026-12-14") and amended.appeal_by == D("2027-02-15")
    limit = Deadline.objects.get(kind=DeadlineKind.AMENDED_PLAN)
    assert limit.met_on == D("2026-12-14")


def test_ceasing_being_considered_is_told_to_the_young_person_with_why_and_how_to_give_views(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel, born="2007-06-01")  # 19: a young person
    plan.case.child.email = "ade@example.net"
    plan.case.child.save(update_fields=["email"])
    cessation = _ceasing_considered(officer, plan, reason="employment")
    notice = Notice.objects.get(case=plan.case, kind="ceasing_considered")
    assert notice.decision == cessation
    assert _roles(notice) == {"young_person", "setting"}  # 19: their own; the school a copy
    young = notice.deliveries.get(role=RecipientRole.YOUNG_PERSON)
    assert young.channel == Channel.EMAIL and young.email == "ade@example.net"
    assert not notice.deliveries.filter(role=RecipientRole.PARENT).exists()
    assert notice.facts == {
        "informed_on": "2026-09-01",
        "reason": "moved to paid employment",
        "views_by": "2026-09-15",
    }
    assert notice.appeal_by is None  # nothing decided yet: no appeal
    letter = letter_words(pdf_renders, notice.title)
    assert "considering ending" in letter and "We have not made that decision" in letter
    assert "moved to paid employment" in letter
    assert "we will consult you and" in letter and "school or college" in letter
    assert "Please give us your views by 15 September 2026" in letter
    # nothing is decided yet: the information service, no appeal until a decision to cease
    assert notice_kind(notice.kind).rights == (Right.IASS,)
    assert "You must appeal by" not in letter and "Demo SENDIASS" in letter
    assert "we will write to you again" in letter


def test_ceasing_being_considered_goes_to_the_person_acting_for_a_young_person(
    officer, panel, pdf_renders
):
    from cases.notices.tests.kit import acting_for

    plan = final_plan(officer, panel, born="2007-06-01")
    acting_for(plan.case, officer, address="9 Court Road\nExeter\nEX2 2BB")  # post: no email
    _ceasing_considered(officer, plan, reason="not_necessary")
    notice = Notice.objects.get(case=plan.case, kind="ceasing_considered")
    acting = notice.deliveries.get(role=RecipientRole.ACTING)
    assert acting.name == "Tom Deputy" and acting.channel == Channel.POST
    assert "9 Court Road" in acting.postal_address
    assert "Tom Deputy" in letter_words(pdf_renders, notice.title)
    assert not notice.deliveries.filter(role=RecipientRole.PARENT).exists()


def test_a_decision_to_cease_made_today_starts_its_appeal_period_the_day_it_is_posted(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel, born="2007-06-01")  # a young person with no email: post
    plan.case.child.address_line_1, plan.case.child.postcode = "1 High Street", "EX1 1AA"
    plan.case.child.save(update_fields=["address_line_1", "postcode"])
    cessation = _ceasing_considered(
        officer, plan, reason="higher_education", consulted="2026-09-02", today="2026-09-02"
    )
    cessation = notify_cessation(officer, cessation, on="2026-09-25", today=D("2026-09-25"))
    assert cessation.state == "notified" and cessation.notified_on is None
    with pytest.raises(ValidationError, match="has not gone out yet"):
        services.cessation_complete(
            actor=officer, cessation_id=cessation.pk, ceased_on=D("2026-09-25"), today=LATER
        )
    notice = Notice.objects.get(case=plan.case, kind="cease")
    _posted(officer, notice, "2026-09-28")
    cessation.refresh_from_db()
    assert cessation.notified_on == D("2026-09-28")
    notice.refresh_from_db()
    assert notice.appeal_by == D("2026-11-30")  # 28 November is a Saturday
    with pytest.raises(ValidationError, match="appeal period ends on 30 November 2026"):
        services.cessation_complete(
            actor=officer, cessation_id=cessation.pk, ceased_on=D("2026-11-30"), today=LATER
        )


def test_the_familys_15_days_on_proposals_begin_the_day_the_letter_is_posted(
    officer, panel, pdf_renders
):
    """Proposals decided with the review today go by post: reg 22(2)'s 15 days begin with the
    day they are served, so nothing is due back until the letter is posted, and the amended
    plan cannot be issued before then."""
    plan = final_plan(officer, panel)
    family_wants_post(plan.case)
    review = held(officer, open_review(plan))
    services.amendment_start(actor=officer, plan_id=plan.pk)
    decide_review(
        officer,
        review,
        sent_on=None,
        decision="amend",
        decided_on="2027-03-20",
        reasons="Add speech and language therapy.",
        evidence="Speech and language report.",
        today=D("2027-03-20"),
    )
    amendment = Amendment.objects.get()
    assert not Deadline.objects.filter(kind=DeadlineKind.AMENDMENT_RESPONSE).exists()
    with pytest.raises(ValidationError, match="have not been sent to the family yet"):
        issue_amendment(
            officer,
            amendment,
            issued_on="2027-03-20",
            family_responded_on=D("2027-03-20"),
            today=D("2027-03-20"),
        )

    notice = Notice.objects.get(case=plan.case, kind="review_amend")
    family = notice.deliveries.get(role=RecipientRole.PARENT)
    letters_posted(officer, family, on="2027-03-23")

    amendment.refresh_from_db()
    assert amendment.proposals_sent_on == D("2027-03-23")
    response = Deadline.objects.get(kind=DeadlineKind.AMENDMENT_RESPONSE, object_id=amendment.pk)
    assert response.due_on == D("2027-04-06")  # 15 days beginning with 23 March
    eight_weeks = Deadline.objects.get(kind=DeadlineKind.AMENDED_PLAN, object_id=amendment.pk)
    assert eight_weeks.due_on == D("2027-05-18")  # 8 weeks from the sending (reg 22(3))
    with pytest.raises(ValidationError, match="has until 6 April 2027"):
        issue_amendment(officer, amendment, issued_on="2027-04-05")
    # a second letter changes nothing
    notices.notice_record_sent(actor=officer, notice=notice, sent_on=D("2027-03-30"))
    response.refresh_from_db()
    assert response.due_on == D("2027-04-06")


def test_proposals_outside_a_review_sent_today_are_due_back_15_days_from_the_email(officer, panel):
    from tests.kit import at

    plan = final_plan(officer, panel)
    amendment = propose_amendments(officer, plan, sent_on="2027-01-11", today=D("2027-01-11"))
    assert not Deadline.objects.filter(
        kind=DeadlineKind.AMENDMENT_RESPONSE, object_id=amendment.pk
    ).exists()
    notice = Notice.objects.get(case=plan.case, kind="proposed_amendments")
    letters_written()
    for delivery in notice.deliveries.filter(channel=Channel.EMAIL):
        notices.delivery_send(delivery_id=delivery.pk, now=at("2027-01-12", "08:00"))
    amendment.refresh_from_db()
    assert amendment.proposals_sent_on == D("2027-01-12")
    assert Deadline.objects.get(
        kind=DeadlineKind.AMENDMENT_RESPONSE, object_id=amendment.pk
    ).due_on == D("2027-01-26")
