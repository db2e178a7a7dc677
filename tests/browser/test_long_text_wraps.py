"""Issue 18: long unbroken text (a 200-character word, a web address) wraps on the page instead of
making it scroll sideways, at 320 CSS pixels (WCAG 2.2 1.4.10 Reflow) and on a desktop."""

import pytest

from cases.roles import Role
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from tests.browser.journey import JOURNEY
from tests.browser.journey import Clock
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.kit import NOW
from tests.kit import at

pytestmark = JOURNEY

LONG_WORD = "Supercalifragilistic" * 10  # 200 characters, no break opportunity
LONG_URL = "https://example.org/" + "a-very-long-path-segment-" * 8 + "end"


@pytest.mark.parametrize("width", [320, 1280])
def test_a_200_character_word_on_the_case_page_does_not_scroll_sideways(
    make_context, live_server, axe_check, console, width
):
    from cases import services

    officer = UserFactory(role=Role.CASE_OFFICER, team=TeamFactory(name="North locality"))
    child = ChildFactory(first_name="Maya", last_name="Okafor")
    FamilyMemberFactory(child=child, full_name=f"Rachel {LONG_WORD}"[:150])  # its max length
    request = services.request_create(
        actor=officer,
        child=child,
        source="parent",
        requester_name=LONG_WORD[:150],
        arrived_at=at("2026-01-05", "10:00"),
        channel="email",
        consent_given=True,
        reason=f"{LONG_WORD} See {LONG_URL} for the school's report.",
        now=NOW,
    )
    with Clock("2026-01-06"):
        person = Person(make_context, live_server.url, officer)
        person.page.set_viewport_size({"width": width, "height": 900})
        person.sign_in()
        page = person.go(case_url(request.case))
        assert page.get_by_text(LONG_URL, exact=False).count() >= 1
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 60))"""
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px: {wide}"
        axe_check(page)
    console.assert_clean()
