"""What an officer has to act on: their open deadlines, each with why it is on the list.

One query, whatever the number of rows: the deadlines with their case and child, filtered in
SQL by the reasons below; the link of each row comes from its kind
(`cases.deadline_kinds.deadline_action_url`), which reads only the row itself.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet

from cases.deadline_kinds import coming_up_until
from cases.deadline_kinds import deadline_action_url
from cases.deadline_kinds import due_soon_q
from cases.deadline_kinds import family_window_kinds
from cases.models import OPEN_STAGES
from cases.models import Deadline
from cases.models import DeadlineKind

OVERDUE = "Overdue"
THIS_WEEK = "Due this week"
ADVICE = "Advice not yet back"
FAMILY_WINDOW = "The family's days to respond close soon"
REVIEW = "Review to hold"


def week_ends(today: datetime.date) -> datetime.date:
    """The Sunday of this week (today, on a Sunday)."""
    return today + datetime.timedelta(days=6 - today.weekday())


def my_work_q(today: datetime.date) -> Q:
    """Open deadlines an officer should see now: overdue or due by Sunday; advice awaited; a
    family's window closing soon; an annual review coming up (time to invite with 2 weeks'
    notice)."""
    return (
        Q(due_on__lte=week_ends(today))
        | Q(kind=DeadlineKind.ADVICE)
        | (Q(kind__in=family_window_kinds()) & due_soon_q(today))
        | Q(kind=DeadlineKind.ANNUAL_REVIEW, due_on__lte=coming_up_until(today))
    )


def _reason(deadline: Deadline, today: datetime.date) -> str:
    if deadline.due_on < today:
        return OVERDUE
    if deadline.due_on <= week_ends(today):
        return THIS_WEEK
    if deadline.kind == DeadlineKind.ADVICE:
        return ADVICE
    if deadline.kind == DeadlineKind.ANNUAL_REVIEW:
        return REVIEW
    return FAMILY_WINDOW


@dataclass(frozen=True)
class WorkItem:
    deadline: Deadline
    reason: str
    action_url: str

    @property
    def overdue(self) -> bool:
        return self.reason == OVERDUE


def work_deadlines(*, today: datetime.date, officer_ids, cases) -> QuerySet[Deadline]:
    """The open deadlines on the list of these officers, on these cases (what the viewer may
    see), overdue first, then by due date; with their case and child."""
    return (
        Deadline.objects.filter(
            my_work_q(today),
            met_on__isnull=True,
            cancelled=False,
            case__in=cases,
            case__officer_id__in=officer_ids,
            case__stage__in=OPEN_STAGES,
        )
        .select_related("case", "case__child", "case__officer")
        .order_by("due_on", "case__reference", "id")
    )


def work_items(deadlines, today: datetime.date) -> list[WorkItem]:
    """Each deadline with why it is on the list and the link to act on it (no query)."""
    return [WorkItem(d, _reason(d, today), deadline_action_url(d)) for d in deadlines]


def work_for(*, today: datetime.date, officer_ids, cases) -> list[WorkItem]:
    """The whole list, in one query."""
    return work_items(work_deadlines(today=today, officer_ids=officer_ids, cases=cases), today)


def work_counts(deadlines, today: datetime.date) -> dict:
    """How many things are on the list, and how many of them are overdue (one query)."""
    return deadlines.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))


def desk_summary(user, *, today: datetime.date | None = None) -> dict | None:
    """For the staff home page: how much is on a case officer's list (one query), so they
    land on something to do. None for anyone else (managers get the pipeline's link)."""
    from django.utils import timezone

    from cases.permissions import staff_cases
    from cases.roles import Role

    if not user.is_authenticated or user.role != Role.CASE_OFFICER:
        return None
    today = today or timezone.localdate()
    late = Deadline.objects.filter(
        met_on__isnull=True,
        cancelled=False,
        case__in=staff_cases(user),
        case__officer=user,
        case__stage__in=OPEN_STAGES,
    )
    counts = late.aggregate(
        total=Count("pk", filter=my_work_q(today)), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    return counts
