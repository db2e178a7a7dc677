"""The kinds of stored deadline, registered by the app that owns each (an extension point).

`cases` registers the limits of the request and the assessment; `ehcp` those of plans, reviews,
amendments and phase transfers; a later app registers its own in its `AppConfig.ready()`, with
no migration of `cases` (a deadline's `kind` is a plain code). Each kind says, in one place:
its label, whether it is a statutory limit (timeliness is reported on those) or a council target,
how many working days before the due date it counts as "due soon", and, for a date the family
needs to know about, what the family portal tells them (`FamilyWording`): so a new app's dates
reach the family in plain English by registering them, with no change to the portal.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from . import deadlines
from .registry import Registry

# "Due soon": within this many working days of the due date, unless a kind says otherwise.
DUE_SOON_WORKING_DAYS = deadlines.DUE_SOON_WORKING_DAYS_DEFAULT
# "Coming up": what an officer is told of in the nightly digest, and the review list's "due or
# overdue" filter shows (time to arrange a meeting with 2 weeks' notice).
COMING_UP_WORKING_DAYS = 10


def coming_up_until(today: datetime.date) -> datetime.date:
    return deadlines.add_working_days(today, COMING_UP_WORKING_DAYS)


# Who must act on a date, as the family portal says it.
FAMILY_COUNCIL = "The council"
FAMILY_YOU = "You"
FAMILY_SCHOOL = "The school or college"


@dataclass(frozen=True)
class FamilyWording:
    """What the family portal says of a deadline of a kind: who must act and the sentence,
    over `{due}` (the date), `{name}` (the child's name, or "you" for the young person) and
    `{whose}` ("Maya's", or "your")."""

    who: str
    sentence: str

    def text(self, *, due: datetime.date, name: str, whose: str) -> str:
        return self.sentence.format(due=f"{due:%-d %B %Y}", name=name, whose=whose)


@dataclass(frozen=True)
class DeadlineKindInfo:
    code: str
    label: str
    statutory: bool = True  # False: a council target, shown but not counted as timeliness
    due_soon_working_days: int = DUE_SOON_WORKING_DAYS
    family_window: bool = False  # the family's days to respond: they are reminded before it ends
    # Where an officer acts on a deadline of this kind ("My work" links there): (deadline, with
    # its case loaded) -> URL. By default the case page's statutory clock.
    action_url: Callable[[object], str] | None = None
    # What the family portal says of it; None: the council's own business (an adviser's own
    # 6 weeks, a school's consultation reply), never shown to the family.
    family: FamilyWording | None = None


_KINDS = Registry("deadline kind")


def register_deadline_kinds(*kinds: DeadlineKindInfo) -> None:
    for kind in kinds:
        _KINDS.add(kind.code, kind)


def deadline_kind(code: str) -> DeadlineKindInfo:
    """The registered kind, or a plain one named by its code (never an error on a page)."""
    return _KINDS.get(code) or DeadlineKindInfo(
        code=code, label=code.replace("_", " ").capitalize()
    )


def deadline_action_url(deadline) -> str:
    """Where the officer acts on this deadline: its kind's page, else the case's clock."""
    info = _KINDS.get(deadline.kind)
    if info is not None and info.action_url is not None:
        return info.action_url(deadline)
    from django.urls import reverse

    return reverse("cases:case", kwargs={"reference": deadline.case.reference}) + "#clock"


def deadline_kinds() -> list[DeadlineKindInfo]:
    return list(_KINDS.values())


def family_wording(code: str) -> FamilyWording | None:
    """What the family are told of a deadline of this kind (None: not shown to them)."""
    info = _KINDS.get(code)
    return info.family if info is not None else None


def family_window_kinds() -> list[str]:
    return [kind.code for kind in _KINDS.values() if kind.family_window]


def due_soon_until(code: str, today: datetime.date) -> datetime.date:
    """The last due date that counts as "due soon" today for a deadline of this kind."""
    return deadlines.add_working_days(today, deadline_kind(code).due_soon_working_days)


def due_soon_q(today: datetime.date) -> Q:
    """Open deadlines due soon as of today, each by its own kind's rule (for SQL)."""
    by_days: dict[int, list[str]] = {}
    for kind in _KINDS.values():
        by_days.setdefault(kind.due_soon_working_days, []).append(kind.code)
    default_until = deadlines.add_working_days(today, DUE_SOON_WORKING_DAYS)
    known = [code for codes in by_days.values() for code in codes]
    match = Q(due_on__gte=today, due_on__lte=default_until) & ~Q(kind__in=known)
    for days, codes in by_days.items():
        until = deadlines.add_working_days(today, days)
        match |= Q(kind__in=codes, due_on__gte=today, due_on__lte=until)
    return match


def deadline_status(*, kind: str, due: datetime.date, met_on, today: datetime.date) -> str:
    """`cases.deadlines.deadline_status` with the kind's own "due soon" rule."""
    return deadlines.deadline_status(
        due, met_on=met_on, today=today, warn_working_days=deadline_kind(kind).due_soon_working_days
    )
