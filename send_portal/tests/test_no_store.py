"""`Cache-Control: no-store` on every response to a signed-in person (issue 17): on a shared
council PC a case or plan page must not outlive sign-out in the browser's cache.

Every address of the project as every signed-in person is checked in the access matrix's walk
(tests/test_url_matrix.py, which makes those requests anyway); here, the answers that walk does
not make, and what is left to the defaults."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_for_a_signed_in_person_is_no_store_too(client, make_user):
    client.force_login(make_user("case_officer"))
    response = client.get("/staff/cases/NO-SUCH-CASE/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_signing_in_answers_no_store(client, make_user):
    user = make_user("parent")
    response = client.post(
        reverse("login"), {"username": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_a_stranger_are_left_to_the_defaults(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_chose_no_store_keeps_its_own_header(client, make_user, rf):
    from django.http import HttpResponse

    from send_portal.middleware import SignedInNoStoreMiddleware

    request = rf.get("/")
    request.user = make_user("case_officer")

    def view(request):
        response = HttpResponse("zip")
        response["Cache-Control"] = "private, no-store"
        return response

    assert SignedInNoStoreMiddleware(view)(request)["Cache-Control"] == "private, no-store"
