"""Template helpers of the EHC plan screens. (The plan on the case page is a case page panel
that `ehcp.apps` registers: `selectors.case_plan_summary`.)"""

import datetime

from django import template

register = template.Library()


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
