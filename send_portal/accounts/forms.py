"""Forms of signing in securely, with the GOV.UK Design System's wording for errors."""

import re

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError

from cases.formfields import EmailAuthenticationForm

BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")


def _squash(value: str) -> str:
    """What people type around a code: spaces, hyphens."""
    return re.sub(r"[\s-]", "", value or "")


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for this service, for example 123456.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )

    def clean_code(self):
        code = _squash(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError("The code must be 6 numbers", code="format")
        return code


class BackupCodeForm(forms.Form):
    code = forms.CharField(
        label="Backup code",
        help_text="One of the 10 codes you saved when you set up your authenticator app, "
        "for example abcd 2345. Each code works once.",
        max_length=20,
        error_messages={"required": "Enter a backup code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def clean_code(self):
        code = _squash(self.cleaned_data["code"]).lower()
        if not BACKUP_CODE.fullmatch(code):
            raise ValidationError(
                "A backup code is 8 letters and numbers, like abcd 2345", code="format"
            )
        return code


class ConfirmPasswordForm(forms.Form):
    """Asks for the password again before a change that weakens sign-in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("The password is not right", code="password_incorrect")
        return password


def _new_password_fields(fields) -> None:
    """The new password and its confirmation, as GOV.UK words them."""
    fields["new_password1"].label = "New password"
    fields["new_password1"].help_text = ""
    fields["new_password1"].error_messages["required"] = "Enter a new password"
    fields["new_password2"].label = "Confirm new password"
    fields["new_password2"].help_text = ""
    fields["new_password2"].error_messages["required"] = "Confirm your new password"


class GovUKPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with GOV.UK labels and messages."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right",
        "password_mismatch": "The new passwords do not match",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        _new_password_fields(self.fields)


# --- signing in and resetting a password -------------------------------------------------------

EMAIL_REQUIRED = "Enter your email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class SignInForm(EmailAuthenticationForm):
    """Sign in with GOV.UK error messages: each empty field says what to enter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages.update(
            {"required": EMAIL_REQUIRED, "invalid": EMAIL_FORMAT}
        )
        self.fields["password"].error_messages["required"] = "Enter your password"


class GovUKPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update(
            {"required": EMAIL_REQUIRED, "invalid": EMAIL_FORMAT}
        )


class GovUKSetPasswordForm(SetPasswordForm):
    """A new password from an emailed link, with GOV.UK labels and messages."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "The new passwords do not match",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_fields(self.fields)
