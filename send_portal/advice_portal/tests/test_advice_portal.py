"""The professional advice portal: a request reaches the addressed professional's account and
no one else's; they answer it once (written, a document, or "tell us once"); the officer sees it
arrive and the deadline is met that day."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import services as case_services
from cases.models import AdviceRequest
from cases.models import AdviceState
from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import DocumentKind
from cases.permissions import addressed_to
from cases.permissions import advice_for_adviser
from cases.permissions import portal_cases
from cases.roles import Role
from cases.rules import ConcurrentChange
from cases.services.advice_portal import advice_submit
from cases.services.advice_portal import advice_submit_reuse
from cases.tests.factories import agreed_request
from cases.tests.viewkit import advice_send_data
from cases.tests.viewkit import advice_send_url
from cases.tests.viewkit import date_data
from tests.kit import D
from tests.kit import noon
from tests.kit import pdf

pytestmark = pytest.mark.django_db

ASKED = D("2026-02-11")  # a Wednesday: due 6 weeks later, 25 March
DUE = D("2026-03-25")


@pytest.fixture
def adviser(make_user):
    return make_user(Role.PROFESSIONAL, email="tom.evans@ep.example", full_name="Dr Tom Evans")


@pytest.fixture
def other_adviser(make_user):
    return make_user(Role.PROFESSIONAL, email="aisha@health.example", full_name="Dr Aisha Rahman")


def ask(officer, request, *, email="tom.evans@ep.example", kind="psychological", **extra):
    return case_services.advice_request_send(
        actor=officer,
        request_id=request.pk,
        kind=kind,
        addressee_name="Dr Tom Evans",
        addressee_email=email,
        requested_on=ASKED,
        today=ASKED,
        **extra,
    )


@pytest.fixture
def asked(officer, panel, adviser):
    """Psychological advice asked of the adviser by the officer's own form (by their email)."""
    request = agreed_request(officer, panel)
    with time_machine.travel(noon(ASKED), tick=False):
        return ask(officer, request)


def test_the_officers_form_addresses_the_professional_who_signs_in_with_that_email(
    client, officer, panel, adviser
):
    request = agreed_request(officer, panel)
    client.force_login(officer)
    with time_machine.travel(noon(ASKED), tick=False):
        response = client.post(
            advice_send_url(request),
            advice_send_data(
                kind="psychological",
                addressee_name="Dr Tom Evans",
                addressee_organisation="Educational psychology service",
                addressee_email="Tom.Evans@EP.example",
                requested_on=ASKED,
            ),
        )
    assert response.status_code == 302
    advice = AdviceRequest.objects.get()
    assert advice.adviser == adviser
    assert addressed_to(adviser, advice)
    assert list(advice_for_adviser(adviser)) == [advice]
    # That request only: never the case itself.
    assert not portal_cases(adviser).exists()
    shared = AuditEntry.objects.get(action="advice.shared")
    assert shared.actor == officer and shared.case == request.case
    assert shared.payload["adviser"] == "Dr Tom Evans"


def test_an_address_that_is_not_a_professionals_account_shares_nothing(officer, panel, make_user):
    parent = make_user(Role.PARENT, email="mum@family.example")
    request = agreed_request(officer, panel)
    advice = ask(officer, request, email="mum@family.example")
    assert advice.adviser is None
    assert not advice_for_adviser(parent).exists()
    assert not AuditEntry.objects.filter(action="advice.shared").exists()


def test_a_professional_sees_only_the_requests_addressed_to_them(
    client, officer, panel, asked, adviser, other_adviser
):
    theirs = ask(officer, agreed_request(officer, panel), email=other_adviser.email, kind="medical")
    client.force_login(other_adviser)
    page = client.get(reverse("advice_portal:list")).content.decode()
    assert theirs.request.case.child.full_name in page
    assert asked.request.case.child.full_name not in page
    assert client.get(reverse("advice_portal:detail", args=[asked.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        advice_submit(actor=other_adviser, advice_id=asked.pk, sections={"needs": "x"}, today=DUE)


def test_the_list_and_the_request_show_the_child_what_is_asked_and_the_stored_due_date(
    client, asked, adviser
):
    client.force_login(adviser)
    with time_machine.travel(noon("2026-03-20"), tick=False):
        page = client.get(reverse("advice_portal:list")).content.decode()
        detail = client.get(reverse("advice_portal:detail", args=[asked.pk])).content.decode()
    child = asked.request.case.child
    assert child.full_name in page and "25 March 2026" in page and "Due soon" in page
    assert "Psychological advice (educational psychologist)" in detail
    assert "Special educational needs: cognition, communication" in detail
    assert "25 March 2026" in detail
    assert asked.request.case.officer.full_name in detail
    # Nothing else of the case: not its reference, not the request's reason.
    assert asked.request.case.reference not in detail
    assert asked.request.reason not in detail


def test_signing_in_a_professional_lands_on_their_advice_requests(client, adviser):
    client.force_login(adviser)
    assert client.get("/")["Location"] == reverse("advice_portal:list")
    page = client.get(reverse("advice_portal:list")).content.decode()
    assert 'href="/portal/advice/"' in page  # the header's link
    assert "You have no advice requests to answer." in page


def test_written_advice_with_a_document_arrives_on_the_case_and_meets_the_deadline(
    client, asked, adviser, officer
):
    client.force_login(adviser)
    with time_machine.travel(noon("2026-03-18"), tick=False):
        response = client.post(
            reverse("advice_portal:submit", args=[asked.pk]),
            {
                "strengths": "Loves drawing; works well one to one.",
                "needs": "Working memory well below age.",
                "outcomes": "",
                "provision": "Daily small-group literacy, 20 minutes.",
                "upload": pdf("cognitive-assessment.pdf"),
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("advice_portal:detail", args=[asked.pk])
    asked.refresh_from_db()
    assert asked.state == AdviceState.RECEIVED
    assert asked.received_on == D("2026-03-18")
    deadline = Deadline.objects.get(kind=DeadlineKind.ADVICE, object_id=asked.pk)
    assert deadline.met_on == D("2026-03-18")
    assert asked.document.kind == DocumentKind.ADVICE
    assert asked.document.content_type == "application/pdf"
    assert asked.document.uploaded_by == adviser
    submission = asked.submission
    assert submission.sections == [
        ["Strengths and how they learn best", "Loves drawing; works well one to one."],
        [
            "Special educational needs: cognition, communication, social and emotional",
            "Working memory well below age.",
        ],
        ["Special educational provision recommended", "Daily small-group literacy, 20 minutes."],
    ]
    assert submission.attachment.original_name == "cognitive-assessment.pdf"
    actions = set(
        AuditEntry.objects.filter(case=asked.request.case).values_list("action", flat=True)
    )
    assert {"advice.received", "advice.submitted", "document.uploaded"} <= actions
    received = AuditEntry.objects.get(action="advice.received")
    assert received.actor == adviser
    # The officer sees it arrive on the case: received, with its download.
    client.force_login(officer)
    case_page = client.get(
        reverse("cases:case", kwargs={"reference": asked.request.case.reference})
    ).content.decode()
    assert "18 Mar 2026" in case_page
    assert (
        reverse("cases:document_download", args=[asked.request.case.reference, asked.document.pk])
        in case_page
    )


def test_what_was_sent_can_be_read_and_downloaded_but_not_changed(client, asked, adviser):
    advice_submit(
        actor=adviser,
        advice_id=asked.pk,
        sections={"needs": "Working memory well below age."},
        upload=pdf("report.pdf"),
        today=D("2026-03-18"),
    )
    client.force_login(adviser)
    detail = client.get(reverse("advice_portal:detail", args=[asked.pk])).content.decode()
    assert "Working memory well below age." in detail
    assert "It can no longer be changed" in detail
    assert "Send your advice" not in detail
    asked.refresh_from_db()
    for document in (asked.document, asked.submission.attachment):
        response = client.get(reverse("advice_portal:document", args=[asked.pk, document.pk]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    for name in ("advice_portal:submit", "advice_portal:reuse"):
        response = client.post(reverse(name, args=[asked.pk]), {"needs": "Changed my mind"})
        assert response.status_code == 302
        assert response["Location"] == reverse("advice_portal:detail", args=[asked.pk])
    with pytest.raises(ConcurrentChange):
        advice_submit(actor=adviser, advice_id=asked.pk, sections={"needs": "Again"})
    asked.refresh_from_db()
    assert asked.submission.sections == [
        [
            "Special educational needs: cognition, communication, social and emotional",
            "Working memory well below age.",
        ]
    ]


def test_another_documents_of_the_case_cannot_be_fetched_through_the_portal(
    client, asked, adviser, officer
):
    other = case_services.document_upload(
        actor=officer, case=asked.request.case, upload=pdf(), kind="other", title="Letter"
    )
    advice_submit(actor=adviser, advice_id=asked.pk, sections={"needs": "x"}, today=D("2026-03-18"))
    client.force_login(adviser)
    response = client.get(reverse("advice_portal:document", args=[asked.pk, other.pk]))
    assert response.status_code == 404


def test_sending_nothing_or_a_bad_file_is_refused_with_a_message_and_nothing_saved(
    client, asked, adviser
):
    client.force_login(adviser)
    address = reverse("advice_portal:submit", args=[asked.pk])
    page = client.post(address, {"needs": "  "}).content.decode()
    assert "Write your advice under at least one heading, or upload a document" in page
    bad = pdf("report.pdf", content=b"MZ not a pdf")
    page = client.post(address, {"needs": "Kept text", "upload": bad}).content.decode()
    assert "The selected file must be a PDF" in page
    assert "Kept text" in page
    asked.refresh_from_db()
    assert asked.state == AdviceState.AWAITED and asked.document is None
    assert not Deadline.objects.get(kind=DeadlineKind.ADVICE, object_id=asked.pk).met_on


def test_a_document_alone_is_the_advice(asked, adviser):
    advice = advice_submit(
        actor=adviser, advice_id=asked.pk, sections={}, upload=pdf("ep-report.pdf"), today=DUE
    )
    assert advice.document.original_name == "ep-report.pdf"
    assert advice.submission.attachment is None and advice.submission.sections == []


def test_tell_us_once_existing_advice_is_reused(client, asked, adviser):
    client.force_login(adviser)
    address = reverse("advice_portal:reuse", args=[asked.pk])
    with time_machine.travel(noon("2026-03-26"), tick=False):
        page = client.post(
            address, {"title": "EP report", **date_data("report_dated", D("2026-01-15"))}
        )
        assert "Confirm that you agree your existing report is used" in page.content.decode()
        response = client.post(
            address,
            {
                "title": "Educational psychology report",
                **date_data("report_dated", D("2026-01-15")),
                "upload": pdf("ep-report-jan.pdf"),
                "author_agrees": "on",
            },
        )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.reused and asked.reused_report_dated == D("2026-01-15")
    assert asked.received_on == D("2026-03-26")  # a day late: met late, and kept so
    assert Deadline.objects.get(kind=DeadlineKind.ADVICE, object_id=asked.pk).met_on == D(
        "2026-03-26"
    )
    assert asked.document.original_name == "ep-report-jan.pdf"
    assert asked.submission.reused_title == "Educational psychology report"
    entry = AuditEntry.objects.get(action="advice.reuse_offered")
    assert entry.actor == adviser and entry.payload["title"] == "Educational psychology report"
    detail = client.get(reverse("advice_portal:detail", args=[asked.pk])).content.decode()
    assert "Existing advice can be reused" in detail and "15 January 2026" in detail


def test_reuse_refuses_a_report_dated_in_the_future(asked, adviser):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        advice_submit_reuse(
            actor=adviser,
            advice_id=asked.pk,
            title="Report",
            report_dated=D("2026-04-01"),
            author_agrees=True,
            today=D("2026-03-20"),
        )
    asked.refresh_from_db()
    assert asked.state == AdviceState.AWAITED


def test_advice_the_council_recorded_from_a_letter_is_shown_as_received(
    client, asked, adviser, officer
):
    case_services.advice_record_received(
        actor=officer, advice_id=asked.pk, received_on=D("2026-03-10"), today=D("2026-03-10")
    )
    client.force_login(adviser)
    detail = client.get(reverse("advice_portal:detail", args=[asked.pk])).content.decode()
    assert "recorded your advice as received on 10 March 2026" in detail
    assert client.get(reverse("advice_portal:submit", args=[asked.pk])).status_code == 302


def test_submitted_advice_is_listed_in_section_k_when_the_plan_starts(
    asked, adviser, officer, panel
):
    from cases.tests.factories import decide_to_issue
    from ehcp import services as plan_services

    advice = advice_submit(
        actor=adviser, advice_id=asked.pk, sections={"needs": "x"}, today=D("2026-03-18")
    )
    request = advice.request
    request.refresh_from_db()
    decide_to_issue(panel, request)
    plan = plan_services.plan_start(actor=officer, request_id=request.pk)
    listed = plan.advice.get(advice_request=advice)
    assert listed.document_id == advice.document_id
    assert listed.dated == D("2026-03-18")


def test_list_and_detail_read_with_a_fixed_number_of_queries(
    client, officer, panel, adviser, django_assert_max_num_queries
):
    for _ in range(6):
        advice = ask(officer, agreed_request(officer, panel))
    advice_submit(
        actor=adviser, advice_id=advice.pk, sections={"needs": "x"}, upload=pdf(), today=DUE
    )
    client.force_login(adviser)
    client.get(reverse("advice_portal:list"))  # the session, once
    with django_assert_max_num_queries(8):
        page = client.get(reverse("advice_portal:list"))
    assert page.content.decode().count('href="/portal/advice/') >= 7
    with django_assert_max_num_queries(8):
        assert client.get(reverse("advice_portal:detail", args=[advice.pk])).status_code == 200


def test_erasing_the_child_takes_away_the_advisers_access(asked, adviser):
    from cases.permissions import case_revoke_all_portal_access

    case_revoke_all_portal_access(case=asked.request.case)
    assert not advice_for_adviser(adviser).exists()


def test_the_portal_home_leads_a_professional_to_their_advice_requests(client, asked, adviser):
    client.force_login(adviser)
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("advice_portal:list") in page
    assert "nothing shared with your account" not in page
    # and nobody else is sent there
    client.force_login(asked.request.case.officer)
    assert reverse("advice_portal:list") not in client.get(reverse("portal:home")).content.decode()
