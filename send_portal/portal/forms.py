"""The family portal's forms, in plain English, built from the service's GOV.UK blocks."""

from django import forms

from cases.formfields import textarea
from cases.formfields import upload_field
from cases.forms import optional_textarea
from ehcp import forms as plan_forms
from ehcp.selectors import setting_choices

FILES = 3  # up to three files with one form: no JavaScript needed to add more


def _file_fields(form, label: str) -> None:
    for number in range(1, FILES + 1):
        field = upload_field(required=False, label=f"{label} {number}")
        if number > 1:
            field.help_text = ""
        form.fields[f"document_{number}"] = field


def uploads(cleaned: dict) -> list:
    return [cleaned[f"document_{n}"] for n in range(1, FILES + 1) if cleaned.get(f"document_{n}")]


UPLOAD_FIELDS = {"upload": "document_1"}  # a service's message about a file goes on the first


class RequestForm(forms.Form):
    reason = textarea(
        "Why are you asking for an EHC needs assessment?",
        error="Tell us why you are asking for an assessment",
        rows=8,
        help_text="What help is given now, what is not working, and what the school or college "
        "has said. Write as much as you want.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _file_fields(self, "Report, letter or other document")


class ViewsForm(forms.Form):
    about_me = optional_textarea(
        "About me",
        rows=6,
        help_text="What people like and admire about them, what is important to them, and how "
        "best to support them.",
    )
    family_views = optional_textarea(
        "The family’s views",
        rows=6,
        help_text="What is going well, what is difficult, and what you think would help.",
    )
    hopes = optional_textarea("Hopes and goals for the future", rows=4)
    reuse_consent = forms.BooleanField(
        label="I agree that existing reports can be used again, so professionals do not need to "
        "ask the same questions",
        required=False,
    )
    reports_to_reuse = optional_textarea(
        "Which reports can be used again?",
        rows=3,
        help_text="For example: speech and language therapy report, March 2026.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _file_fields(self, "Photo or document")


class DraftResponseForm(plan_forms.DraftResponseForm):
    """The family's response to the draft, in their own words."""

    comment_label = "Your comments on section {key}"  # each under its section's heading
    comment_rows = 3

    wants_meeting = forms.BooleanField(
        label="I would like a meeting with the council about the draft plan", required=False
    )
    requested_setting = forms.ModelChoiceField(
        label="The school or college you want named in the plan",
        queryset=setting_choices(),
        required=False,
        empty_label="Not asking for one now",
        help_text="The council must ask that school or college and name it unless the law allows "
        "it not to.",
        error_messages={"invalid_choice": "Select a school or college"},
    )
    nothing_more_to_add = forms.BooleanField(
        label="I have nothing more to add",
        required=False,
        help_text="Only tick this if you are finished: it ends your 15 days early.",
    )


class BudgetForm(plan_forms.BudgetAskedForm):
    covers = forms.MultipleChoiceField(
        label="What should the personal budget pay for?",
        choices=[
            ("education", "Education: help at school or college"),
            ("health", "Health"),
            ("social_care", "Social care"),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the personal budget should pay for"},
    )
    wants_direct_payment = forms.BooleanField(
        label="I would like some of it paid to me as a direct payment", required=False
    )
    details = optional_textarea(
        "Tell us more",
        rows=4,
        help_text="For example, the help you want to arrange yourself.",
    )
    field_order = ["covers", "wants_direct_payment", "details"]


class MediationForm(forms.Form):
    about = optional_textarea(
        "What do you disagree with? (optional)",
        rows=4,
        help_text="You do not have to say now. A mediation adviser will contact you.",
    )
