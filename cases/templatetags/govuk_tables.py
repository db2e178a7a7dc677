"""The header row of a GOV.UK table, so that a table names its columns and nothing more."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def column_headers(*headings):
    """A `<th scope="col">` GOV.UK header cell for each heading, in order (escaped)."""
    return format_html_join(
        "\n", '<th scope="col" class="govuk-table__header">{}</th>', ((h,) for h in headings)
    )
