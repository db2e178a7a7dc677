"""Forms of the print queue and the letter templates."""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import textarea


class MarkPostedForm(forms.Form):
    deliveries = forms.TypedMultipleChoiceField(
        label="Letters posted",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the letters you have posted"},
    )
    posted_on = GovUKDateField(
        label="Date posted", error_name="the date the letters were posted", past_only=True
    )

    def __init__(self, *args, deliveries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliveries"].choices = [
            (d.pk, f"{d.name}: {d.notice.case.reference}") for d in deliveries
        ]


class LetterTemplateForm(forms.Form):
    body = textarea(
        "Wording of the letter",
        error="Enter the wording of the letter",
        rows=18,
        help_text="Plain text. A blank line starts a new paragraph; a line starting with "
        "\u201c- \u201d is a bullet point. Fields in curly brackets are filled in for each "
        "letter.",
    )
