"""Helpers for the plan screens' tests: people, a plan at each stage, URLs and POST data.

Set-up goes through the services with explicit dates (never "today"), as in
`cases.tests.viewkit`; a test travels in time only for the requests it makes to the views.
"""

import datetime

from django.urls import reverse

from cases.tests.factories import SettingFactory
from cases.tests.factories import family_has_nothing_more_to_add
from cases.tests.factories import people
from cases.tests.viewkit import date_data
from ehcp import services
from ehcp.tests.factories import complete_plan
from ehcp.tests.factories import issue_version
from ehcp.tests.factories import name_setting
from ehcp.tests.factories import request_decided_to_issue
from tests.kit import D
from tests.kit import noon
from tests.kit import travel

__all__ = ["D", "date_data", "noon", "people", "travel"]

DRAFT_ON = D("2026-04-08")


def plan_url(case, name="plan", **kwargs) -> str:
    return reverse(f"ehcp:{name}", kwargs={"reference": case.reference, **kwargs})


def section_url(case, key: str) -> str:
    return plan_url(case, "section", section=key.lower())


def drafting_plan(officer, panel, *, child=None):
    """A plan just started: the council decided to issue on 30 March 2026."""
    request = request_decided_to_issue(officer, panel, child=child)
    return services.plan_start(actor=officer, request_id=request.pk)


def complete_drafting_plan(officer, panel, *, child=None):
    return complete_plan(officer, drafting_plan(officer, panel, child=child))


def draft_issued_plan(officer, panel, *, with_placement=False):
    """A complete plan whose draft (version 1) was issued on 8 April 2026; with `with_placement`
    Riverside Primary was then consulted and named in section I."""
    plan = complete_drafting_plan(officer, panel)
    issue_version(officer, plan, issued_on=DRAFT_ON, today=DRAFT_ON)
    plan.refresh_from_db()
    if with_placement:
        name_setting(officer, plan)
    return plan


def final_plan(officer, panel):
    """Draft issued 8 April, family responded 20 April, final (version 2) issued 18 May 2026."""

    plan = draft_issued_plan(officer, panel)
    family_has_nothing_more_to_add(officer, plan.request_id, on="2026-04-20")
    name_setting(officer, plan, SettingFactory(name="Kingsway Academy"), consulted_on="2026-04-20")
    issue_version(officer, plan, issued_on="2026-05-18", final=True, today=D("2026-05-18"))
    plan.refresh_from_db()
    return plan


def outcome_data(*, needs, description="Maya follows two-step instructions.", **extra) -> dict:
    return {
        "description": description,
        "achieve_by": "July 2027",
        "steps": "",
        "needs": [str(pk) for pk in needs],
        "preparing_for_adulthood": "",
        **extra,
    }


def provision_data(**extra) -> dict:
    return {
        "what": "Speech and language therapy in a small group",
        "by_whom": "Speech and language therapist",
        "frequency": "weekly",
        "quantity": "30 minutes",
        "duration": "until the next annual review",
        "outcomes": [],
        **extra,
    }


def issue_data(plan, day: datetime.date) -> dict:
    return {"version": plan.version, **date_data("issued_on", day)}
