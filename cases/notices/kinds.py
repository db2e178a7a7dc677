"""The kinds of notice the council sends, registered by the app that owns each decision (an
extension point, the same shape as `cases.deadline_kinds`).

A kind says, in one place: its code and title, the regulation that requires it, the decision it
tells in plain English, the facts it states (dates and words the letter names, checked when a
notice is made), the rights it carries (appeal, with the appeal-by date from the clock;
mediation, with the mediation adviser named from a council setting; disagreement resolution; the
information, advice and support service), who gets copies (the school or college, the health
commissioner, social care), what the reader must do by when, its default letter text, and,
optionally, `on_sent`: what the owning app does once the notice is sent (e.g. mark its stored
deadline met on the sent date: statutory limits are met on that date).

`cases` registers the request's notices (`cases/extensions.py`); `ehcp` those of plans, reviews,
amendments and ceasing (`ehcp/extensions.py`); a later app (transfers, mediation) its own.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from cases.registry import Registry


class Audience:
    FAMILY = "family"  # the parents, the young person, or the person acting for them
    ADDRESSEE = "addressee"  # a named person the notice is addressed to (an adviser)


class Copy:
    SETTING = "setting"  # the head teacher or principal of the school or college
    HEALTH = "health"  # the health commissioner (the ICB)
    SOCIAL_CARE = "social_care"  # the council's social care team

    LABELS = {
        SETTING: "School or college",
        HEALTH: "Health commissioner",
        SOCIAL_CARE: "Social care",
    }


class Right:
    APPEAL = "appeal"
    MEDIATION = "mediation"
    DISAGREEMENT = "disagreement"
    IASS = "iass"

    ALL = (APPEAL, MEDIATION, DISAGREEMENT, IASS)


@dataclass(frozen=True)
class Fact:
    """A fact a notice states: its name in `Notice.facts`, what it is called, and its type."""

    name: str
    label: str
    type: str = "date"  # "date" (stored ISO) or "text"
    required: bool = True


@dataclass(frozen=True)
class NoticeKind:
    code: str
    title: str  # "Decision not to carry out an EHC needs assessment"
    regulation: str  # "SEND Regulations 2014, regulation 5"
    # The decision in plain English; str.format over the letter's fields (`LETTER_FIELDS`,
    # the kind's facts), e.g. "We have decided not to carry out an EHC needs assessment for
    # {child_first_name}."
    decision: str
    facts: tuple[Fact, ...] = ()
    rights: tuple[str, ...] = ()  # `Right` codes
    copies: tuple[str, ...] = ()  # `Copy` codes
    audience: str = Audience.FAMILY
    # What the reader must do by when, if anything (same fields as `decision`).
    action: str = ""
    letter: str = ""  # the default letter text, until a manager edits it (`LetterTemplate`)
    # (notice=, sent_on=, actor=) -> None: called once, in the transaction that records the
    # sending (actor: who posted it or recorded it sent; None when the system emailed it).
    on_sent: Callable[..., None] | None = field(default=None, compare=False)

    def __post_init__(self):
        unknown_rights = set(self.rights) - set(Right.ALL)
        unknown_copies = set(self.copies) - set(Copy.LABELS)
        if unknown_rights or unknown_copies:
            raise ValueError(
                f"The notice kind {self.code} names unknown rights {sorted(unknown_rights)} "
                f"or copies {sorted(unknown_copies)}."
            )
        for text in (self.decision, self.action, self.letter):
            unknown = placeholders(text) - self.fields
            if unknown:
                raise ValueError(
                    f"The notice kind {self.code} uses {sorted(unknown)}, which it does not state."
                )

    @property
    def fields(self) -> frozenset[str]:
        """The names a letter of this kind may use: the common ones and the kind's facts."""
        return frozenset(LETTER_FIELDS) | {fact.name for fact in self.facts}

    @property
    def carries_appeal(self) -> bool:
        return Right.APPEAL in self.rights


# Wording every app's default letters share (a manager may still edit any letter's whole text).
SIGN_OFF = "Yours sincerely,\n{council_name}"
DISAGREE = (
    "If you disagree, you can talk to us, ask for mediation or appeal: the rest of this letter "
    "explains how and by when.\n\n"
)
DECIDED = Fact("decided_on", "Date of the decision")


# The fields every letter may use (their values come from the case and the notice).
LETTER_FIELDS = {
    "child_first_name": "The child's or young person's first name",
    "child_name": "Their full name",
    "reader_name": "The name of the person the letter is addressed to",
    "letter_date": "The date of the letter",
    "case_reference": "The case reference",
    "council_name": "The council's name",
    "officer_name": "The case officer's name",
    "team_email": "The SEND team's email address",
    "local_offer_url": "Where the local offer (information about schools and services) is",
}

_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    """The `{name}`s in a letter text (a ValueError for a malformed one)."""
    return {name for _, name, _, _ in _FORMATTER.parse(text or "") if name is not None}


_KINDS = Registry("notice kind")


def register_notice_kinds(*kinds: NoticeKind) -> None:
    for kind in kinds:
        _KINDS.add(kind.code, kind)


def notice_kind(code: str) -> NoticeKind:
    """The registered kind; a KeyError for a code no app has registered."""
    return _KINDS[code]


def notice_kinds() -> list[NoticeKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.title)
