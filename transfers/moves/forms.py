"""The forms of moves between councils and reassessments: parse what is typed, with GOV.UK
messages; the services check the dates against the case."""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import choice
from cases.formfields import text
from cases.formfields import textarea
from cases.formfields import yes_no_field
from cases.forms import NewChildForm
from cases.forms import optional_email
from cases.forms import optional_textarea
from cases.models import ArrivalChannel
from cases.models import Relationship
from ehcp.forms import PlacementForm

from .models import HealthAnswer
from .models import ReassessmentOutcome
from .models import ReassessmentSource
from .models import RefusalGround


def _date(label: str, *, past_only=True, **kwargs) -> GovUKDateField:
    return GovUKDateField(
        label=label, error_name=label[:1].lower() + label[1:], past_only=past_only, **kwargs
    )


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveOutForm(forms.Form):
    receiving_council = text(
        "Council the family is moving to", error="Enter the council the family is moving to"
    )
    moved_on = _date(
        "Date of the move",
        past_only=False,
        help_text="The day the family moves, or moved, to the other council's area.",
    )
    learned_on = _date(
        "Date the council learned of the move",
        help_text="The plan must be passed on by the day of the move, or within 15 working days "
        "of this date if the council learned less than 15 working days before the move.",
    )
    notes = optional_textarea("Notes", rows=3)


class HandOverForm(Versioned):
    handed_over_on = _date("Date the plan was passed to the new council")
    health_told_on = _date(
        "Date the health commissioner was told",
        help_text="The health commissioner tells the new area's commissioner (regulation 16).",
    )


class MoveInForm(NewChildForm, PlacementForm):
    """A plan passed on by the council the family moved from: the child, the family, the plan."""

    parent_name = text("Parent or carer's full name", error="Enter the parent or carer's name")
    parent_relationship = choice(
        "Relationship to the child",
        Relationship.choices,
        error="Select the relationship to the child",
    )
    parent_email = optional_email("Parent or carer's email address")
    parent_address = optional_textarea(
        "Parent or carer's postal address",
        rows=3,
        help_text="Letters go by post when there is no email address.",
    )
    from_council = text(
        "Council the family moved from", error="Enter the council the family moved from"
    )
    transferred_on = _date(
        "Date the plan was transferred",
        help_text="The day the plan reached this council: the 6 weeks to tell the family run "
        "from it.",
    )
    issued_on = _date("Date the plan was first issued")
    last_reviewed_on = _date(
        "Date of the last review's decision (if there has been one)", required=False
    )
    notes = None
    field_order = [
        "first_name",
        "last_name",
        "date_of_birth",
        "upn",
        "postcode",
        "parent_name",
        "parent_relationship",
        "parent_email",
        "parent_address",
        "from_council",
        "transferred_on",
        "issued_on",
        "last_reviewed_on",
        "setting",
        "placement_type",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].label = "School, college or other institution named in the plan"
        self.fields["upn"].label = "Unique pupil number (UPN), if known"
        self.fields["upn"].help_text = (
            "13 characters, for example B801200005001. It finds the child if they are already on "
            "record here."
        )

    def child_details(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "date_of_birth": data["date_of_birth"],
            "upn": data["upn"],
            "postcode": data["postcode"],
        }

    def family_details(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["parent_name"],
            "relationship": data["parent_relationship"],
            "email": data["parent_email"],
            "address": data["parent_address"],
            "contact_preference": "email" if data["parent_email"] else "post",
        }

    def plan_details(self) -> dict:
        data = self.cleaned_data
        return {
            "from_council": data["from_council"],
            "transferred_on": data["transferred_on"],
            "issued_on": data["issued_on"],
            "last_reviewed_on": data["last_reviewed_on"],
            **self.placement(),
        }

    def clean(self):
        data = super().clean()
        if data.get("parent_name") and not (data.get("parent_email") or data.get("parent_address")):
            self.add_error(
                "parent_email", "Enter the parent or carer's email address or postal address"
            )
        return data


class TellFamilyForm(Versioned):
    will_reassess = yes_no_field(
        "Will the council carry out a new EHC needs assessment?",
        error="Select yes if the council will reassess",
    )
    review_by = _date(
        "When the plan will be reviewed",
        past_only=False,
        help_text="No later than the first review's due date shown above.",
    )
    dated_on = _date("Date of the letter")


class HealthAnswerForm(forms.Form):
    answer = choice(
        "What did the new health commissioner say?",
        HealthAnswer.choices,
        error="Select what the health commissioner said",
        radios=True,
    )
    answered_on = _date("Date of its answer")


class ReassessmentRequestForm(forms.Form):
    source = choice(
        "Who asked for the reassessment?",
        ReassessmentSource.choices,
        error="Select who asked for the reassessment",
        radios=True,
    )
    requester_name = text("Name of the person who asked", error="Enter the name of who asked")
    channel = choice(
        "How the request arrived",
        ArrivalChannel.choices,
        error="Select how the request arrived",
        blank="",
    )
    requested_on = _date("Date of the request")
    reason = textarea("Why a reassessment is asked for", error="Enter why it is asked for")


class ReassessmentDecisionForm(Versioned):
    agreed = yes_no_field(
        "Will the council carry out a reassessment?",
        error="Select yes if the council will reassess",
    )
    refusal_ground = choice(
        "If not, why not?",
        RefusalGround.choices,
        error="Select why the council will not reassess",
        radios=True,
        required=False,
    )
    last_assessed_on = _date(
        "Date of the last assessment",
        required=False,
        help_text="A request may be refused because the last assessment is less than 6 months old.",
    )
    decided_on = _date("Date of the decision")
    reason = textarea("Reasons for the decision", error="Enter the reasons for the decision")

    def clean(self):
        data = super().clean()
        if data.get("agreed") is False and not data.get("refusal_ground"):
            self.add_error("refusal_ground", "Select why the council will not reassess")
        return data


class LetterForm(forms.Form):
    dated_on = _date(
        "Date of the letter",
        help_text="The letter goes to the family by email or post; the time limit is met on the "
        "day it is sent.",
    )


class PreparePlanForm(Versioned):
    """Nothing to type: opening the plan's working copy is confirmed by the button."""


class DraftPlanForm(Versioned):
    sent_on = _date(
        "Date the draft was sent to the family",
        help_text="The family has 15 days, beginning with the day it is sent, to comment, ask "
        "to meet and say which school or college they want named.",
    )
    evidence = textarea(
        "What the changes rest on",
        error="Enter what the changes rest on",
        help_text="The advice and information gathered in the reassessment.",
    )


class ReassessmentOutcomeForm(Versioned):
    outcome = choice(
        "What was the outcome of the reassessment?",
        ReassessmentOutcome.choices,
        error="Select the outcome of the reassessment",
        radios=True,
    )
    outcome_on = _date(
        "Date the plan was issued, or the decision made",
        help_text="An amended or new plan is the draft sent to the family, issued as the plan's "
        "next version. For a plan kept as it is, a letter with the rights to appeal goes to the "
        "family.",
    )
    family_responded_on = _date(
        "Date the family responded to the draft (if they have)",
        required=False,
        help_text="Leave empty if they have not: the plan can then be issued once their 15 "
        "days are over.",
    )
