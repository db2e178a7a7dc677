"""What a family does in the portal, through the pages, with the outcomes checked in the
records: the request and its clock, views, the draft response, downloads, budget, mediation,
and what needs their attention."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from cases.models import ArrivalChannel
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import Document
from cases.models import FamilyViews
from cases.models import MediationInfoRequest
from cases.models import RequestSource
from cases.models import RequestState
from cases.notices.services import notice_create
from cases.tests.factories import SettingFactory
from cases.tests.factories import decide_to_assess
from cases.tests.factories import received_request
from ehcp.models import FamilyResponse
from ehcp.models import PersonalBudgetRequest
from ehcp.tests import viewkit as plan_kit
from tests.kit import PDF
from tests.kit import D
from tests.kit import at
from tests.kit import letters_written
from tests.kit import pdf
from tests.kit import travel

from .kit import link_parent

pytestmark = pytest.mark.django_db


def _refused_case(officer, panel):
    """A case whose first request was refused: the family may ask again."""
    request = received_request(officer)
    decide_to_assess(panel, request, agreed=False)
    return request.case


def test_a_request_sent_after_5pm_on_a_friday_counts_from_monday_and_reaches_the_queue(
    client, officer, panel, django_capture_on_commit_callbacks
):
    case = _refused_case(officer, panel)
    parent = link_parent(officer, case)
    client.force_login(parent)
    url = reverse("portal:request_new", args=[case.reference])

    with (
        time_machine.travel(at("2026-03-06", "18:30"), tick=False),  # a Friday evening
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {"reason": "School cannot meet his needs.", "document_1": pdf("school-report.pdf")},
        )
    request = AssessmentRequest.objects.filter(case=case, state=RequestState.RECEIVED).get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:request_received", args=[case.reference, request.pk]
    )
    assert request.received_on == D("2026-03-09")  # the next working day
    assert request.channel == ArrivalChannel.PORTAL
    assert request.source == RequestSource.PARENT
    assert request.requester_name == parent.full_name
    decide = Deadline.objects.get(object_id=request.pk, kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert decide.due_on == D("2026-04-20")  # 6 weeks from receipt
    document = Document.objects.get(case=case, uploaded_by=parent)
    assert document.kind == "request" and document.original_name == "school-report.pdf"
    assert AuditEntry.objects.filter(case=case, action="portal.request_sent", actor=parent).exists()
    # the acknowledgement: by email and on the page
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert "9 March 2026" in mail.outbox[0].body and "20 April 2026" in mail.outbox[0].body
    with travel("2026-03-09"):
        page = client.get(response["Location"]).content.decode()
    assert "9 March 2026" in page and "20 April 2026" in page
    # it lands in the officer's queue: the case's officer sees a request received online
    case.refresh_from_db()
    assert case.stage == "request" and case.officer == officer
    # and the family's progress says who must act next, by when
    with travel("2026-03-10"):
        progress = client.get(reverse("portal:case", args=[case.reference])).content.decode()
    assert "The council must decide by 20 April 2026 whether to assess" in progress


def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_recorded(client, officer, panel):
    case = _refused_case(officer, panel)
    client.force_login(link_parent(officer, case))
    with travel("2026-03-10"):
        response = client.post(
            reverse("portal:request_new", args=[case.reference]),
            {"reason": "Needs", "document_1": pdf("virus.pdf", content=b"MZ\x90\x00not a pdf")},
        )
    assert response.status_code == 200
    assert "The selected file must be a PDF" in response.content.decode()
    assert not AssessmentRequest.objects.filter(case=case, state=RequestState.RECEIVED).exists()
    assert not mail.outbox


def test_no_second_request_while_one_is_open(client, officer):
    case = received_request(officer).case
    client.force_login(link_parent(officer, case))
    with travel("2026-02-01"):
        page = client.get(reverse("portal:request_new", args=[case.reference]))
        posted = client.post(reverse("portal:request_new", args=[case.reference]), {"reason": "x"})
    assert "A request is already being dealt with" in page.content.decode()
    assert "A request is already being dealt with" in posted.content.decode()
    assert AssessmentRequest.objects.filter(case=case).count() == 1


def test_views_are_given_once_with_a_photo_and_consent_and_the_officer_sees_them(client, officer):
    case = received_request(officer).case
    parent = link_parent(officer, case)
    client.force_login(parent)
    url = reverse("portal:views", args=[case.reference, "assessment"])
    with travel("2026-01-20"):
        missing = client.post(url, {"reuse_consent": "on"})
        assert missing.status_code == 200
        assert "Write something about" in missing.content.decode()
        photo = pdf("drawing.png", content=b"\x89PNG\r\n\x1a\n" + b"0" * 20)
        response = client.post(
            url,
            {
                "about_me": "I love trains and swimming.",
                "family_views": "Mornings are hard.",
                "reuse_consent": "on",
                "reports_to_reuse": "Speech therapy report, March 2025",
                "document_1": photo,
            },
        )
    assert response.status_code == 302
    views = FamilyViews.objects.get(case=case, purpose="assessment")
    assert views.about_me == "I love trains and swimming." and views.reuse_consent
    assert [d.original_name for d in views.documents.all()] == ["drawing.png"]
    with travel("2026-01-21"):  # giving them again replaces them: one record
        client.post(url, {"about_me": "I love trains.", "reuse_consent": ""})
    views.refresh_from_db()
    assert FamilyViews.objects.filter(case=case).count() == 1
    assert views.about_me == "I love trains." and not views.reuse_consent
    # the officer sees them on the case page
    client.force_login(officer)
    with travel("2026-01-21"):
        page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "From the family (portal)" in page and "I love trains." in page


def test_the_family_responds_to_the_draft_naming_a_school_within_their_15_days(
    client, officer, panel
):
    plan = plan_kit.draft_issued_plan(officer, panel)
    case = plan.case
    parent = link_parent(officer, case)
    school = SettingFactory(name="Hilltop Junior School")
    client.force_login(parent)
    url = reverse("portal:draft", args=[case.reference])
    with travel("2026-04-10"):
        page = client.get(url).content.decode()
        assert "You have until 22 April 2026 to respond" in page
        assert "Section B" in page
        response = client.post(
            url,
            {
                "comment_B": "Add his anxiety at lunchtimes.",
                "wants_meeting": "on",
                "requested_setting": school.pk,
            },
        )
    assert response.status_code == 302
    answer = FamilyResponse.objects.get(plan=plan)
    assert answer.comments == {"B": "Add his anxiety at lunchtimes."}
    assert answer.wants_meeting and answer.requested_setting == school
    assert answer.recorded_by == parent and answer.received_on == D("2026-04-10")
    # the window stays open (they did not say they had nothing more to add)
    assert Deadline.objects.get(case=case, kind=DeadlineKind.DRAFT_RESPONSE).met_on is None
    with travel("2026-04-23"):  # the 15 days have ended: reading only
        closed = client.get(url).content.decode()
        late = client.post(url, {"comment_C": "More"})
    assert "The time to respond to this draft has ended" in closed
    assert late.status_code == 200
    assert (
        "The 15 days to respond to the draft plan ended on 22 April 2026" in late.content.decode()
    )
    assert FamilyResponse.objects.filter(plan=plan).count() == 1


def test_letters_and_plans_download_only_through_the_checked_views(client, officer, panel):
    plan = plan_kit.draft_issued_plan(officer, panel)
    case = plan.case
    parent = link_parent(officer, case)
    other = plan_kit.draft_issued_plan(officer, panel).case
    staff_only = Document.objects.create(
        case=case,
        kind="advice",
        title="Adviser's working notes",
        original_name="notes.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=officer,
    )
    client.force_login(parent)
    with travel("2026-04-10"):
        pdf_response = client.get(reverse("portal:plan_download", args=[case.reference, 1]))
        assert pdf_response.status_code == 200
        assert pdf_response["Content-Type"] == "application/pdf"
        assert pdf_response["Cache-Control"] == "private, no-store"
        assert (
            client.get(reverse("portal:plan_download", args=[other.reference, 1])).status_code
            == 404
        )
        assert (
            client.get(
                reverse("portal:document_download", args=[case.reference, staff_only.pk])
            ).status_code
            == 404
        )
        listing = client.get(reverse("portal:documents", args=[case.reference])).content.decode()
    assert "Draft plan, issued 8 April 2026" in listing
    assert "working notes" not in listing


def test_a_letter_needs_attention_until_it_is_read(client, officer):
    request = received_request(officer)
    case = request.case
    parent = link_parent(officer, case)
    notice = notice_create(
        actor=officer, case=case, kind="assess", facts={"decided_on": D("2026-01-20")}
    )
    client.force_login(parent)
    with travel("2026-01-21"):
        home = client.get(reverse("portal:home")).content.decode()
        assert "Needs your attention" in home and "New letter about" in home
        letter = client.get(reverse("portal:notice", args=[case.reference, notice.pk]))
        assert letter.status_code == 200
        assert notice.title in letter.content.decode()
        assert "The letter is being prepared" in letter.content.decode()  # by the queue
        again = client.get(reverse("portal:home")).content.decode()
        letters_written()
        notice.refresh_from_db()
        letter = client.get(reverse("portal:notice", args=[case.reference, notice.pk]))
    assert "New letter about" not in again
    download = reverse("portal:document_download", args=[case.reference, notice.letter_id])
    assert download in letter.content.decode()
    assert "being prepared" not in letter.content.decode()


def test_the_draft_window_and_views_asked_for_need_attention(client, officer, panel):
    plan = plan_kit.draft_issued_plan(officer, panel)
    parent = link_parent(officer, plan.case)
    assessing = received_request(officer).case
    link_parent(officer, assessing, parent)
    client.force_login(parent)
    with travel("2026-04-10"):
        home = client.get(reverse("portal:home")).content.decode()
    child = plan.case.child.first_name
    assert f"The draft EHC plan for {child} is ready for your comments" in home
    assert "Respond by 22 April 2026" in home
    assert f"Your views are asked for: {assessing.child.first_name}" in home


def test_a_personal_budget_and_mediation_information_are_asked_for_online(client, officer, panel):
    plan = plan_kit.draft_issued_plan(officer, panel)
    case = plan.case
    parent = link_parent(officer, case)
    client.force_login(parent)
    with travel("2026-04-10"):
        empty = client.post(reverse("portal:budget", args=[case.reference]), {})
        assert "Select what the personal budget should pay for" in empty.content.decode()
        client.post(
            reverse("portal:budget", args=[case.reference]),
            {"covers": ["education", "social_care"], "wants_direct_payment": "on"},
        )
        client.post(
            reverse("portal:mediation", args=[case.reference]), {"about": "Section F hours"}
        )
    budget = PersonalBudgetRequest.objects.get(case=case)
    assert budget.covers_education and budget.covers_social_care and not budget.covers_health
    assert budget.wants_direct_payment and budget.requested_by == parent.full_name
    assert budget.recorded_by == parent
    asked = MediationInfoRequest.objects.get(case=case)
    assert asked.asked_by == parent and asked.about == "Section F hours"
    client.force_login(officer)
    with travel("2026-04-10"):
        page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "asked for information about mediation on 10 April 2026" in page


def test_a_budget_cannot_be_asked_for_before_the_council_decides_to_issue(client, officer):
    case = received_request(officer).case
    client.force_login(link_parent(officer, case))
    with travel("2026-02-01"):
        response = client.post(
            reverse("portal:budget", args=[case.reference]), {"covers": ["education"]}
        )
    assert "once the council has decided to issue a plan" in response.content.decode()
    assert not PersonalBudgetRequest.objects.exists()


def test_the_history_is_in_the_familys_words_and_hides_internal_events(client, officer, panel):
    request = received_request(officer)
    decide_to_assess(panel, request)
    client.force_login(link_parent(officer, request.case))
    with travel("2026-02-11"):
        page = client.get(reverse("portal:case", args=[request.case.reference])).content.decode()
    assert "The request for an assessment was received on 5 January 2026." in page
    assert "The council decided on 10 February 2026 to carry out an EHC needs assessment." in page
    assert "Opened case" not in page  # an internal event


def test_pages_cost_a_fixed_number_of_queries(
    client, officer, panel, django_assert_max_num_queries
):
    plan = plan_kit.draft_issued_plan(officer, panel)
    parent = link_parent(officer, plan.case)
    for _ in range(3):
        link_parent(officer, received_request(officer).case, parent)
    client.force_login(parent)
    with travel("2026-04-10"):
        with django_assert_max_num_queries(16):
            assert client.get(reverse("portal:home")).status_code == 200
        with django_assert_max_num_queries(24):
            assert client.get(reverse("portal:case", args=[plan.case.reference])).status_code == 200
        with django_assert_max_num_queries(16):
            assert (
                client.get(reverse("portal:draft", args=[plan.case.reference])).status_code == 200
            )
        with django_assert_max_num_queries(12):
            assert (
                client.get(reverse("portal:documents", args=[plan.case.reference])).status_code
                == 200
            )
