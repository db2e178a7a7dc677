import pytest
from django.contrib.auth.models import Group

from cases.models import User
from cases.roles import ROLE_PERMISSIONS
from cases.roles import Role
from cases.services import user_create

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_with_its_model_permissions():
    for role in Role:
        group = Group.objects.get(name=role.label)
        held = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
        assert held == set(ROLE_PERMISSIONS[role]), role


def test_user_create_puts_the_person_in_their_role_group():
    user = user_create(
        email="Officer@Example.org", full_name="Sam Patel", role="case_officer", password="x" * 12
    )
    assert user.email == "officer@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["SEN case officer"]
    assert user.has_perm("cases.change_case")
    assert not user.has_perm("cases.allocate_case")
    assert user.is_council_staff and not user.is_portal_user


def test_user_create_refuses_an_unknown_role():
    with pytest.raises(ValueError):
        user_create(email="x@example.org", full_name="X", role="wizard")
    assert not User.objects.filter(email="x@example.org").exists()


def test_manager_can_allocate_and_see_all_cases():
    user = user_create(email="m@example.org", full_name="Jo", role=Role.SEN_MANAGER)
    assert user.has_perm("cases.allocate_case")
    assert user.has_perm("cases.view_all_cases")


def test_email_is_unique_whatever_its_case():
    user_create(email="a@example.org", full_name="A", role=Role.PARENT)
    with pytest.raises(Exception):  # noqa: B017 - the database constraint, whichever backend
        User.objects.create_user(email="A@EXAMPLE.ORG".upper(), full_name="B", role=Role.PARENT)
