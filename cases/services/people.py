"""Accounts: a person in one role (and that role's group, for the Django admin)."""

from django.db import transaction

from cases.models import User
from cases.role_groups import role_group
from cases.roles import Role


@transaction.atomic
def user_create(
    *, email: str, full_name: str, role: str, password: str | None = None, team=None
) -> User:
    """Create a person's account in one role, and put them in that role's group."""
    role = Role(role)
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, role=role, team=team
    )
    user.groups.add(role_group(role))
    return user
