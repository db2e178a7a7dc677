"""The professional's side of advice (the advice portal, `send_portal.advice_portal`).

An advice request reaches the professional's account when it is sent (`advice_share_with_adviser`,
called by `advice_request_send`): the account the officer named, or the professional whose
sign-in address is the one the request was sent to. They may then read that request, and only
that one, and answer it once: with advice written under headings suited to its kind and/or a
document (`advice_submit`), or by saying their existing report can be reused, "tell us once"
(`advice_submit_reuse`). Either answer goes through `advice_record_received`, so the advice lands
on the case as its document and its 6-week deadline is met on the day it was sent.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from cases.audit import audit_record
from cases.models import AdviceAnswer
from cases.models import AdviceKind
from cases.models import AdviceRequest
from cases.models import AdviceSubmission
from cases.models import DocumentKind
from cases.models import User
from cases.pdf import html_to_pdf
from cases.permissions import addressed_to
from cases.permissions import advice_grant_adviser_access
from cases.roles import Role
from cases.rules import ConcurrentChange
from cases.templatetags.govuk import in_a_sentence
from cases.uploads import validate_upload

from . import advice as advice_services
from ._common import _store_document
from ._common import check_date

MAX_SECTION_CHARS = 10_000

NEEDS = ("needs", "Special educational needs")
OUTCOMES = ("outcomes", "Outcomes sought")
PROVISION = ("provision", "Special educational provision recommended")

# The headings each kind of advice is written under (the plan's sections it informs: B, C, D, E,
# F, G, H): (key, heading). Every heading is optional; at least one, or a document, is needed.
HEADINGS: dict[str, tuple[tuple[str, str], ...]] = {
    AdviceKind.EDUCATIONAL: (
        ("strengths", "Strengths, interests and what is working"),
        NEEDS,
        OUTCOMES,
        PROVISION,
    ),
    AdviceKind.PSYCHOLOGICAL: (
        ("strengths", "Strengths and how they learn best"),
        ("needs", "Special educational needs: cognition, communication, social and emotional"),
        OUTCOMES,
        PROVISION,
    ),
    AdviceKind.MEDICAL: (
        ("health_needs", "Health needs related to their special educational needs or disability"),
        NEEDS,
        OUTCOMES,
        ("health_provision", "Health provision recommended"),
        PROVISION,
    ),
    AdviceKind.SOCIAL_CARE: (
        (
            "care_needs",
            "Social care needs related to their special educational needs or disability",
        ),
        OUTCOMES,
        ("care_provision", "Social care provision recommended"),
    ),
    AdviceKind.PREPARING_FOR_ADULTHOOD: (
        ("aspirations", "Aspirations for adult life"),
        (
            "adulthood",
            "Preparing for adulthood: employment, independent living, friends and community, "
            "and good health",
        ),
        OUTCOMES,
        PROVISION,
    ),
    AdviceKind.OTHER: (NEEDS, OUTCOMES, PROVISION),
}

NOTHING_SENT = "Write your advice under at least one heading, or upload a document"
ALREADY_SENT = "You have already sent your advice for this request. It cannot be changed."


def headings_for(kind: str) -> tuple[tuple[str, str], ...]:
    return HEADINGS.get(kind, HEADINGS[AdviceKind.OTHER])


def _professional_account(advice: AdviceRequest) -> User | None:
    """The account the request is for: the one named, else the professional who signs in with
    the address it was sent to."""
    if advice.adviser_id is not None:
        adviser = advice.adviser
    elif advice.addressee_email:
        adviser = User.objects.filter(email__iexact=advice.addressee_email.strip()).first()
    else:
        return None
    if adviser is None or adviser.role != Role.PROFESSIONAL or not adviser.is_active:
        return None
    return adviser


def advice_share_with_adviser(*, actor: User, advice: AdviceRequest) -> User | None:
    """Let the professional the request is addressed to read and answer it in the advice portal
    (that request only: not the case, nor anyone else's advice). Returns their account, or None
    when they have none (the request then goes by email or post as before)."""
    adviser = _professional_account(advice)
    if adviser is None:
        return None
    if advice.adviser_id != adviser.pk:
        advice.adviser = adviser
        advice.save(update_fields=["adviser"])
    advice_grant_adviser_access(user=adviser, advice=advice)
    audit_record(
        actor=actor,
        action="advice.shared",
        obj=advice,
        case=advice.request.case,
        payload={"kind": in_a_sentence(advice.get_kind_display()), "adviser": adviser.full_name},
    )
    return adviser


def _addressed(actor: User, advice_id: int) -> AdviceRequest:
    advice = (
        AdviceRequest.objects.select_related("request__case__child").filter(pk=advice_id).first()
    )
    if advice is None or not addressed_to(actor, advice):
        raise PermissionDenied("This advice request is not addressed to you.")
    if advice.received_on is not None:
        raise ConcurrentChange(ALREADY_SENT)
    return advice


def render_advice_pdf(advice: AdviceRequest, sections, *, author: User, sent_on, attached=""):
    """The written advice as a tagged PDF: what the officer, the panel and section K read."""
    html = render_to_string(
        "cases/advice_pdf.html",
        {
            "title": f"{advice.get_kind_display()} for {advice.request.case.child.full_name}",
            "advice": advice,
            "child": advice.request.case.child,
            "reference": advice.request.case.reference,
            "sections": sections,
            "author": author,
            "sent_on": sent_on,
            "attached": attached,
        },
    )
    return html_to_pdf(html)


@transaction.atomic
def advice_submit(
    *,
    actor: User,
    advice_id: int,
    sections: dict[str, str],
    upload=None,
    today: datetime.date | None = None,
) -> AdviceRequest:
    """The adviser sends written advice and/or a document; received (and the deadline met)
    today. Written advice is laid out as a PDF, the request's document; a document sent with
    it is kept beside it on the case."""
    today = today or timezone.localdate()
    advice = _addressed(actor, advice_id)
    headings = headings_for(advice.kind)
    written = [
        [heading, text] for key, heading in headings if (text := (sections.get(key) or "").strip())
    ]
    if not written and upload is None:
        raise ValidationError({headings[0][0]: NOTHING_SENT})
    for key, heading in headings:
        if len(sections.get(key) or "") > MAX_SECTION_CHARS:
            raise ValidationError(
                {key: f"{heading} must be {MAX_SECTION_CHARS:,} characters or fewer"}
            )
    if upload is not None:
        validate_upload(upload)
    main, attachment_upload = upload, None
    if written:
        pdf = render_advice_pdf(
            advice,
            written,
            author=actor,
            sent_on=today,
            attached=upload.name if upload is not None else "",
        )
        name = f"{slugify(advice.get_kind_display())}-{advice.request.case.reference}.pdf"
        main = SimpleUploadedFile(name, pdf, content_type="application/pdf")
        attachment_upload = upload
    advice = advice_services.advice_record_received(
        actor=actor, advice_id=advice.pk, received_on=today, upload=main, today=today
    )
    attachment = None
    if attachment_upload is not None:
        attachment = _store_document(
            case=advice.request.case,
            actor=actor,
            upload=attachment_upload,
            kind=DocumentKind.ADVICE,
            title=f"{advice} (sent with the advice)",
        )
    payload = {"kind": in_a_sentence(advice.get_kind_display()), "adviser": actor.full_name}
    return _keep_answer(
        advice,
        actor,
        "advice.submitted",
        payload,
        answer=AdviceAnswer.WRITTEN,
        sections=written,
        attachment=attachment,
    )


def _keep_answer(advice, actor, action: str, payload: dict, **answer) -> AdviceRequest:
    """What the adviser sent, kept as sent (read-only from now on), and its audit entry."""
    AdviceSubmission.objects.create(
        advice=advice, submitted_by=actor, submitted_at=timezone.now(), **answer
    )
    audit_record(actor=actor, action=action, obj=advice, case=advice.request.case, payload=payload)
    return advice


@transaction.atomic
def advice_submit_reuse(
    *,
    actor: User,
    advice_id: int,
    title: str,
    report_dated: datetime.date,
    author_agrees: bool,
    upload=None,
    today: datetime.date | None = None,
) -> AdviceRequest:
    """ "Tell us once": the adviser says a report they already wrote answers the request (reg
    6(4): the author, the family and the council must agree; the council checks the family)."""
    today = today or timezone.localdate()
    advice = _addressed(actor, advice_id)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the title of your existing report"})
    check_date(
        report_dated,
        field="report_dated",
        born_on=advice.request.case.child.date_of_birth,
        not_before=None,
        today=today,
    )
    if not author_agrees:
        raise ValidationError(
            {"author_agrees": "Confirm that you agree your existing report is used as your advice"}
        )
    advice = advice_services.advice_record_received(
        actor=actor, advice_id=advice.pk, received_on=today, upload=upload, today=today
    )
    advice.reused = True
    advice.reused_report_dated = report_dated
    advice.notes = (
        f"{actor.full_name} says their existing report, {title}, can be reused as their advice. "
        "The council checks the family agrees (reg 6(4))."
    )
    advice.save(update_fields=["reused", "reused_report_dated", "notes"])
    payload = {"adviser": actor.full_name, "title": title, "dated": report_dated}
    return _keep_answer(
        advice,
        actor,
        "advice.reuse_offered",
        payload,
        answer=AdviceAnswer.REUSED,
        reused_title=title,
    )
