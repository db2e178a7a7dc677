"""The dashboard's filters (team, the dates cases were opened) and bulk allocation."""

from django import forms

from cases.allocation import AllocateForm
from cases.formfields import GovUKDateField
from cases.models import Team

from .selectors import Filters


class DashboardFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team", required=False, queryset=Team.objects.none(), empty_label="Every team"
    )
    opened_from = GovUKDateField(
        label="Cases opened from", error_name="the first date", required=False
    )
    opened_to = GovUKDateField(label="Cases opened to", error_name="the last date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")

    def filters(self) -> Filters:
        """The valid filters (an invalid one is shown as an error and left out)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            team=data.get("team"),
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to"),
        )


class CaseChoices(forms.TypedMultipleChoiceField):
    """Case ids ticked on the list; which may be allocated is the service's to say."""

    def valid_value(self, value):
        return str(value).isdigit()


class BulkAllocateForm(AllocateForm):
    cases = CaseChoices(
        label="Cases",
        coerce=int,
        error_messages={"required": "Select at least one case to allocate"},
    )
