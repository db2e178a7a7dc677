"""The adviser's two answers: written advice (headings suited to the kind, and/or a document),
or "tell us once" (an existing report can be reused). The services check everything again."""

from django import forms

from cases.formfields import GovUKDateField
from cases.formfields import text
from cases.formfields import upload_field
from cases.services.advice_portal import MAX_SECTION_CHARS
from cases.services.advice_portal import NOTHING_SENT
from cases.services.advice_portal import headings_for


class WrittenAdviceForm(forms.Form):
    """One text box per heading of this kind of advice; each optional, one needed (or a file)."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings_for(kind)
        for key, heading in self.headings:
            self.fields[key] = forms.CharField(
                label=heading,
                required=False,
                max_length=MAX_SECTION_CHARS,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={
                    "max_length": f"{heading} must be {MAX_SECTION_CHARS:,} characters or fewer"
                },
            )
        self.fields["upload"] = upload_field(
            required=False, label="Upload your advice or a report that goes with it"
        )

    def clean(self):
        data = super().clean()
        wrote = any((data.get(key) or "").strip() for key, _ in self.headings)
        if not wrote and not data.get("upload") and not self.errors:
            self.add_error(self.headings[0][0], NOTHING_SENT)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "sections": {key: data.get(key) or "" for key, _ in self.headings},
            "upload": data.get("upload"),
        }


class ReuseAdviceForm(forms.Form):
    title = text(
        "Title of your existing report",
        max_length=200,
        error="Enter the title of your existing report",
        help_text="For example, Educational psychology assessment report",
    )
    report_dated = GovUKDateField(
        label="Date of the report", error_name="the date of the report", past_only=True
    )
    upload = upload_field(required=False, label="Upload the report")
    author_agrees = forms.BooleanField(
        label="I agree that this report is used as my advice for this assessment",
        error_messages={
            "required": "Confirm that you agree your existing report is used as your advice"
        },
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
