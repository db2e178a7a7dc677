"""A plan walked through the staff screens: started from the case page, written section by
section, the draft issued and downloaded, a school consulted, the family's response recorded,
the final plan issued, and the two versions compared.

Dates worked out by hand from DOMAIN.md: the council decided to issue on Monday 30 March 2026;
the draft goes on Wednesday 8 April, so the family's 15 days end on Wednesday 22 April; a school
consulted on Thursday 9 April should reply by Thursday 23 April; the request arrived on Monday
5 January, so the final plan is due by Monday 25 May (20 weeks).
"""

import pytest
from django.urls import reverse

from cases.models import AssessmentRequest
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import RecordAccess
from cases.models import RequestState
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import SettingFactory
from ehcp.models import Consultation
from ehcp.models import PersonalBudgetRequest
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.viewkit import D
from ehcp.tests.viewkit import date_data
from ehcp.tests.viewkit import issue_data
from ehcp.tests.viewkit import outcome_data
from ehcp.tests.viewkit import plan_url
from ehcp.tests.viewkit import provision_data
from ehcp.tests.viewkit import section_url
from ehcp.tests.viewkit import travel

pytestmark = pytest.mark.django_db


def test_walk_a_plan_from_the_decision_to_issue_to_the_final_plan(
    client, staff, django_capture_on_commit_callbacks
):
    officer, panel = staff["officer"], staff["panel"]
    request = request_decided_to_issue(officer, panel)
    case = request.case
    # the mother, who gets the plan's letters by email
    FamilyMemberFactory(child=case.child, full_name="Rachel Okafor")
    case_url = reverse("cases:case", kwargs={"reference": case.reference})
    client.force_login(officer)

    # 1. Tuesday 31 March: the case page offers to start drafting; the plan is started.
    with travel("2026-03-31"):
        page = client.get(case_url).content.decode()
        assert "Start drafting the plan" in page
        assert "Record a personal budget request" in page
        start = plan_url(case, "start")
        assert f'href="{start}"' in page
        assert client.get(start).status_code == 200
        response = client.post(start)
    assert response.status_code == 302 and response["Location"] == plan_url(case)
    plan = Plan.objects.get()
    assert plan.state == PlanState.DRAFTING and plan.request == request
    # From now on the draft is issued through the plan, not by the request's upload form.
    request_issue = reverse(
        "cases:issue_draft", kwargs={"reference": case.reference, "request_id": request.pk}
    )
    assert f'href="{request_issue}"' in page
    with travel("2026-03-31"):
        page = client.get(case_url).content.decode()
    assert f'href="{request_issue}"' not in page
    assert "Start drafting the plan" not in page
    assert f'href="{plan_url(case)}">View the EHC plan</a>' in page

    # 2. 1-7 April: sections A, B, E, F and I, one POST each.
    with travel("2026-04-01"):
        response = client.post(
            section_url(case, "A"),
            {
                "views": "Maya says: I like drawing and I want more friends.",
                "interests": "Drawing, swimming",
                "aspirations": "To be a vet.",
                "one_page_profile": "",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == plan_url(case) + "#section-a"
        response = client.post(
            section_url(case, "B"),
            {
                "area": "communication",
                "description": "Maya finds it hard to follow spoken instructions.",
            },
        )
        assert response.status_code == 302 and response["Location"] == section_url(case, "B")
        need = plan.needs.get()
        response = client.post(section_url(case, "E"), outcome_data(needs=[need.pk]))
        assert response.status_code == 302
        outcome = plan.outcomes.get()
        assert list(outcome.needs.all()) == [need]
        response = client.post(section_url(case, "F"), provision_data(outcomes=[outcome.pk]))
        assert response.status_code == 302
        provision = plan.provisions.get()
        assert (provision.frequency, provision.quantity) == ("weekly", "30 minutes")
        # section I stays empty in a draft (CFA 2014 s.38(5)): its editor says why
        assert (
            "Section I stays empty in a draft plan"
            in client.get(section_url(case, "I")).content.decode()
        )
        page = client.get(plan_url(case)).content.decode()
    assert "Every check before the draft plan is issued is met." in page
    assert "Section F: the special educational provision required" in page
    assert "Speech and language therapy in a small group" in page
    assert ">Issue the draft plan<" in page

    # 3. Wednesday 8 April: the draft is issued; version 1 with its PDF.
    plan.refresh_from_db()
    with travel("2026-04-08"):
        assert client.get(plan_url(case, "issue_draft")).status_code == 200
        response = client.post(plan_url(case, "issue_draft"), issue_data(plan, D("2026-04-08")))
        assert response.status_code == 302 and response["Location"] == plan_url(case)
        page = client.get(plan_url(case)).content.decode()
    assert "Draft plan issued. The family has until 22 April 2026 to comment." in page
    version = PlanVersion.objects.get()
    assert (version.number, version.kind, version.issued_on) == (1, "draft", D("2026-04-08"))
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT_ISSUED
    assert AssessmentRequest.objects.get().state == RequestState.DRAFT_ISSUED

    pdf_url = plan_url(case, "version_pdf", number=1)
    assert f'href="{pdf_url}"' in page
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="EHC-plan-{case.reference}-v1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert RecordAccess.objects.filter(user=officer, what="downloaded EHC plan version 1").exists()

    # 4. Thursday 9 April: the family asks for Kingsway Academy and a meeting; the school they
    # asked for is consulted (reply by 23 April). Their 15 days stay open.
    school = SettingFactory(name="Kingsway Academy", urn="137000")
    with travel("2026-04-09"):
        page = client.get(plan_url(case)).content.decode()
        assert "Consult a school or college" in page
        assert f'href="{plan_url(case, "family_response")}"' in page
        response = client.post(
            plan_url(case, "family_response"),
            {
                **date_data("received_on", D("2026-04-09")),
                "comment_B": "Maya also struggles with noise.",
                "wants_meeting": "on",
                "requested_setting": school.pk,
            },
        )
        assert response.status_code == 302 and response["Location"] == plan_url(case)
        # the final plan cannot name a school before the one they asked for is consulted
        issue_page = client.get(plan_url(case, "issue_final")).content.decode()
        assert "The family asked for a school or college" in issue_page
        response = client.post(
            plan_url(case, "consultation_send"),
            {"setting": school.pk, **date_data("consulted_on", D("2026-04-09"))},
        )
        assert response.status_code == 302
        page = client.get(plan_url(case)).content.decode()
    assert "Kingsway Academy consulted. They should reply by 23 April 2026." in page
    consultation = Consultation.objects.get()
    assert consultation.due_on == D("2026-04-23") and consultation.requested_by_family
    assert Deadline.objects.get(kind=DeadlineKind.DRAFT_RESPONSE).is_open
    said = plan.family_responses.get()
    assert said.comments == {"B": "Maya also struggles with noise."} and said.wants_meeting
    plan.refresh_from_db()
    assert plan.state == PlanState.CONSULTATION

    # 5. Monday 20 April: the school answers, and the family has nothing more to add.
    with travel("2026-04-20"):
        response = client.post(
            plan_url(case, "consultation_response", consultation_id=consultation.pk),
            {
                **date_data("responded_on", D("2026-04-20")),
                "response": "can_meet",
                "notes": "",
            },
        )
        assert response.status_code == 302
        response = client.post(
            plan_url(case, "family_response"),
            {**date_data("received_on", D("2026-04-20")), "nothing_more_to_add": "on"},
        )
        assert response.status_code == 302
        assert response["Location"] == plan_url(case)
    consultation.refresh_from_db()
    assert consultation.response == "can_meet" and consultation.state == "responded"
    assert Deadline.objects.get(kind=DeadlineKind.CONSULTATION_RESPONSE).met_on == D("2026-04-20")
    assert Deadline.objects.get(kind=DeadlineKind.DRAFT_RESPONSE).met_on == D("2026-04-20")

    # 6. The school is named in section I, then the final plan is issued on Monday 18 May.
    with travel("2026-05-11"):
        response = client.post(
            section_url(case, "I"),
            {"setting": school.pk, "placement_type": "mainstream", "notes": "Near home."},
        )
        assert response.status_code == 302
    plan.refresh_from_db()
    with travel("2026-05-18"):
        page = client.get(plan_url(case)).content.decode()
        assert "Record the family&#x27;s response" not in page  # already recorded
        assert client.get(plan_url(case, "issue_final")).status_code == 200
        # the final plan's notice is emailed to the family after the step commits, that day
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(plan_url(case, "issue_final"), issue_data(plan, D("2026-05-18")))
        assert response.status_code == 302
        page = client.get(plan_url(case)).content.decode()
    assert "Final plan issued: version 2, 18 May 2026." in page
    final = PlanVersion.objects.get(number=2)
    assert final.kind == "final"
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL and plan.first_issued_on == D("2026-05-18")
    assert Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN).met_on == D("2026-05-18")
    assert "What you can do next" not in page  # nothing left to do on a final plan
    assert ">Edit<" not in page

    # 7. Version 1 and version 2 compared: only section I changed.
    compare_url = plan_url(case, "compare")
    assert f'href="{compare_url}?from=1&amp;to=2"' in page
    with travel("2026-05-18"):
        response = client.get(compare_url, {"from": 1, "to": 2})
    assert response.status_code == 200
    sections = {c.key: c for c in response.context["comparison"]}
    assert [k for k, c in sections.items() if c.changed] == ["I"]
    assert ("removed", "Setting: none named") in sections["I"].rows
    assert ("added", "Setting: Kingsway Academy (URN 137000)") in sections["I"].rows
    # the draft named no school and no type (s.38(5)); the final plan names both
    assert ("removed", "Type: not stated") in sections["I"].rows
    assert ("added", "Type: Mainstream school") in sections["I"].rows
    text = response.content.decode()
    assert "1 section changed." in text
    assert "<del>Setting: none named</del>" in text
    assert "<ins>Setting: Kingsway Academy (URN 137000)</ins>" in text
    assert text.count(">Added</strong>") == 3 and text.count(">Removed</strong>") == 2
    assert text.count(">No change</strong>") == 11

    # 8. The case page shows the plan and its latest version.
    with travel("2026-05-18"):
        page = client.get(case_url).content.decode()
    assert "View the EHC plan" in page and "Final plan issued" in page
    assert "2 issued, latest: final plan, 18 May 2026" in page


def test_a_personal_budget_request_is_recorded_and_decided_before_the_plan_exists(client, staff):
    officer, panel = staff["officer"], staff["panel"]
    request = request_decided_to_issue(officer, panel)
    case = request.case
    client.force_login(officer)
    with travel("2026-04-02"):
        response = client.post(
            plan_url(case, "budget_request_new"),
            {
                **date_data("requested_on", D("2026-04-02")),
                "requested_by": "Rachel Okafor",
                "covers": ["education", "social_care"],
                "wants_direct_payment": "on",
                "details": "A tutor after school.",
            },
        )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/staff/cases/{case.reference}/#plan")
    budget = PersonalBudgetRequest.objects.get()
    assert (budget.covers_education, budget.covers_health, budget.covers_social_care) == (
        True,
        False,
        True,
    )
    assert budget.wants_direct_payment and budget.plan is None
    decide = plan_url(case, "budget_request_decide", budget_request_id=budget.pk)
    with travel("2026-04-20"):
        page = client.get(reverse("cases:case", kwargs={"reference": case.reference})).content
        assert f'href="{decide}"'.encode() in page
        response = client.post(
            decide,
            {
                "agreed": "yes",
                **date_data("decided_on", D("2026-04-20")),
                "reasons": "A direct payment for a specialist tutor is agreed.",
            },
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Decision recorded: personal budget agreed" in page
    budget.refresh_from_db()
    assert budget.decision == "agreed" and budget.decided_on == D("2026-04-20")
    # Deciding twice is not offered.
    with travel("2026-04-21"):
        response = client.get(decide)
    assert response.status_code == 302
