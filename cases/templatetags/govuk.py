"""GOV.UK Design System pieces that templates repeat many times a page: a table's header row
and a summary list's plain row. Written here rather than as included templates because a page
shows dozens of them, and an include costs a template context and a render each time.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def column_headers(*headings):
    """A `<th scope="col">` GOV.UK header cell for each heading, in order (escaped)."""
    return format_html_join(
        "\n", '<th scope="col" class="govuk-table__header">{}</th>', ((h,) for h in headings)
    )


@register.simple_tag
def summary_row(key, value, hint=""):
    """One row of a GOV.UK summary list for a value that is plain text (escaped unless marked
    safe, as `linebreaksbr` leaves it), with an optional grey hint under the value. Rows with
    links, tags or change actions are written out where they are used.

        {% summary_row "Date of birth" child.date_of_birth|date:"j F Y" %}
    """
    hint_html = (
        format_html('<div class="govuk-hint govuk-!-margin-bottom-0">{}</div>', hint)
        if hint
        else ""
    )
    return format_html(
        '<div class="govuk-summary-list__row">'
        '<dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}{}</dd>'
        "</div>",
        key,
        value,
        hint_html,
    )
