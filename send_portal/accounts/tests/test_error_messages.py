"""Signing in and resetting a password answer in GOV.UK's words (WCAG 2.4.4, 3.3.1): each
empty field says what to enter, linked from the error summary to the field."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cases.roles import Role

pytestmark = pytest.mark.django_db


def summary_links(page: str) -> list[str]:
    start = page.index('class="govuk-error-summary')
    end = page.index("</ul>", start)
    return [
        line.strip() for line in page[start:end].splitlines() if line.strip().startswith("<a href=")
    ]


def test_an_empty_sign_in_form_asks_for_the_email_address_and_the_password(client):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "<title>Error: Sign in" in page
    assert summary_links(page) == [
        '<a href="#id_username">Enter your email address</a>',
        '<a href="#id_password">Enter your password</a>',
    ]
    assert "This field is required" not in page


def test_an_email_address_in_the_wrong_format_gets_an_example(client):
    page = client.post(
        reverse("login"), {"username": "jo.example.org", "password": "x"}
    ).content.decode()
    assert summary_links(page) == [
        '<a href="#id_username">Enter an email address in the correct format, like '
        "name@example.com</a>"
    ]


def test_an_empty_password_reset_form_asks_for_the_email_address(client):
    page = client.post(reverse("password_reset"), {"email": ""}).content.decode()
    assert summary_links(page) == ['<a href="#id_email">Enter your email address</a>']


def test_choosing_a_new_password_from_a_link_asks_for_each_box(client, make_user):
    user = make_user(Role.PARENT)
    url = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url)["Location"]  # Django moves the token into the session
    page = client.get(form_url).content.decode()
    assert "<label" in page and "Confirm new password" in page
    page = client.post(form_url, {"new_password1": "", "new_password2": ""}).content.decode()
    assert summary_links(page) == [
        '<a href="#id_new_password1">Enter a new password</a>',
        '<a href="#id_new_password2">Confirm your new password</a>',
    ]
    page = client.post(
        form_url,
        {"new_password1": "a-long-passphrase-2026", "new_password2": "another-passphrase-2026"},
    ).content.decode()
    assert '<a href="#id_new_password2">The new passwords do not match</a>' in summary_links(page)
