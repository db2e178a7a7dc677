"""Template helpers of the EHC plan screens, and the plan's place on the case page.

`cases` never imports `ehcp`; the case page learns about the plan through these tags instead:

    {% load plans %}
    {% case_plan_summary case page.requests as plan_summary %}
    {% include "ehcp/includes/case_plan_summary.html" with summary=plan_summary %}

The summary is read through `ehcp.selectors` with a fixed number of queries.
"""

import datetime

from django import template

from ehcp import selectors
from ehcp.selectors import Action

register = template.Library()

# The request's own "issue" actions (upload a plan written elsewhere). Once the plan is drafted
# here, issuing goes through the plan, which moves the request on itself: offering both would
# let an officer move the request without the plan and leave the plan unable to issue.
REQUEST_ISSUE_ACTIONS = frozenset({"cases:issue_draft", "cases:issue_final"})


@register.simple_tag(takes_context=True)
def case_plan_summary(context, case, requests):
    """The case's plan, its latest version and personal budget requests (a CasePlanSummary)."""
    return selectors.case_plan_summary(case, user=context["request"].user, requests=requests)


@register.filter
def without_request_issue_actions(actions, summary):
    """The request's next actions, less its own issue actions when a plan is being written.

    Before drafting has started, "Start drafting the plan" leads: the request's own action
    (recording a draft written elsewhere) stays, second, for plans made outside this service."""
    if summary is None:
        return actions
    if summary.plan is None:
        if summary.start_url and any(a.step == "cases:issue_draft" for a in actions):
            return [Action("Start drafting the plan", summary.start_url, True), *actions]
        return actions
    return [a for a in actions if a.step not in REQUEST_ISSUE_ACTIONS]


@register.filter
def iso_date(value):
    """A date stored as ISO text in a plan's frozen content ("2026-03-10"), as a date."""
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
