"""Reads for the data protection screens: the audit trail and access log of a case or of a user,
people and cases to look up, and the children whose records are past retention.

Every case is reached through the case gateway (`cases.selectors.case_get_for_user`: 404 for
"no such case" and "not yours" alike); the views let only SEN managers in (`permissions`).
"""

import datetime
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists
from django.db.models import Max
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import OPEN_STAGES
from cases.models import AuditEntry
from cases.models import Case
from cases.models import Child
from cases.models import Document
from cases.models import FamilyMember
from cases.models import Notification
from cases.models import RecordAccess
from cases.models import User
from cases.selectors import case_get_for_user
from cases.templatetags.govuk import in_a_sentence
from ehcp.models import PlanVersion

from . import retention

ERASED_ACTION = "child.erased"
SYSTEM_ACTOR = "system"  # the actor filter's value for entries written by the nightly jobs
PEOPLE_SEARCH_LIMIT = 50


# --- the audit trail and the access log --------------------------------------------------------


def audit_case_get(user, reference: str) -> Case:
    """The gateway, for the audit pages: the case if the user may see it, else 404."""
    return case_get_for_user(user, reference.replace("\u2011", "-").strip().upper())


def case_actors(case: Case) -> list[User]:
    """Everyone who appears in the case's audit trail or access log, to filter by."""
    return list(
        User.objects.filter(
            Q(pk__in=AuditEntry.objects.filter(case=case).values("actor_id"))
            | Q(pk__in=RecordAccess.objects.filter(case=case).values("user_id"))
        )
        .only("pk", "full_name", "email")
        .order_by("full_name", "pk")
    )


def case_audit_entries(case: Case, *, actor: str = "") -> QuerySet[AuditEntry]:
    """Every audit entry of the case, newest first; `actor` is a user id or `SYSTEM_ACTOR`."""
    entries = AuditEntry.objects.filter(case=case)
    if actor == SYSTEM_ACTOR:
        entries = entries.filter(actor__isnull=True)
    elif actor:
        entries = entries.filter(actor_id=actor)
    return entries.select_related("actor", "content_type").order_by("-at", "-id")


def case_access_log(case: Case, *, actor: str = "") -> QuerySet[RecordAccess]:
    """Who opened the case's record or downloaded which document, newest first."""
    accesses = RecordAccess.objects.filter(case=case)
    if actor == SYSTEM_ACTOR:
        return accesses.none()
    if actor:
        accesses = accesses.filter(user_id=actor)
    return accesses.select_related("user").order_by("-at", "-id")


def child_audit_entries(child: Child, *, limit: int = 50) -> list[AuditEntry]:
    """Entries about the child's record itself that belong to no case (e.g. "child.created")."""
    return list(
        AuditEntry.objects.filter(
            case__isnull=True,
            content_type=ContentType.objects.get_for_model(Child),
            object_id=child.pk,
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def user_get(user_id: int) -> User:
    return get_object_or_404(User.objects.select_related("team"), pk=user_id)


def user_audit_entries(subject: User) -> QuerySet[AuditEntry]:
    """What the user did, across every case, newest first."""
    return (
        AuditEntry.objects.filter(actor=subject)
        .select_related("actor", "case", "content_type")
        .order_by("-at", "-id")
    )


def user_access_log(subject: User) -> QuerySet[RecordAccess]:
    """Which records the user opened, across every case, newest first."""
    return RecordAccess.objects.filter(user=subject).select_related("case").order_by("-at", "-id")


def people_search(q: str) -> list[User]:
    """Accounts whose email address or name contains `q` (staff and portal users alike)."""
    q = q.strip()
    if not q:
        return []
    return list(
        User.objects.filter(Q(email__icontains=q) | Q(full_name__icontains=q))
        .select_related("team")
        .order_by("email")[:PEOPLE_SEARCH_LIMIT]
    )


# --- subject access: whose records -------------------------------------------------------------


@dataclass
class Subject:
    """Someone a subject access export can be made for: "child:<id>" or "family:<id>"."""

    key: str
    label: str
    hint: str
    child: Child | None = None
    family_member: FamilyMember | None = None


def subjects_for_case(user, reference: str) -> list[Subject]:
    """The child of the case (through the gateway) and each of their parents or carers."""
    case = audit_case_get(user, reference)
    child = case.child
    subjects = [
        Subject(
            key=f"child:{child.pk}",
            label=f"{child.full_name} (the child or young person)",
            hint=f"Born {child.date_of_birth:%-d %B %Y}, case {case.reference}",
            child=child,
        )
    ]
    for member in child.family.select_related("user").order_by("-is_main_contact", "full_name"):
        subjects.append(_family_subject(member, case.reference))
    return subjects


def subjects_for_email(email: str) -> list[Subject]:
    """Parents and carers with this email address, on their record or their portal account."""
    members = (
        FamilyMember.objects.filter(Q(email__iexact=email.strip()) | Q(user__email__iexact=email))
        .select_related("user", "child")
        .prefetch_related(
            Prefetch("child__cases", queryset=Case.objects.only("pk", "reference", "child_id"))
        )
        .order_by("full_name", "pk")
    )
    return [
        _family_subject(m, ", ".join(c.reference for c in m.child.cases.all()) or "no case")
        for m in members
    ]


def _family_subject(member: FamilyMember, references: str) -> Subject:
    return Subject(
        key=f"family:{member.pk}",
        label=f"{member.full_name} ({in_a_sentence(member.get_relationship_display())})",
        hint=f"Parent or carer on case {references}"
        + (", with a portal account" if member.user_id else ""),
        family_member=member,
    )


# --- retention ---------------------------------------------------------------------------------


def _erased(child_ref) -> Exists:
    return Exists(
        AuditEntry.objects.filter(
            action=ERASED_ACTION,
            content_type=ContentType.objects.get_for_model(Child),
            object_id=child_ref,
        )
    )


def _open_case(child_ref) -> Exists:
    return Exists(Case.objects.filter(child=child_ref, stage__in=OPEN_STAGES))


def past_retention(today: datetime.date) -> QuerySet[Child]:
    """Children whose records are past retention on `today`, not yet erased, with no open case.

    Each carries `last_closed_on` (the latest case closing date recorded) and its cases
    (`child.cases.all()`, newest first). With the closed-case rule on, a case without a closing
    date counts from the day it last changed. One query for the list, one for the cases.
    """
    children = (
        Child.objects.filter(
            date_of_birth__lte=retention.latest_date_past(today, retention.age_years())
        )
        .exclude(_open_case(OuterRef("pk")))
        .exclude(_erased(OuterRef("pk")))
        .annotate(last_closed_on=Max("cases__closed_on"))
    )
    closed_years = retention.closed_years()
    if closed_years:
        children = children.annotate(
            last_ended_on=Max(Coalesce("cases__closed_on", TruncDate("cases__updated_at")))
        ).filter(
            Q(last_ended_on__isnull=True)
            | Q(last_ended_on__lte=retention.latest_date_past(today, closed_years))
        )
    return children.prefetch_related(
        Prefetch(
            "cases",
            queryset=Case.objects.only(
                "pk", "reference", "child_id", "stage", "closed_on"
            ).order_by("-opened_on", "-pk"),
        )
    ).order_by("date_of_birth", "pk")


@dataclass
class RetentionStatus:
    """Whether one child's record may be erased today, and if not, why not."""

    retained_until: datetime.date
    last_closed_on: datetime.date | None
    erased: bool
    open_cases: list[Case]
    refusals: list[str] = field(default_factory=list)

    @property
    def may_erase(self) -> bool:
        return not self.refusals


def retention_status(child: Child, cases: list[Case], today: datetime.date) -> RetentionStatus:
    """The rules of `past_retention` for one child whose cases are given (for the erasure)."""
    ended = [
        c.closed_on or timezone.localdate(c.updated_at) for c in cases if c.stage not in OPEN_STAGES
    ]
    closed = [c.closed_on for c in cases if c.closed_on]
    until = retention.retained_until(
        child.date_of_birth,
        max(ended) if ended else None,
        age=retention.age_years(),
        closed=retention.closed_years(),
    )
    erased = AuditEntry.objects.filter(
        action=ERASED_ACTION,
        content_type=ContentType.objects.get_for_model(Child),
        object_id=child.pk,
    ).exists()
    status = RetentionStatus(
        retained_until=until,
        last_closed_on=max(closed) if closed else None,
        erased=erased,
        open_cases=[c for c in cases if c.stage in OPEN_STAGES],
    )
    if erased:
        status.refusals.append("This record has already been erased.")
        return status
    if until >= today:
        status.refusals.append(
            f"This record is kept until {until:%-d %B %Y} under the retention rules: "
            "it cannot be erased before then."
        )
    for case in status.open_cases:
        status.refusals.append(
            f"Case {case.reference} is open ({in_a_sentence(case.get_stage_display())}): "
            "a record with an open case cannot be erased."
        )
    return status


def retention_child_get(child_id: int) -> Child:
    return get_object_or_404(Child, pk=child_id)


@dataclass
class ErasurePreview:
    """What erasing one child's record removes, and what it keeps (the review page)."""

    child: Child
    cases: list[Case]
    family: list[FamilyMember]
    documents: int
    plan_versions: int
    plan_pdfs: int
    notifications: int
    audit_entries: int
    accesses: int
    status: RetentionStatus


def erasure_preview(child: Child, *, today: datetime.date) -> ErasurePreview:
    cases = list(child.cases.select_related("team").order_by("-opened_on", "-pk"))
    versions = PlanVersion.objects.filter(plan__case__child=child)
    return ErasurePreview(
        child=child,
        cases=cases,
        family=list(child.family.order_by("-is_main_contact", "full_name")),
        documents=Document.objects.filter(case__child=child).count(),
        plan_versions=versions.count(),
        plan_pdfs=versions.exclude(pdf="").count(),
        notifications=Notification.objects.filter(case__child=child).count(),
        audit_entries=audit_entries_about(child).count(),
        accesses=RecordAccess.objects.filter(case__child=child).count(),
        status=retention_status(child, cases, today),
    )


def audit_entries_about(child: Child, *, family_ids=None) -> QuerySet[AuditEntry]:
    """Every audit entry of the child's cases, or about the child's record or their family."""
    if family_ids is None:
        family_ids = list(child.family.values_list("pk", flat=True))
    about = Q(case__child=child) | Q(
        content_type=ContentType.objects.get_for_model(Child), object_id=child.pk
    )
    if family_ids:
        about |= Q(
            content_type=ContentType.objects.get_for_model(FamilyMember), object_id__in=family_ids
        )
    return AuditEntry.objects.filter(about)
