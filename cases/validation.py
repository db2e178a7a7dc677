"""Checks of what people type that every app shares: the dates of a child's record, and the check
characters of NHS numbers and unique pupil numbers.

Pure functions (no ORM), so forms, services and the ehcp app (plan and review dates) use the same
rule and say the same thing when it fails.
"""

import datetime
import re

from django.core.exceptions import ValidationError

# --- dates on a child's record -----------------------------------------------------------------


def check_case_date(
    value: datetime.date,
    *,
    field: str,
    born_on: datetime.date | None,
    today: datetime.date | None = None,
    not_before: datetime.date | None = None,
    before_label: str = "the request was received",
    also: tuple[tuple[datetime.date | None, str], ...] = (),
) -> None:
    """Refuse a date that cannot be true of this child's record, naming the form field and, as
    GOV.UK error messages do, the date allowed:

    - after `today`, when given (a date something happened: a request, a decision, a letter
      sent; pass no `today` for a date that may be ahead, such as a planned meeting);
    - before the child was born (`born_on`): nothing on a child's record happens before birth;
    - before `not_before` (the step it follows, named by `before_label`), or before any other
      (date, what happened then) in `also`.

    Of several limits broken, the message names the latest, the one the person must meet."""
    if today is not None and value > today:
        raise ValidationError({field: "The date must be today or in the past"})
    limits = [(born_on, "the child was born"), (not_before, before_label), *also]
    broken = [(limit, what) for limit, what in limits if limit is not None and value < limit]
    if broken:
        limit, what = max(broken, key=lambda pair: pair[0])
        raise ValidationError(
            {field: f"The date must be on or after {long_date(limit)}, {the_date_of(what)}"}
        )


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def the_date_of(what: str) -> str:
    """ "the decision to issue" -> "the date of the decision to issue"; "the draft was issued"
    -> "the date the draft was issued" (a clause says its own verb)."""
    clause = any(f" {verb} " in f" {what} " for verb in ("was", "were", "is", "are"))
    return f"the date {what}" if clause else f"the date of {what}"


# --- NHS number: modulus 11 --------------------------------------------------------------------

NHS_NUMBER_PATTERN = re.compile(r"^\d{10}$")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The NHS number's check digit for its first nine digits (modulus 11: weights 10 down to
    2, 11 minus the remainder, 11 read as 0). None when the result is 10: no valid number
    starts with these nine digits."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def validate_nhs_number(value: str) -> None:
    if not NHS_NUMBER_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            "Enter an NHS number in the correct format: 10 numbers, like 943 476 5919",
            code="format",
        )
    if nhs_number_check_digit(value[:9]) != int(value[9]):
        raise ValidationError(
            "Enter a valid NHS number: the last number (the check digit) does not match the "
            "others. Check it against a letter from the NHS or the GP",
            code="check_digit",
        )


# --- unique pupil number (UPN): the DfE check letter ------------------------------------------

# The check letter table: 0 to 22 map to A-Z without I, O and S (DfE, "Unique pupil numbers").
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_PATTERN = re.compile(rf"^[{UPN_LETTERS}]\d{{11}}[\d{UPN_LETTERS}]$")


def upn_check_letter(last_twelve: str) -> str:
    """The check letter (character 1) of a UPN from its characters 2 to 13: each multiplied by
    its position (2 to 13), summed, modulo 23, read in `UPN_LETTERS`. A letter in position 13
    (a temporary UPN) counts as its place in the same table."""
    total = 0
    for position, char in enumerate(last_twelve, start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * position
    return UPN_LETTERS[total % 23]


def upn_from_serial(last_twelve: str) -> str:
    """A UPN whose characters 2 to 13 are these, with its check letter (for made-up records:
    the demo and the tests)."""
    return upn_check_letter(last_twelve) + last_twelve


def validate_upn(value: str) -> None:
    if not UPN_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            "Enter a UPN in the correct format: 13 characters, a capital letter, 11 numbers and "
            "a final number or letter, like B801200005001 (the letters I, O and S are not used)",
            code="format",
        )
    if upn_check_letter(value[1:]) != value[0]:
        raise ValidationError(
            "Enter a valid UPN: the first letter (the check letter) does not match the numbers. "
            "Check it with the school",
            code="check_letter",
        )
