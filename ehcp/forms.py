"""Forms of the EHC plan screens: they parse and check what was typed; the services decide the
rest (and check again). Built from the case screens' GOV.UK helpers (`cases.forms`), with the
GOV.UK Design System's wording for error messages.

Field names match the keyword arguments of the services where they can; where they cannot, the
view maps the service's error keys to the field (`need_ids` -> `needs`, `outcome_ids` ->
`outcomes`, `setting_id` -> `setting`).
"""

import re
from decimal import Decimal
from decimal import InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from cases.formfields import GovUKDateField
from cases.formfields import choice
from cases.formfields import text
from cases.formfields import textarea
from cases.forms import optional_textarea
from cases.models import SettingType
from cases.templatetags.govuk import in_a_sentence

from . import selectors
from .content import SECTION_A_PARTS
from .content import SECTION_TITLES
from .models import ConsultationResponse
from .models import NeedArea
from .models import PreparingForAdulthood

DESCRIPTION_LIMIT = 90


def _short(text_value: str, limit: int = DESCRIPTION_LIMIT) -> str:
    text_value = " ".join(text_value.split())
    return text_value if len(text_value) <= limit else text_value[: limit - 1].rstrip() + "…"


# --- section A --------------------------------------------------------------------------------


class SectionAForm(forms.Form):
    views = optional_textarea(
        SECTION_A_PARTS["views"], rows=6, help_text="In their own words where you can."
    )
    interests = optional_textarea(SECTION_A_PARTS["interests"], rows=4)
    aspirations = optional_textarea(SECTION_A_PARTS["aspirations"], rows=4)
    one_page_profile = optional_textarea(
        SECTION_A_PARTS["one_page_profile"],
        rows=6,
        help_text="What people like and admire about them; what is important to them; how best "
        "to support them.",
    )


# --- sections B, C and D ----------------------------------------------------------------------


class NeedForm(forms.Form):
    area = choice(
        "Area of need",
        NeedArea.choices,
        error="Select the area of need",
        blank="Select an area",
    )
    description = textarea(
        "Description of the need",
        error="Enter a description of the need",
        help_text="What the child or young person finds hard, and what the assessment found.",
    )


# --- section E ----------------------------------------------------------------------------------


class OutcomeForm(forms.Form):
    description = textarea(
        "Outcome",
        error="Enter the outcome",
        rows=3,
        help_text="Specific and measurable: what the child or young person will be able to do.",
    )
    achieve_by = text(
        "By when",
        max_length=100,
        error="Enter when the outcome should be achieved",
        help_text="For example, July 2027 or by the end of key stage 2.",
    )
    steps = optional_textarea("Steps towards the outcome", rows=3)
    needs = forms.MultipleChoiceField(
        label="Which needs does this outcome address?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select the need or needs this outcome addresses",
            "invalid_choice": "Select the need or needs this outcome addresses",
        },
    )
    preparing_for_adulthood = choice(
        "Preparing for adulthood",
        PreparingForAdulthood.choices,
        error="Select the preparing-for-adulthood area",
        blank="Not a preparing-for-adulthood outcome",
        required=False,
    )

    def __init__(self, *args, needs, year_group: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = [
            (str(n.pk), f"{n.ref} {n.get_area_display()}: {_short(n.description)}") for n in needs
        ]
        hint = "From year 9, at least one outcome must prepare for adulthood."
        if year_group is not None:
            hint += (
                f" The child is in year {year_group}."
                if year_group >= 1
                else " The child is not yet in year 1."
            )
        self.fields["preparing_for_adulthood"].help_text = hint

    def need_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["needs"]]


# --- sections F, G, H1 and H2 ----------------------------------------------------------------


class ProvisionForm(forms.Form):
    what = textarea(
        "Provision",
        error="Enter the provision",
        rows=3,
        help_text="Specific: what will be done, for example 'speech and language therapy in a "
        "small group'.",
    )
    by_whom = text(
        "Delivered by",
        max_length=200,
        error="Enter who will deliver the provision",
        help_text="A role, not a person's name: for example 'speech and language therapist'.",
    )
    frequency = text(
        "How often",
        max_length=100,
        error="Enter how often, for example 'weekly' or '3 times a week'",
        help_text="For example, weekly or 3 times a week.",
    )
    quantity = text(
        "How much each time",
        max_length=100,
        error="Enter how much each time, for example '30 minutes' or '1:1 support all day'",
        help_text="For example, 30 minutes or 1:1 support all day.",
    )
    duration = text(
        "For how long",
        max_length=100,
        required=False,
        help_text="For example, until the next annual review.",
    )
    outcomes = forms.MultipleChoiceField(
        label="Which outcomes does this provision serve?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select outcomes of this plan"},
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].choices = [
            (str(o.pk), f"{o.ref} {_short(o.description)}") for o in outcomes
        ]

    def outcome_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["outcomes"]]


# --- section I ----------------------------------------------------------------------------------


class PlacementForm(forms.Form):
    setting = forms.ModelChoiceField(
        label="School, college or other institution",
        queryset=selectors.setting_choices(),
        required=False,
        empty_label="None named",
        error_messages={"invalid_choice": "Select a school, college or other institution"},
    )
    placement_type = choice(
        "Type of placement",
        SettingType.choices,
        error="Select the type of placement",
        blank="The type of the named institution",
        required=False,
        help_text="Needed when no institution is named. When one is, its own type is used "
        "unless you choose another.",
    )
    notes = optional_textarea(
        "Notes",
        rows=3,
        help_text="For example, the start date or any arrangements for the placement.",
    )

    def placement(self) -> dict:
        """Section I as the plan services take it: the named institution's id (None for none)
        and the type of placement."""
        data = self.cleaned_data
        return {
            "setting_id": data["setting"].pk if data["setting"] else None,
            "placement_type": data["placement_type"],
        }


# --- section J -----------------------------------------------------------------------------------

MONEY_PATTERN = re.compile(r"^-?\d+(\.\d{1,2})?$")


class MoneyField(forms.Field):
    """An amount in pounds typed in a text box (GOV.UK: no <input type=number>): "1500",
    "1,500.50" or "£1500" all mean the same."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def __init__(self, *, error_name: str, **kwargs):
        self.error_name = error_name
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip().replace(",", "").replace(" ", "").removeprefix("£")
        if not value:
            return None
        if not MONEY_PATTERN.match(value):
            raise ValidationError(
                f"{self.error_name} must be an amount in pounds and pence, like 1500 or 1500.50",
                code="invalid",
            )
        try:
            amount = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern guards this
            raise ValidationError(f"{self.error_name} must be an amount", code="invalid") from None
        if amount >= Decimal("10000000"):
            raise ValidationError(f"{self.error_name} must be less than £10,000,000", code="max")
        return amount


class BudgetForm(forms.Form):
    education = MoneyField(
        label="Education (high needs funding)", error_name="The education amount"
    )
    health = MoneyField(label="Health (personal health budget)", error_name="The health amount")
    social_care = MoneyField(label="Social care", error_name="The social care amount")
    direct_payment = MoneyField(
        label="Paid as a direct payment",
        error_name="The direct payment",
        help_text="The part of the budget paid to the family or young person. It cannot be "
        "more than the total.",
    )
    arrangements = optional_textarea(
        "Arrangements",
        rows=4,
        help_text="What the budget pays for and how it is managed.",
    )

    MONEY_FIELDS = ("education", "health", "social_care", "direct_payment")


# --- section K -----------------------------------------------------------------------------------


class AdviceForm(forms.Form):
    title = text("Title", max_length=200, error="Enter the title of the advice or information")
    author = text("Author", max_length=200, error="Enter who gave the advice or information")
    dated = GovUKDateField(
        label="Date of the advice",
        error_name="the date of the advice",
        past_only=True,
        required=False,
    )


# --- remove, issue --------------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """A confirmation with nothing to type: the POST itself is the answer."""


class IssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    issued_on = GovUKDateField(label="", past_only=True)

    def __init__(self, *args, label: str, error_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["issued_on"]
        field.label, field.error_name = label, error_name


# --- consultation -------------------------------------------------------------------------------


class ConsultationForm(forms.Form):
    setting = forms.ModelChoiceField(
        label="School or college",
        queryset=selectors.setting_choices(),
        empty_label="Select a school or college",
        error_messages={
            "required": "Select the school or college consulted",
            "invalid_choice": "Select the school or college consulted",
        },
    )
    consulted_on = GovUKDateField(
        label="Date the draft plan was sent to them",
        past_only=True,
        help_text="They have 15 days to say whether they can meet the needs. For example, "
        "9 4 2026.",
    )
    requested_by_family = forms.BooleanField(
        label="The family asked for this school or college", required=False
    )


class ConsultationResponseForm(forms.Form):
    responded_on = GovUKDateField(
        label="Date of the response", error_name="the date of the response", past_only=True
    )
    response = choice(
        "Can the school or college meet the needs?",
        ConsultationResponse.choices,
        error="Select whether the school or college can meet the needs",
        radios=True,
    )
    notes = optional_textarea(
        "Reasons and notes",
        rows=4,
        help_text="Needed when they cannot meet the needs: record their reasons.",
    )


class DraftResponseForm(forms.Form):
    """What the family says about the draft plan in their 15 days: comments on each section, a
    meeting, the school or college to be named, and whether they have nothing more to add. An
    officer records it (`FamilyResponseForm`, with the date it arrived) or the family sends it
    from the portal (its subclass words the same fields for the family); both give the service
    the same values (`response`)."""

    comment_label = "Comments on {title}"  # {key} the section's letter, {title} its title
    comment_rows = 2

    wants_meeting = forms.BooleanField(
        label="The family asked for a meeting about the draft", required=False
    )
    requested_setting = forms.ModelChoiceField(
        label="School or college the family asks to be named",
        queryset=selectors.setting_choices(),
        required=False,
        empty_label="None asked for",
        help_text="The council must consult the school or college the family asks for.",
        error_messages={"invalid_choice": "Select a school or college"},
    )
    nothing_more_to_add = forms.BooleanField(
        label="The family said they have nothing more to add",
        required=False,
        help_text="Only this ends their 15 days early. Any other response leaves them until the "
        "last day to say more.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in SECTION_TITLES.items():
            label = self.comment_label.format(key=key, title=in_a_sentence(title))
            self.fields[f"comment_{key}"] = optional_textarea(label, rows=self.comment_rows)

    def section_field(self, key):
        return self[f"comment_{key}"]

    def clean(self):
        data = super().clean()
        data["comments"] = {key: data.get(f"comment_{key}", "") for key in SECTION_TITLES}
        return data

    @staticmethod
    def response(data: dict) -> dict:
        """The service's arguments for the response, from the cleaned data."""
        setting = data["requested_setting"]
        return {
            "comments": data["comments"],
            "wants_meeting": data["wants_meeting"],
            "requested_setting_id": setting.pk if setting else None,
            "nothing_more_to_add": data["nothing_more_to_add"],
        }


class FamilyResponseForm(DraftResponseForm):
    """The family's response to the draft, as an officer records it."""

    received_on = GovUKDateField(
        label="Date the family's response arrived",
        past_only=True,
    )
    field_order = ["received_on"]


class ExistingPlanForm(PlacementForm):
    """A plan issued before this service or outside it, entered so its reviews are chased:
    its dates, and section I as the plan has it."""

    issued_on = GovUKDateField(
        label="Date the plan was first issued",
        past_only=True,
    )
    last_reviewed_on = GovUKDateField(
        label="Date of the last review's decision (if there has been one)",
        error_name="the date of the last review's decision",
        past_only=True,
        required=False,
        help_text="The day the council sent its decision after the last annual review. Leave "
        "empty if the plan has not been reviewed yet.",
    )
    notes = None
    field_order = ["issued_on", "last_reviewed_on", "setting", "placement_type"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].label = "School, college or other institution named in the plan"


# --- personal budgets ------------------------------------------------------------------------


class BudgetAskedForm(forms.Form):
    """What a personal budget request asks for (the service's `BudgetAsked`): what it covers,
    a direct payment, details. An officer records it (`BudgetRequestForm`) or the family asks
    from the portal, each in its own words; both give the service the same values (`asked`)."""

    COVERS = ("education", "health", "social_care")

    covers = forms.MultipleChoiceField(
        label="What is the personal budget for?",
        choices=[
            ("education", "Education"),
            ("health", "Health"),
            ("social_care", "Social care"),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["education"],
        help_text="Select all that apply.",
        error_messages={"required": "Select what the personal budget is for"},
    )
    wants_direct_payment = forms.BooleanField(
        label="They would like some of it as a direct payment", required=False
    )
    details = optional_textarea("Details", rows=4)

    @classmethod
    def asked(cls, data: dict) -> dict:
        """The service's arguments for what is asked, from the cleaned data."""
        return {
            **{f"covers_{area}": area in data["covers"] for area in cls.COVERS},
            "wants_direct_payment": data["wants_direct_payment"],
            "details": data["details"],
        }


class BudgetRequestForm(BudgetAskedForm):
    requested_on = GovUKDateField(
        label="Date of the request", error_name="the date of the request", past_only=True
    )
    requested_by = text(
        "Who asked for the personal budget?",
        error="Enter who asked for the personal budget",
        help_text="For example, the parent's or young person's name.",
    )
    field_order = ["requested_on", "requested_by", "covers", "wants_direct_payment", "details"]


class BudgetDecisionForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="What did the council decide?",
        choices=[("yes", "Agreed"), ("no", "Refused")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the personal budget was agreed or refused",
            "invalid_choice": "Select whether the personal budget was agreed or refused",
        },
    )
    decided_on = GovUKDateField(
        label="Date of the decision", error_name="the date of the decision", past_only=True
    )
    reasons = textarea(
        "Reasons for the decision",
        error="Enter the reasons for the decision",
        help_text="A refusal must say why, and how the family can ask for it to be reviewed.",
    )


# --- compare versions ------------------------------------------------------------------------


class CompareForm(forms.Form):
    """Two versions of the plan, by number: `?from=1&to=2` (GET, so `from` is added by name)."""

    def __init__(self, data, *, versions):
        super().__init__(data)
        choices = [
            (
                str(v.number),
                f"Version {v.number}: {v.get_kind_display()}, {v.issued_on.day} {v.issued_on:%B %Y}",
            )
            for v in versions
        ]
        error = "Select a version of this plan"
        self.fields["from"] = forms.TypedChoiceField(
            label="Compare", choices=choices, coerce=int, error_messages={"invalid_choice": error}
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="with", choices=choices, coerce=int, error_messages={"invalid_choice": error}
        )

    def clean(self):
        data = super().clean()
        if data.get("from") is not None and data.get("from") == data.get("to"):
            self.add_error("to", "Select a different version to compare with")
        return data
