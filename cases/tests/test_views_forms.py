"""The forms of the staff screens: GOV.UK error messages on the right field, nothing saved on a
refusal, stale forms answered 409, duplicate children caught before anything is saved."""

import datetime
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import forms
from cases import services
from cases import uploads
from cases.models import AdviceRequest
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import Child
from cases.models import Document
from cases.models import DocumentKind
from cases.models import FamilyMember
from cases.models import PanelDecision
from cases.models import RequestState
from cases.rules import CHANGED_BY_SOMEONE_ELSE
from cases.tests.factories import ChildFactory
from cases.tests.viewkit import D
from cases.tests.viewkit import advice_send_data
from cases.tests.viewkit import advice_send_url
from cases.tests.viewkit import date_data
from cases.tests.viewkit import decision_data
from cases.tests.viewkit import gathering_request
from cases.tests.viewkit import new_request_data
from cases.tests.viewkit import noon
from cases.tests.viewkit import pdf
from cases.tests.viewkit import people
from cases.tests.viewkit import post_existing_child
from cases.tests.viewkit import post_new
from cases.tests.viewkit import received_request

pytestmark = pytest.mark.django_db


def decide_url(request):
    return reverse(
        "cases:decide_to_assess",
        kwargs={"reference": request.case.reference, "request_id": request.pk},
    )


# --- the GOV.UK date field ---------------------------------------------------------------------


class DateForm(forms.forms.Form):
    when = forms.GovUKDateField(label="Date of decision", past_only=True)
    maybe = forms.GovUKDateField(label="Date it ended", required=False)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter date of decision"),
        (("", "2", "2026"), "Date of decision must include a day"),
        (("3", "", ""), "Date of decision must include a month and year"),
        (("31", "2", "2026"), "Date of decision must be a real date"),
        (("1", "13", "2026"), "Date of decision must be a real date"),
        (("a", "2", "2026"), "Date of decision must be a real date"),
        (("1", "2", "26"), "Year must include 4 numbers"),
        (("11", "2", "2026"), "Date of decision must be today or in the past"),
    ],
)
def test_date_field_messages_follow_the_design_system(parts, message):
    data = {"when_0": parts[0], "when_1": parts[1], "when_2": parts[2]}
    with time_machine.travel(noon("2026-02-10"), tick=False):
        form = DateForm(data)
        assert not form.is_valid()
    assert form.errors["when"] == [message]
    assert "maybe" not in form.errors


def test_date_field_reads_a_real_date_and_keeps_what_was_typed():
    with time_machine.travel(noon("2026-02-10"), tick=False):
        form = DateForm({"when_0": " 9 ", "when_1": "02", "when_2": "2026"})
        assert form.is_valid()
    assert form.cleaned_data == {"when": D("2026-02-09"), "maybe": None}
    bad = DateForm({"when_0": "31", "when_1": "2", "when_2": "2026"})
    html = str(bad["when"])
    assert 'value="31"' in html and 'name="when_0"' in html


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("09:30", datetime.time(9, 30)),
        ("9.30", datetime.time(9, 30)),
        ("24:00", None),
        ("noon", None),
    ],
)
def test_time_field(typed, ok):
    field = forms.GovUKTimeField(error_name="the time the request arrived")
    if ok:
        assert field.clean(typed) == ok
    else:
        with pytest.raises(forms.ValidationError) as exc:
            field.clean(typed)
        assert exc.value.messages == [
            "The time the request arrived must be a real time, like 09:30 or 17:45"
        ]


# --- dates the services refuse -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        (
            "2026-01-02",
            "The date must be on or after 5 January 2026, the date the request was received",
        ),
        ("2026-02-11", "Date of decision must be today or in the past"),
    ],
    ids=["before-the-request", "in-the-future"],
)
def test_a_decision_dated_out_of_range_is_refused_on_the_date_field(
    client, staff, decided_on, message
):
    request = received_request(staff["officer"], arrived="2026-01-05")
    client.force_login(staff["panel"])
    with time_machine.travel(noon("2026-02-10"), tick=False):
        response = client.post(
            decide_url(request),
            decision_data(version=request.version, decided_on=D(decided_on)),
        )
    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"] == [message]
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_decided_on_0"' in page
    assert "govuk-form-group--error" in page
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED and request.version == 1
    assert AssessmentRequest.objects.get().state == RequestState.RECEIVED
    assert not PanelDecision.objects.exists()


def test_advice_asked_before_the_decision_to_assess_is_refused_on_its_field(client, staff):
    request = gathering_request(staff["officer"], staff["panel"])
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-02-20"), tick=False):
        response = client.post(
            advice_send_url(request),
            advice_send_data(
                kind="medical", addressee_name="Dr Jones", requested_on=D("2026-01-06")
            ),
        )
    assert response.status_code == 200
    assert response.context["form"].errors["requested_on"] == [
        "The date must be on or after 4 February 2026, the date of the decision to assess"
    ]
    assert AdviceRequest.objects.count() == 1


# --- uploads -----------------------------------------------------------------------------------


def upload_url(case):
    return reverse("cases:document_upload", kwargs={"reference": case.reference})


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf"),
            "The selected file must be a PDF, a Word document (.doc or .docx), or a PNG or "
            "JPEG image.",
        ),
        (
            SimpleUploadedFile(
                "fake.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
            ),
            "The selected file must be a PDF, a Word document (.doc or .docx), or a PNG or "
            "JPEG image.",
        ),
        (
            pdf("huge.pdf", b"%PDF-1.7\n" + b"0" * uploads.MAX_UPLOAD_BYTES),
            "The selected file must be smaller than 10.0\xa0MB.",
        ),
    ],
    ids=["wrong-type", "wrong-content", "too-large"],
)
def test_a_refused_file_shows_the_message_on_the_file_field_and_stores_nothing(
    client, staff, upload, message
):
    request = received_request(staff["officer"])
    client.force_login(staff["officer"])
    response = client.post(
        upload_url(request.case), {"kind": "other", "title": "Report", "upload": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [message]
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert not Document.objects.exclude(kind=DocumentKind.DECISION_LETTER).exists()


def test_a_refused_file_on_advice_received_saves_nothing(client, staff):
    request = gathering_request(staff["officer"], staff["panel"])
    advice = AdviceRequest.objects.get()
    client.force_login(staff["officer"])
    with time_machine.travel(noon("2026-03-01"), tick=False):
        response = client.post(
            reverse(
                "cases:advice_received",
                kwargs={"reference": request.case.reference, "advice_id": advice.pk},
            ),
            {
                **date_data("received_on", D("2026-03-01")),
                "upload": SimpleUploadedFile("a.txt", b"plain text"),
            },
        )
    assert response.status_code == 200
    assert "upload" in response.context["form"].errors
    advice.refresh_from_db()
    assert (
        advice.received_on is None
        and not Document.objects.exclude(kind=DocumentKind.DECISION_LETTER).exists()
    )


def test_an_upload_is_stored_with_its_checked_type(client, staff):
    request = received_request(staff["officer"])
    client.force_login(staff["officer"])
    response = client.post(
        upload_url(request.case),
        {"kind": "other", "title": "Report from the GP", "upload": pdf("gp.pdf")},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.original_name, document.content_type) == (
        "Report from the GP",
        "gp.pdf",
        "application/pdf",
    )


def test_reusing_advice_needs_both_agreements(client, staff):
    request = gathering_request(staff["officer"], staff["panel"])
    client.force_login(staff["officer"])
    url = reverse(
        "cases:advice_reuse",
        kwargs={"reference": request.case.reference, "request_id": request.pk},
    )
    data = {
        "kind": "psychological",
        "author": "Dr Evans (EP)",
        **date_data("report_dated", D("2025-11-01")),
        "author_agrees": "on",
    }
    with time_machine.travel(noon("2026-02-20"), tick=False):
        response = client.post(url, {**data, "upload": pdf()})
        assert response.status_code == 200
        assert response.context["form"].errors["family_agrees"] == [
            "Confirm the family agrees that the report is used"
        ]
        assert (
            AdviceRequest.objects.count() == 1
            and not Document.objects.exclude(kind=DocumentKind.DECISION_LETTER).exists()
        )
        response = client.post(url, {**data, "family_agrees": "on", "upload": pdf()})
    assert response.status_code == 302
    reused = AdviceRequest.objects.get(reused=True)
    assert reused.document.title.endswith("(reused)")


# --- concurrency -------------------------------------------------------------------------------


def test_two_people_deciding_at_once_the_second_is_told_and_nothing_changes(client, staff):
    request = received_request(staff["officer"])
    first, second = staff["panel"], staff["manager"]
    with time_machine.travel(noon("2026-02-10"), tick=False):
        client.force_login(first)
        version_seen_by_first = client.get(decide_url(request)).context["form"]["version"].value()
        client.force_login(second)
        version_seen_by_second = client.get(decide_url(request)).context["form"]["version"].value()
        assert version_seen_by_first == version_seen_by_second == 1

        client.force_login(first)
        response = client.post(
            decide_url(request),
            decision_data(version=version_seen_by_first, agreed=True, decided_on=D("2026-02-10")),
        )
        assert response.status_code == 302

        client.force_login(second)
        response = client.post(
            decide_url(request),
            decision_data(
                version=version_seen_by_second,
                agreed=False,
                decided_on=D("2026-02-10"),
            ),
        )
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [CHANGED_BY_SOMEONE_ELSE]
    assert "This case was changed by someone else" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.AGREED
    assert PanelDecision.objects.get().decided_by == first


def test_a_stale_form_for_a_request_that_moved_on_is_a_409_too(client, staff):
    request = received_request(staff["officer"])
    client.force_login(staff["officer"])
    url = reverse(
        "cases:withdraw", kwargs={"reference": request.case.reference, "request_id": request.pk}
    )
    data = {
        "version": request.version,
        **date_data("withdrawn_on", D("2026-01-20")),
        "reason": "Moved away.",
    }
    with time_machine.travel(noon("2026-01-20"), tick=False):
        assert client.post(url, data).status_code == 302
        response = client.post(url, data)
    assert response.status_code == 409
    assert AssessmentRequest.objects.get().state == RequestState.WITHDRAWN


def test_opening_a_form_that_no_longer_applies_goes_back_to_the_case(client, staff):
    request = gathering_request(staff["officer"], staff["panel"])
    client.force_login(staff["panel"])
    response = client.get(decide_url(request), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "cases:case", kwargs={"reference": request.case.reference}
    )
    assert "there is no decision whether to assess to record" in response.content.decode()


def test_a_step_that_no_longer_applies_says_the_same_on_its_page_and_when_sent(client, staff):
    """The sentence is the transition's own `not_now`: the page opened late and a form sent
    late (current version, the state moved on) both give it."""
    request = gathering_request(staff["officer"], staff["panel"])
    said = (
        f"This request is {request.get_state_display().lower()}: there is no decision whether "
        "to assess to record."
    )
    client.force_login(staff["panel"])
    page = client.get(decide_url(request), follow=True)
    assert said in [str(m) for m in page.context["messages"]]
    with time_machine.travel(noon("2026-02-10"), tick=False):
        sent = client.post(
            decide_url(request),
            decision_data(version=request.version, agreed=False, decided_on=D("2026-02-10")),
        )
    assert sent.status_code == 409
    assert sent.context["form"].non_field_errors() == [said]
    request.refresh_from_db()
    assert request.state == RequestState.ADVICE_GATHERING


# --- a new request and duplicate children ------------------------------------------------------


def test_new_request_form_errors_are_gov_uk_style(client, staff):
    client.force_login(staff["officer"])
    data = new_request_data(
        first_name="",
        upn="12345",
        postcode="nowhere",
        arrived_time="25:00",
        contact_preference="email",
        parent_email="",
        **date_data("date_of_birth", None),
    )
    response = post_new(client, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["first_name"] == ["Enter first name"]
    assert errors["date_of_birth"] == ["Enter date of birth"]
    assert errors["upn"][0].startswith("Enter a UPN in the correct format")
    assert errors["postcode"] == ["Enter a real postcode, like SW1A 1AA"]
    assert errors["arrived_time"] == [
        "The time the request arrived must be a real time, like 09:30 or 17:45"
    ]
    assert errors["parent_email"] == [
        "Enter an email address, as they want to be contacted by email"
    ]
    assert not Child.objects.exists() and not AssessmentRequest.objects.exists()


def test_a_request_arriving_later_today_is_refused_on_the_date(client, staff):
    client.force_login(staff["officer"])
    response = post_new(client, new_request_data(arrived_time="18:00"))  # it is 12:00 now
    assert response.status_code == 200
    assert response.context["form"].errors["arrived_on"] == [
        "The request cannot have arrived in the future."
    ]
    assert not Child.objects.exists()


@pytest.mark.parametrize("match", ["name-and-dob", "upn"])
def test_a_possible_duplicate_is_shown_and_nothing_is_saved_until_the_officer_chooses(
    client, staff, match
):
    if match == "upn":
        existing = ChildFactory(first_name="Mya", last_name="Okafor-Smith", upn="A123456789012")
        data = new_request_data(upn="a123456789012")
    else:  # another team's child, with no case at all: still the same child
        existing = ChildFactory(
            first_name="MAYA", last_name="okafor", date_of_birth=D("2016-03-14"), upn=""
        )
        data = new_request_data()
    client.force_login(staff["officer"])

    response = post_new(client, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check if this child is already on record" in page
    assert "govuk-warning-text" in page
    # Nobody's case the officer may open: only that a record exists and who holds it, never
    # another team's child's name, birth date or UPN (a UPN must not be a way to look them up).
    assert "Use the existing record held by no team (no case is open)" in page
    assert existing.last_name not in page
    if match == "upn":  # the page repeats what the officer typed, once, and nothing of the record
        assert page.count("A123456789012") == 1
    assert "This is a different child" in page
    assert Child.objects.count() == 1 and not AssessmentRequest.objects.exists()

    # "Change the details" goes back to the filled-in form.
    response = post_new(client, {**data, "step": "duplicates", "change": "1"})
    assert "Record a request for an EHC needs assessment" in response.content.decode()
    assert response.context["form"]["first_name"].value() == "Maya"
    assert not AssessmentRequest.objects.exists()

    # Continuing without choosing is an error; still nothing saved.
    response = post_new(client, {**data, "step": "duplicates"})
    assert response.context["form"].errors["duplicate_choice"] == [
        "Select the existing record to use, or 'This is a different child'"
    ]
    assert Child.objects.count() == 1 and not AssessmentRequest.objects.exists()

    response = post_new(
        client, {**data, "step": "duplicates", "duplicate_choice": str(existing.pk)}
    )
    assert response.status_code == 302
    request = AssessmentRequest.objects.get()
    assert request.case.child == existing
    assert Child.objects.count() == 1
    assert not FamilyMember.objects.exists()  # the entered parent is not added to the record


def test_choosing_a_different_child_creates_a_new_record(client, staff):
    ChildFactory(first_name="Maya", last_name="Okafor", date_of_birth=D("2016-03-14"))
    client.force_login(staff["officer"])
    data = new_request_data()
    assert post_new(client, data).status_code == 200
    response = post_new(client, {**data, "step": "duplicates", "duplicate_choice": "new"})
    assert response.status_code == 302
    assert Child.objects.filter(first_name="Maya").count() == 2
    assert AssessmentRequest.objects.get().case.child.family.get().full_name == "Rachel Okafor"


def test_the_duplicate_page_links_only_cases_the_officer_may_open(client, staff):
    own = received_request(staff["officer"])
    other_team = people("South locality")
    theirs = received_request(other_team["officer"], arrived="2026-01-05")
    for request in (own, theirs):
        request.case.child.first_name, request.case.child.last_name = "Maya", "Okafor"
        request.case.child.date_of_birth = D("2016-03-14")
        request.case.child.save()
    client.force_login(staff["officer"])
    page = post_new(client, new_request_data()).content.decode()
    assert f'href="/staff/cases/{own.case.reference}/"' in page
    assert theirs.case.reference in page
    assert f'href="/staff/cases/{theirs.case.reference}/"' not in page


def test_using_an_existing_child_with_an_open_request_explains_why_not(client, staff):
    request = received_request(staff["officer"])
    client.force_login(staff["officer"])
    response = post_existing_child(client, request.case.child)
    assert response.status_code == 200
    assert "already has an open request" in response.content.decode()
    assert AssessmentRequest.objects.count() == 1
    assert Case.objects.count() == 1


def test_a_request_for_a_child_whose_open_case_is_another_teams_goes_to_that_case(client, staff):
    south = people("South locality")
    theirs = received_request(south["officer"])
    services.request_withdraw(
        actor=south["officer"],
        request_id=theirs.pk,
        version=theirs.version,
        withdrawn_on=D("2026-01-06"),
        reason="Withdrawn.",
        today=D("2026-01-06"),
    )
    child = theirs.case.child
    client.force_login(staff["officer"])
    data = new_request_data(upn=child.upn)
    response = post_new(client, {**data, "step": "duplicates", "duplicate_choice": str(child.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("cases:caseload")
    assert AssessmentRequest.objects.filter(case=theirs.case).count() == 2


@pytest.mark.parametrize(
    ("next_address", "returns_to"),
    [
        ("{case}plan/", "{case}plan/"),  # a page of the same case: back there
        ("", "{case}"),  # nothing asked: the case page
        ("/staff/cases/SEN-999999/plan/", "{case}"),  # another case: ignored
        ("https://evil.example/{case}", "{case}"),  # another site: ignored
        ("//evil.example{case}", "{case}"),
    ],
)
def test_a_form_returns_to_the_page_of_the_case_it_was_opened_from(
    client, staff, next_address, returns_to
):
    request = received_request(staff["officer"])
    case_address = reverse("cases:case", kwargs={"reference": request.case.reference})
    next_address = next_address.format(case=case_address)
    returns_to = returns_to.format(case=case_address)
    client.force_login(staff["officer"])
    url = reverse(
        "cases:withdraw", kwargs={"reference": request.case.reference, "request_id": request.pk}
    )
    if next_address:
        url += "?" + urlencode({"next": next_address})
    with time_machine.travel(noon("2026-01-20"), tick=False):
        form_page = client.get(url)
        response = client.post(
            url,
            {
                "version": request.version,
                **date_data("withdrawn_on", D("2026-01-20")),
                "reason": "Moved away.",
            },
        )
    html = form_page.content.decode()
    assert f'href="{returns_to}" class="govuk-back-link"' in html
    assert f'<a class="govuk-link" href="{returns_to}">Cancel</a>' in html
    assert response.status_code == 302
    assert response["Location"] == returns_to
