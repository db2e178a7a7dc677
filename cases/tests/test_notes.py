"""Case notes and the contact log: recorded through the case gateway, never edited (a
correction is a new entry), searchable, audited without personal text, exported and erased."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.audit_events import audit_event
from cases.models import AuditEntry
from cases.models import CaseNote
from cases.models import NoteChangeRefused
from cases.models import RecordAccess
from cases.personal_data import erase_personal_data
from cases.personal_data import personal_data
from cases.roles import Role
from cases.tests.factories import UserFactory
from cases.tests.factories import contact_logged
from cases.tests.factories import people
from cases.tests.factories import received_request
from cases.tests.viewkit import date_data
from cases.tests.viewkit import post_existing_child
from tests.kit import D
from tests.kit import travel

pytestmark = pytest.mark.django_db

TODAY = D("2026-11-23")


def note(officer, case, *, text="Chased the school for the SENCo report.", on="2026-11-21"):
    return services.note_record(
        actor=officer, case=case, kind="note", text=text, happened_on=D(on), today=TODAY
    )


@pytest.fixture
def case(staff):
    return received_request(staff["officer"]).case


def notes_url(case, **query):
    from urllib.parse import urlencode

    url = reverse("cases:notes", kwargs={"reference": case.reference})
    return url + ("?" + urlencode(query) if query else "")


# --- the service ---------------------------------------------------------------------------------


def test_a_contact_records_who_when_how_and_what_was_said_and_is_audited_without_the_text(
    staff, case
):
    entry = contact_logged(staff["officer"], case, happened_at=datetime.time(9, 30))
    entry.refresh_from_db()
    assert (entry.kind, entry.method, entry.with_whom) == (
        "contact",
        "phone",
        "Rachel Okafor (mother)",
    )
    assert (entry.happened_on, entry.happened_at) == (D("2026-11-20"), datetime.time(9, 30))
    assert entry.recorded_by == staff["officer"]
    audit = AuditEntry.objects.get(action="contact.recorded")
    assert audit.case == case and audit.actor == staff["officer"]
    assert audit.text == "Recorded a contact by phone on 20 November 2026"
    assert "transport" not in str(audit.payload) and "Rachel" not in str(audit.payload)


def test_a_saved_note_is_never_changed_or_deleted(staff, case):
    entry = note(staff["officer"], case)
    entry.text = "Something else"
    with pytest.raises(NoteChangeRefused):
        entry.save()
    with pytest.raises(NoteChangeRefused):
        entry.delete()
    assert CaseNote.objects.get().text == "Chased the school for the SENCo report."


def test_a_correction_is_a_new_entry_that_names_the_one_it_corrects(staff, case):
    first = contact_logged(staff["officer"], case)
    fixed = services.note_record(
        actor=staff["officer"],
        case=case,
        kind="note",  # a correction keeps the kind of what it corrects
        method="email",
        with_whom="Rachel Okafor (mother)",
        text="Mum emailed (not phoned) about transport.",
        happened_on=D("2026-11-20"),
        corrects_id=first.pk,
        today=TODAY,
    )
    assert fixed.corrects == first and fixed.kind == "contact" and fixed.method == "email"
    first.refresh_from_db()
    assert first.text == "Mum phoned about transport."
    assert AuditEntry.objects.filter(action="note.corrected").get().text == (
        "Recorded a correction to the contact of 20 November 2026"
    )


def test_a_correction_of_another_cases_note_is_refused(staff, case):
    other = received_request(staff["officer"]).case
    theirs = note(staff["officer"], other)
    with pytest.raises(ValidationError, match="not on this case"):
        services.note_record(
            actor=staff["officer"],
            case=case,
            kind="note",
            text="x",
            happened_on=TODAY,
            corrects_id=theirs.pk,
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "contact", "method": "", "with_whom": "Mum"}, "Select how the contact was made"),
        ({"kind": "contact", "method": "fax", "with_whom": "Mum"}, "Select how"),
        (
            {"kind": "contact", "method": "email", "with_whom": " "},
            "Enter who the contact was with",
        ),
        ({"kind": "note", "text": "  "}, "Enter the note"),
        ({"kind": "note", "happened_on": D("2026-11-24")}, "must be today or in the past"),
    ],
)
def test_bad_entries_are_refused_with_a_message_a_person_understands(staff, case, fields, message):
    data = {"text": "Said things.", "happened_on": TODAY, **fields}
    with pytest.raises(ValidationError, match=message):
        services.note_record(actor=staff["officer"], case=case, today=TODAY, **data)
    assert not CaseNote.objects.exists()


def test_a_panel_member_and_another_team_cannot_write_notes(staff, case):
    south = people("South locality")
    for who in (staff["panel"], south["officer"]):
        with pytest.raises(PermissionDenied):
            note(who, case)
    assert not CaseNote.objects.exists()


# --- data protection -----------------------------------------------------------------------------


def test_notes_are_registered_so_erasure_blanks_what_was_said_and_with_whom(staff, case):
    [registered] = [item for item in personal_data() if item.model is CaseNote]
    assert registered.case_path == "case"
    contact_logged(staff["officer"], case)
    erase_personal_data([case])
    entry = CaseNote.objects.get()
    assert (entry.text, entry.with_whom, entry.method) == ("", "", "phone")
    assert audit_event("contact.recorded").personal == ()


def test_the_subject_access_export_holds_the_notes_and_contacts(staff, case):
    import io
    import json
    import zipfile

    from send_portal.dataprotection import services as dp_services

    contact_logged(staff["officer"], case)
    _, content = dp_services.subject_access_export(actor=staff["manager"], child=case.child)
    records = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("records.json"))
    [held] = [c["records"] for c in records["cases"] if c["reference"] == case.reference]
    [row] = held["notes and contacts"]
    assert row["text"] == "Mum phoned about transport."
    assert row["with_whom"] == "Rachel Okafor (mother)"


# --- the pages ---------------------------------------------------------------------------------


def test_the_officer_records_a_contact_from_the_form_and_lands_on_the_log(client, staff, case):
    client.force_login(staff["officer"])
    url = reverse("cases:contact_new", kwargs={"reference": case.reference})
    with travel("2026-11-23"):
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "method": "meeting",
                "with_whom": "Ms Jones (SENCo)",
                "text": "Agreed to send the report by Friday.",
                "happened_at": "14:15",
                **date_data("happened_on", D("2026-11-23")),
            },
        )
    assert response.status_code == 302 and response["Location"] == notes_url(case)
    entry = CaseNote.objects.get()
    assert (entry.method, entry.happened_at) == ("meeting", datetime.time(14, 15))
    page = client.get(notes_url(case)).content.decode()
    assert "Meeting with Ms Jones (SENCo)" in page
    assert "Agreed to send the report by Friday." in page


def test_the_form_shows_the_errors_and_saves_nothing(client, staff, case):
    client.force_login(staff["officer"])
    url = reverse("cases:contact_new", kwargs={"reference": case.reference})
    with travel("2026-11-23"):
        response = client.post(url, {"text": "", **date_data("happened_on", None)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select how the contact was made" in page and "Enter what was said" in page
    assert not CaseNote.objects.exists()


def test_correcting_from_the_log_keeps_the_original_marked_as_corrected(client, staff, case):
    first = note(staff["officer"], case, text="Called the GP.")
    client.force_login(staff["officer"])
    url = reverse("cases:note_correct", kwargs={"reference": case.reference, "note_id": first.pk})
    with travel("2026-11-23"):
        form = client.get(url).content.decode()
        assert "Called the GP." in form  # shown, and offered as the starting text
        client.post(
            url, {"text": "Called the health visitor.", **date_data("happened_on", D("2026-11-21"))}
        )
    page = client.get(notes_url(case)).content.decode()
    assert "Corrected by a later entry" in page
    assert "Corrects" in page and "Called the health visitor." in page and "Called the GP." in page
    assert CaseNote.objects.count() == 2


def test_the_log_is_searched_by_words_kind_method_and_dates(client, staff, case):
    officer = staff["officer"]
    contact_logged(officer, case, text="Transport to school discussed", on="2026-11-02")
    contact_logged(officer, case, text="Transport again", method="email", on="2026-11-16")
    note(officer, case, text="Transport panel booked", on="2026-11-18")
    note(officer, case, text="Nothing about buses", on="2026-11-19")
    client.force_login(officer)

    def shown(**query):
        page = client.get(notes_url(case, **query)).content.decode()
        return sorted(
            t
            for t in (
                "Transport to school discussed",
                "Transport again",
                "Transport panel booked",
                "Nothing about buses",
            )
            if t in page
        )

    assert len(shown()) == 4
    assert shown(q="transport") == [
        "Transport again",
        "Transport panel booked",
        "Transport to school discussed",
    ]
    assert shown(q="transport", kind="note") == ["Transport panel booked"]
    assert shown(method="email") == ["Transport again"]
    dates = {**date_data("date_from", D("2026-11-10")), **date_data("date_to", D("2026-11-18"))}
    assert shown(**dates) == ["Transport again", "Transport panel booked"]


def test_the_log_is_paginated_and_its_query_count_does_not_grow(client, staff, case):
    officer = staff["officer"]
    client.force_login(officer)
    note(officer, case)
    with CaptureQueriesContext(connection) as few:
        client.get(notes_url(case))
    for n in range(45):
        contact_logged(officer, case, text=f"Entry number {n}", on="2026-11-01")
    with CaptureQueriesContext(connection) as many:
        page = client.get(notes_url(case)).content.decode()
    assert len(many) == len(few)
    assert "Showing 1 to 20 of 46 entries." in page
    assert "page=3" in page
    assert RecordAccess.objects.filter(case=case, what="viewed notes and contacts").count() == 2


def test_a_panel_member_reads_the_log_but_is_offered_no_way_to_write(client, staff, case):
    note(staff["officer"], case, text="Visible to the panel")
    client.force_login(staff["panel"])
    page = client.get(notes_url(case)).content.decode()
    assert "Visible to the panel" in page
    assert "Record a contact" not in page and "Correct<" not in page
    url = reverse("cases:note_new", kwargs={"reference": case.reference})
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x"}).status_code == 403


def test_strangers_other_teams_and_families_are_refused_the_log(client, staff, case):
    note(staff["officer"], case, text="Private")
    urls = [
        notes_url(case),
        reverse("cases:note_new", kwargs={"reference": case.reference}),
        reverse("cases:contact_new", kwargs={"reference": case.reference}),
    ]
    for user in (people("South locality")["officer"], UserFactory(role=Role.PARENT)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (403, 404), (user.role, url)
            assert client.post(url, {"text": "x"}).status_code in (403, 404, 405), (user.role, url)
    client.logout()
    assert client.get(urls[0]).status_code == 302
    assert CaseNote.objects.count() == 1


def test_the_case_page_links_to_the_log_and_the_contact_form(client, staff, case):
    client.force_login(staff["officer"])
    page = client.get(reverse("cases:case", kwargs={"reference": case.reference})).content.decode()
    assert f'href="{notes_url(case)}"' in page
    assert f'href="/staff/cases/{case.reference}/contacts/new/"' in page


def test_the_duplicate_request_page_links_to_the_contact_form_of_the_case_it_names(client, staff):
    request = received_request(staff["officer"])
    client.force_login(staff["officer"])
    response = post_existing_child(client, request.case.child)
    page = response.content.decode()
    assert "Record this contact on that request instead." in page
    assert f'href="/staff/cases/{request.case.reference}/contacts/new/"' in page
