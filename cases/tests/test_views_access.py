"""Who reaches which staff screen: strangers sign in, portal users get 403, another team's
officer gets 404 on every URL of a case (as if it did not exist), only the panel decides."""

import pytest
import time_machine
from django.urls import reverse

from cases import services
from cases.models import AssessmentRequest
from cases.models import Document
from cases.models import PanelDecision
from cases.models import RecordAccess
from cases.models import RequestState
from cases.roles import Role
from cases.tests.factories import UserFactory
from cases.tests.factories import send_advice
from cases.tests.viewkit import PDF
from cases.tests.viewkit import D
from cases.tests.viewkit import agreed_request
from cases.tests.viewkit import decision_data
from cases.tests.viewkit import noon
from cases.tests.viewkit import pdf
from cases.tests.viewkit import received_request
from tests.kit import assert_refused_to_everyone_else
from tests.kit import assert_strangers_sent_to_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_with_everything(staff):
    """A case with an open request gathering advice, an advice request and a document."""
    request = agreed_request(staff["officer"], staff["panel"])
    advice = send_advice(
        staff["officer"], request, requested_on="2026-02-10", today=D("2026-02-10")
    )
    document = services.document_upload(
        actor=staff["officer"],
        case=request.case,
        upload=pdf("letter.pdf"),
        kind="other",
        title="Letter from the GP",
    )
    request.refresh_from_db()
    return {"request": request, "case": request.case, "advice": advice, "document": document}


def case_urls(bundle) -> list[str]:
    ref = bundle["case"].reference
    rid = bundle["request"].pk
    on_request = [
        "decide_to_assess",
        "advice_send",
        "advice_reuse",
        "exception_record",
        "decide_to_issue",
        "issue_draft",
        "family_response",
        "issue_final",
        "withdraw",
    ]
    return [
        reverse("cases:case", kwargs={"reference": ref}),
        reverse(
            "cases:document_download",
            kwargs={"reference": ref, "document_id": bundle["document"].pk},
        ),
        reverse("cases:document_upload", kwargs={"reference": ref}),
        reverse(
            "cases:advice_received", kwargs={"reference": ref, "advice_id": bundle["advice"].pk}
        ),
        *[
            reverse(f"cases:{name}", kwargs={"reference": ref, "request_id": rid})
            for name in on_request
        ],
    ]


def all_staff_urls(bundle):
    return [
        reverse("cases:caseload"),
        reverse("cases:request_new"),
        reverse("panel:agenda"),
        *case_urls(bundle),
    ]


def test_strangers_are_sent_to_sign_in_from_every_url(client, case_with_everything):
    assert_strangers_sent_to_sign_in(client, all_staff_urls(case_with_everything))


@pytest.mark.parametrize("role", [Role.PARENT, Role.PROFESSIONAL, Role.YOUNG_PERSON])
def test_portal_users_get_403_on_every_staff_url(client, case_with_everything, role):
    client.force_login(UserFactory(role=role))
    assert_refused_to_everyone_else(client, all_staff_urls(case_with_everything))
    assert not RecordAccess.objects.exists()


def test_an_officer_of_another_team_gets_404_on_every_url_of_the_case(client, case_with_everything):
    stranger = UserFactory(role=Role.CASE_OFFICER, team__name="South locality")
    client.force_login(stranger)
    documents_before = Document.objects.count()
    urls = case_urls(case_with_everything)
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in urls[2:]:  # the forms; the case page and downloads answer only GET
        assert client.post(url, {"version": 1}).status_code == 404, url
    # Same answer as for a case that does not exist.
    assert client.get(reverse("cases:case", kwargs={"reference": "SEN-999999"})).status_code == 404
    assert not RecordAccess.objects.filter(user=stranger).exists()
    assert Document.objects.count() == documents_before
    # ... and the case is not on their caseload.
    page = client.get(reverse("cases:caseload")).content.decode()
    assert case_with_everything["case"].reference not in page


def test_a_document_of_another_case_is_404_through_this_case(client, staff, case_with_everything):
    other = received_request(staff["officer"], arrived="2026-01-06")
    client.force_login(staff["officer"])
    url = reverse(
        "cases:document_download",
        kwargs={
            "reference": other.case.reference,
            "document_id": case_with_everything["document"].pk,
        },
    )
    assert client.get(url).status_code == 404


def test_the_case_page_is_logged_as_a_read_of_the_childs_record(
    client, staff, case_with_everything
):
    client.force_login(staff["manager"])
    case = case_with_everything["case"]
    assert (
        client.get(reverse("cases:case", kwargs={"reference": case.reference})).status_code == 200
    )
    access = RecordAccess.objects.get()
    assert (access.user, access.case, access.what) == (staff["manager"], case, "viewed case page")


def test_download_is_an_attachment_with_the_stored_bytes_and_is_logged(
    client, staff, case_with_everything
):
    client.force_login(staff["officer"])
    case, document = case_with_everything["case"], case_with_everything["document"]
    response = client.get(
        reverse(
            "cases:document_download",
            kwargs={"reference": case.reference, "document_id": document.pk},
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    access = RecordAccess.objects.get()
    assert access.what == "downloaded document Letter from the GP"
    assert access.user == staff["officer"] and access.case == case


def test_a_case_officer_cannot_make_a_panel_decision(client, staff):
    request = received_request(staff["officer"])
    url = reverse(
        "cases:decide_to_assess",
        kwargs={"reference": request.case.reference, "request_id": request.pk},
    )
    client.force_login(staff["officer"])
    assert client.get(url).status_code == 403
    with time_machine.travel(noon("2026-02-10"), tick=False):
        response = client.post(
            url, decision_data(version=request.version, decided_on=D("2026-02-10"))
        )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED
    assert not PanelDecision.objects.exists()


@pytest.mark.parametrize("role", ["panel", "manager"])
def test_the_panel_and_managers_can_make_panel_decisions(client, staff, role):
    request = received_request(staff["officer"])
    url = reverse(
        "cases:decide_to_assess",
        kwargs={"reference": request.case.reference, "request_id": request.pk},
    )
    client.force_login(staff[role])
    with time_machine.travel(noon("2026-02-10"), tick=False):
        assert client.get(url).status_code == 200
        response = client.post(
            url, decision_data(version=request.version, decided_on=D("2026-02-10"))
        )
    assert response.status_code == 302
    assert AssessmentRequest.objects.get().state == RequestState.AGREED


def test_the_panel_cannot_do_casework(client, staff):
    request = agreed_request(staff["officer"], staff["panel"])
    client.force_login(staff["panel"])
    for name in ("advice_send", "withdraw", "exception_record"):
        url = reverse(
            f"cases:{name}", kwargs={"reference": request.case.reference, "request_id": request.pk}
        )
        assert client.get(url).status_code == 403, name
        assert client.post(url, {}).status_code == 403, name
    assert client.get(reverse("cases:request_new")).status_code == 403


@pytest.mark.parametrize(
    ("role", "back"),
    [
        ("panel", ("/staff/panel/", "Back to the panel agenda")),
        ("officer", ("/staff/cases/", "Back to the caseload")),
    ],
)
def test_the_case_page_leads_back_to_where_each_role_works(client, staff, role, back):
    """Panel members work from the agenda (the caseload is not theirs)."""
    request = received_request(staff["officer"])
    client.force_login(staff[role])
    page = client.get(reverse("cases:case", kwargs={"reference": request.case.reference}))
    assert f'<a href="{back[0]}" class="govuk-back-link">{back[1]}</a>' in page.content.decode()


def test_the_panel_agenda_is_for_the_panel_and_managers(client, staff):
    client.force_login(staff["officer"])
    assert client.get(reverse("panel:agenda")).status_code == 403
    for who in ("panel", "manager"):
        client.force_login(staff[who])
        assert client.get(reverse("panel:agenda")).status_code == 200


def test_navigation_offers_each_role_its_own_screens(client, staff):
    expected = {
        "officer": (True, False),
        "manager": (True, True),
        "panel": (False, True),
    }
    for who, (caseload, agenda) in expected.items():
        client.force_login(staff[who])
        page = client.get(reverse("staff:home")).content.decode()
        assert (f'href="{reverse("cases:caseload")}"' in page) is caseload, who
        assert (f'href="{reverse("panel:agenda")}"' in page) is agenda, who
