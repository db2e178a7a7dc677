"""Forms of the data protection screens: look-ups, the audit filter, choosing whose records to
export, and confirming an erasure."""

from django import forms

from .selectors import SYSTEM_ACTOR


class CaseLookupForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        max_length=30,
        help_text="For example, SEN-000123",
        error_messages={"required": "Enter a case reference"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].replace("\u2011", "-").strip().upper()


class PersonLookupForm(forms.Form):
    person = forms.CharField(
        label="Email address or name",
        max_length=254,
        help_text="Part of an email address or name is enough",
        error_messages={"required": "Enter an email address or a name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
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
    q = forms.CharField(
        label="Case reference, or a parent or carer's email address",
        max_length=254,
        help_text="The case reference finds the child and their family; an email address finds "
        "a parent or carer on any child's record",
        error_messages={"required": "Enter a case reference or an email address"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
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
