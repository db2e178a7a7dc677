"""Erasure at the end of retention: what goes (files, personal fields, free text, the personal
data in the audit trail), what stays (the statistics), the one audit row, the refusals, and the
review page (managers only)."""

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from cases.audit_events import audit_event
from cases.dataprotection import DOCUMENT_DOWNLOAD_REDACTED
from cases.dataprotection import REDACTED
from cases.models import AdviceRequest
from cases.models import AlternativePerson
from cases.models import AlternativeRoute
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import Deadline
from cases.models import Document
from cases.models import DocumentKind
from cases.models import FamilyMember
from cases.models import Notification
from cases.models import PanelDecision
from cases.models import RecordAccess
from cases.models import TimeLimitException
from cases.models import User
from cases.permissions import case_grant_portal_access
from cases.permissions import portal_cases
from cases.roles import Role
from cases.tests.factories import UserFactory
from cases.tests.viewkit import pdf
from ehcp.models import Cessation
from ehcp.models import PersonalBudgetRequest
from ehcp.models import Plan
from ehcp.models import PlanNeed
from ehcp.models import PlanProvision
from ehcp.models import PlanVersion
from send_portal.dataprotection import services
from send_portal.dataprotection.services import ERASED_CONTENT

from .kit import D
from .kit import cease
from .kit import dp_url
from .kit import full_case
from .kit import old_child
from .kit import travel

pytestmark = pytest.mark.django_db

TODAY = D("2026-11-23")
PERSONAL = ("Maya", "Okafor", "Rachel", "07700", "High Street", "Ms Jones", "psychologist")
# Rows that are not the child's record: accounts (the parent's own account stays), and Django's
# and the libraries' own tables.
NOT_THE_RECORD = {"cases.user", "auth.group", "auth.permission", "contenttypes.contenttype"}


@pytest.fixture
def old(staff):
    """Maya, born 10 January 1994 (31 on 10 January 2025), her plan ceased 2 September 2026."""
    bundle = full_case(staff, born="1994-01-10")
    case_grant_portal_access(user=bundle["parent_user"], case=bundle["case"])
    # Someone outside the family with access too: the young person's own account.
    bundle["own_account"] = UserFactory(role=Role.YOUNG_PERSON)
    case_grant_portal_access(user=bundle["own_account"], case=bundle["case"])
    # ...and the parent recorded as acting for her while she lacked capacity.
    AlternativePerson.objects.create(
        child=bundle["child"],
        route=AlternativeRoute.PARENT,
        full_name="Rachel Okafor",
        email="rachel@example.net",
        decisions="Where to study",
        capacity_assessed_on=D("2012-02-01"),
        recorded_by=staff["officer"],
        recorded_on=D("2012-02-02"),
    )
    cease(staff["officer"], bundle["plan"])
    return bundle


def stored_names(bundle) -> list[str]:
    names = [bundle["document"].file.name]
    names += [v.pdf.name for v in PlanVersion.objects.filter(plan=bundle["plan"])]
    return names


def everything_but_accounts() -> str:
    """Every row of every table that holds the child's record, serialised."""
    out = []
    for model in apps.get_models():
        if model._meta.label_lower in NOT_THE_RECORD or not model._meta.managed:
            continue
        if model._meta.app_label in {"sessions", "admin", "axes"}:
            continue
        out.append(serializers.serialize("json", model._default_manager.all()))
    return "\n".join(out)


def statistics(case) -> dict:
    """What an SEN2-style return counts."""
    request = AssessmentRequest.objects.get(case=case)
    plan = Plan.objects.get(case=case)
    return {
        "case": Case.objects.filter(pk=case.pk)
        .values("reference", "stage", "opened_on", "closed_on")
        .get(),
        "child": Child.objects.filter(pk=case.child_id)
        .values("sex", "primary_need", "secondary_need")
        .get(),
        "request": AssessmentRequest.objects.filter(pk=request.pk)
        .values(
            "source",
            "channel",
            "received_on",
            "state",
            "assess_decided_on",
            "issue_decided_on",
            "draft_issued_on",
            "final_issued_on",
        )
        .get(),
        "decisions": list(
            PanelDecision.objects.filter(request=request).values_list(
                "kind", "agreed", "decided_on"
            )
        ),
        "advice": list(
            AdviceRequest.objects.filter(request=request).values_list(
                "kind", "due_on", "received_on"
            )
        ),
        "exceptions": list(
            TimeLimitException.objects.filter(request=request).values_list("ground", "starts_on")
        ),
        "deadlines": list(
            Deadline.objects.filter(case=case)
            .order_by("id")
            .values_list("kind", "due_on", "met_on", "cancelled")
        ),
        "plan": Plan.objects.filter(pk=plan.pk)
        .values(
            "state",
            "first_issued_on",
            "ceased_on",
            "cease_reason",
            "placement_setting",
            "budget_education",
        )
        .get(),
        "needs": list(PlanNeed.objects.filter(plan=plan).values_list("section", "area")),
        "provision": list(
            PlanProvision.objects.filter(plan=plan).values_list("section", flat=True)
        ),
        "versions": list(
            PlanVersion.objects.filter(plan=plan).values_list("number", "kind", "issued_on")
        ),
        "cessation": list(
            Cessation.objects.filter(plan=plan).values_list("reason", "state", "ceased_on")
        ),
        "budget_requests": list(
            PersonalBudgetRequest.objects.filter(case=case).values_list("requested_on", "decision")
        ),
        "notifications": list(Notification.objects.filter(case=case).values_list("kind", "status")),
        "audit_entries": AuditEntry.objects.filter(case=case).count(),
    }


def test_erasure_removes_personal_data_and_files_and_keeps_statistics(staff, old):
    case, child, plan = old["case"], old["child"], old["plan"]
    files = stored_names(old)
    storage = old["document"].file.storage
    # the uploaded document, the plan's PDF and version, and the decisions' letters
    letters = Document.objects.filter(case=case, kind=DocumentKind.DECISION_LETTER).count()
    assert letters and all(storage.exists(name) for name in files) and len(files) == 3
    before = statistics(case)
    assert any(word in everything_but_accounts() for word in PERSONAL)

    result = services.child_erase(
        actor=staff["manager"], child=child, reason="Past the retention schedule", today=TODAY
    )

    assert result.references == [case.reference]
    assert result.files_deleted == 3 + letters
    assert result.family_members_deleted == 1
    assert not any(storage.exists(name) for name in files)

    child.refresh_from_db()
    assert (child.first_name, child.last_name, child.preferred_name) == ("Erased", "Erased", "")
    assert (child.upn, child.uln, child.nhs_number, child.postcode) == ("", "", "", "")
    assert (child.address_line_1, child.address_line_2, child.town) == ("", "", "")
    assert child.date_of_birth == D("1994-01-01")  # the year is kept for statistics
    assert child.current_setting is None
    assert not FamilyMember.objects.filter(child=child).exists()
    assert not Document.objects.filter(case=case).exists()
    assert User.objects.filter(pk=old["parent_user"].pk).exists()  # their own account stays
    assert case not in portal_cases(old["parent_user"])  # but not their access to the case
    assert case not in portal_cases(old["own_account"])  # nor anyone else's
    assert not AlternativePerson.objects.filter(child=child).exists()

    request = AssessmentRequest.objects.get(case=case)
    assert (request.requester_name, request.reason, request.assess_reason) == ("Erased", "", "")
    assert set(PanelDecision.objects.filter(request=request).values_list("reason", flat=True)) == {
        ""
    }
    assert set(
        AdviceRequest.objects.filter(request=request).values_list("addressee_name", flat=True)
    ) == {"Erased"}
    assert set(Deadline.objects.filter(case=case).values_list("label", flat=True)) == {""}
    plan.refresh_from_db()
    assert (plan.views, plan.interests, plan.aspirations) == ("", "", "")
    for version in PlanVersion.objects.filter(plan=plan):
        assert version.content == ERASED_CONTENT
        assert not version.pdf
    notification = Notification.objects.get(case=case)
    assert (notification.body, notification.to_address, notification.recipient) == ("", "", None)

    # Nothing anywhere in the record names anyone any more.
    remaining = everything_but_accounts()
    for word in PERSONAL:
        assert word not in remaining, word

    # The statistics are untouched; the audit trail has one more entry.
    after = statistics(case)
    assert after.pop("audit_entries") == before.pop("audit_entries") + 1
    assert after == before


def test_erasure_redacts_the_audit_trail_and_writes_one_entry(staff, old):
    case, child = old["case"], old["child"]
    ids = set(AuditEntry.objects.values_list("pk", flat=True))
    letters = Document.objects.filter(case=case, kind=DocumentKind.DECISION_LETTER).count()
    services.child_erase(actor=staff["manager"], child=child, reason="Past retention", today=TODAY)

    entry = AuditEntry.objects.exclude(pk__in=ids).get()
    assert entry.action == "child.erased"
    assert entry.actor == staff["manager"]
    assert entry.case == case
    assert entry.content_type.model == "child" and entry.object_id == child.pk
    assert case.reference in entry.text and "Past retention" in entry.text
    assert entry.changes["cases"] == [None, [case.reference]]
    assert entry.changes["files_deleted"] == [None, 3 + letters]  # and the decisions' letters

    kept = AuditEntry.objects.filter(pk__in=ids)
    assert kept.count() == len(ids)  # nothing deleted from the trail
    # Rows written before events were typed (the kit's one): the summary is replaced wholesale.
    assert set(kept.exclude(summary="").values_list("summary", flat=True)) == {
        "Details erased with the child's record on 23 November 2026"
    }
    # Typed rows: the personal payload fields are blanked by name; the sentence still reads.
    for row in kept.filter(summary=""):
        for field in audit_event(row.action).personal:
            assert row.payload[field] == "[erased]", (row.action, field)
        assert "Maya" not in row.text and "Okafor" not in row.text and "Rachel" not in row.text
    received = kept.get(action="request.received")
    assert received.text.startswith("Request for assessment received 5 January 2026 by ")
    assert received.text.endswith(" from [erased]")
    assert kept.filter(action="plan.final_issued", actor=staff["officer"]).exists()
    changed = kept.get(action="child.updated")
    assert changed.changes == {"postcode": [REDACTED, REDACTED]}
    received = kept.get(action="request.received")
    assert received.changes["received_on"] == [None, "2026-01-05"]  # dates are statistics
    assert RecordAccess.objects.filter(case=case, what=DOCUMENT_DOWNLOAD_REDACTED).count() == 1


def test_a_storage_failure_erases_nothing(staff, old, monkeypatch):
    storage = old["document"].file.storage

    def broken(name):
        raise OSError("storage unavailable")

    monkeypatch.setattr(storage, "delete", broken)
    with pytest.raises(OSError):
        services.child_erase(actor=staff["manager"], child=old["child"], reason="x", today=TODAY)
    old["child"].refresh_from_db()
    assert old["child"].first_name == "Maya"
    assert FamilyMember.objects.filter(child=old["child"]).exists()
    assert not AuditEntry.objects.filter(action="child.erased").exists()
    monkeypatch.undo()
    # run again: it completes
    result = services.child_erase(
        actor=staff["manager"], child=old["child"], reason="x", today=TODAY
    )
    assert result.references == [old["case"].reference]


def test_refused_before_the_end_of_retention(staff, old):
    with pytest.raises(ValidationError) as refused:
        services.child_erase(
            actor=staff["manager"], child=old["child"], reason="Too early", today=D("2025-01-10")
        )
    assert refused.value.messages == [
        "This record is kept until 10 January 2025 under the retention rules: "
        "it cannot be erased before then."
    ]
    assert Child.objects.get(pk=old["child"].pk).first_name == "Maya"
    # the day after the 31st birthday it could be (the case was still open then, though)


def test_refused_with_an_open_case(staff):
    bundle = full_case(staff, born="1994-01-10")  # the plan is in force: the case is open
    with pytest.raises(ValidationError) as refused:
        services.child_erase(actor=staff["manager"], child=bundle["child"], reason="x", today=TODAY)
    assert refused.value.messages == [
        f"Case {bundle['case'].reference} is open (plan maintained): "
        "a record with an open case cannot be erased."
    ]
    assert not AuditEntry.objects.filter(action="child.erased").exists()


def test_refused_twice_and_for_anyone_but_a_manager(staff, old):
    for user in (staff["officer"], staff["panel"], UserFactory(role=Role.PARENT)):
        with pytest.raises(PermissionDenied):
            services.child_erase(actor=user, child=old["child"], reason="x", today=TODAY)
    with pytest.raises(ValidationError):
        services.child_erase(actor=staff["manager"], child=old["child"], reason=" ", today=TODAY)
    services.child_erase(actor=staff["manager"], child=old["child"], reason="x", today=TODAY)
    with pytest.raises(ValidationError) as again:
        services.child_erase(actor=staff["manager"], child=old["child"], reason="x", today=TODAY)
    assert again.value.messages == ["This record has already been erased."]
    assert AuditEntry.objects.filter(action="child.erased").count() == 1


# --- the review page -----------------------------------------------------------------------


def test_review_page_shows_what_goes_then_erases(client, staff, old):
    child, case = old["child"], old["case"]
    client.force_login(staff["manager"])
    url = dp_url("erase", child_id=child.pk)
    with travel(TODAY):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Maya Okafor" in html and "10 January 1994" in html
    assert "Kept until" in html and "10 January 2025" in html
    assert "1 parent or carer" in html and "Rachel Okafor" in html
    letters = Document.objects.filter(case=case, kind=DocumentKind.DECISION_LETTER).count()
    # the uploaded document and the decisions' letters
    assert f"{1 + letters} documents and their stored files" in html
    assert "2 issued plan versions and 2 stored plan PDFs" in html
    assert "no legal hold (complaint, appeal, litigation, safeguarding)" in html
    assert RecordAccess.objects.filter(
        case=case, user=staff["manager"], what="reviewed the record for erasure"
    ).exists()

    with travel(TODAY):
        response = client.post(url, {"reason": "Past retention"})
    assert response.status_code == 200
    assert "Confirm that you have checked the retention schedule" in response.content.decode()
    assert Child.objects.get(pk=child.pk).first_name == "Maya"

    with travel(TODAY):
        response = client.post(url, {"confirm": "on", "reason": "Past retention"})
    assert response.status_code == 302
    assert response["Location"] == dp_url("retention")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"The personal data of child record {child.pk} (case {case.reference}) has been erased"
    ]
    assert Child.objects.get(pk=child.pk).first_name == "Erased"
    assert AuditEntry.objects.filter(action="child.erased", actor=staff["manager"]).count() == 1

    with travel(TODAY):
        page = client.get(url)
    assert "This record has already been erased." in page.content.decode()
    assert 'name="reason"' not in page.content.decode()


def test_review_page_refuses_a_record_still_kept(client, staff):
    young = old_child("2005-05-05")
    still_open = old_child("1990-01-01", stage=CaseStage.ASSESSMENT, closed_on=None)
    client.force_login(staff["manager"])
    for child, why in ((young, "kept until 5 May 2036"), (still_open, "is open (assessment)")):
        url = dp_url("erase", child_id=child.pk)
        with travel(TODAY):
            page = client.get(url)
            posted = client.post(url, {"confirm": "on", "reason": "x"})
        assert "This record cannot be erased." in page.content.decode()
        assert why in page.content.decode()
        assert 'name="reason"' not in page.content.decode()
        assert posted.status_code == 409
        assert why in posted.content.decode()
    assert not AuditEntry.objects.filter(action="child.erased").exists()
    assert Child.objects.filter(first_name="Erased").count() == 0


def test_review_page_is_for_managers_only(client, staff, old):
    url = dp_url("erase", child_id=old["child"].pk)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.post(url, {"confirm": "on", "reason": "x"})["Location"].startswith(
        "/accounts/login/"
    )
    for user in (staff["officer"], staff["panel"], old["parent_user"]):
        client.force_login(user)
        with travel(TODAY):
            assert client.get(url).status_code == 403
            assert client.post(url, {"confirm": "on", "reason": "x"}).status_code == 403
    client.force_login(staff["manager"])
    assert client.get(dp_url("erase", child_id=999999)).status_code == 404
    assert Child.objects.get(pk=old["child"].pk).first_name == "Maya"


REVIEW_BUDGET = 16


def test_review_page_query_count_does_not_grow(client, staff, old):
    client.force_login(staff["manager"])
    url = dp_url("erase", child_id=old["child"].pk)

    def count():
        with travel(TODAY), CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()  # the session's first request also stores when it was last used
    few = count()
    for i in range(20):
        case_services.document_upload(
            actor=staff["manager"],
            case=old["case"],
            upload=pdf(f"d{i}.pdf"),
            kind="other",
            title=f"D{i}",
        )
    many = count()
    print(f"\nerasure review queries: {few} with 1 document, {many} with 21")
    assert few == many
    assert many <= REVIEW_BUDGET
