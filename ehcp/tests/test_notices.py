"""ehcp's statutory steps make their notices, in the step's transaction: the review decision
to keep, change (with the proposed changes and their 15 days) or end the plan, proposed
amendments, the amended plan (the phase-transfer notice when it names the next school), a
decision not to amend, and the decision to cease (reg 31). Each names the child, the decision,
its date, the rights and the deadline; each goes to the family with copies where the law says;
its limit is met on the day it is sent (a letter: the day it is posted)."""

import re

import pytest

from cases.models import ContactPreference, Deadline, DeadlineKind
from cases.notices import services as notices
from cases.notices.models import Channel, Notice, RecipientRole
from cases.tests.factories import SettingFactory
from ehcp import services
from ehcp.models import Amendment
from ehcp.tests.factories import LATER, decide_review
from ehcp.tests.test_review_views_kit import final_plan, held, open_review
from tests.kit import D

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _letter(pdf_renders, notice: Notice) -> str:
    title = f"<title>{notice.title}: "
    return _text(next(h for h in reversed(pdf_renders) if title in h))


def _roles(notice: Notice) -> set:
    return set(notice.deliveries.values_list("role", flat=True))


def test_a_review_decision_made_today_is_posted_and_meets_its_4_weeks_on_the_posted_day(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel)
    plan.case.child.family.update(
        contact_preference=ContactPreference.POST, address="1 High Street\nExeter\nEX1 1AA"
    )
    review = held(officer, open_review(plan))
    services.review_decide(
        actor=officer,
        review_id=review.pk,
        version=review.version,
        decision="maintain",
        sent_on=D("2027-03-20"),
        reasons="Progress is good.",
        today=D("2027-03-20"),
    )

    notice = Notice.objects.get(case=plan.case, kind="review_maintain")
    family = notice.deliveries.get(role=RecipientRole.PARENT)
    assert family.channel == Channel.POST and _roles(notice) == {"parent", "setting"}
    letter = _letter(pdf_renders, notice)
    assert "Maya" in letter and "20 March 2027" in letter
    assert "decided to keep their education, health and care (EHC) plan as it is" in letter
    assert "You must appeal by" in letter and "Demo Mediation Service" in letter
    limit = Deadline.objects.get(case=plan.case, kind=DeadlineKind.REVIEW_DECISION)
    assert limit.met_on is None  # decided; the letter still waits to be posted

    notices.deliveries_mark_posted(
        actor=officer, delivery_ids=[family.pk], posted_on=D("2027-03-22"), today=D("2027-03-22")
    )

    notice.refresh_from_db()
    assert notice.sent_on == D("2027-03-22") and notice.appeal_by == D("2027-05-24")
    limit.refresh_from_db()
    assert limit.met_on == D("2027-03-22")


def test_changing_the_plan_at_a_phase_transfer_sends_the_proposals_then_the_amended_plan(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel, born="2016-03-14")
    review = held(officer, plan.reviews.get(), sent="2026-10-20", meeting="2026-11-10")
    services.amendment_start(actor=officer, plan_id=plan.pk)
    secondary = SettingFactory(name="Kingsway High School", phase="secondary")
    services.plan_placement_set(actor=officer, plan_id=plan.pk, setting_id=secondary.pk)
    review.refresh_from_db()
    decide_review(
        officer,
        review,
        decision="amend",
        sent_on="2026-11-20",
        reasons="Name the secondary school.",
        evidence="Review report of 10 November 2026.",
    )

    proposals = Notice.objects.get(case=plan.case, kind="review_amend")
    assert proposals.facts == {
        "decided_on": "2026-11-20",
        "proposals_sent_on": "2026-11-20",
        "response_due": "2026-12-04",
    }
    assert proposals.sent_on == D("2026-11-20")  # sent that day (a day before today)
    letter = _letter(pdf_renders, proposals)
    assert "You have until 4 December 2026" in letter and "Maya" in letter
    assert "/local-offer/" in letter

    amendment = Amendment.objects.get()
    services.amendment_issue(
        actor=officer, amendment_id=amendment.pk, issued_on=D("2026-12-10"), today=LATER
    )
    amended = Notice.objects.get(case=plan.case, kind="amended_plan")
    copy = amended.deliveries.get(role=RecipientRole.SETTING)
    assert copy.name == "The head teacher or principal, Kingsway High School"  # the new school
    assert _roles(amended) == {"parent", "setting", "health"}
    assert amended.appeal_by == D("2027-02-10")
    letter = _letter(pdf_renders, amended)
    assert "amended education, health and care (EHC) plan" in letter
    assert "10 December 2026" in letter and "You must appeal by" in letter
    limit = Deadline.objects.get(case=plan.case, kind=DeadlineKind.AMENDED_PLAN)
    assert limit.met_on == D("2026-12-10")


def test_proposed_amendments_and_a_decision_not_to_amend_each_have_their_notice(
    officer, panel, pdf_renders
):
    plan = final_plan(officer, panel)
    services.amendment_start(actor=officer, plan_id=plan.pk)
    amendment = services.amendment_propose(
        actor=officer,
        plan_id=plan.pk,
        sent_on=D("2026-09-01"),
        evidence="New EP report.",
        today=LATER,
    )
    proposed = Notice.objects.get(case=plan.case, kind="proposed_amendments")
    assert proposed.facts["response_due"] == "2026-09-15"
    assert "by 15 September 2026" in _letter(pdf_renders, proposed) or (
        "until 15 September 2026" in _letter(pdf_renders, proposed)
    )

    services.amendment_withdraw(
        actor=officer,
        amendment_id=amendment.pk,
        notified_on=D("2026-09-20"),
        reasons="Needs met by current provision.",
        today=LATER,
    )
    not_amending = Notice.objects.get(case=plan.case, kind="not_amending")
    assert not_amending.sent_on == D("2026-09-20") and not_amending.appeal_by == D("2026-11-20")
    letter = _letter(pdf_renders, not_amending)
    assert "decided not to make the changes we proposed" in letter and "Maya" in letter
    assert "You must appeal by" in letter
    assert Deadline.objects.get(kind=DeadlineKind.AMENDED_PLAN).met_on == D("2026-09-20")


def test_the_decision_to_cease_goes_with_its_reason_rights_and_copies(officer, panel, pdf_renders):
    plan = final_plan(officer, panel, born="2007-06-01")
    cessation = services.cessation_start(
        actor=officer,
        plan_id=plan.pk,
        reason="higher_education",
        family_informed_on=D("2026-09-01"),
        setting_consulted_on=D("2026-09-02"),
        today=LATER,
    )
    services.cessation_notify(
        actor=officer,
        cessation_id=cessation.pk,
        notified_on=D("2026-09-25"),
        today=LATER,
    )
    notice = Notice.objects.get(case=plan.case, kind="cease")
    assert _roles(notice) == {"young_person", "setting", "health", "social_care"}  # 19: their own
    assert notice.sent_on == D("2026-09-25") and notice.appeal_by == D("2026-11-25")
    letter = _letter(pdf_renders, notice)
    assert "decided to end" in letter and "25 September 2026" in letter
    assert "higher education" in letter.lower() and "You must appeal by" in letter
