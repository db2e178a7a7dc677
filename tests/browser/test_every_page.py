"""Every page of the project in Chromium, as someone the access matrix lets in: the page carries
its Content-Security-Policy (scripts by nonce, no inline script or style allowed), nothing on it
is blocked by that policy, nothing fails in the console, and axe-core finds no WCAG 2.2 AA
violation. Each home page is opened as every role that has it, since the header differs.

Every page also reflows (WCAG 1.4.10): at 320 CSS pixels wide (a 1280 px window at 400% zoom)
nothing makes the page itself scroll sideways. A table that cannot reflow scrolls inside its own
labelled, focusable container instead (`includes/table.html`, class `app-table-container`).

The pages come from tests/access_matrix.py, so a page added there is opened here too.
"""

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.tests.viewkit import noon
from tests.access_matrix import MATRIX
from tests.access_matrix import OK
from tests.access_matrix import WHO
from tests.access_matrix import build_world
from tests.access_matrix import expected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not HTML pages: health checks and file downloads (their headers are tested in their apps).
NOT_PAGES = {
    "healthz",
    "readyz",
    "cases:document_download",
    "ehcp:version_pdf",
    "notices:post_queue_print",
    "advice_portal:document",
    "portal:document_download",
    "portal:plan_download",
}
# The Open Referral UK feed (JSON) and the local offer's CSV export.
NOT_PAGES |= {name for name in MATRIX if name.startswith("oruk:")}
NOT_PAGES |= {"local_offer_moderation:export", "dashboard:needs_csv", "transfers:progress_export"}
HOMES = {"staff:home", "portal:home"}
# Pages opened a second time, about an object in another state: (URL name, who, target).
MORE_STATES = [("advice_portal:detail", "professional", "sent advice")]

# WCAG 1.4.10: content reflows at a width equivalent to 320 CSS pixels.
REFLOW_WIDTH = 320


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


@pytest.fixture
def every_page(make_context, live_server):
    """Yields (URL name, who, address, response, page) for every page of `visits()`, each
    opened as that person in a context made with `context_options`."""

    def open_all(**context_options):
        with time_machine.travel(noon("2026-04-01"), tick=False):
            users, targets = build_world()
        contexts = {}

        def page_as(who):
            if who not in contexts:
                context = make_context(**context_options)
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

        pages = [(name, who, MATRIX[name].target) for name, who in visits()]
        assert len(pages) > 60
        with time_machine.travel(noon("2027-04-01"), tick=True):
            for name, who, target in pages + MORE_STATES:
                row = MATRIX[name]
                address = reverse(name, kwargs={**targets[target], **row.kwargs})
                page = page_as(who)
                response = page.goto(live_server.url + address)
                assert response.status == 200, (name, who, response.status)
                yield name, who, address, response, page

    return open_all


def test_every_page_meets_its_policy_and_wcag_in_chromium(every_page, axe_check, console):
    for name, who, address, response, page in every_page():
        policy = response.headers.get("content-security-policy", "")
        script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
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


# What makes the page wider than the window: the widest elements that stick out, not counting
# those inside a scroll container of their own.
WIDER_THAN_WINDOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== "visible") return true;
    }
    return false;
  };
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && !clipped(el))
    .map((el) => {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string"
            ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      return `${name} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`;
    });
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
          culprits: culprits.slice(-8)};
}"""


# Every table stands in a scroll container that a keyboard user can reach and scroll, named
# after the table for screen readers.
TABLE_CONTAINERS = """() => [...document.querySelectorAll("main table")].map((table) => {
  const box = table.closest(".app-table-container");
  return box && {role: box.getAttribute("role"), tabindex: box.tabIndex,
                 label: box.getAttribute("aria-label") || "",
                 overflow: getComputedStyle(box).overflowX};
})"""


def test_every_page_at_320_css_pixels_reflows_and_its_tables_scroll_in_a_labelled_region(
    every_page,
):
    """At 320 CSS pixels no page scrolls sideways (WCAG 1.4.10), and a table too wide to reflow
    scrolls inside its own labelled, focusable region instead (one visit of each page for
    both)."""
    failures = []
    tables_seen = 0
    for name, who, address, _response, page in every_page(
        viewport={"width": REFLOW_WIDTH, "height": 640}
    ):
        where = f"{name} as {who} ({address})"
        wide = page.evaluate(WIDER_THAN_WINDOW)
        if wide:
            failures.append(
                f"{where}: {wide['scrollWidth']}px wide in a {wide['clientWidth']}px window; "
                f"sticking out: {', '.join(wide['culprits'])}"
            )
        for box in page.evaluate(TABLE_CONTAINERS):
            tables_seen += 1
            if not box:
                failures.append(f"{where}: a table outside a scroll container")
            elif box["role"] != "region" or box["tabindex"] != 0 or box["overflow"] != "auto":
                failures.append(f"{where}: a table's container is not a focusable region: {box}")
            elif not box["label"].strip():
                failures.append(f"{where}: a table region without a name")
    assert not failures, f"{len(failures)} problem(s) at 320 px:\n" + "\n".join(failures)
    assert tables_seen > 20
