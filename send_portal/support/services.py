"""Support accounts: the only accounts the Django admin lets in (see site.py)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from cases.audit import audit_record
from cases.models import User


@transaction.atomic
def support_account_save(*, email: str, full_name: str, password: str) -> User:
    """Make (or renew the password of) a support account: staff and superuser status in the
    admin, and no role in the service, so none of its pages. An account that has a role is a
    person's casework or portal account and is refused: support is a separate account."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and user.role:
        raise ValidationError(
            f"{email} has a role in the service ({user.get_role_display()}). A support account "
            "is a separate account, with no role: use another email address."
        )
    validate_password(password, user)
    made = user is None
    if made:
        user = User.objects.create_user(
            email, password, full_name=full_name, role="", is_staff=True, is_superuser=True
        )
    else:
        user.full_name = full_name or user.full_name
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save(update_fields=["full_name", "is_staff", "is_superuser", "is_active", "password"])
    audit_record(
        actor=None,
        action="account.support_account_saved",
        payload={"made": "Made" if made else "Renewed", "email": email},
        obj=user,
    )
    return user
