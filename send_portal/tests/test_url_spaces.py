"""Staff and portal pages are separate URL spaces: nobody crosses from one to the other."""

import pytest
from django.urls import reverse

from cases.roles import PORTAL_ROLES
from cases.roles import STAFF_ROLES
from cases.roles import Role

pytestmark = pytest.mark.django_db


SPACES = [(role, "staff:home", "portal:home") for role in sorted(STAFF_ROLES)] + [
    (role, "portal:home", "staff:home") for role in sorted(PORTAL_ROLES)
]


@pytest.mark.parametrize(("role", "own", "other"), SPACES)
def test_each_person_reaches_their_own_home_and_never_the_other_space(
    client, make_user, role, own, other
):
    client.force_login(make_user(role))
    assert client.get(reverse(own)).status_code == 200
    response = client.get(reverse(other))
    assert response.status_code == 403
    assert "You cannot view this page" in response.content.decode()
    if role in PORTAL_ROLES:
        # An unknown staff URL is refused before it could say whether it exists.
        assert client.get("/staff/cases/SEN-000001/").status_code == 403


@pytest.mark.parametrize("url", ["/staff/", "/portal/"])
def test_strangers_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.CASE_OFFICER, "/staff/"),
        (Role.PARENT, "/portal/"),
        (Role.PROFESSIONAL, "/portal/advice/"),
    ],
)
def test_root_sends_each_person_to_their_own_home(client, make_user, role, home):
    client.force_login(make_user(role))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == home


def test_root_sends_strangers_to_sign_in(client):
    assert client.get("/")["Location"] == reverse("login")


def test_navigation_only_offers_links_of_the_users_own_space(client, make_user):
    client.force_login(make_user(Role.PARENT))
    page = client.get("/portal/").content.decode()
    assert 'href="/portal/"' in page
    assert 'href="/staff/' not in page


@pytest.mark.parametrize("url", ["/accessibility/", "/privacy/", "/cookies/", "/accounts/login/"])
def test_public_pages_are_open_to_everyone(client, url):
    assert client.get(url).status_code == 200


def test_not_found_page_uses_the_service_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_every_page_links_to_the_public_local_offer(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("local_offer:home")}"' in page
