"""The case screens' template helpers that write many rows at once (`cases.templatetags.casework`):
the same HTML the template wrote, values escaped."""

import datetime
import zoneinfo

from django.utils import timezone

from cases.models import AuditEntry, User
from cases.templatetags.casework import timeline_entries

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
