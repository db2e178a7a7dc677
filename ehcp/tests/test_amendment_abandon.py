"""Amendments prepared but never proposed to the family can be abandoned: the plan's working
copy goes back to the plan as last issued (sections A to K, with their links), the plan is in
force as it was, and nothing is sent. Amendments already proposed are settled only by issuing
the amended plan or deciding not to amend (reg 22)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import AuditEntry
from cases.notices.models import Notice
from cases.tests.factories import SettingFactory
from ehcp import content as plan_content
from ehcp import services
from ehcp.models import PlanState
from ehcp.tests.factories import add_need
from ehcp.tests.factories import propose_amendments
from ehcp.tests.factories import write_section_a
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import open_review

pytestmark = pytest.mark.django_db


def _issued(plan) -> dict:
    return plan.versions.order_by("-number").first().content["sections"]


def _working_copy(plan) -> dict:
    plan.refresh_from_db()
    return plan_content.snapshot(plan)["sections"]


def _changed(officer, plan) -> None:
    """Section A, a new need, a removed outcome link and a new school: all in the working copy."""
    write_section_a(
        officer,
        plan,
        views="Maya wants to move to Kingsway.",
        interests="Drawing",
        aspirations="To be a vet",
    )
    add_need(officer, plan, area="cognition", description="Dyslexia")
    secondary = SettingFactory(name="Kingsway High School", phase="secondary")
    services.plan_placement_set(actor=officer, plan_id=plan.pk, setting_id=secondary.pk)


def test_abandoned_amendments_put_the_plan_back_as_last_issued(officer, panel):
    plan = final_plan(officer, panel)
    issued = _issued(plan)
    assert _working_copy(plan) == issued
    services.amendment_start(actor=officer, plan_id=plan.pk)
    _changed(officer, plan)
    assert _working_copy(plan) != issued
    notices_before = Notice.objects.count()

    services.amendment_abandon(actor=officer, plan_id=plan.pk)

    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL
    assert _working_copy(plan) == issued
    assert Notice.objects.count() == notices_before  # nothing was sent, nobody is told
    event = AuditEntry.objects.filter(action="plan.amendments_abandoned").get()
    assert event.case_id == plan.case_id
    # and the plan can be amended again
    services.amendment_start(actor=officer, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.state == PlanState.AMENDING


def test_amendments_already_proposed_cannot_be_abandoned(officer, panel):
    plan = final_plan(officer, panel)
    propose_amendments(
        officer, plan, sent_on="2027-03-16", evidence="New report from the speech therapist."
    )
    with pytest.raises(ValidationError, match="decide not to amend"):
        services.amendment_abandon(actor=officer, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.state == PlanState.AMENDING
    with pytest.raises(ValidationError, match="not being amended"):
        services.amendment_abandon(
            actor=officer, plan_id=final_plan(officer, panel, first_name="Ada").pk
        )


def test_the_officer_abandons_the_amendments_from_the_review(client, officer, panel):
    from tests.kit import as_user

    plan = final_plan(officer, panel)
    review = held(officer, open_review(plan))
    url = reverse("reviews:amendment_abandon", kwargs={"review_id": review.pk})
    browser = as_user(client, officer)
    # not offered while nothing is being amended
    page = browser.get(reverse("reviews:review", kwargs={"review_id": review.pk}))
    assert url not in page.content.decode()
    services.amendment_start(actor=officer, plan_id=plan.pk)
    _changed(officer, plan)
    page = browser.get(reverse("reviews:review", kwargs={"review_id": review.pk}))
    assert url in page.content.decode() and "Abandon the amendments" in page.content.decode()
    review.refresh_from_db()

    done = browser.post(url, {"version": review.version}, follow=True)

    assert "The amendments were abandoned." in done.content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL and _working_copy(plan) == _issued(plan)
