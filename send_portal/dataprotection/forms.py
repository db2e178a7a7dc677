"""Forms of the data protection screens: look-ups, the audit filter, choosing whose records to
export, and confirming an erasure."""

from django import forms

from .selectors import SYSTEM_ACTOR


def lookup_field(label: str, *, hint: str, required: str, max_length: int = 254):
    """A search box for a reference, a name or an email: no autocomplete, no spelling fixes."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=hint,
        error_messages={"required": required},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class CaseLookupForm(forms.Form):
    reference = lookup_field(
        "Case reference",
        hint="For example, SEN-000123",
        required="Enter a case reference",
        max_length=30,
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].replace("\u2011", "-").strip().upper()


class PersonLookupForm(forms.Form):
    person = lookup_field(
        "Email address or name",
        hint="Part of an email address or name is enough",
        required="Enter an email address or a name",
    )


class ActorFilterForm(forms.Form):
    actor = forms.ChoiceField(label="Who", required=False)

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [
            ("", "Everyone"),
            (SYSTEM_ACTOR, "System (nightly jobs)"),
            *[(str(u.pk), f"{u.full_name} ({u.email})") for u in actors],
        ]

    def chosen_actor(self) -> str:
        return self.cleaned_data.get("actor", "") if self.is_valid() else ""


class SubjectLookupForm(forms.Form):
    q = lookup_field(
        "Case reference, or a parent or carer's email address",
        hint="The case reference finds the child and their family; an email address finds "
        "a parent or carer on any child's record",
        required="Enter a case reference or an email address",
    )

    def clean_q(self):
        return self.cleaned_data["q"].replace("\u2011", "-").strip()

    @property
    def is_email(self) -> bool:
        return "@" in self.cleaned_data.get("q", "")


class SubjectChoiceForm(forms.Form):
    """Whose records: one of the people the look-up found (the choices come from the server)."""

    q = forms.CharField(widget=forms.HiddenInput)
    subject = forms.ChoiceField(
        label="Whose information is the request for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose information the request is for"},
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {s.key: s for s in subjects}
        self.fields["subject"].choices = [(s.key, s.label) for s in subjects]

    def chosen(self):
        return self.subjects[self.cleaned_data["subject"]]


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the council's retention schedule and there is no legal hold "
        "(complaint, appeal, litigation, safeguarding)",
        error_messages={
            "required": "Confirm that you have checked the retention schedule and that there is "
            "no legal hold"
        },
    )
    reason = forms.CharField(
        label="Why is the record being erased?",
        max_length=500,
        help_text="This goes in the audit trail. Do not include the child's name or any other "
        "personal information.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the record is being erased"},
    )
