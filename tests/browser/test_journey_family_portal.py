"""The family portal in a real browser (Debian's Chromium, Playwright), without JavaScript
needed: a parent asks for an EHC needs assessment with a report, gives their views, answers the
draft plan naming a school, and downloads the final plan; a young person over 16 sees their
own case in their own name.

Set-up goes through the services: the council refused an earlier request for Tom (so a new one
may be made), and issued a draft plan for Maya on 8 April 2026; the council linked Rachel
Okafor's portal account to both children (the family never links itself).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import ArrivalChannel
from cases.models import AssessmentRequest
from cases.models import Document
from cases.models import FamilyViews
from cases.models import RequestState
from cases.roles import Role
from cases.services import family_portal
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import decide_to_assess
from cases.tests.factories import family_has_nothing_more_to_add
from cases.tests.factories import received_request
from cases.tests.viewkit import people
from ehcp.models import FamilyResponse
from ehcp.tests.factories import issue_plan
from ehcp.tests.factories import name_setting
from ehcp.tests.viewkit import draft_issued_plan
from tests.browser.journey import JOURNEY
from tests.browser.journey import TINY_PDF
from tests.browser.journey import Clock
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import expect_success
from tests.browser.journey import follow
from tests.browser.journey import press

pytestmark = JOURNEY


def link(officer, case, user):
    member = FamilyMemberFactory(child=case.child, full_name=user.full_name)
    family_portal.family_link_grant(actor=officer, case=case, user=user, family_member_id=member.pk)


@pytest.fixture
def family():
    staff = people()
    officer, panel = staff["officer"], staff["panel"]
    parent = UserFactory(role=Role.PARENT, full_name="Rachel Okafor", email="rachel@example.org")
    tom = ChildFactory(first_name="Tom", last_name="Okafor", date_of_birth=D("2017-06-02"))
    refused = received_request(officer, child=tom)
    decide_to_assess(panel, refused, agreed=False)
    link(officer, refused.case, parent)
    plan = draft_issued_plan(officer, panel)
    link(officer, plan.case, parent)
    SettingFactory(name="Hilltop Junior School", urn="112266")
    return officer, panel, parent, refused.case, plan


def test_a_parent_requests_gives_views_answers_the_draft_and_downloads_the_final_plan(
    make_context, live_server, axe_check, family, tmp_path
):
    officer, panel, parent, tom_case, plan = family
    maya = plan.case.child.first_name
    with Clock("2026-04-10", "18:20") as clock:  # a Friday evening: counts from Monday
        rachel = Person(make_context, live_server.url, parent)
        page = rachel.sign_in(lands_on="portal:home")
        expect(page.get_by_role("heading", name="Your cases", level=1)).to_be_visible()
        axe_check(page)
        # 1. Ask for an assessment for Tom, with the school's report
        page.get_by_role("link", name=re.compile("View the case of Tom Okafor")).click()
        follow(page, "Ask for an EHC needs assessment")
        press(page, "Send")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Tell us why you are asking for an assessment"
        )
        page.get_by_label("Why are you asking for an EHC needs assessment?").fill(
            "Tom is falling behind and the school says it cannot meet his needs."
        )
        page.get_by_label("Report, letter or other document 1").set_input_files(
            {"name": "school-report.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}
        )
        press(page, "Send")
        expect(page.locator(".govuk-panel__title")).to_have_text("Request received")
        expect(page.locator("main")).to_contain_text("13 April 2026")  # Monday
        expect(page.locator("main")).to_contain_text("The council must decide by 25 May 2026")
        axe_check(page)
        request = AssessmentRequest.objects.get(case=tom_case, state=RequestState.RECEIVED)
        assert request.channel == ArrivalChannel.PORTAL and request.received_on == D("2026-04-13")
        assert Document.objects.filter(case=tom_case, original_name="school-report.pdf").exists()

        # 2. Give views once, with consent to reuse a report
        follow(page, "Give your views")
        page.get_by_label("About me").fill("Tom loves football and Lego.")
        page.get_by_label("The family’s views").fill("He is anxious in busy places.")
        page.get_by_label(re.compile("existing reports can be used again")).check()
        page.get_by_label("Which reports can be used again?").fill("Speech therapy, Jan 2026")
        press(page, "Send")
        expect_success(page, "Your views have been sent to the SEND team")
        views = FamilyViews.objects.get(case=tom_case)
        assert views.reuse_consent and "Lego" in views.about_me

        # 3. The draft plan for Maya needs attention: read it and answer, naming a school
        page.goto(live_server.url + reverse("portal:home"))
        follow(page, f"The draft EHC plan for {maya} is ready for your comments")
        expect(page.locator("main")).to_contain_text("You have until 22 April 2026 to respond")
        axe_check(page)
        page.get_by_label("Your comments on section B").fill("Add his lunchtime anxiety.")
        page.get_by_label("I would like a meeting").check()
        page.get_by_label("The school or college you want named in the plan").select_option(
            label="Hilltop Junior School"
        )
        press(page, "Send my response")
        expect_success(page, "Your response to the draft plan has been sent")
        response = FamilyResponse.objects.get(plan=plan)
        assert response.requested_setting.name == "Hilltop Junior School"
        assert response.comments == {"B": "Add his lunchtime anxiety."} and response.wants_meeting

        # 4. The council consults the school, names it and issues the final plan
        clock.set("2026-05-18", "10:00")
        hilltop = response.requested_setting
        name_setting(officer, plan, hilltop, consulted_on="2026-04-13")
        family_has_nothing_more_to_add(officer, plan.request_id, on="2026-04-20")
        plan.refresh_from_db()
        issue_plan(officer, plan, issued_on="2026-05-18", final=True, today=D("2026-05-18"))
        page = rachel.sign_in(lands_on="portal:home")  # weeks later: sign in again
        page.goto(live_server.url + reverse("portal:case", args=[plan.case.reference]))
        expect(page.locator("main")).to_contain_text(
            "The final EHC plan was issued on 18 May 2026."
        )
        follow(page, "Letters, plans and documents")
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Final plan, issued 18 May 2026")).click()
        saved = tmp_path / "plan.pdf"
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        assert download.value.suggested_filename == f"EHC-plan-{plan.case.reference}-v2.pdf"


def test_a_young_person_over_16_sees_their_own_case_in_their_own_name(
    make_context, live_server, axe_check
):
    staff = people()
    with Clock("2026-09-14", "10:00"):
        liam = ChildFactory(first_name="Liam", last_name="Walsh", date_of_birth=D("2009-03-02"))
        case = received_request(staff["officer"], child=liam).case
        young = UserFactory(role=Role.YOUNG_PERSON, full_name="Liam Walsh")
        family_portal.family_link_grant(actor=staff["officer"], case=case, user=young)
        page = Person(make_context, live_server.url, young).sign_in(lands_on="portal:home")
        expect(page.get_by_role("heading", name="Your case", level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text("Liam Walsh (you)")
        page.get_by_role("link", name=re.compile("View the case")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your case, Liam Walsh")
        expect(page.locator("main")).to_contain_text("whether to assess you")
        axe_check(page)
