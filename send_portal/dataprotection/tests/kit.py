"""Helpers for the data protection tests (no tests here): people, a case holding every kind of
record, built through the services with explicit dates, and children past retention.
"""

from django.urls import reverse

from cases import services as case_services
from cases.audit import record_access
from cases.models import CaseStage
from cases.models import Notification
from cases.models import NotificationStatus
from cases.models import TimeLimitException
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import people
from cases.tests.trail_kit import legacy_audit_entry
from ehcp import services as plan_services
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.factories import notify_cessation
from ehcp.tests.factories import start_cessation
from ehcp.tests.test_review_views_kit import LATER
from ehcp.tests.test_review_views_kit import final_plan
from tests.kit import D
from tests.kit import noon
from tests.kit import pdf
from tests.kit import travel

__all__ = ["D", "LATER", "noon", "people", "travel"]

DOCUMENT_BYTES = b"%PDF-1.7\n% the EP's report, in full\n%%EOF\n"


def full_case(staff, *, born="2018-03-14", first_name="Maya", last_name="Okafor"):
    """A case with every kind of record: a request with both panel decisions, advice, an
    exception, a plan issued as draft and final (two versions with PDFs), a document, a
    personal budget request, a notification, a parent with a portal account, an access."""
    officer, panel = staff["officer"], staff["panel"]
    plan = final_plan(officer, panel, born=born, first_name=first_name, last_name=last_name)
    case = plan.case
    child = case.child
    parent_user = UserFactory(
        role=Role.PARENT,
        email=f"{first_name.lower()}.parent@example.net",
        full_name="Rachel Okafor",
    )
    # the mother the plan's letters went to (`final_plan` records her), with her account
    parent = child.family.get()
    parent.full_name, parent.email, parent.user = "Rachel Okafor", parent_user.email, parent_user
    parent.phone, parent.address = "07700 900123", "1 High Street, Demo Town"
    parent.save()
    request = case.requests.get()
    # (the request is closed now the final plan is issued: the service would refuse)
    TimeLimitException.objects.create(
        request=request,
        ground="personal",
        starts_on=D("2026-02-20"),
        ends_on=D("2026-03-20"),
        reason="Family bereavement",
        recorded_by=officer,
    )
    document = case_services.document_upload(
        actor=officer,
        case=case,
        upload=pdf("EP report (final).pdf", DOCUMENT_BYTES),
        kind="advice",
        title="Educational psychologist's report",
    )
    ask_for_budget(
        officer, case, on="2026-05-25", details="Direct payment for a tutor", today=LATER
    )
    Notification.objects.create(
        dedupe_key=f"test-{case.pk}",
        kind="draft_issued",
        recipient=parent_user,
        to_address=parent_user.email,
        case=case,
        subject=f"The draft plan for {first_name}",
        body=f"Dear Rachel, the draft EHC plan for {first_name} is ready.",
        status=NotificationStatus.SENT,
    )
    record_access(user=officer, case=case, what=f"downloaded document {document.title}")
    # an entry about the child's record that belongs to no case (like "child.created")
    legacy_audit_entry(
        actor=officer,
        action="child.updated",
        obj=child,
        summary=f"Changed the address of {child.full_name}",
        changes={"postcode": ["AB1 2CD", "DC1 2AB"]},
    )
    return {
        "case": case,
        "child": child,
        "plan": plan,
        "request": request,
        "document": document,
        "parent": parent,
        "parent_user": parent_user,
    }


def cease(officer, plan, *, informed="2026-06-01", notified="2026-06-15", ceased="2026-09-02"):
    """Cease the plan through the services: the case closes on `ceased` (the day after the appeal period)."""
    cessation = start_cessation(
        officer,
        plan,
        family_informed_on=informed,
        reason="higher_education",
        notes="Going to university in September.",
    )
    notify_cessation(officer, cessation, on=notified)
    plan_services.cessation_complete(
        actor=officer, cessation_id=cessation.pk, ceased_on=D(ceased), today=LATER
    )
    plan.case.refresh_from_db()
    return plan.case


def old_child(born: str, *, stage=CaseStage.CEASED, closed_on="2020-07-31", **child_fields):
    """A child born on `born` with one case in `stage` (closed on `closed_on` unless open)."""
    child = ChildFactory(date_of_birth=D(born), **child_fields)
    FamilyMemberFactory(child=child)
    CaseFactory(
        child=child,
        stage=stage,
        opened_on=D("2010-01-04"),
        closed_on=D(closed_on) if closed_on else None,
    )
    return child


def dp_url(name: str, **kwargs) -> str:
    return reverse(f"dataprotection:{name}", kwargs=kwargs or None)
