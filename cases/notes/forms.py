"""The forms of case notes and contacts, and the search of the log."""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import GovUKTimeField
from cases.formfields import choice
from cases.formfields import text
from cases.formfields import textarea
from cases.models import ContactMethod
from cases.models import NoteKind


class _Entry(forms.Form):
    happened_on = GovUKDateField(label="Date", error_name="the date", past_only=True)
    happened_at = GovUKTimeField(
        label="Time",
        error_name="the time",
        required=False,
        help_text="24-hour clock, like 09:30 or 14:15",
    )


class NoteForm(_Entry):
    text = textarea("Note", error="Enter the note", rows=6)


class ContactForm(_Entry):
    method = choice(
        "How was the contact made?",
        ContactMethod.choices,
        error="Select how the contact was made",
        radios=True,
    )
    with_whom = text(
        "Who was it with?",
        max_length=200,
        error="Enter who the contact was with",
        help_text="Their name and role, for example Rachel Okafor (mother).",
    )
    text = textarea("What was said", error="Enter what was said", rows=6)


def entry_form(kind: str, data=None, *, initial=None) -> forms.Form:
    form_class = ContactForm if kind == NoteKind.CONTACT else NoteForm
    return form_class(data, initial=initial)


class NoteSearchForm(forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Notes and contacts"), *NoteKind.choices]
    )
    method = forms.ChoiceField(
        label="How", required=False, choices=[("", "Any way"), *ContactMethod.choices]
    )
    date_from = GovUKDateField(label="From", error_name="the first date", required=False)
    date_to = GovUKDateField(label="To", error_name="the last date", required=False)

    def filters(self) -> dict:
        """The valid filters; an invalid one is shown as an error and left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
