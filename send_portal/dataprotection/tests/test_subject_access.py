"""Subject access exports: what the ZIP holds for a child and for a parent or carer, the audit
row written with it, who may make one, and a query count that does not grow with the records."""

import io
import json
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from cases.models import AlternativePerson
from cases.models import AlternativeRoute
from cases.models import AuditEntry
from cases.models import Document
from cases.models import DocumentKind
from cases.models import Notification
from cases.models import RecordAccess
from cases.models import TimeLimitException
from cases.personal_data import personal_data
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import UserFactory
from cases.tests.trail_kit import legacy_audit_entry
from cases.tests.viewkit import pdf
from send_portal.dataprotection import services

from .kit import DOCUMENT_BYTES
from .kit import D
from .kit import dp_url
from .kit import full_case
from .kit import travel

pytestmark = pytest.mark.django_db

# One query per model registered with personal data (each app adds its own), and a fixed rest.
SAR_BUDGET_FIXED = 18


@pytest.fixture
def bundle(staff):
    return full_case(staff)


def unzip(content: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    return archive


def load(archive, name):
    return json.loads(archive.read(name))


def test_child_export_holds_every_record(staff, bundle):
    case, document = bundle["case"], bundle["document"]
    AlternativePerson.objects.create(
        child=bundle["child"],
        route=AlternativeRoute.DEPUTY,
        full_name="Pat Deputy",
        decisions="Where to study",
        capacity_assessed_on=D("2026-01-05"),
        recorded_by=staff["officer"],
        recorded_on=D("2026-01-06"),
    )
    filename, content = services.subject_access_export(
        actor=staff["manager"], child=bundle["child"]
    )
    assert filename.startswith(f"subject-access-{case.reference}-child-")
    assert filename.endswith(".zip")
    archive = unzip(content)
    names = sorted(archive.namelist())
    ref = case.reference
    records = load(archive, "records.json")
    [case_row] = records["cases"]
    held = case_row["records"]
    versions = held["plan versions"]
    doc_path = f"documents/{ref}/document-{document.pk:06d}-ep-report-final.pdf"
    assert names == sorted(
        [
            "README.txt",
            "records.json",
            "audit.json",
            "access_log.json",
            doc_path,
            *(v["pdf_in_export"] for v in versions),
            # the decisions' letters, as sent (case documents)
            *(
                f"documents/{ref}/document-{letter.pk:06d}-{letter.original_name}"
                for letter in Document.objects.filter(case=case, kind=DocumentKind.DECISION_LETTER)
            ),
        ]
    )
    # the uploaded file, byte for byte; the plan PDFs as stored
    assert archive.read(doc_path) == DOCUMENT_BYTES
    assert [v["number"] for v in versions] == [1, 2]
    assert all(v["pdf_in_export"].startswith(f"documents/{ref}/planversion-") for v in versions)
    assert archive.read(versions[1]["pdf_in_export"]).startswith(b"%PDF")

    assert records["schema"] == 2
    assert records["child"]["first_name"] == "Maya"
    assert [p["full_name"] for p in records["acting_for_the_young_person"]] == ["Pat Deputy"]
    assert records["child"]["last_name"] == "Okafor"
    assert records["child"]["date_of_birth"] == "2018-03-14"
    assert records["child"]["primary_need_label"] == "Autistic spectrum disorder"
    [family] = records["family_members"]
    assert family["full_name"] == "Rachel Okafor"
    assert family["phone"] == "07700 900123"
    assert family["has_portal_account"] is True
    assert "user" not in family

    assert case_row["reference"] == ref
    # the child's names kept for search are the child's record's own, not the case's
    assert "search_names" not in case_row
    [request] = held["assessment requests"]
    assert request["reason"] == "Needs not met at SEN support."
    assert request["state_label"] == "Final plan issued"
    decisions = {d["kind"]: d for d in held["panel decisions"]}
    assert decisions["assess"]["agreed"] is True
    assert decisions["assess"]["reason"] == "Agreed."
    assert decisions["issue"]["reason"] == "A plan is necessary."
    assert decisions["issue"]["decided_on"] == "2026-03-30"
    assert decisions["issue"]["decided_by"] == staff["panel"].full_name
    assert decisions["issue"]["request"] == request["id"]
    assert held["advice requests"][0]["addressee_name"] == "Ms Jones"
    assert held["time limit exceptions"][0]["reason"] == "Family bereavement"
    assert {d["kind"] for d in held["deadlines"]} >= {"decide_to_assess", "final_plan"}
    # the uploaded report (the decisions' letters are case documents too)
    [doc_row] = [d for d in held["documents"] if d["kind"] != DocumentKind.DECISION_LETTER]
    assert len(held["documents"]) > 1
    assert doc_row["title"] == "Educational psychologist's report"
    assert doc_row["original_name"] == "EP report (final).pdf"
    assert doc_row["file_in_export"] == doc_path

    [plan] = held["plans"]
    assert plan["views"] == "Maya loves drawing and wants friends."
    final = versions[1]
    assert final["kind"] == "final"
    assert final["plan"] == plan["id"]
    assert final["content"]["sections"]["A"]["aspirations"] == "To be a vet."
    assert final["content"]["sections"]["F"][0]["what"] == "Speech and language therapy"
    need = held["plan needs"][0]
    assert need["description"] == "Maya finds it hard to follow spoken instructions."
    assert held["plan outcomes"][0]["needs"] == [need["id"]]
    assert len(held["annual reviews"]) == 1  # the first annual review, scheduled
    assert held["personal budget requests"][0]["details"] == "Direct payment for a tutor"
    [notification] = held["notifications"]
    assert notification["body"].startswith("Dear Rachel")

    audit = load(archive, "audit.json")
    actions = [e["action"] for e in audit]
    assert "child.updated" in actions  # about the child's record, not on a case
    assert "plan.final_issued" in actions
    assert all(set(e) >= {"at", "who", "action", "summary", "changes"} for e in audit)
    access = load(archive, "access_log.json")
    assert access[0]["what"] == "downloaded document Educational psychologist's report"
    assert access[0]["who"] == staff["officer"].full_name

    readme = archive.read("README.txt").decode()
    assert "Demo County Council" in readme
    assert staff["manager"].full_name in readme
    assert "records.json" in readme and "access_log.json" in readme
    assert "Maya Okafor" in readme
    assert "password" not in content.decode("latin-1").lower().replace("no password", "")


def test_child_export_is_audited_on_each_case_in_the_same_transaction(staff, bundle):
    case = bundle["case"]
    before = AuditEntry.objects.filter(action="sar.exported").count()
    services.subject_access_export(actor=staff["manager"], child=bundle["child"])
    entry = AuditEntry.objects.get(action="sar.exported")
    assert before == 0
    assert entry.case == case
    assert entry.actor == staff["manager"]
    assert entry.text == "Subject access request: exported everything held about the child"
    assert "Maya" not in entry.text
    assert RecordAccess.objects.filter(
        case=case, user=staff["manager"], what="exported for a subject access request"
    ).exists()


def test_a_failed_export_leaves_no_audit_row(staff, bundle, monkeypatch):
    from send_portal.dataprotection import subject_access

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(subject_access, "write_zip", broken)
    with pytest.raises(OSError):
        services.subject_access_export(actor=staff["manager"], child=bundle["child"])
    assert not AuditEntry.objects.filter(action="sar.exported").exists()


def test_a_file_missing_from_storage_is_listed_not_fatal(staff, bundle):
    document = bundle["document"]
    document.file.storage.delete(document.file.name)
    _, content = services.subject_access_export(actor=staff["manager"], child=bundle["child"])
    archive = unzip(content)
    missing = f"documents/{bundle['case'].reference}/document-{document.pk:06d}-ep-report-final.pdf"
    assert missing not in archive.namelist()
    assert missing in archive.read("README.txt").decode()
    records = load(archive, "records.json")
    # the one file missing (the letters of the decisions are there)
    documents = records["cases"][0]["records"]["documents"]
    assert [d["file_in_export"] for d in documents].count(None) == 1


def test_family_member_export_holds_their_own_data_and_no_password(staff, bundle):
    parent, parent_user = bundle["parent"], bundle["parent_user"]
    filename, content = services.subject_access_export(actor=staff["manager"], family_member=parent)
    assert filename.startswith(f"subject-access-parent-carer-{parent.pk}-")
    archive = unzip(content)
    assert sorted(archive.namelist()) == [
        "README.txt",
        "access_log.json",
        "audit.json",
        "records.json",
    ]
    records = load(archive, "records.json")
    [details] = records["details"]
    assert details["full_name"] == "Rachel Okafor"
    assert details["address"] == "1 High Street, Demo Town"
    assert details["child_case_references"] == [bundle["case"].reference]
    assert records["portal_account"] == {
        "email": parent_user.email,
        "full_name": "Rachel Okafor",
        "role": "Parent or carer",
        "is_active": True,
        "date_joined": records["portal_account"]["date_joined"],
        "last_login": None,
    }
    [notification] = records["notifications"]
    assert notification["subject"] == "The draft plan for Maya"
    [child] = records["children"]
    assert child == {
        "case_references": [bundle["case"].reference],
        "relationship": "Mother",
        "parental_responsibility": True,
        "note": child["note"],
    }
    # the child's own records are not in it, only referenced
    text = archive.read("records.json").decode()
    assert "Maya loves drawing" not in text
    assert "Needs not met at SEN support" not in text
    # never a password hash, wherever it might hide
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert parent_user.password not in everything
    assert "md5$" not in everything and "pbkdf2" not in everything
    assert "password_hash" not in everything and '"password"' not in everything
    assert "decided case by case" in archive.read("README.txt").decode()

    entry = AuditEntry.objects.get(action="sar.exported")
    assert entry.case == bundle["case"]
    assert entry.object_id == parent.pk
    assert "Rachel" not in entry.text


def test_only_a_manager_may_export(staff, bundle):
    for user in (staff["officer"], staff["panel"], UserFactory(role=Role.PARENT)):
        with pytest.raises(PermissionDenied):
            services.subject_access_export(actor=user, child=bundle["child"])
    assert not AuditEntry.objects.filter(action="sar.exported").exists()


# --- the page ------------------------------------------------------------------------------


def test_find_by_reference_then_download(client, staff, bundle):
    case = bundle["case"]
    client.force_login(staff["manager"])
    url = dp_url("subject_access")
    with travel("2026-11-23"):
        page = client.get(url, {"q": case.reference.lower()})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Maya Okafor (the child or young person)" in html
    assert "Rachel Okafor (mother)" in html

    with travel("2026-11-23"):
        response = client.post(url, {"q": case.reference, "subject": f"child:{bundle['child'].pk}"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f'filename="subject-access-{case.reference}-child-20261123-1200.zip"'
        in (response["Content-Disposition"])
    )
    assert response["Cache-Control"] == "private, no-store"
    archive = unzip(b"".join(response.streaming_content))
    assert "records.json" in archive.namelist()
    assert AuditEntry.objects.filter(action="sar.exported", case=case).count() == 1


def test_find_a_parent_by_email(client, staff, bundle):
    client.force_login(staff["manager"])
    url = dp_url("subject_access")
    page = client.get(url, {"q": bundle["parent_user"].email.upper()})
    assert "Rachel Okafor (mother)" in page.content.decode()
    response = client.post(
        url, {"q": bundle["parent_user"].email, "subject": f"family:{bundle['parent'].pk}"}
    )
    assert response["Content-Type"] == "application/zip"
    archive = unzip(b"".join(response.streaming_content))
    assert load(archive, "records.json")["subject"] == "parent or carer"


def test_a_subject_from_another_search_is_refused(client, staff, bundle):
    """The choice must be one of the people the search found: no exporting by guessed id."""
    other = full_case(staff, first_name="Leo", last_name="Grant")
    client.force_login(staff["manager"])
    response = client.post(
        dp_url("subject_access"),
        {"q": bundle["case"].reference, "subject": f"child:{other['child'].pk}"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()
    assert not AuditEntry.objects.filter(action="sar.exported").exists()


def test_lookup_errors(client, staff, bundle):
    client.force_login(staff["manager"])
    url = dp_url("subject_access")
    assert "No case has that reference" in client.get(url, {"q": "SEN-999999"}).content.decode()
    assert "No parent or carer has that email address" in (
        client.get(url, {"q": "nobody@example.net"}).content.decode()
    )
    page = client.get(url, {"q": ""}).content.decode()
    assert "Enter a case reference or an email address" in page
    assert "<title>Error: " in page
    page = client.post(url, {"q": bundle["case"].reference}).content.decode()
    assert "Select whose information the request is for" in page


def test_subject_access_page_refuses_all_but_managers(client, staff, bundle):
    url = dp_url("subject_access")
    data = {"q": bundle["case"].reference, "subject": f"child:{bundle['child'].pk}"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for user in (staff["officer"], staff["panel"], bundle["parent_user"]):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert not AuditEntry.objects.filter(action="sar.exported").exists()


def count_export_queries(staff, child) -> int:
    # Cold content-type cache each time: whether an earlier test in this process warmed it must
    # not change the count.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        services.subject_access_export(actor=staff["manager"], child=child)
    return len(ctx.captured_queries)


def test_export_query_count_does_not_grow_with_the_records(staff, bundle):
    child, case = bundle["child"], bundle["case"]
    few = count_export_queries(staff, child)
    for i in range(15):
        case_services.document_upload(
            actor=staff["officer"],
            case=case,
            upload=pdf(f"doc-{i}.pdf"),
            kind="other",
            title=f"D{i}",
        )
        TimeLimitException.objects.create(
            request=bundle["request"],
            ground="away",
            starts_on=bundle["request"].received_on,
            reason=f"Away {i}",
            recorded_by=staff["officer"],
        )
        Notification.objects.create(
            dedupe_key=f"many-{i}",
            kind="reminder",
            to_address="x@example.net",
            case=case,
            subject="Reminder",
            body="A reminder.",
        )
        legacy_audit_entry(actor=None, action="reminder.sent", summary=f"Reminder {i}", case=case)
    many = count_export_queries(staff, child)
    print(f"\nsubject access export queries: {few} few, {many} with 15 more of each record")
    assert few == many
    assert many <= SAR_BUDGET_FIXED + len(personal_data())


SAR_PAGE_BUDGET = 6


def test_lookup_page_query_count_does_not_grow(client, staff, bundle):
    client.force_login(staff["manager"])
    url = dp_url("subject_access")

    def count(q):
        with travel("2026-11-23"), CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"q": q}).status_code == 200
        return len(ctx.captured_queries)

    count("")  # the session's first request also stores when it was last used
    few_case, few_email = count(bundle["case"].reference), count(bundle["parent_user"].email)
    for _ in range(10):
        FamilyMemberFactory(child=bundle["child"], email=bundle["parent_user"].email)
        other = ChildFactory()
        CaseFactory(child=other)
        FamilyMemberFactory(child=other, email=bundle["parent_user"].email)
    many_case, many_email = count(bundle["case"].reference), count(bundle["parent_user"].email)
    print(
        f"\nsubject access page queries: by reference {few_case} -> {many_case}, "
        f"by email {few_email} -> {many_email} (11 more family members)"
    )
    assert (few_case, few_email) == (many_case, many_email)
    assert max(many_case, many_email) <= SAR_PAGE_BUDGET
