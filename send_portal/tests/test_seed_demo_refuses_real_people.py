"""`seed_demo` writes every demo login with the README's published password (a manager who sees
every case among them): it refuses any database that holds a real person's account (issue 17)."""

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from cases.models import Case
from cases.models import User
from cases.roles import Role
from cases.tests.factories import UserFactory
from send_portal.demo_guard import real_accounts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "email", ["jo.bloggs@kingsford.gov.uk", "it.support@council.org.uk", "someone@gmail.com"]
)
def test_seed_demo_refuses_a_database_with_a_real_account(email):
    UserFactory(role=Role.CASE_OFFICER, email=email)
    with pytest.raises(CommandError, match="refuses this database: it holds 1 account"):
        call_command("seed_demo")
    assert list(User.objects.values_list("email", flat=True)) == [email]
    assert not Case.objects.exists()


def test_the_refusal_names_no_one():
    UserFactory(role=Role.PARENT, email="rachel.okafor@gmail.com")
    with pytest.raises(CommandError) as refusal:
        call_command("seed_demo")
    assert "rachel" not in str(refusal.value).lower()


@pytest.mark.parametrize(
    "email",
    [
        "bench.officer1@council.example",  # the benchmarks' staff
        "person12@example.org",  # the test factories'
        "parent3@example.net",
        "someone@example.com",
        "officer@demo.example",
    ],
)
def test_addresses_reserved_for_examples_are_not_real_people(email):
    UserFactory(role=Role.CASE_OFFICER, email=email)
    assert real_accounts() == 0


def test_seed_demo_runs_again_on_its_own_database(capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # only demo accounts there: fine
    assert User.objects.filter(email="manager@demo.example").exists()
