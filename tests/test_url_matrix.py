"""Every URL of the project, as every role and as a stranger: who is let in, who is refused.

Checked both ways: every named URL pattern of the project must appear in the matrix
(tests/access_matrix.py), so a new page cannot ship without saying who may open it; and every
address is requested as each person, with GET and, for those who are refused, with POST too
(a refused write is refused, and no read of a child's record is logged for them; for those let
in, every page that shows a child's record logs the read).

The same walk checks that every answer to a signed-in person, whatever it is (the page, a
refusal, a redirect, a 404 or a download), says `Cache-Control: no-store` (issue 17: on a shared
council PC a case or plan page must not outlive sign-out in the browser's cache); the smaller
cases of that rule are in send_portal/tests/test_no_store.py.
"""

import pytest
import time_machine
from django.urls import reverse

from cases.models import AdviceRequest
from cases.models import Case
from cases.models import RecordAccess
from cases.roles import Role
from cases.tests.factories import UserFactory
from cases.tests.viewkit import noon
from tests.access_matrix import ADVICE_PORTAL_ROWS
from tests.access_matrix import MATRIX
from tests.access_matrix import OK
from tests.access_matrix import REFUSED
from tests.access_matrix import ROLE_OF
from tests.access_matrix import SIGN_IN
from tests.access_matrix import WHO
from tests.access_matrix import admin_kwargs
from tests.access_matrix import admin_url_names
from tests.access_matrix import build_world
from tests.access_matrix import every_address_as_everyone
from tests.access_matrix import every_address_as_the_first_let_in
from tests.access_matrix import expected
from tests.access_matrix import outcome
from tests.access_matrix import project_url_names

pytestmark = pytest.mark.django_db


def test_every_url_of_the_project_is_in_the_matrix():
    names = project_url_names()
    assert sorted(names - MATRIX.keys()) == [], "pages missing from the matrix"
    assert sorted(MATRIX.keys() - names) == [], "matrix rows for pages that no longer exist"


def test_every_url_as_every_role_and_as_a_stranger(client):
    mismatches = []
    for name, row, address, who in every_address_as_everyone(client):
        reads_before = RecordAccess.objects.count()
        response = (client.post if row.post_only else client.get)(address)
        got = outcome(response)
        want = expected(row, who)
        if got != want:
            mismatches.append(f"{name:38} {who:14} want {want:8} got {got}")
        if who != "stranger" and "no-store" not in response.get("Cache-Control", ""):
            mismatches.append(f"{name:38} {who:14} {response.status_code} is not no-store")
        if want in (REFUSED, SIGN_IN) and not row.post_only:
            # A refused person's POST is refused too, and nobody's read is logged.
            posted = outcome(client.post(address, {"version": 1}))
            if posted != want:
                mismatches.append(f"{name:38} {who:14} POST want {want} got {posted}")
        if want in (REFUSED, SIGN_IN) and RecordAccess.objects.count() != reads_before:
            mismatches.append(f"{name:38} {who:14} a refused read was logged")
        if got == OK and who in row.readers() and RecordAccess.objects.count() == reads_before:
            mismatches.append(f"{name:38} {who:14} the read was not logged")
    assert mismatches == [], "\n" + "\n".join(mismatches)


def test_a_form_sent_empty_by_someone_let_in_gets_a_page_not_an_error(client):
    """Bad input gets a clear answer: every address, POSTed with no fields at all by the first
    person let in (as a probe or a broken client would), answers with a page, a redirect or a
    refusal, never a server error."""
    errors = []
    for name, _row, address, _kwargs, who in every_address_as_the_first_let_in(client):
        if who == "stranger":
            continue
        try:
            status = client.post(address).status_code
        except Exception as exc:  # the test client re-raises what the view raised
            status = type(exc).__name__
        if not isinstance(status, int) or status >= 500:
            errors.append(f"{name:38} {who:14} {status}")
    assert errors == [], "\n" + "\n".join(errors)


@pytest.mark.parametrize("who", sorted(ROLE_OF))
@pytest.mark.django_db
def test_the_navigation_offers_only_pages_the_matrix_opens(who):
    """A role never sees a header link it cannot follow, and sees every home it has."""
    from send_portal.navigation import NAVIGATION
    from send_portal.navigation import shown_to

    user = UserFactory(role=ROLE_OF[who])
    for _label, url_name, needs in NAVIGATION:
        if shown_to(user, needs):
            assert expected(MATRIX[url_name], who) == OK, url_name


def test_the_admin_is_closed_to_every_role(client):
    """The Django admin is support tooling for superusers: no role reaches any of its pages."""
    names = admin_url_names()
    assert "admin:index" in names
    users = {role: UserFactory(role=role) for role in Role}
    for name in sorted(names):
        pattern_kwargs = admin_kwargs(name)
        if pattern_kwargs is None:
            continue
        address = reverse(name, kwargs=pattern_kwargs)
        if name in ("admin:login", "admin:logout", "admin:jsi18n", "admin:view_on_site"):
            continue
        for user in [None, *users.values()]:
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(address)
            assert response.status_code == 302, (name, user and user.role)
            assert response["Location"].startswith(reverse("admin:login")), (name, user)


def _world_at_noon():
    with time_machine.travel(noon("2026-04-01"), tick=False):
        return build_world()


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


def test_no_advice_portal_address_leaks_to_anyone_but_its_professional(client):
    """Refused, every other person learns nothing of the request: no child's name, no date, no
    document; the other professional's own list shows their own request only."""
    users, targets = _world_at_noon()
    awaited = AdviceRequest.objects.select_related("request__case__child").get(
        **{"pk": targets["awaited advice"]["advice_id"]}
    )
    sent = AdviceRequest.objects.select_related("document").get(
        pk=targets["sent advice document"]["advice_id"]
    )
    child = awaited.request.case.child
    secrets = [
        child.full_name,
        child.last_name,
        awaited.due_on.strftime("%-d %B %Y"),
        sent.received_on.strftime("%-d %B %Y"),
        sent.document.original_name,
        sent.submission.attachment.original_name,
        "Epilepsy, well controlled.",
    ]
    with time_machine.travel(noon("2027-04-01"), tick=False):
        for name in ADVICE_PORTAL_ROWS:
            row = MATRIX[name]
            address = reverse(name, kwargs={**targets[row.target], **row.kwargs})
            for who in WHO:
                if who == "professional":
                    continue
                client.logout()
                if who != "stranger":
                    client.force_login(users[who])
                for method in (client.get, client.post):
                    body = _body(method(address))
                    leaked = [s for s in secrets if s in body]
                    assert leaked == [], (name, who, leaked)
        client.force_login(users["other professional"])
        page = client.get(reverse("advice_portal:list")).content.decode()
        assert "Zeb " in page and "Social care advice" in page
        client.force_login(users["professional"])
        page = client.get(reverse("advice_portal:list")).content.decode()
        assert child.full_name in page and "Zeb " not in page


def test_the_other_family_never_sees_the_first_familys_children_on_portal_pages(client):
    """parent2 (the other parent) opens every /portal/ page they may: their own child is there,
    none of the children of the cases the first family is linked to."""
    users, targets = _world_at_noon()
    theirs = users["other parent"]
    first_family = [
        c.child.full_name
        for c in Case.objects.select_related("child")
        if users["parent"].has_perm("cases.view_case", c)
        and not theirs.has_perm("cases.view_case", c)
    ]
    assert first_family
    opened = 0
    with time_machine.travel(noon("2027-04-01"), tick=False):
        client.force_login(theirs)
        for name, row in sorted(MATRIX.items()):
            address = reverse(name, kwargs={**targets[row.target], **row.kwargs})
            if not address.startswith("/portal/") or row.post_only:
                continue
            response = client.get(address)
            if response.status_code != 200:
                continue
            opened += 1
            body = _body(response)
            assert [n for n in first_family if n in body] == [], name
        home = client.get(reverse("portal:home")).content.decode()
    assert opened >= 1
    assert "Zeb " in home
