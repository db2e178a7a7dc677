"""Template helpers of the case screens: the status tag of a deadline, deadline kind labels, and
the rows of the lists a page shows many of (cases, deadlines, timeline entries).

The status comes from `cases.deadlines.deadline_status`, the one place that judges a deadline.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from cases import deadlines
from cases import links
from cases.deadline_kinds import deadline_kind
from cases.deadline_kinds import deadline_status
from cases.markup import escaped
from cases.markup import html
from cases.markup import html_join
from cases.models import CaseStage
from cases.templatetags.govuk import long_date
from cases.templatetags.govuk import short_date

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
    return html('<strong class="{}">{}</strong>', f"govuk-tag {modifier}".strip(), text)


@register.filter
def deadline_kind_label(kind: str) -> str:
    return deadline_kind(kind).label


@register.filter
def nowrap_reference(reference: str) -> str:
    """A case reference that does not break at its hyphen in narrow table columns."""
    return mark_safe(escaped(reference).replace("-", "&#8209;"))  # noqa: S308


# A row of a list of cases (`case_rows`); a cell with nothing to show says so in grey. A stage
# no longer declared shows its stored code, as Django's `get_stage_display` would: never an error.
STAGE_LABELS = dict(CaseStage.choices)
NOT_SHOWN = '<span class="govuk-hint govuk-!-margin-0">{}</span>'
CASE_CELLS = (
    '<td class="govuk-table__cell"><a class="govuk-link" href="{url}">{reference}</a></td>'
    '<td class="govuk-table__cell">{child}</td>'
    '<td class="govuk-table__cell">{born}</td>'
    '<td class="govuk-table__cell">{stage}</td>'
    '<td class="govuk-table__cell">{officer}</td>'
    '<td class="govuk-table__cell">{deadline}</td>'
)


@register.simple_tag
def case_rows(rows, today):
    """The rows of a list of cases (cases/includes/caseload_table.html), each with its link, the
    child, date of birth, stage, officer and next deadline (`cases.selectors.caseload`).

    Written here, not in the template: a page of 25 rows of eight template variables, filters
    and tags cost the caseload some 3.5 ms, more than its SQL; one `html` a row is a
    quarter of that (issue 25's benchmark)."""
    return html_join(
        "\n", '<tr class="govuk-table__row">{}</tr>', ((case_cells(row, today),) for row in rows)
    )


def case_cells(row, today) -> str:
    if row.next_due_on:
        # the deadline's own label (an adviser's name, a school's) as written, else its kind's
        label = row.next_label or deadline_kind(row.next_kind).label
        deadline = html(
            "{}<br>{} {}",
            label,
            short_date(row.next_due_on),
            deadline_status_tag(row.next_due_on, None, today, kind=row.next_kind),
        )
    else:
        deadline = html(NOT_SHOWN, "None open")
    officer = row.officer
    return html(
        CASE_CELLS,
        url=links.url_for("cases:case", row.reference),
        reference=nowrap_reference(row.reference),
        child=row.child.full_name,
        born=short_date(row.child.date_of_birth),
        stage=STAGE_LABELS.get(row.stage, row.stage),
        officer=officer.full_name if officer else html(NOT_SHOWN, "Not allocated"),
        deadline=deadline,
    )


DEADLINE_ROW = (
    '<tr class="govuk-table__row">'
    '<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">{kind}{hints}</th>'
    '<td class="govuk-table__cell">{due}</td>'
    '<td class="govuk-table__cell">{met}</td>'
    '<td class="govuk-table__cell">{status}{exceptions}</td>'
    "</tr>"
)
HINT = '<div class="govuk-hint govuk-!-margin-bottom-0">{}</div>'
NOT_YET = '<span class="govuk-visually-hidden">Not yet</span>'
EXCEPTION_TAG = '<strong class="govuk-tag govuk-tag--purple">Exception</strong>'


@register.simple_tag
def deadline_rows(rows, today, show_exceptions=False):
    """The rows of a table of stored deadlines (includes/deadline_table.html): each deadline,
    its own label (an adviser's name), when it is due, when it was met, and its status; with
    `show_exceptions` (the case page), a council target said to be no legal limit, and the
    exceptions to the time limits that excuse it.

    Written here, not in the template, for the reason `case_rows` is: a row of template
    variables, conditions and tags cost more than the rest of its table."""
    return html_join("\n", "{}", ((_deadline_row(row, today, show_exceptions),) for row in rows))


def _deadline_row(row, today, show_exceptions: bool) -> str:
    hints = [html(HINT, row.label)] if row.label else []
    exceptions = []
    if show_exceptions:
        if not row.statutory:
            hints.append(html(HINT, "Council target, not a legal limit"))
        exceptions = [html(HINT, e.get_ground_display()) for e in row.exceptions.all()]
        if exceptions:
            exceptions.insert(0, EXCEPTION_TAG)
    return html(
        DEADLINE_ROW,
        kind=row.get_kind_display(),
        hints=mark_safe("".join(hints)),  # noqa: S308  (each written by html())
        due=short_date(row.due_on),
        met=short_date(row.met_on) if row.met_on else mark_safe(NOT_YET),  # noqa: S308
        status=deadline_status_tag(row.due_on, row.met_on, today, row.cancelled, row.kind),
        exceptions=mark_safe("".join(exceptions)),  # noqa: S308  (each written by html())
    )


TIMELINE_ENTRY = (
    '<li class="govuk-!-margin-bottom-4">'
    '<p class="govuk-body govuk-!-margin-bottom-1">{text}</p>'
    '<p class="govuk-body-s govuk-!-margin-bottom-0">'
    '<time datetime="{iso}">{day}, {time}</time> by {actor}</p>'
    "</li>"
)


@register.simple_tag
def timeline_entries(entries):
    """Entries of a case's timeline (the case page's latest, the history page's 50 a page):
    what happened, in the sentence built from the entry's event, when (in the council's time
    zone) and by whom.

    Written here, not in the template, for the reason `case_rows` is: 50 entries of template
    variables and date filters cost a page some 20 ms, more than the rest of it."""
    london = timezone.get_current_timezone()
    return html_join(
        "\n",
        TIMELINE_ENTRY,
        (
            {
                "text": entry.text,
                "iso": (at := entry.at.astimezone(london)).isoformat(),
                "day": long_date(at),
                "time": f"{at:%H:%M}",
                "actor": entry.actor.full_name if entry.actor else "System",
            }
            for entry in entries
        ),
    )
