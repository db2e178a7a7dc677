"""Template helpers of the review screens. (The next review on the case page is a case page
panel that `ehcp.apps` registers: `review_selectors.case_review_panel`.)"""

from django import template

from ehcp import review_selectors

register = template.Library()


@register.filter
def reg18_wording(last_day) -> str:
    """The reg 18 wording of a phase transfer deadline: "before 15 February 2027"."""
    return review_selectors.phase_transfer_wording(last_day)
