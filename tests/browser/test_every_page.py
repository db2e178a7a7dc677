"""Every page of the project in Chromium, as someone the access matrix lets in: the page carries
its Content-Security-Policy (scripts by nonce, no inline script or style allowed), nothing on it
is blocked by that policy, nothing fails in the console, and axe-core finds no WCAG 2.2 AA
violation. Each home page is opened as every role that has it, since the header differs.

The pages come from tests/access_matrix.py, so a page added there is opened here too.
"""

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.tests.viewkit import noon
from tests.access_matrix import MATRIX, OK, WHO, build_world, expected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not HTML pages: health checks and file downloads (their headers are tested in their apps).
NOT_PAGES = {
    "healthz",
    "readyz",
    "cases:document_download",
    "ehcp:version_pdf",
    "notices:post_queue_print",
}
# The Open Referral UK feed (JSON) and the local offer's CSV export.
NOT_PAGES |= {name for name in MATRIX if name.startswith("oruk:")}
NOT_PAGES |= {"local_offer_moderation:export"}
HOMES = {"staff:home", "portal:home"}


def visits() -> list[tuple[str, str]]:
    """(URL name, who) for every page: the first person in WHO's order whom it lets in."""
    out = []
    for name, row in sorted(MATRIX.items()):
        if name in NOT_PAGES or row.post_only:
            continue
        allowed = [who for who in WHO if expected(row, who) == OK]
        if not allowed:
            continue
        out += [(name, who) for who in (allowed if name in HOMES else allowed[:1])]
    return out


def test_every_page_meets_its_policy_and_wcag_in_chromium(
    make_context, live_server, axe_check, console
):
    with time_machine.travel(noon("2026-04-01"), tick=False):
        users, targets = build_world()

    contexts = {}

    def page_as(who):
        if who not in contexts:
            context = make_context()
            if who != "stranger":
                client = Client()
                client.force_login(users[who])
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": cookie,
                            "url": live_server.url,
                        }
                    ]
                )
            contexts[who] = context.new_page()
        return contexts[who]

    pages = visits()
    assert len(pages) > 60
    with time_machine.travel(noon("2027-04-01"), tick=True):
        for name, who in pages:
            row = MATRIX[name]
            address = reverse(name, kwargs={**targets[row.target], **row.kwargs})
            page = page_as(who)
            response = page.goto(live_server.url + address)
            assert response.status == 200, (name, who, response.status)
            policy = response.headers.get("content-security-policy", "")
            script_src = next(
                (d for d in policy.split(";") if d.strip().startswith("script-src")), ""
            )
            assert "'nonce-" in script_src and "'unsafe-inline'" not in script_src, (name, policy)
            assert "style-src 'self'" in policy and "'unsafe-inline'" not in policy, (name, policy)
            # GOV.UK Frontend's script ran under the policy (it marks the body).
            assert page.evaluate(
                "() => document.body.classList.contains('govuk-frontend-supported')"
            ), name
            try:
                axe_check(page)
                console.assert_clean()
            except BaseException as exc:
                raise AssertionError(f"{name} as {who} ({address}): {exc}") from exc
