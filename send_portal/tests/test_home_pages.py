"""The home pages say what the person can do next (WCAG 2.4.2 descriptive titles): staff see
their work with links to each page they may use and to their recent cases; a family sees each
case's stage explained, the next date and how to contact the SEND team. The sign-in page gives
the team's contact details too."""

import re

import pytest
from django.template import Context
from django.template import Template
from django.urls import reverse

from cases.forms import AlternativePersonForm
from cases.permissions import case_grant_portal_access
from cases.roles import Role
from cases.tests.factories import received_request

pytestmark = pytest.mark.django_db


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).split("–")[0].strip()


def test_the_officers_home_says_what_they_can_do_and_links_their_recent_cases(client, staff):
    request = received_request(staff["officer"])
    client.force_login(staff["officer"])
    page = client.get(reverse("staff:home")).content.decode()
    assert title(page) == "Your work"
    assert '<h1 class="govuk-heading-xl">Your work</h1>' in page
    assert "What you can do" in page
    assert f'href="{reverse("cases:caseload")}">Caseload</a>' in page
    assert "record a new request for an EHC needs assessment" in page
    assert 'href="/staff/panel/"' not in page  # not theirs to use
    reference = request.case.reference
    assert f'href="{reverse("cases:case", args=[reference])}">{reference}' in page
    assert f'href="{reverse("cases:caseload")}?stage=request">1' in page


def test_a_panel_member_is_offered_the_panel_agenda(client, staff):
    client.force_login(staff["panel"])
    page = client.get(reverse("staff:home")).content.decode()
    assert 'href="/staff/panel/">Panel agenda</a>' in page
    assert "Decide whether to assess" in page
    assert f'href="{reverse("cases:caseload")}' not in page


def test_the_family_home_explains_the_stage_the_next_date_and_whom_to_contact(
    client, staff, make_user, settings
):
    settings.SEND_TEAM_EMAIL = "send@county.example.gov.uk"
    settings.SEND_TEAM_PHONE = "01234 567890"
    request = received_request(staff["officer"], arrived="2026-01-05")
    parent = make_user(Role.PARENT)
    case_grant_portal_access(user=parent, case=request.case)
    client.force_login(parent)
    page = client.get(reverse("portal:home")).content.decode()
    assert title(page) == "Your cases"
    assert request.case.child.full_name in page
    first_name = request.case.child.first_name
    assert f"The council must decide by 16 February 2026 whether to assess {first_name}." in page
    # where the case is and what happens next: on the case's own page (send_portal.portal)
    case_page = client.get(reverse("portal:case", args=[request.case.reference])).content.decode()
    assert "is deciding whether to assess" in case_page
    assert "must say whether it will assess within 6 weeks" in case_page
    assert "Contact the SEND team" in page
    assert 'href="mailto:send@county.example.gov.uk"' in page and "01234 567890" in page
    assert "SEN team" not in page


def test_a_family_with_nothing_shared_is_told_what_will_happen(client, make_user):
    client.force_login(make_user(Role.PARENT))
    page = client.get(reverse("portal:home")).content.decode()
    assert "When the SEND team links a case to you, it appears here." in page


def test_the_sign_in_page_gives_the_send_teams_contact_details(client, settings):
    settings.SEND_TEAM_EMAIL = "send@county.example.gov.uk"
    settings.SEND_TEAM_PHONE = "01234 567890"
    page = client.get(reverse("login")).content.decode()
    assert 'href="mailto:send@county.example.gov.uk"' in page
    assert "call 01234 567890" in page


def test_a_label_that_says_optional_is_not_given_a_second_optional():
    form = AlternativePersonForm()
    html = Template('{% include "includes/field.html" with field=form.email %}').render(
        Context({"form": form})
    )
    assert "Their email address (optional)" in html
    assert "(optional) (optional)" not in " ".join(html.split())
