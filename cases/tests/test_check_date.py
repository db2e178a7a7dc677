"""The services' shared date check names the date allowed (GOV.UK error messages, WCAG 3.3.3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.services._common import check_date

TODAY = datetime.date(2026, 3, 20)
DECIDED = datetime.date(2026, 3, 3)


def refusal(value, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        check_date(value, field="on", not_before=DECIDED, today=TODAY, **kwargs)
    return raised.value.message_dict["on"]


@pytest.mark.parametrize(
    ("before_label", "message"),
    [
        (
            "the decision to issue",
            "The date must be on or after 3 March 2026, the date of the decision to issue",
        ),
        (
            "the draft was issued",
            "The date must be on or after 3 March 2026, the date the draft was issued",
        ),
        ("the meeting", "The date must be on or after 3 March 2026, the date of the meeting"),
        (
            "they were recorded as acting for the young person",
            "The date must be on or after 3 March 2026, the date they were recorded as acting "
            "for the young person",
        ),
    ],
)
def test_a_date_too_early_is_refused_naming_the_earliest_date_allowed(before_label, message):
    assert refusal(datetime.date(2026, 3, 2), before_label=before_label) == [message]


def test_a_date_after_today_is_refused_saying_it_must_be_today_or_in_the_past():
    assert refusal(datetime.date(2026, 3, 21)) == ["The date must be today or in the past"]


def test_the_earliest_date_and_today_themselves_are_allowed():
    check_date(DECIDED, field="on", not_before=DECIDED, today=TODAY)
    check_date(TODAY, field="on", not_before=DECIDED, today=TODAY)
