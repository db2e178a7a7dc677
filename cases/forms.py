"""Forms of the case file: they parse and check what was typed; the services decide the rest.

Dates use the GOV.UK date input (`GovUKDateField`, rendered by includes/date_field.html) and
error messages follow the GOV.UK Design System's wording. Field names match the keyword
arguments of the services, so a `ValidationError` a service raises for a field lands on it.
"""

import copy
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import selectors
from .formfields import GovUKDateField
from .formfields import GovUKTimeField
from .formfields import choice
from .formfields import text
from .formfields import textarea
from .formfields import upload_field
from .formfields import yes_no_field
from .models import AdviceKind
from .models import AlternativeRoute
from .models import ArrivalChannel
from .models import CaseStage
from .models import ContactPreference
from .models import DocumentKind
from .models import ExceptionGround
from .models import NeedType
from .models import Relationship
from .models import RequestSource
from .models import Sex
from .models import nhs_validator
from .models import postcode_validator
from .models import upn_validator
from .models.children import Ethnicity
from .services import EXCEPTION_KINDS

# --- fields the apps' forms share ---------------------------------------------------------------


def optional_textarea(label: str, *, rows: int, **kwargs) -> forms.CharField:
    """A box for free text that may be left empty (notes, views, details)."""
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def optional_email(label: str, **kwargs) -> forms.EmailField:
    """An email address that may be left empty, with the GOV.UK message for a wrong one; a
    browser's spelling checker is no help on an address."""
    return forms.EmailField(
        label=label,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        **kwargs,
    )


# --- the caseload filters ----------------------------------------------------------------------


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label="Search by name, UPN or case reference", required=False, max_length=100
    )
    officer = forms.ChoiceField(label="Case officer", required=False)
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "Any stage"), *CaseStage.choices]
    )
    due = forms.ChoiceField(
        label="Deadlines",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", "Any"),
            (selectors.DUE_OVERDUE, "Overdue"),
            (selectors.DUE_THIS_WEEK, "Due in the next 5 working days"),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [
            ("", "Any officer"),
            (selectors.UNALLOCATED, "Not allocated"),
            *selectors.caseload_officers(user).values_list("pk", "full_name"),
        ]

    def filters(self) -> dict:
        """The valid filters; an invalid value is ignored rather than shown as an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class PanelAgendaFilterForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", "Both"),
            ("assess", "Whether to assess"),
            ("issue", "Whether to issue a plan"),
        ],
    )
    due = forms.ChoiceField(
        label="Due",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "Any"), (selectors.DUE_OVERDUE, "Overdue")],
    )

    def filters(self) -> dict:
        """The valid filters; an invalid value is ignored rather than shown as an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


# --- a new request for assessment --------------------------------------------------------------


class NewChildForm(forms.Form):
    """Who the child is, wherever a child is first entered (a request for assessment, a plan
    moving in from another council): the same fields, the same checks and messages, and the
    UPN and postcode written the one way the search and the SEN2 return expect."""

    first_name = text(
        "First name", max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"})
    )
    last_name = text(
        "Last name", max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"})
    )
    date_of_birth = GovUKDateField(label="Date of birth", past_only=True)
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        max_length=20,
        help_text="13 characters, for example B801200005001",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    postcode = text(
        "Postcode",
        max_length=10,
        error="Enter the child's postcode",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    def clean_upn(self):
        upn = self.cleaned_data["upn"].replace(" ", "").upper()
        if upn:
            upn_validator(upn)  # the format and the DfE check letter, each with its message
        return upn

    def clean_postcode(self):
        postcode = re.sub(r"\s+", " ", self.cleaned_data["postcode"].strip().upper())
        try:
            postcode_validator(postcode)
        except ValidationError:
            raise ValidationError("Enter a real postcode, like SW1A 1AA") from None
        return postcode


class NewRequestForm(NewChildForm):
    # The child or young person: NewChildForm's fields, then these.
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=20,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    primary_need = choice(
        "Primary need",
        NeedType.choices,
        error="Select the primary need, or 'Not known yet'",
        blank="Not known yet",
        required=False,
    )
    # What the statutory returns (SEN2) need to hold about the child.
    sex = forms.TypedChoiceField(
        label="Sex",
        choices=[(Sex.UNKNOWN, "Not known yet"), (Sex.FEMALE, "Female"), (Sex.MALE, "Male")],
        empty_value=Sex.UNKNOWN,
        required=False,
        error_messages={"invalid_choice": "Select the child's sex, or 'Not known yet'"},
    )
    ethnicity = choice(
        "Ethnicity",
        Ethnicity.choices,
        error="Select the child's ethnicity, or 'Not recorded yet'",
        blank="Not recorded yet",
        required=False,
    )
    current_setting = forms.ModelChoiceField(
        label="Current school, college or setting",
        queryset=selectors.setting_choices(),
        required=False,
        empty_label="None or not known",
    )

    # The parent or carer.
    parent_name = text("Full name", error="Enter the parent or carer's full name")
    relationship = choice(
        "Relationship to the child",
        Relationship.choices,
        error="Select the relationship to the child",
        blank="Select the relationship",
    )
    parent_email = optional_email(
        "Email address",
        help_text="Needed when they want to be contacted by email.",
    )
    parent_phone = forms.CharField(
        label="Phone number",
        required=False,
        help_text="Needed when they want to be phoned.",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    parent_address = optional_textarea(
        "Address",
        rows=3,
        help_text="Needed when they want letters by post.",
    )
    parental_responsibility = yes_no_field(
        "Do they have parental responsibility?",
        error="Select yes if they have parental responsibility",
    )
    contact_preference = choice(
        "How do they want to be contacted?",
        ContactPreference.choices,
        error="Select how they want to be contacted",
        radios=True,
    )

    # The request.
    source = choice(
        "Who asked for the assessment?",
        RequestSource.choices,
        error="Select who asked for the assessment",
        radios=True,
    )
    requester_name = text(
        "Name of the person or organisation who asked",
        error="Enter the name of the person or organisation who asked",
    )
    arrived_on = GovUKDateField(
        label="Date the request arrived",
        past_only=True,
        help_text="For example, 5 1 2026. A request that arrives after 5pm, or on a weekend "
        "or bank holiday, counts from the next working day.",
    )
    arrived_time = GovUKTimeField(
        label="Time the request arrived",
        error_name="the time the request arrived",
        help_text="Use the 24-hour clock, for example 09:30 or 17:45.",
    )
    channel = choice(
        "How did the request arrive?",
        ArrivalChannel.choices,
        error="Select how the request arrived",
        radios=True,
    )
    consent_given = yes_no_field(
        "Does the parent or young person agree to the request?",
        error="Select yes if the parent or young person agrees to the request",
    )
    reason = textarea(
        "Why is the assessment asked for?",
        error="Enter why the assessment is asked for",
        help_text="In the requester's words where you can.",
    )
    in_youth_accommodation = forms.BooleanField(
        label="The request was made while the young person is in relevant youth accommodation",
        required=False,
    )

    field_order = ["first_name", "last_name", "date_of_birth", "upn", "nhs_number", "postcode"]
    CHILD_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "upn",
        "nhs_number",
        "postcode",
        "primary_need",
        "current_setting",
        "sex",
        "ethnicity",
    )
    # Service (model) field name -> form field name, for errors the service raises.
    SERVICE_FIELDS = {
        "full_name": "parent_name",
        "email": "parent_email",
        "phone": "parent_phone",
        "address": "parent_address",
        "arrived_at": "arrived_on",
        "received_on": "arrived_on",
    }

    def clean_nhs_number(self):
        number = re.sub(r"[\s-]", "", self.cleaned_data["nhs_number"])
        if number:
            nhs_validator(number)  # 10 numbers and the modulus 11 check digit
        return number

    def clean(self):
        data = super().clean()
        preference = data.get("contact_preference")
        if (
            preference == ContactPreference.EMAIL
            and not data.get("parent_email")
            and "parent_email" not in self.errors
        ):
            self.add_error(
                "parent_email", "Enter an email address, as they want to be contacted by email"
            )
        if preference == ContactPreference.PHONE and not data.get("parent_phone"):
            self.add_error("parent_phone", "Enter a phone number, as they want to be phoned")
        if preference == ContactPreference.POST and not data.get("parent_address", "").strip():
            self.add_error("parent_address", "Enter an address, as they want letters by post")
        return data

    def arrived_at(self) -> datetime.datetime:
        """When the request arrived, as an aware datetime in the council's time zone."""
        data = self.cleaned_data
        return timezone.make_aware(
            datetime.datetime.combine(data["arrived_on"], data["arrived_time"])
        )

    def child_details(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.CHILD_FIELDS if data.get(name) is not None}

    def family_details(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["parent_name"],
            "relationship": data["relationship"],
            "email": data["parent_email"],
            "phone": data["parent_phone"],
            "address": data["parent_address"],
            "parental_responsibility": data["parental_responsibility"],
            "contact_preference": data["contact_preference"],
        }

    def request_details(self) -> dict:
        data = self.cleaned_data
        return {
            "source": data["source"],
            "requester_name": data["requester_name"],
            "arrived_at": self.arrived_at(),
            "channel": data["channel"],
            "consent_given": data["consent_given"],
            "reason": data["reason"],
            "in_youth_accommodation": data["in_youth_accommodation"],
        }


NEW_CHILD = "new"


class DuplicateChoiceForm(forms.Form):
    """Is the child being entered one already on record? Nothing is saved until this is answered."""

    duplicate_choice = forms.ChoiceField(
        label="Is this one of the children already on record?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the existing record to use, or 'This is a different child'",
            "invalid_choice": "Select the existing record to use, or 'This is a different child'",
        },
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.fields["duplicate_choice"].choices = [
            *[(str(c.pk), self._describe(c)) for c in self.children.values()],
            (NEW_CHILD, "This is a different child"),
        ]

    @staticmethod
    def _describe(child) -> str:
        """The child's details when the officer may open one of their cases; otherwise only who
        holds the record (see `selectors.duplicates_as_seen_by`)."""
        if not getattr(child, "known_to_user", True):
            held = ", ".join(getattr(child, "holders", ())) or "no team (no case is open)"
            return f"Use the existing record held by {held}"
        born = f"born {child.date_of_birth.day} {child.date_of_birth:%B %Y}"
        details = f"{born}, UPN {child.upn}" if child.upn else born
        return f"Use the existing record of {child.full_name} ({details})"

    def chosen_child(self):
        return self.children.get(self.cleaned_data["duplicate_choice"])


# --- panel decisions ---------------------------------------------------------------------------


TOLD_HINT = (
    "The time limit is met on the day the family is told, not the day of the decision. Leave "
    "it empty if they have not been told yet: you can record it later."
)
TOLD_BEFORE_DECISION = "The date the family was told cannot be before the decision"


class DecisionForm(forms.Form):
    """Whether to assess, or whether to issue a plan: one form, two questions."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    agreed = yes_no_field("", error="")  # label and messages set per decision
    decided_on = GovUKDateField(
        label="Date of decision", error_name="date of decision", past_only=True
    )
    reason = textarea("Reasons for the decision", error="Enter the reasons for the decision")
    told_on = GovUKDateField(
        label="Date the family was told",
        past_only=True,
        required=False,
        help_text=TOLD_HINT,
    )

    def __init__(
        self,
        *args,
        question: str,
        error: str,
        yes_refused: str = "",
        no_refused: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Why "yes" or "no" cannot be chosen now (the transition's unmet condition), if not.
        self.yes_refused = yes_refused
        self.no_refused = no_refused
        field = self.fields["agreed"]
        field.label = question
        field.error_messages = {"required": error, "invalid_choice": error}

    def clean(self):
        data = super().clean()
        if data.get("agreed") is True and self.yes_refused:
            self.add_error("agreed", self.yes_refused)
        if data.get("agreed") is False and self.no_refused:
            self.add_error("agreed", self.no_refused)
        told_on, decided_on = data.get("told_on"), data.get("decided_on")
        if told_on and decided_on and told_on < decided_on:
            self.add_error("told_on", TOLD_BEFORE_DECISION)
        return data


class DecisionToldForm(forms.Form):
    """The day the family was told of a panel decision (until the notices service records it)."""

    kind = forms.ChoiceField(
        label="Which decision were they told of?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the decision the family was told of",
            "invalid_choice": "Select the decision the family was told of",
        },
    )
    told_on = GovUKDateField(
        label="Date the family was told",
        past_only=True,
        help_text="The day the letter or email was sent. The time limit is met on this day.",
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {d.kind: d for d in decisions}
        self.fields["kind"].choices = [
            (d.kind, f"{d.get_kind_display()}: decided on {d.decided_on.day} {d.decided_on:%B %Y}")
            for d in decisions
        ]

    def clean(self):
        data = super().clean()
        decision = self.decisions.get(data.get("kind"))
        if decision and data.get("told_on") and data["told_on"] < decision.decided_on:
            self.add_error("told_on", TOLD_BEFORE_DECISION)
        return data


# --- the co-ordinated assessment ---------------------------------------------------------------


class AdviceRequestForm(forms.Form):
    kind = choice("Kind of advice", AdviceKind.choices, error="Select the kind of advice", blank="")
    addressee_name = text("Adviser's name", error="Enter the adviser's name")
    addressee_organisation = text("Organisation", required=False)
    addressee_email = optional_email(
        "Adviser's email address",
        help_text="If they use the council's advice portal, the email address they sign in with: "
        "the request then appears there for them to answer.",
    )
    requested_on = GovUKDateField(
        label="Date advice was asked for",
        error_name="the date advice was asked for",
        past_only=True,
    )
    received_by_adviser_on = GovUKDateField(
        label="Date the adviser received the request",
        required=False,
        help_text="The adviser's 6 weeks run from this day. Leave it empty if it is the date "
        "advice was asked for.",
    )


class AdviceReceivedForm(forms.Form):
    received_on = GovUKDateField(
        label="Date the advice was received",
        past_only=True,
    )
    upload = upload_field(required=False, label="Upload the advice")


class AdviceReuseForm(forms.Form):
    kind = choice("Kind of advice", AdviceKind.choices, error="Select the kind of advice", blank="")
    author = text("Author of the report", error="Enter the name of the person who wrote the report")
    report_dated = GovUKDateField(
        label="Date of the report", error_name="the date of the report", past_only=True
    )
    upload = upload_field(required=True, label="Upload the report")
    author_agrees = forms.BooleanField(
        label="The author agrees that their report is used for this assessment",
        error_messages={"required": "Confirm the author agrees that their report is used"},
    )
    family_agrees = forms.BooleanField(
        label="The family agrees that the report is used for this assessment",
        error_messages={"required": "Confirm the family agrees that the report is used"},
    )


class ExceptionForm(forms.Form):
    ground = choice(
        "Why can the time limit not be met?",
        ExceptionGround.choices,
        error="Select the ground for the exception",
        radios=True,
        help_text="Only these four grounds are allowed by the regulations. A missed "
        "appointment is not one of them.",
    )
    starts_on = GovUKDateField(
        label="Date the exception started",
        help_text="Away from the area: the first day away. A closure: 1 week before the setting "
        "closed. The dates must fall between the request and the limits it excuses.",
    )
    ends_on = GovUKDateField(
        label="Date the exception ended",
        required=False,
        help_text="Away from the area: the last day away (4 continuous weeks or more). A "
        "closure of 4 weeks or more: 1 week before the setting reopens. Leave it empty only "
        "for personal circumstances that are still going on.",
    )
    reason = textarea(
        "Reasons", error="Enter why the time limit cannot be met", help_text="What happened."
    )
    kinds = forms.MultipleChoiceField(
        label="Which time limits does it affect?",
        choices=[(k.value, k.label) for k in EXCEPTION_KINDS],
        widget=forms.CheckboxSelectMultiple,
        initial=[k.value for k in EXCEPTION_KINDS],
        error_messages={"required": "Select at least one time limit the exception affects"},
    )


# --- the plan --------------------------------------------------------------------------------


def _issued_plan_form(which: str, done: str) -> type[forms.Form]:
    """A plan written outside this service, recorded as issued: its date, and the plan."""
    return type(
        f"Issue{which.capitalize()}Form",
        (forms.Form,),
        {
            "version": forms.IntegerField(widget=forms.HiddenInput),
            "issued_on": GovUKDateField(
                label=f"Date the {which} plan was {done}",
                error_name=f"the date the {which} plan was {done}",
                past_only=True,
            ),
            "upload": upload_field(required=False, label=f"Upload the {which} plan"),
            "__module__": __name__,
        },
    )


IssueDraftForm = _issued_plan_form("draft", "sent")


class FamilyResponseForm(forms.Form):
    responded_on = GovUKDateField(
        label="Date the family responded",
        past_only=True,
    )
    nothing_more_to_add = forms.BooleanField(
        label="The family has said they have nothing more to add",
        required=False,
        help_text="Only this ends their 15 days early. Otherwise they can still comment, ask for "
        "a meeting or ask for a school until the last day.",
    )


IssueFinalForm = _issued_plan_form("final", "issued")


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    withdrawn_on = GovUKDateField(
        label="Date the request was withdrawn",
        past_only=True,
    )
    reason = textarea("Why was it withdrawn?", error="Enter why the request was withdrawn")


class DocumentUploadForm(forms.Form):
    kind = choice(
        "Kind of document", DocumentKind.choices, error="Select the kind of document", blank=""
    )
    title = text("Title", max_length=200, error="Enter a title for the document")
    upload = upload_field(required=True)


class AlternativePersonForm(forms.Form):
    """Who acts for a young person who lacks capacity (SEND Regulations 2014 Schedule 3)."""

    route = choice(
        "Who acts for the young person?",
        AlternativeRoute.choices,
        error="Select who acts for the young person",
        radios=True,
        help_text="A deputy or an attorney acts where there is one; otherwise a parent does.",
    )
    full_name = text("Their full name", error="Enter the name of the person who acts for them")
    email = optional_email(
        "Their email address (optional)",
        help_text="Letters and reminders meant for the young person go to them instead.",
    )
    address = forms.CharField(
        label="Their postal address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text="Letters go here by post when they have no email address.",
    )
    decisions = textarea(
        "Which decisions does the young person lack capacity for?",
        error="Enter the decisions they lack capacity for",
        rows=3,
    )
    capacity_assessed_on = GovUKDateField(
        label="Date capacity was assessed",
        error_name="the date capacity was assessed",
        past_only=True,
    )


class AlternativePersonEndForm(forms.Form):
    ended_on = GovUKDateField(
        label="Date they stopped acting for the young person",
        error_name="the date they stopped acting for the young person",
        past_only=True,
    )
    reason = textarea(
        "Why?",
        error="Enter why they no longer act for the young person",
        rows=3,
        help_text="For example, the young person now has capacity for these decisions.",
    )


YEAR_GROUPS = [(str(year), f"Year {year}") for year in range(3, 11)]


def _year_or_none(value: str) -> int | None:
    return int(value) if value else None


class SchoolPhasesForm(forms.Form):
    """Where the child's school moves fall when the pattern is not primary then secondary."""

    middle_school_from_year = forms.TypedChoiceField(
        label="Year group entering middle school (optional)",
        choices=[("", "Not a middle-school area"), *YEAR_GROUPS],
        coerce=_year_or_none,
        empty_value=None,
        required=False,
        help_text="Only where the area has first, middle and upper schools.",
    )
    secondary_from_year = forms.TypedChoiceField(
        label="Year group entering secondary (upper) school (optional)",
        choices=[("", "Not a middle-school area"), *YEAR_GROUPS],
        coerce=_year_or_none,
        empty_value=None,
        required=False,
    )
    post16_move_on = GovUKDateField(
        label="Date of a planned move to another college or post-16 institution (optional)",
        error_name="the date of the planned move",
        required=False,
        help_text="The plan must be reviewed and amended at least 5 months before the move.",
    )


class ChildDetailsForm(forms.Form):
    """Change the sex and ethnicity recorded for a child (what the SEN2 return needs): the same
    fields, choices and messages as the new request's."""

    sex = copy.deepcopy(NewRequestForm.base_fields["sex"])
    ethnicity = copy.deepcopy(NewRequestForm.base_fields["ethnicity"])
