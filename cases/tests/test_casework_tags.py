"""The case screens' template helpers that write many rows at once (`cases.templatetags.casework`):
the same HTML the template wrote, values escaped."""

import datetime
import re
import zoneinfo

import pytest
from django.template import Context
from django.template import Template
from django.utils import timezone

from cases.deadline_kinds import deadline_kinds
from cases.models import AuditEntry
from cases.models import User
from cases.templatetags.casework import deadline_rows
from cases.templatetags.casework import timeline_entries
from cases.tests.factories import received_request
from cases.tests.factories import record_exception
from tests.kit import D

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_a_timeline_entry_says_what_when_in_london_and_by_whom():
    late_in_summer = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST
    entries = [
        AuditEntry(
            action="note",
            summary="Called <the school>",
            at=late_in_summer,
            actor=User(full_name="Sam O'Neil"),
        ),
        AuditEntry(action="note", summary="Nightly check", at=late_in_summer, actor=None),
    ]
    with timezone.override(LONDON):
        shown = timeline_entries(entries)
    first, second = shown.split("\n")
    assert first == (
        '<li class="govuk-!-margin-bottom-4">'
        '<p class="govuk-body govuk-!-margin-bottom-1">Called &lt;the school&gt;</p>'
        '<p class="govuk-body-s govuk-!-margin-bottom-0">'
        '<time datetime="2026-07-01T00:30:00+01:00">1 July 2026, 00:30</time>'
        " by Sam O&#x27;Neil</p></li>"
    )
    assert second.endswith("by System</p></li>")


# The rows as includes/deadline_table.html wrote them in the template, before the tag.
TEMPLATE_CELLS = """{% load casework govuk %}{% for row in rows %}<tr class="govuk-table__row">
    <th scope="row" class="govuk-table__header govuk-!-font-weight-regular">
        {{ row.get_kind_display }}
        {% if row.label %}<div class="govuk-hint govuk-!-margin-bottom-0">{{ row.label }}</div>{% endif %}
        {% if show_exceptions and not row.statutory %}<div class="govuk-hint govuk-!-margin-bottom-0">Council target, not a legal limit</div>{% endif %}
    </th>
    <td class="govuk-table__cell">{{ row.due_on|short_date }}</td>
    <td class="govuk-table__cell">
        {% if row.met_on %}{{ row.met_on|short_date }}{% else %}<span class="govuk-visually-hidden">Not yet</span>{% endif %}
    </td>
    <td class="govuk-table__cell">
        {% deadline_status_tag row.due_on row.met_on today row.cancelled row.kind %}
        {% if show_exceptions %}
            {% for exception in row.exceptions.all %}
                {% if forloop.first %}<strong class="govuk-tag govuk-tag--purple">Exception</strong>{% endif %}
                <div class="govuk-hint govuk-!-margin-bottom-0">{{ exception.get_ground_display }}</div>
            {% endfor %}
        {% endif %}
    </td></tr>{% endfor %}"""


def _tight(markup: str) -> str:
    """The markup without the white space beside its tags (a cell's text as the browser shows it)."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", markup).strip()


@pytest.mark.django_db
def test_deadline_rows_are_what_the_template_wrote(officer):
    request = received_request(officer, arrived="2026-01-05")
    case = request.case
    record_exception(
        officer,
        request,
        starts_on="2026-01-20",
        reason="In hospital <for weeks>",
        today=D("2026-01-21"),
    )
    deadlines = list(case.deadlines.order_by("due_on", "id"))
    deadlines[0].met_on = D("2026-02-01")
    deadlines[1].label = "Dr O'Neil <EP>"
    deadlines[-1].cancelled = True
    for kind in deadline_kinds():  # a council target among them, not a legal limit
        if not kind.statutory:
            deadlines[2].kind = kind.code
            break
    assert any(d.exceptions.exists() for d in deadlines) and not deadlines[2].statutory

    for show in (True, False):
        context = {"rows": deadlines, "today": D("2026-03-02"), "show_exceptions": show}
        expected = Template(TEMPLATE_CELLS).render(Context(context))
        assert _tight(deadline_rows(deadlines, D("2026-03-02"), show)) == _tight(expected)
    shown = deadline_rows(deadlines, D("2026-03-02"), True)
    assert "Dr O&#x27;Neil &lt;EP&gt;" in shown and "Council target, not a legal limit" in shown
    assert "Exception</strong>" in shown and "Not yet" in shown
