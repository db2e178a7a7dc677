"""The officer's "My work" page (/staff/my-work/): their open deadlines due this week and
overdue, advice not yet back, family windows closing soon and reviews to hold, in one list.
A manager chooses whose work to see (an officer, or a whole team)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cases.audit import record_list_access
from cases.models import Team
from cases.models import User
from cases.paging import pager
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.permissions import staff_cases
from cases.roles import Role
from cases.selectors import caseload_officers

from .selectors import week_ends
from .selectors import work_counts
from .selectors import work_deadlines
from .selectors import work_items

WORK_PAGE_SIZE = 50


class WhoseWorkForm(forms.Form):
    """A manager's choice: one officer, or every officer of a team."""

    team = forms.ModelChoiceField(
        label="Team", required=False, queryset=Team.objects.none(), empty_label="Any team"
    )
    officer = forms.ModelChoiceField(
        label="Case officer", required=False, queryset=User.objects.none(), empty_label="Everyone"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["officer"].queryset = caseload_officers(user)

    def chosen(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


def _officers_of(team) -> object:
    return User.objects.filter(role=Role.CASE_OFFICER, team=team).values("pk")


@require_safe
def my_work(request):
    user = request.user
    if not has_ability(user, Ability.CASEWORK):
        raise PermissionDenied("My work is for SEN case officers and managers.")
    today = timezone.localdate()
    manages = has_ability(user, Ability.ALLOCATE)
    form = WhoseWorkForm(request.GET or None, user=user) if manages else None
    chosen = form.chosen() if form is not None else {}
    if not manages:
        officer_ids, whose = [user.pk], None
    elif "officer" in chosen:
        officer_ids, whose = [chosen["officer"].pk], chosen["officer"].full_name
    elif "team" in chosen or user.team_id:
        team = chosen.get("team") or user.team
        officer_ids, whose = _officers_of(team), str(team)
    else:
        officer_ids, whose = User.objects.filter(role=Role.CASE_OFFICER).values("pk"), "everyone"
    deadlines = work_deadlines(today=today, officer_ids=officer_ids, cases=staff_cases(user))
    counts = work_counts(deadlines, today)  # the list's length with its overdue: one query
    listing = pager(
        request, deadlines, param="page", per_page=WORK_PAGE_SIZE, count=counts["total"]
    )
    items = work_items(listing["page"], today)
    record_list_access(
        user=user, cases=[item.deadline.case_id for item in items], what="listed in my work"
    )
    return render(
        request,
        "desk/my_work.html",
        {
            "items": items,
            "counts": counts,
            "pager": listing,
            "form": form,
            "whose": whose,
            "today": today,
            "week_ends": week_ends(today),
        },
    )
