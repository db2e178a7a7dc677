"""The building blocks of every form of the service, in the GOV.UK Design System's patterns:
the date and time inputs (`GovUKDateField`, `GovUKTimeField`, rendered by
includes/date_field.html), yes/no, text, choice and upload fields with GOV.UK error messages, and
the sign-in form. Each app's forms are built from these."""

import datetime
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an email address; the message never says which part was wrong."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been switched off. Contact your SEND team.",
    }


# --- GOV.UK date and time ----------------------------------------------------------------------


class GovUKDateWidget(forms.MultiWidget):
    """Three text boxes, day, month and year (named <name>_0, _1, _2)."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None, autocomplete_prefix: str | None = None):
        parts = ("day", "month", "year")
        widgets = [
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    **(
                        {"autocomplete": f"{autocomplete_prefix}-{p}"}
                        if autocomplete_prefix
                        else {}
                    ),
                }
            )
            for p in parts
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


class GovUKDateField(forms.MultiValueField):
    """A date typed as day, month and year, checked with the GOV.UK error messages.

    `error_name` is how messages name the date ("the date of the decision"); it defaults to the
    label, with "the" before a label that starts "Date the" ("Date the meeting was held" -> "the date
    the meeting was held"). `past_only` refuses dates after today ("... must be today or in the past").
    """

    widget = GovUKDateWidget

    def __init__(
        self,
        *,
        error_name: str | None = None,
        past_only: bool = False,
        autocomplete_prefix: str | None = None,
        **kwargs,
    ):
        self.error_name = error_name
        self.past_only = past_only
        kwargs.setdefault("widget", GovUKDateWidget(autocomplete_prefix=autocomplete_prefix))
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    @property
    def _name(self) -> str:
        if self.error_name:
            return self.error_name
        label = str(self.label or "")
        if label.startswith("Date the "):
            return f"the d{label[1:]}"
        return label or "the date"

    def clean(self, value):
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        parts += [""] * (3 - len(parts))
        day, month, year = parts[:3]
        name = self._name
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {name[:1].lower()}{name[1:]}", code="required")
            return None
        missing = [label for label, v in zip(("day", "month", "year"), parts, strict=True) if not v]
        if missing:
            raise ValidationError(
                f"{_sentence_start(name)} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not all(re.fullmatch(r"\d{1,4}", v) for v in parts):
            raise ValidationError(f"{_sentence_start(name)} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                f"{_sentence_start(name)} must be a real date", code="invalid"
            ) from None
        if self.past_only and value > timezone.localdate():
            raise ValidationError(
                f"{_sentence_start(name)} must be today or in the past", code="future"
            )
        return value

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list

    def has_changed(self, initial, data):
        return True


TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class GovUKTimeField(forms.Field):
    """A 24-hour time typed as HH:MM (the GOV.UK pattern is a text input, not <input type=time>)."""

    def __init__(self, *, error_name: str, **kwargs):
        self.error_name = error_name
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "maxlength": 5}),
        )
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {error_name}"

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        match = TIME_PATTERN.match(value)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
        raise ValidationError(
            f"{_sentence_start(self.error_name)} must be a real time, like 09:30 or 17:45",
            code="invalid",
        )


def yes_no_field(label: str, *, error: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": error},
    )


def text(label: str, *, required=True, error=None, max_length=150, **kwargs) -> forms.CharField:
    messages = {"required": error or f"Enter {label[:1].lower()}{label[1:]}"}
    messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages=messages,
        **kwargs,
    )


def textarea(label: str, *, error: str, rows: int = 5, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": error},
        **kwargs,
    )


def choice(label: str, choices, *, error: str, radios=False, blank=None, **kwargs):
    choices = list(choices)
    if blank is not None:
        choices = [("", blank), *choices]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": error, "invalid_choice": error},
        **kwargs,
    )


def upload_field(*, required: bool, label: str = "Upload a file") -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text="A PDF, a Word document (.doc or .docx), or a PNG or JPEG image, smaller than 10MB.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
