"""What a parent, carer or young person does through the family portal, and what the council
records about the family's access.

Family side (the actor is the family member; the gateway's rule is checked again here):
`online_request_send` (a request for an EHC needs assessment, with documents: the clock starts
on receipt), `family_views_give` (section A in their own words and consent to reuse reports),
`mediation_information_ask`, `notice_mark_read`.

Council side (the actor works on the case): `family_link_grant` (give a family member's portal
account access: links are granted by the council, never by the family),
`parent_access_agreement_record` / `_end` (the young person agrees that a parent keeps seeing
their case), `mediation_information_answered`.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.audit import audit_record
from cases.family_access import family_may_act
from cases.models import ArrivalChannel
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import DocumentKind
from cases.models import FamilyMember
from cases.models import FamilyViews
from cases.models import MediationInfoRequest
from cases.models import Notice
from cases.models import NoticeRead
from cases.models import ParentAccessAgreement
from cases.models import RequestSource
from cases.models import User
from cases.models import ViewsPurpose
from cases.permissions import case_grant_portal_access
from cases.permissions import require
from cases.roles import Role
from cases.rules import ConcurrentChange
from cases.rules import Need
from cases.templatetags.govuk import in_a_sentence
from cases.uploads import validate_upload

from ._common import _store_document
from ._common import check_date
from .records import audit_on_case
from .records import record_update
from .requests import request_create

logger = logging.getLogger(__name__)

NOT_YOURS = "You cannot act on this case."
MAX_FILES = 5


def family_require(actor: User, case: Case, *, today: datetime.date) -> None:
    if not family_may_act(actor, case, today=today):
        raise PermissionDenied(NOT_YOURS)


def _checked_uploads(uploads, field: str = "upload") -> list:
    uploads = [u for u in (uploads or []) if u is not None]
    if len(uploads) > MAX_FILES:
        raise ValidationError({field: f"Select up to {MAX_FILES} files"})
    for upload in uploads:
        try:
            validate_upload(upload)
        except ValidationError as error:
            raise ValidationError({field: error.message_dict["upload"]}) from None
    return uploads


def _acknowledge(request_id: int, to: str) -> None:
    """The acknowledgement by email (after commit; a failure is logged, the page shows it too)."""
    from cases.notices.delivery import Email
    from cases.notices.delivery import email_backend

    if not to:
        return
    request = AssessmentRequest.objects.select_related("case", "case__child").get(pk=request_id)
    due = deadlines.assessment_deadlines(request.received_on).decide_to_assess
    body = (
        f"We have received your request for an education, health and care (EHC) needs "
        f"assessment for {request.case.child.first_name}.\n\n"
        f"We count it as received on {request.received_on:%-d %B %Y}. The council must tell you "
        f"by {due:%-d %B %Y} whether it will carry out the assessment.\n\n"
        f"Your reference is {request.case.reference}. You can follow the request in the "
        f"family portal."
    )
    try:
        email_backend().send(
            Email(
                to=to,
                subject=f"Request received: {request.case.reference}",
                body=body,
                reference=f"request-{request.pk}",
            )
        )
    except Exception:  # the acknowledgement is on the portal page too; never lose the request
        logger.exception("portal: the acknowledgement of request %s was not sent", request.pk)


@transaction.atomic
def online_request_send(
    *,
    actor: User,
    case: Case,
    reason: str,
    uploads=(),
    now: datetime.datetime | None = None,
) -> AssessmentRequest:
    """A parent or young person asks for an EHC needs assessment online. It is received when it
    arrives, or on the next working day after 5pm or on a non-working day
    (`deadlines.request_received_on`, applied by `request_create`); it lands in the officers'
    queue as a request from the parent or young person, arrived through the portal."""
    now = now or timezone.now()
    family_require(actor, case, today=timezone.localdate(now))
    if not reason.strip():
        raise ValidationError({"reason": "Tell us why you are asking for an assessment"})
    uploads = _checked_uploads(uploads)
    request = request_create(
        actor=actor,
        child=case.child,
        source=RequestSource.YOUNG_PERSON
        if actor.role == Role.YOUNG_PERSON
        else RequestSource.PARENT,
        requester_name=actor.full_name,
        arrived_at=now,
        channel=ArrivalChannel.PORTAL,
        consent_given=True,
        reason=reason.strip(),
        officer=case.officer,
        now=now,
    )
    if request.case_id != case.pk:  # the old case was closed: the council's link carries over
        case_grant_portal_access(user=actor, case=request.case)
    for upload in uploads:
        _store_document(
            case=request.case,
            actor=actor,
            upload=upload,
            kind=DocumentKind.REQUEST,
            title=f"Sent with the request: {upload.name}"[:200],
        )
    audit_on_case(
        request,
        "portal.request_sent",
        actor=actor,
        payload={"requester": actor.full_name, "received_on": request.received_on},
    )
    transaction.on_commit(lambda: _acknowledge(request.pk, actor.email))
    return request


@transaction.atomic
def family_views_give(
    *,
    actor: User,
    case: Case,
    purpose: str,
    about_me: str = "",
    family_views: str = "",
    hopes: str = "",
    reuse_consent: bool = False,
    reports_to_reuse: str = "",
    uploads=(),
    today: datetime.date | None = None,
) -> FamilyViews:
    """The family's views, given once for a purpose (the assessment's section A, or before a
    review): giving them again replaces the words and adds the new files."""
    today = today or timezone.localdate()
    family_require(actor, case, today=today)
    if purpose not in ViewsPurpose.values:
        raise ValidationError({"purpose": "Choose what your views are for"})
    texts = {
        "about_me": about_me.strip(),
        "family_views": family_views.strip(),
        "hopes": hopes.strip(),
    }
    if not any(texts.values()):
        raise ValidationError(
            {
                "about_me": "Write something about the child or young person, your views or your hopes"
            }
        )
    if reuse_consent and not reports_to_reuse.strip():
        raise ValidationError({"reports_to_reuse": "Name the reports you agree can be used again"})
    uploads = _checked_uploads(uploads)
    views = FamilyViews.objects.select_for_update().filter(case=case, purpose=purpose).first()
    before = None if views is None else {k: getattr(views, k) for k in texts}
    if views is None:
        views = FamilyViews(case=case, purpose=purpose, given_by=actor, given_on=today)
    for key, value in texts.items():
        setattr(views, key, value)
    views.reuse_consent = reuse_consent
    views.reports_to_reuse = reports_to_reuse.strip() if reuse_consent else ""
    views.given_by, views.given_on = actor, today
    views.save()
    for upload in uploads:
        document = _store_document(
            case=case,
            actor=actor,
            upload=upload,
            kind=DocumentKind.OTHER,
            title=f"With the family's views: {upload.name}"[:200],
        )
        views.documents.add(document)
    audit_record(
        actor=actor,
        action="family.views_given",
        obj=views,
        case=case,
        payload={"purpose": in_a_sentence(views.get_purpose_display()), "given_on": today},
        changes={k: [before[k] if before else None, v] for k, v in texts.items()},
    )
    return views


@transaction.atomic
def mediation_information_ask(
    *, actor: User, case: Case, about: str = "", today: datetime.date | None = None
) -> MediationInfoRequest:
    """The family asks for information about mediation: recorded on the case for the officer."""
    today = today or timezone.localdate()
    family_require(actor, case, today=today)
    asked = MediationInfoRequest.objects.create(
        case=case, asked_by=actor, asked_on=today, about=about.strip()
    )
    audit_record(
        actor=actor,
        action="family.mediation_info_asked",
        obj=asked,
        case=case,
        payload={"asked_on": today},
    )
    return asked


@transaction.atomic
def mediation_information_answered(
    *, actor: User, case: Case, asked_id: int, answered_on: datetime.date, today=None
) -> MediationInfoRequest:
    today = today or timezone.localdate()
    require(actor, case, Need.WORK)
    asked = MediationInfoRequest.objects.select_for_update().filter(pk=asked_id, case=case).first()
    if asked is None or asked.answered_on is not None:
        raise ConcurrentChange()
    check_date(
        answered_on,
        field="answered_on",
        not_before=asked.asked_on,
        today=today,
        before_label="the family asked",
    )
    record_update(
        asked,
        {"answered_on": answered_on},
        actor=actor,
        audit="family.mediation_info_answered",
        payload={"answered_on": answered_on},
        case=case,
    )
    return asked


def notice_mark_read(*, actor: User, notice: Notice, now: datetime.datetime | None = None) -> None:
    """The family member opened a notice sent to them (idempotent: the first time is kept)."""
    NoticeRead.objects.get_or_create(
        notice=notice, user=actor, defaults={"read_at": now or timezone.now()}
    )


# --- the council's side --------------------------------------------------------------------------


@transaction.atomic
def family_link_grant(*, actor: User, case: Case, user: User, family_member_id: int | None = None):
    """Give a parent's, carer's or the young person's own portal account access to the case
    (and, for a parent, link it to their family record)."""
    require(actor, case, Need.WORK)
    if user.role not in (Role.PARENT, Role.YOUNG_PERSON):
        raise ValidationError("Only a parent's, carer's or young person's account can be linked.")
    member = None
    if user.role == Role.PARENT:
        member = (
            FamilyMember.objects.select_for_update()
            .filter(pk=family_member_id, child_id=case.child_id)
            .first()
        )
        if member is None:
            raise ValidationError({"family_member": "Choose who in the family this account is"})
        member.user = user
        member.save(update_fields=["user"])
    case_grant_portal_access(user=user, case=case)
    audit_record(
        actor=actor,
        action="family.linked",
        obj=member or case,
        case=case,
        payload={"person": user.full_name},
    )


@transaction.atomic
def parent_access_agreement_record(
    *,
    actor: User,
    case: Case,
    family_member_id: int,
    agreed_on: datetime.date,
    today: datetime.date | None = None,
) -> ParentAccessAgreement:
    """The young person agrees that this parent keeps seeing their case in the portal."""
    today = today or timezone.localdate()
    require(actor, case, Need.WORK)
    member = FamilyMember.objects.filter(pk=family_member_id, child_id=case.child_id).first()
    if member is None:
        raise ValidationError({"family_member": "Choose the parent or carer"})
    check_date(
        agreed_on,
        field="agreed_on",
        not_before=None,
        today=today,
        born_on=case.child.date_of_birth,
    )
    if member.access_agreements.filter(ended_on__isnull=True).exists():
        raise ValidationError({"family_member": f"{member.full_name} already has their agreement"})
    agreement = ParentAccessAgreement.objects.create(
        child=case.child, family_member=member, agreed_on=agreed_on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="family.parent_agreed",
        obj=agreement,
        case=case,
        payload={"person": member.full_name, "agreed_on": agreed_on},
    )
    return agreement


@transaction.atomic
def parent_access_agreement_end(
    *, actor: User, case: Case, agreement_id: int, ended_on: datetime.date, today=None
) -> ParentAccessAgreement:
    """The young person no longer agrees: the parent stops seeing the case."""
    today = today or timezone.localdate()
    require(actor, case, Need.WORK)
    agreement = (
        ParentAccessAgreement.objects.select_for_update()
        .select_related("family_member")
        .filter(pk=agreement_id, child_id=case.child_id, ended_on__isnull=True)
        .first()
    )
    if agreement is None:
        raise ConcurrentChange()
    check_date(
        ended_on,
        field="ended_on",
        not_before=agreement.agreed_on,
        today=today,
        before_label="the young person agreed",
    )
    record_update(
        agreement,
        {"ended_on": ended_on},
        actor=actor,
        audit="family.parent_agreement_ended",
        payload={"person": agreement.family_member.full_name, "ended_on": ended_on},
        case=case,
    )
    return agreement
