"""The forms of transfers: the legacy file upload, the dry run's confirmation, the progress
view's filter, and one form per step of a transfer review (GOV.UK patterns, `cases.formfields`)."""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import choice
from cases.formfields import text
from cases.formfields import textarea

from .legacy import FORMATS
from .models import Cohort
from .models import TransferState

ACCEPT = ",".join(FORMATS)


class UploadForm(forms.Form):
    upload = forms.FileField(
        label="Upload a file of legacy records",
        help_text="A CSV or XLSX (Excel) file, smaller than 10MB, with the columns record_type, "
        "legacy_reference, upn, first_name, last_name, date_of_birth, postcode, issued_on, "
        "last_reviewed_on, setting_urn, primary_need and officer_email.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class ConfirmForm(forms.Form):
    """The dry run's "Import these records": nothing to fill in."""


class ProgressFilterForm(forms.Form):
    cohort = choice(
        "Cohort", Cohort.choices, error="Select a cohort", blank="All cohorts", required=False
    )
    state = choice(
        "Step", TransferState.choices, error="Select a step", blank="Every step", required=False
    )


class _StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NotifyForm(_StepForm):
    notified_on = GovUKDateField(
        label="Date the family was told", error_name="the date the family was told", past_only=True
    )
    starts_on = GovUKDateField(
        label="Date the review starts",
        error_name="the date the review starts",
        help_text="At least 2 weeks after the family is told.",
    )
    meeting_offered = text(
        "Meeting offered with an SEN officer",
        max_length=200,
        error="Enter the meeting offered to the family",
        help_text="For example, Tuesday 3 March at 10am at the family centre, or by video.",
    )


class StartedForm(_StepForm):
    started_on = GovUKDateField(
        label="Date the assessment started",
        error_name="the date the assessment started",
        past_only=True,
    )


class IssuedForm(_StepForm):
    issued_on = GovUKDateField(label="Date issued", error_name="the date issued", past_only=True)


class NoPlanForm(_StepForm):
    decided_on = GovUKDateField(
        label="Date the family was told", error_name="the date the family was told", past_only=True
    )
    reason = textarea("Why is no EHC plan needed?", error="Enter why no EHC plan is needed")
