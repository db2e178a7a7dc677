"""Template helpers of the review screens, and the next review on the case page.

`cases` never imports `ehcp`; the case page shows the plan's next review through this tag:

    {% load reviews %}
    {% review_summary case %}

It renders templates/ehcp/reviews/_summary.html, read through `ehcp.review_selectors` with one
query (two when the plan has no open review).
"""

from django import template
from django.utils import timezone

from cases.permissions import Ability, has_ability
from ehcp import review_selectors

register = template.Library()


@register.inclusion_tag("ehcp/reviews/_summary.html", takes_context=True)
def review_summary(context, case):
    """The case's next annual review: due date, status and a link to the review page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    summary = review_selectors.case_review_summary(case)
    return {
        "summary": summary,
        "case": case,
        "today": context.get("today") or timezone.localdate(),
        # Only case officers and managers open review pages; others see the dates alone.
        "can_open": user is not None and has_ability(user, Ability.CASEWORK),
    }


@register.filter
def reg18_wording(last_day) -> str:
    """The reg 18 wording of a phase transfer deadline: "before 15 February 2027"."""
    return review_selectors.phase_transfer_wording(last_day)
