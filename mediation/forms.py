"""Forms of the disagreement screens: they parse what was typed, with GOV.UK error messages;
`mediation.services` decides the rest (and checks again). Field names are the services' keyword
arguments, so a service's error for a field lands on it."""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import choice
from cases.formfields import text
from cases.formfields import textarea
from cases.formfields import yes_no_field
from cases.forms import optional_textarea

from .models import ORDER_KIND_FOR
from .models import AppealOutcome
from .models import DecisionKind
from .models import MediationOutcome
from .models import OrderKind
from .models import RecommendationBody
from .models import Section


def date(label: str, *, past_only: bool = True, required: bool = True, hint: str = ""):
    return GovUKDateField(
        label=label,
        error_name=label[:1].lower() + label[1:],
        past_only=past_only,
        required=required,
        help_text=hint or "For example, 27 3 2027",
    )


class DisagreementForm(forms.Form):
    decision = choice(
        "Which decision do the family disagree with?",
        DecisionKind.choices,
        error="Select the decision the family disagree with",
        radios=True,
    )
    sections = forms.MultipleChoiceField(
        label="Which parts of the plan? (contents of the plan only)",
        choices=Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision_letter_on = date(
        "Date the decision letter was sent",
        hint="The appeal deadline runs from this date. For example, 27 3 2027",
    )
    health_issues = forms.BooleanField(label="Health care is among the issues", required=False)
    social_care_issues = forms.BooleanField(label="Social care is among the issues", required=False)
    summary = optional_textarea("What the family disagree with (optional)", rows=4)


class AdviceForm(forms.Form):
    adviser_contacted_on = date("Date the family contacted the mediation adviser")
    wants_mediation = yes_no_field(
        "Do the family want mediation?",
        error="Select yes if the family want mediation",
    )
    council_informed_on = date(
        "Date the family told the council they want mediation",
        required=False,
        hint="Only if they want mediation: the 30 days to hold it start here. For example, 27 3 2027",
    )


class CommissionerToldForm(forms.Form):
    told_on = date(
        "Date of the letter to the health commissioner",
        hint="Today: the letter goes out through this service now, and the commissioner is "
        "told on the day it is sent. An earlier date: it was told outside this service that "
        "day. For example, 27 3 2027",
    )
    told_outside = forms.BooleanField(
        label="The health commissioner was already told outside this service on that date "
        "(by phone or its own email)",
        required=False,
    )


class ArrangeForm(forms.Form):
    arranged_on = date("Date the mediation was arranged")
    meeting_on = date("Date of the mediation meeting", past_only=False)
    mediator = text("Mediator or mediation service", required=False)


class NotArrangedForm(forms.Form):
    adviser_told_on = date("Date the mediation adviser was told it could not be arranged")


class HeldForm(forms.Form):
    held_on = date("Date the mediation was held")
    attendees = textarea(
        "Who attended",
        error="Enter who attended the mediation",
        rows=3,
        help_text="For example: Ms Okafor (parent), Sam Patel (SEN officer, able to decide).",
    )
    outcome = choice(
        "Outcome",
        MediationOutcome.choices,
        error="Select the outcome of the mediation",
        radios=True,
    )
    agreement = optional_textarea(
        "What was agreed",
        rows=4,
        help_text="Needed when anything was agreed: the council must carry it out within the "
        "limits of the matching Tribunal order, or within 2 weeks.",
    )


class CertificateForm(forms.Form):
    issued_on = date("Date the certificate was issued")


class CloseForm(forms.Form):
    closed_on = date("Date closed")
    reason = text(
        "Why is it closed?",
        max_length=200,
        help_text="For example: the family did not appeal by the deadline, or the council "
        "changed its decision.",
    )


def _kinds(*allowed):
    return [(value, label) for value, label in OrderKind.choices if value in allowed]


class AgreedActionForm(forms.Form):
    kind = choice(
        "What kind of action?", [], error="Select what kind of action was agreed", radios=True
    )
    description = textarea(
        "What the council agreed to do", error="Enter what the council agreed to do"
    )
    agreed_due_on = date(
        "Different date agreed by the parties (optional)",
        past_only=False,
        required=False,
        hint="Only where the agreement sets its own date for a one-step action. Leave it empty "
        "and the law's limit applies. For example, 27 3 2027",
    )
    agreed_due_reason = text(
        "Why the parties agreed a different date", required=False, max_length=200
    )

    def __init__(self, *args, disagreement, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [ORDER_KIND_FOR.get(disagreement.decision), OrderKind.OTHER]
        self.fields["kind"].choices = _kinds(*filter(None, allowed))


class AppealForm(forms.Form):
    registered_on = date("Date the Tribunal registered the appeal")
    tribunal_reference = text("Tribunal reference (optional)", required=False, max_length=40)
    grounds = textarea("Grounds of the appeal", error="Enter the grounds of the appeal", rows=4)
    hearing_on = date("Hearing date (if listed)", past_only=False, required=False)
    evidence_due_on = date(
        "Evidence deadline set by the Tribunal (if any)", past_only=False, required=False
    )


class AppealDatesForm(forms.Form):
    hearing_on = date("Hearing date", past_only=False, required=False)
    evidence_due_on = date("Evidence deadline set by the Tribunal", past_only=False, required=False)


class AppealDecisionForm(forms.Form):
    decided_on = date("Date of the Tribunal's decision")
    outcome = choice(
        "The Tribunal's decision",
        AppealOutcome.choices,
        error="Select the Tribunal's decision",
        radios=True,
    )


ORDER_KINDS = [(v, label) for v, label in OrderKind.choices if v != OrderKind.OTHER]


class NotOpposedForm(forms.Form):
    notified_on = date("Date the council told the Tribunal it will not oppose")
    kind = choice(
        "What must the council now do?",
        ORDER_KINDS,
        error="Select what the council must now do",
        radios=True,
    )
    description = optional_textarea("Details (optional)", rows=3)


class WithdrawnForm(forms.Form):
    withdrawn_on = date("Date the family withdrew the appeal")


class OrderForm(forms.Form):
    made_on = date("Date of the order")
    kind = choice(
        "What did the Tribunal order?",
        ORDER_KINDS,
        error="Select what the Tribunal ordered",
        radios=True,
    )
    description = optional_textarea("Details of the order (optional)", rows=3)


class OrderStepForm(forms.Form):
    step = choice("Which step is done?", [], error="Select the step that is done", radios=True)
    done_on = date(
        "Date it was done",
        hint="For a letter to the family (we will assess, no plan is needed): today sends it "
        "through this service now, and the step is done on the day it is sent; an earlier "
        "date records a letter already sent outside this service. For example, 27 3 2027",
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps


class RecommendationForm(forms.Form):
    body = choice(
        "Recommendation to",
        RecommendationBody.choices,
        error="Select who the recommendation is for",
        radios=True,
    )
    recommended_on = date("Date of the recommendation")
    text = textarea("The recommendation", error="Enter the recommendation", rows=3)


class RecommendationResponseForm(forms.Form):
    responded_on = date("Date of the written response")
    response = textarea(
        "What the response said", error="Enter what the written response said", rows=3
    )


class ResolutionForm(forms.Form):
    requested_on = date("Date it was requested")
    with_whom = text(
        "Who is the disagreement with?",
        help_text="For example: the school, the council, the health commissioner.",
    )
    about = textarea("What is it about?", error="Enter what the disagreement is about", rows=3)
    meeting_on = date("Date of the meeting (if arranged)", past_only=False, required=False)


class ResolutionConcludeForm(forms.Form):
    held_on = date("Date it was held")
    outcome = choice("Outcome", MediationOutcome.choices, error="Select the outcome", radios=True)
    notes = optional_textarea("Notes (optional)", rows=3)


class ComplaintForm(forms.Form):
    received_on = date("Date the complaint was received")
    complainant = text("Who complained?")
    about = textarea(
        "What is the complaint about?", error="Enter what the complaint is about", rows=3
    )


class ComplaintResponseForm(forms.Form):
    responded_on = date("Date of the council's response")
    upheld = yes_no_field(
        "Was the complaint upheld?", error="Select yes if the complaint was upheld"
    )
    response = textarea("The council's response", error="Enter the council's response", rows=3)
