"""The Django admin as support tooling (send_portal.support, cases/admin.py, decision 0012).

Its sign-in is the service's own (the per-address limit and lockout included); it lets in
support accounts only, never a role of the service; the casework models are read-only there,
listed without personal data and within the account's team, and opening one is logged; every
write it makes is in the audit trail with old and new values."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from cases.models import AuditEntry
from cases.models import Case
from cases.models import Child
from cases.models import FamilyMember
from cases.models import RecordAccess
from cases.models import User
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from send_portal.accounts.tests.conftest import PASSWORD
from send_portal.accounts.tests.conftest import add_authenticator
from send_portal.accounts.tests.conftest import code_for
from send_portal.support.services import support_account_save

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = reverse("admin:login")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """The admin's sign-in shares the service's rate limits: no counts from another test, and
    the clock stands still, so a test's hits never straddle two of the limiter's fixed windows
    (a slow run crossing a 5-minute boundary would start counting afresh)."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


def support_account(email="it.support@council.example", **extra) -> User:
    return User.objects.create_user(
        email,
        PASSWORD,
        full_name="IT service desk",
        role="",
        is_staff=True,
        is_superuser=True,
        **extra,
    )


@pytest.fixture
def support():
    return support_account()


def admin_sign_in(client, email, password=PASSWORD, **extra):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password}, **extra)


# --- signing in ----------------------------------------------------------------------------------


def test_the_admin_sign_in_is_the_services_own_page(client):
    page = client.get(ADMIN_LOGIN)
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "registration/login.html"
    assert page.context["next"] == reverse("admin:index")
    assert "Cache-Control" in page and "no-store" in page["Cache-Control"]


def test_failed_admin_sign_ins_count_against_the_address_like_any_other(client, settings):
    """Issue 17: after /accounts/login/ answered 429, 35 more failures through the admin got 200."""
    settings.SEND_SIGN_IN_FAILURES_PER_IP = 30
    for i in range(30):
        assert admin_sign_in(client, f"guess{i}@example.org", "password1").status_code == 200
    assert admin_sign_in(client, "guess@example.org", "password1").status_code == 429
    support_account("someone@council.example")
    assert admin_sign_in(client, "someone@council.example").status_code == 429


def test_the_admin_refuses_an_address_the_service_sign_in_has_limited(client, settings):
    settings.SEND_SIGN_IN_FAILURES_PER_IP = 3
    for i in range(3):
        client.post(reverse("login"), {"username": f"g{i}@example.org", "password": "x"})
    assert (
        client.post(reverse("login"), {"username": "g@example.org", "password": "x"}).status_code
        == 429
    )
    for _ in range(35):
        assert admin_sign_in(client, "g@example.org", "x").status_code == 429
    assert admin_sign_in(client, "g@example.org", "x", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_wrong_admin_passwords_lock_the_account(client, support, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_sign_in(client, support.email, "wrong-password")
    assert admin_sign_in(client, support.email).status_code == 429  # the right one, locked


def test_a_support_account_signs_in_and_reaches_the_admin(client, support):
    response = admin_sign_in(client, support.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_support_accounts_give_a_code_first_where_the_council_requires_one(
    client, support, settings
):
    settings.SEND_STAFF_TWO_FACTOR = True
    device = add_authenticator(support)
    response = admin_sign_in(client, support.email)
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("admin:index")).status_code == 302  # not yet
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": code_for(device), "next": reverse("admin:index")},
    )
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_the_admin_is_closed_to_every_role_even_with_staff_status(client, role):
    user = UserFactory(role=role)
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(user)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)
    assert client.get(ADMIN_LOGIN).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_account_with_a_role_cannot_be_given_staff_status_in_the_admin(client, support):
    officer = UserFactory(role=Role.CASE_OFFICER)
    client.force_login(support)
    url = reverse("admin:cases_user_change", args=[officer.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        role=Role.CASE_OFFICER,
        team=officer.team_id,
        groups=[g.pk for g in officer.groups.all()],
        is_active="on",
        is_staff="on",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "cannot have staff or superuser status" in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_staff is False


def test_support_accounts_are_separate_from_casework_accounts():
    officer = UserFactory(role=Role.CASE_OFFICER, email="jo@council.example")
    with pytest.raises(ValidationError, match="has a role in the service"):
        support_account_save(email="Jo@Council.example", full_name="Jo", password=PASSWORD + "!")
    officer.refresh_from_db()
    assert not officer.is_staff
    made = support_account_save(
        email="desk@council.example", full_name="IT desk", password=PASSWORD + "!"
    )
    assert (made.role, made.is_staff, made.is_superuser) == ("", True, True)
    assert AuditEntry.objects.filter(action="account.support_account_saved").count() == 1


def test_a_support_account_reaches_no_casework_page(client, support):
    client.force_login(support)
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/cases/").status_code == 403
    assert client.get("/portal/").status_code == 403


# --- the casework: read-only, reduced, scoped, logged -----------------------------------------


@pytest.fixture
def casework():
    north, east = TeamFactory(name="North"), TeamFactory(name="East")
    child = ChildFactory(first_name="Maya", last_name="Okafor", upn="A123456789012")
    member = FamilyMemberFactory(child=child, full_name="Rachel Okafor")
    north_case = CaseFactory(team=north, child=child)
    east_case = CaseFactory(team=east, child=ChildFactory(first_name="Liam", last_name="Walsh"))
    return {
        "north": north,
        "east": east,
        "child": child,
        "member": member,
        "north_case": north_case,
        "east_case": east_case,
    }


@pytest.mark.parametrize(
    ("model", "key"),
    [("case", "north_case"), ("child", "child"), ("familymember", "member")],
)
def test_casework_models_are_read_only_in_the_admin(client, support, casework, model, key):
    obj = casework[key]
    client.force_login(support)
    assert client.get(reverse(f"admin:cases_{model}_add")).status_code == 403
    change = reverse(f"admin:cases_{model}_change", args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change, {"last_name": "Changed", "full_name": "Changed"}).status_code == 403
    assert (
        client.post(
            reverse(f"admin:cases_{model}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    changelist = reverse(f"admin:cases_{model}_changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert str(type(obj).objects.get(pk=obj.pk)) == str(obj)


def test_casework_lists_show_no_names(client, support, casework):
    client.force_login(support)
    for model in ("case", "child", "familymember"):
        page = client.get(reverse(f"admin:cases_{model}_changelist")).content.decode()
        for name in ("Maya", "Okafor", "Liam", "Walsh", "A123456789012"):
            assert name not in page, (model, name)
    cases = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert casework["north_case"].reference in cases and casework["east_case"].reference in cases


def test_an_account_of_one_team_lists_only_that_teams_records(client, casework):
    """Issue 17: a staff user of one team listed every case of the council in the admin."""
    desk = support_account("north.desk@council.example", team=casework["north"])
    client.force_login(desk)
    changelist = client.get(reverse("admin:cases_case_changelist"))
    assert list(changelist.context["cl"].result_list) == [casework["north_case"]]
    assert (
        client.get(reverse("admin:cases_case_change", args=[casework["east_case"].pk])).status_code
        == 302
    )  # the admin's answer for "no such object": back to the index
    children = client.get(reverse("admin:cases_child_changelist")).context["cl"].result_list
    assert list(children) == [casework["child"]]


def test_opening_a_childs_record_in_the_admin_is_logged(client, support, casework):
    client.force_login(support)
    client.get(reverse("admin:cases_child_change", args=[casework["child"].pk]))
    client.get(reverse("admin:cases_case_change", args=[casework["east_case"].pk]))
    assert sorted(RecordAccess.objects.values_list("user", "case", "what")) == sorted(
        [
            (
                support.pk,
                casework["north_case"].pk,
                "viewed the child's details in the Django admin",
            ),
            (support.pk, casework["east_case"].pk, "viewed the case in the Django admin"),
        ]
    )
    client.get(reverse("admin:cases_case_changelist"))  # a list without personal data: no read
    assert RecordAccess.objects.count() == 2


# --- every write is audited -----------------------------------------------------------------------


def test_an_admin_change_to_a_person_is_audited_with_old_and_new_values(client, support):
    parent = UserFactory(role=Role.PARENT, full_name="Rachel Okafor", email="rachel@example.net")
    client.force_login(support)
    url = reverse("admin:cases_user_change", args=[parent.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v not in (None, False) and k != "password"}
    data.update(
        full_name="Rachel Adeyemi", groups=[g.pk for g in parent.groups.all()], is_active="on"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.actor == support
    assert entry.object_id == parent.pk
    assert entry.changes == {"full_name": ["Rachel Okafor", "Rachel Adeyemi"]}
    assert "in the Django admin" in entry.text


def test_an_admin_password_change_is_audited_without_the_password(client, support):
    parent = UserFactory(role=Role.PARENT)
    client.force_login(support)
    new = "another-long-passphrase-2026"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[parent.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.changed", object_id=parent.pk)
    assert new not in str(entry.changes) and new not in entry.text
    assert entry.changes == {"password": ["[not recorded]", "[not recorded]"]}


def test_deleting_a_lost_device_in_the_admin_is_audited(client, support):
    """The support task the README names: a person who lost their phone and backup codes."""
    officer = UserFactory(role=Role.CASE_OFFICER)
    device = add_authenticator(officer)
    StaticDevice.objects.create(user=officer, name="Backup codes", confirmed=True)
    client.force_login(support)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.get(action="admin.deleted")
    assert entry.actor == support and entry.object_id == device.pk
    changelist = reverse("admin:otp_static_staticdevice_changelist")
    client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [officer.staticdevice_set.get().pk],
            "post": "yes",
        },
    )
    assert AuditEntry.objects.filter(action="admin.deleted").count() == 2


def test_every_model_admin_on_the_site_is_audited():
    from django.contrib import admin

    from send_portal.support.site import AuditedAdminMixin

    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model


def test_reference_data_changes_are_audited(client, support):
    client.force_login(support)
    response = client.post(reverse("admin:cases_team_add"), {"name": "West locality"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.added")
    assert entry.changes == {"name": [None, "West locality"]}


def test_objects_of_a_case_are_audited_on_that_case(casework):
    from django.test import RequestFactory

    from send_portal.support.site import _audit

    request = RequestFactory().post("/admin/")
    request.user = support_account()
    _audit(request, casework["north_case"], "admin.changed")
    assert AuditEntry.objects.get().case == casework["north_case"]
    assert Case.objects.count() == 2 and Child.objects.count() == 2
    assert FamilyMember.objects.count() == 1
