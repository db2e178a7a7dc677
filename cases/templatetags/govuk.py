"""GOV.UK Design System pieces that templates repeat many times a page: a table's header row,
a summary list's plain row, a select's options, and dates in the GOV.UK style. Written here
rather than as included templates (or Django's `date` filter) because a page shows dozens of
them, and each include costs a template context and a render, each `date` a format string
parsed and its month name translated.
"""

from django import template
from django.utils.safestring import mark_safe

from cases.markup import html
from cases.markup import html_join

register = template.Library()


@register.simple_tag
def column_headers(*headings):
    """A `<th scope="col">` GOV.UK header cell for each heading, in order (escaped)."""
    return html_join(
        "\n", '<th scope="col" class="govuk-table__header">{}</th>', ((h,) for h in headings)
    )


SUMMARY_ROW = (
    '<div class="govuk-summary-list__row">'
    '<dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd>'
    "</div>"
)


@register.simple_tag
def summary_row(key, value, hint="", optional=False):
    """One row of a GOV.UK summary list for a value that is plain text (escaped unless marked
    safe, as `linebreaksbr` leaves it), with an optional grey hint under the value; with
    `optional`, no row at all when there is no value (None or ""). A value with links, tags or
    several parts is written in a `{% summary_list_row %}`; a row with change actions is
    written out where it is used.

        {% summary_row "Date of birth" child.date_of_birth|long_date %}
        {% summary_row "Hopes for the future" views.hopes|linebreaksbr optional=True %}
    """
    if optional and (value is None or value == ""):
        return ""
    if hint:
        value = html('{}<div class="govuk-hint govuk-!-margin-bottom-0">{}</div>', value, hint)
    return html(SUMMARY_ROW, key, value)


class SummaryListRowNode(template.Node):
    def __init__(self, key, nodelist):
        self.key, self.nodelist = key, nodelist

    def render(self, context):
        # The body is template output, escaped as it was rendered (`strip` unmarks it).
        body = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return html(SUMMARY_ROW, self.key.resolve(context), body)


@register.tag
def summary_list_row(parser, token):
    """One row of a GOV.UK summary list whose value is the tag's body (links, tags, a hint):

    {% summary_list_row "Case" %}
        <a class="govuk-link" href="...">{{ case.reference }}</a>
    {% endsummary_list_row %}
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the row's key, and nothing else")
    nodelist = parser.parse(("endsummary_list_row",))
    parser.delete_first_token()
    return SummaryListRowNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def contents_link(anchor, text):
    """One entry of a page's "On this page" list: a link to the element with id `anchor`."""
    return html('<li><a class="govuk-link" href="#{}">{}</a></li>', anchor, text)


@register.simple_tag
def select_options(field):
    """The `<option>`s of a bound select field (includes/field.html), marked selected as
    Django's own select marks them: the field's value as its widget formats it, and in a single
    select the first match only. Option groups are flattened, in order. A loop in the template
    cost a subwidget and a render per option, and the caseload's filter lists every officer."""
    widget = field.field.widget
    chosen = widget.format_value(field.value())
    chosen = [chosen] if isinstance(chosen, str) else list(chosen or ())
    options, marked = [], False
    for value, label in _flattened(widget.choices):
        value = "" if value is None else str(value)
        selected = value in chosen and (widget.allow_multiple_selected or not marked)
        marked = marked or selected
        options.append((value, " selected" if selected else "", label))
    return html_join("\n", '<option value="{}"{}>{}</option>', options)


def _flattened(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group: (its name, its choices)
            yield from label
        else:
            yield value, label


# The GOV.UK style: "7 December 2026", or "7 Dec 2026" where a table is narrow. The service is
# written in English only, so the names are not translated.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@register.filter
def in_a_sentence(label) -> str:
    """A label (a state, a kind, a decision) inside a sentence: its first word in lower case
    unless it is an acronym ("Final EHC plan issued" -> "final EHC plan issued", "EHC plan" stays;
    Django's `lower` would write "final ehc plan issued")."""
    first, space, rest = str(label).partition(" ")
    return (first if first.isupper() else first.lower()) + space + rest


@register.filter(expects_localtime=True)
def long_date(value) -> str:
    """7 December 2026 (a date, or a moment in the council's time zone); "" for no date."""
    if not hasattr(value, "year"):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter(expects_localtime=True)
def short_date(value) -> str:
    """7 Dec 2026, for narrow table columns; "" for no date."""
    if not hasattr(value, "year"):
        return ""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"
