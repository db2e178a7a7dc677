"""Template helpers of the case screens: the status tag of a deadline, deadline kind labels, and
the link of a list's row (`cases.links`).

The status comes from `cases.deadlines.deadline_status`, the one place that judges a deadline.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from cases import deadlines, links
from cases.deadline_kinds import deadline_kind, deadline_status

register = template.Library()

# deadline_status value -> (text, GOV.UK tag modifier); "" is the default (blue) tag.
STATUS_TAGS = {
    deadlines.OVERDUE: ("Overdue", "govuk-tag--red"),
    deadlines.DUE_SOON: ("Due soon", "govuk-tag--orange"),
    deadlines.ON_TRACK: ("On track", ""),
    deadlines.MET_ON_TIME: ("Met on time", "govuk-tag--green"),
    deadlines.MET_LATE: ("Met late", "govuk-tag--pink"),
}
CANCELLED_TAG = ("No longer applies", "govuk-tag--grey")


@register.simple_tag
def deadline_status_tag(due_on, met_on, today, cancelled=False, kind=""):
    """<strong class="govuk-tag ...">Overdue</strong> for a deadline due on `due_on`; "due soon"
    by the kind's own rule (`cases.deadline_kinds`). Written here, not by a template of its own:
    a list shows one a row, and a template rendered a row cost more than the rest of the cell."""
    if due_on is None:
        return ""
    if cancelled and met_on is None:
        text, modifier = CANCELLED_TAG
    else:
        status = deadline_status(kind=kind or "", due=due_on, met_on=met_on, today=today)
        text, modifier = STATUS_TAGS[status]
    return format_html('<strong class="{}">{}</strong>', f"govuk-tag {modifier}".strip(), text)


@register.filter
def deadline_kind_label(kind: str) -> str:
    return deadline_kind(kind).label


@register.filter
def nowrap_reference(reference: str) -> str:
    """A case reference that does not break at its hyphen in narrow table columns."""
    return mark_safe(conditional_escape(reference).replace("-", "&#8209;"))  # noqa: S308


@register.simple_tag
def row_url(viewname: str, value) -> str:
    """`{% url viewname value %}` for the rows of a list: the same URL (`cases.links.row_url`)."""
    return links.row_url(viewname, value)
