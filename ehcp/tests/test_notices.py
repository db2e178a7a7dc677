"""ehcp's notices through the notice service, for a real plan: a review decision to keep the
plan goes to the family with its appeal rights and a copy to the school, and its 4-week limit
(reg 20) is met on the day the letter is posted, through the kind's `on_sent` hook."""

import pytest

from cases.models import ContactPreference, Deadline, DeadlineKind
from cases.notices import services as notices
from cases.notices.models import Channel, RecipientRole
from cases.tests.factories import FamilyMemberFactory, SettingFactory
from ehcp.tests.test_review_views_kit import decided, final_plan, open_review
from tests.kit import D

pytestmark = pytest.mark.django_db


def test_a_review_decision_notice_meets_the_4_week_limit_on_the_day_it_is_posted(officer, panel):
    plan = final_plan(officer, panel)
    child = plan.case.child
    child.current_setting = SettingFactory(email="")
    child.save()
    FamilyMemberFactory(
        child=child, full_name="Rachel Okafor", contact_preference=ContactPreference.POST
    )
    review = decided(officer, open_review(plan))  # decided, and recorded as sent, 20 March 2027

    notice = notices.notice_create(
        actor=officer,
        case=plan.case,
        kind="review_maintain",
        facts={"decided_on": D("2027-03-20")},
        decision=review,
        dated_on=D("2027-03-20"),
    )
    roles = {d.role: d.channel for d in notice.deliveries.all()}
    assert roles == {RecipientRole.PARENT: Channel.POST, RecipientRole.SETTING: Channel.POST}
    family = notice.deliveries.get(role=RecipientRole.PARENT)

    notices.deliveries_mark_posted(
        actor=officer, delivery_ids=[family.pk], posted_on=D("2027-03-22"), today=D("2027-03-22")
    )

    notice.refresh_from_db()
    assert notice.sent_on == D("2027-03-22") and notice.appeal_by == D("2027-05-24")
    limit = Deadline.objects.get(case=plan.case, kind=DeadlineKind.REVIEW_DECISION)
    assert limit.met_on == D("2027-03-22")
