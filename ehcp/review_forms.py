"""Forms of the review screens: they parse and check what was typed; `ehcp.services` decides the
rest (and checks again). Built from the case screens' GOV.UK helpers (`cases.forms`), with the
GOV.UK Design System's wording for error messages.

Field names are the keyword arguments of the services, so a `ValidationError` a service raises
for a field (e.g. `meeting_on` for less than 2 weeks' notice) lands on that field. Every form
that acts on a review carries the review's `version` in a hidden field: a form loaded before
someone else moved the review on is refused with "changed by someone else" (409).
"""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import choice
from cases.formfields import textarea
from cases.forms import optional_textarea

from . import review_selectors as selectors
from .models import CeaseReason
from .models import ReviewDecision

# A decision the family can appeal is told by a notice that carries their rights (the notice
# kind says which): nothing here asks the officer to confirm it.
SENT_OUTSIDE_HINT = (
    "Only if the letter has already gone outside this service. Leave it empty and the letter, "
    "with the family's rights, is sent now: by email, or to the print queue for those who get "
    "post."
)
SENT_BEFORE_DECISION = "The date the letter was sent cannot be before the decision"


# --- the review list ---------------------------------------------------------------------------


class ReviewFilterForm(forms.Form):
    show = forms.ChoiceField(label="Show", required=False, widget=forms.RadioSelect)

    def __init__(self, *args, term_ends, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = [
            ("", "All open reviews"),
            (selectors.SHOW_DUE, "Due or overdue (due within 10 working days)"),
            (selectors.SHOW_OVERDUE, "Overdue"),
            (
                selectors.SHOW_TERM,
                f"Due this term (to {term_ends.day} {term_ends:%B %Y})",
            ),
            (selectors.SHOW_TRANSFERS, "Phase transfers"),
        ]

    def chosen(self) -> str:
        """The chosen filter; an unknown value is ignored rather than shown as an error."""
        if not self.is_bound or not self.is_valid():
            return ""
        return self.cleaned_data["show"]


# --- the steps of a review ---------------------------------------------------------------------


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InviteForm(VersionedForm):
    meeting_on = GovUKDateField(
        label="Date of the review meeting",
        error_name="the date of the review meeting",
        help_text="At least 2 weeks after the invitations are sent. For example, 27 3 2027",
    )
    invitations_sent_on = GovUKDateField(
        label="Date the invitations were sent",
        past_only=True,
    )


class MeetingHeldForm(VersionedForm):
    held_on = GovUKDateField(
        label="Date the meeting was held",
        past_only=True,
    )


class ReportForm(VersionedForm):
    received_on = GovUKDateField(
        label="Date the review report was received",
        past_only=True,
    )


class AdviceCirculatedForm(VersionedForm):
    circulated_on = GovUKDateField(
        label="Date the advice was circulated",
        past_only=True,
        help_text="The day the advice and information went to everyone invited to the meeting.",
    )


class SettingConsultedForm(VersionedForm):
    consulted_on = GovUKDateField(
        label="Date the school or college was consulted",
        past_only=True,
    )


class ConfirmForm(VersionedForm):
    """An action with nothing to fill in: the button confirms it."""


class DecisionForm(VersionedForm):
    decision = choice(
        "What has the council decided?",
        ReviewDecision.choices,
        error="Select whether the council will maintain, amend or cease the plan",
        radios=True,
    )
    decided_on = GovUKDateField(
        label="Date of the decision",
        error_name="the date of the decision",
        past_only=True,
        help_text="For example, 27 3 2027",
    )
    reasons = textarea("Reasons for the decision", error="Enter the reasons for the decision")
    sent_on = GovUKDateField(
        label="Date the letter was sent to the family",
        error_name="the date the letter was sent",
        past_only=True,
        required=False,
        help_text="The day the letter is sent completes the review: the next one is due within "
        "12 months of it. " + SENT_OUTSIDE_HINT,
    )
    evidence = optional_textarea(
        "Evidence the proposed amendments rest on",
        rows=5,
        help_text="Needed to amend the plan: the proposed amendments are sent with the decision, "
        "and the family has 15 days to comment.",
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        sent_on, decided_on = data.get("sent_on"), data.get("decided_on")
        if sent_on and decided_on and sent_on < decided_on:
            self.add_error("sent_on", SENT_BEFORE_DECISION)
        if decision == ReviewDecision.AMEND and not data.get("evidence", "").strip():
            self.add_error("evidence", "Enter the evidence the proposed amendments rest on")
        return data


# --- amending the plan -------------------------------------------------------------------------


class AmendmentIssueForm(VersionedForm):
    issued_on = GovUKDateField(
        label="Date the amended plan was issued",
        past_only=True,
    )
    family_responded_on = GovUKDateField(
        label="Date the family responded to the proposed amendments",
        error_name="the date the family responded",
        past_only=True,
        required=False,
        help_text="Leave it empty if they did not respond: the plan is then issued after their "
        "15 days have ended.",
    )


class AmendmentWithdrawForm(VersionedForm):
    notified_on = GovUKDateField(
        label="Date the family was told",
        past_only=True,
        help_text="Today, and the letter, with the family's right to appeal, is sent now; an "
        "earlier day if it already went outside this service then.",
    )
    reasons = textarea(
        "Reasons for not amending the plan", error="Enter the reasons for not amending the plan"
    )


# --- ceasing the plan --------------------------------------------------------------------------


class CessationStartForm(VersionedForm):
    reason = choice(
        "Why is ceasing the plan being considered?",
        CeaseReason.choices,
        error="Select why ceasing the plan is being considered",
        radios=True,
        help_text="A plan can be ceased only when the council is no longer responsible for the "
        "child or young person, or the plan is no longer necessary.",
    )
    family_informed_on = GovUKDateField(
        label="Date the family was told ceasing is being considered",
        error_name="the date the family was told",
        past_only=True,
        help_text="Today, and the letter telling them why and how to give their views is sent "
        "now; an earlier day if they were already told in writing then.",
    )
    setting_consulted_on = GovUKDateField(
        label="Date the school or college was consulted",
        past_only=True,
        required=False,
    )
    notes = optional_textarea("Notes", rows=4)


class CessationNotifyForm(VersionedForm):
    notified_on = GovUKDateField(
        label="Date the decision to cease was sent",
        error_name="the date the decision was sent",
        past_only=True,
        help_text="Today, and the letter, with the family's right to appeal, is sent now; an "
        "earlier day if it already went outside this service then. The plan stays in force "
        "until the appeal period, from the day it is sent, has ended. For example, 27 3 2027",
    )


class CessationCompleteForm(VersionedForm):
    ceased_on = GovUKDateField(
        label="Date the plan ceased",
        past_only=True,
        help_text="After the appeal period has ended, and any appeal has been decided.",
    )
