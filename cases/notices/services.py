"""Every write of notices and letters: the one service that records what was sent, to whom, how
and when (ARCHITECTURE.md, "The workflow core").

- `notice_create`: a decision told in writing. Checks the kind's facts, works out who receives it
  and how (`recipients.notice_recipients`), records one `Delivery` per person, and after commit
  queues the letter's layout (`tasks.write_letter`): a letter is a second or more of WeasyPrint,
  which the officer's request (and the decision's row lock) does not wait for.
- `notice_write_letter`: lays the letter out from what the notice stored (its facts, date,
  deliveries and wording version) as a case document, once, then queues the emails (which carry
  it). A failure is recorded on the notice, shown on the case page and tried again with backoff,
  up to `MAX_ATTEMPTS`; nothing goes out without its letter, and the sent date is unchanged: the
  day every delivery to the family has actually gone.
- `delivery_send`: one email, idempotent (a delivery already sent, or being sent by another
  worker, is left alone); a failure is recorded with its error and tried again later, with
  backoff, up to `MAX_ATTEMPTS`.
- `deliveries_mark_posted`: the officer has posted the day's letters, on a date.
- When every delivery to the family has gone, the notice is sent: `sent_on` is stored (the date
  statutory limits are met on, and the appeal-by date runs from), and the kind's `on_sent` hook
  is called with it.
- `letter_template_save`: a manager changes a letter's wording (a new version, audited).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.db.models import Q
from django.utils import timezone

from cases import deadlines
from cases.audit import audit_record
from cases.models import Case
from cases.models import Document
from cases.models import DocumentKind
from cases.models import Setting
from cases.models import User
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.permissions import require
from cases.rules import Need
from cases.templatetags.govuk import in_a_sentence

from .delivery import Email
from .delivery import email_backend
from .hooks import decision_type
from .kinds import NoticeKind
from .kinds import notice_kind
from .letters import LetterFacts
from .letters import check_letter_text
from .letters import letter_text
from .letters import letter_text_version
from .letters import render_letter_pdf
from .messages import email_for
from .models import COPY_ROLES
from .models import WAITING
from .models import Channel
from .models import Delivery
from .models import DeliveryStatus
from .models import LetterTemplate
from .models import LetterTemplateVersion
from .models import Notice
from .recipients import Recipient
from .recipients import notice_recipients

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE = datetime.timedelta(minutes=5)  # then 10, 20, 40 minutes


def retry_delay(attempts: int) -> datetime.timedelta:
    return RETRY_BASE * 2 ** max(attempts - 1, 0)


# --- a notice ----------------------------------------------------------------------------------


def _checked_facts(kind: NoticeKind, facts: dict) -> dict:
    """The facts as stored (dates ISO), or a ValidationError naming what is wrong."""
    declared = {fact.name: fact for fact in kind.facts}
    unknown = set(facts) - set(declared)
    if unknown:
        raise ValidationError(f"A {kind.title.lower()} notice does not state {sorted(unknown)}.")
    stored = {}
    for name, fact in declared.items():
        value = facts.get(name)
        if value in (None, ""):
            if fact.required:
                raise ValidationError(f"Enter the {fact.label.lower()} for the notice.")
            continue
        if fact.type == "date":
            if isinstance(value, str):
                value = datetime.date.fromisoformat(value)
            if not isinstance(value, datetime.date):
                raise ValidationError(f"The {fact.label.lower()} must be a date.")
            value = value.isoformat()
        stored[name] = str(value)
    return stored


def letter_facts_for(
    *,
    kind: NoticeKind,
    case: Case,
    facts: dict,
    dated_on: datetime.date,
    recipients: Sequence[Recipient | Delivery],
) -> LetterFacts:
    """What the letter says, for these recipients (who they are, not how it reaches them: the
    people worked out now, or the deliveries a notice stored)."""
    child = case.child
    main = [r for r in recipients if r.role not in COPY_ROLES]
    posted = next((r for r in main if r.postal_address), None)
    return LetterFacts(
        kind=kind,
        case_reference=case.reference,
        child_first_name=child.preferred_name or child.first_name,
        child_name=child.full_name,
        officer_name=case.officer.full_name if case.officer_id else "",
        facts=facts,
        dated_on=dated_on,
        reader_names=[r.name for r in main],
        postal_address=posted.postal_address if posted else "",
        copies=[r.name for r in recipients if r.role in COPY_ROLES],
    )


def _reachable(recipient: Recipient) -> bool:
    """Someone a letter can reach: an email address for email, a postal address for post."""
    return bool(recipient.email if recipient.channel == Channel.EMAIL else recipient.postal_address)


@transaction.atomic
def notice_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    facts: dict,
    decision=None,
    dated_on: datetime.date | None = None,
    addressee: Recipient | None = None,
    setting: Setting | None = None,
    need: Need = Need.WORK,
) -> Notice:
    """Tell a decision in writing: the letter, and a delivery to each person who receives it.

    `decision` is the object the notice tells of (a request, a review, an amendment): the kind's
    `on_sent` hook finds its deadline through it. `addressee`: for a kind addressed to a named
    person (an adviser). `setting`: the school or college a copy goes to, when not the child's
    current one. `need`: the access the step that decided needed (a panel member decides).

    When nobody can be written to (no parent recorded, or no email and no postal address), the
    decision is never lost: the notice is kept *held*, with no letter and no delivery, and the
    case page says so until an officer records the contact details and prepares it
    (`notice_prepare`). Decision record: "a notice nobody can receive is held"."""
    require(actor, case, need)
    try:
        notice_type = notice_kind(kind)
    except KeyError:
        raise ValidationError(f"{kind!r} is not a kind of notice.") from None
    dated_on = dated_on or timezone.localdate()
    stored = _checked_facts(notice_type, facts)
    notice = Notice.objects.create(
        case=case,
        kind=notice_type.code,
        decision_type=decision_type(decision) if decision is not None else None,
        decision_id=decision.pk if decision is not None else None,
        facts=stored,
        dated_on=dated_on,
        created_by=actor,
    )
    if not _notice_address(notice, notice_type, actor=actor, addressee=addressee, setting=setting):
        audit_record(
            actor=actor,
            action="notice.held",
            obj=notice,
            case=case,
            payload={"title": notice_type.title, "dated_on": dated_on},
        )
    return notice


def _notice_address(
    notice: Notice,
    notice_type: NoticeKind,
    *,
    actor: User,
    addressee: Recipient | None = None,
    setting: Setting | None = None,
) -> bool:
    """A delivery to each person who can receive the notice, and its letter queued to be
    written once this commits; False (nothing written) when nobody in the family (or the
    addressee) can be reached."""
    case = (
        Case.objects.select_related("child", "child__current_setting")
        .prefetch_related("child__family", "child__alternative_people")
        .get(pk=notice.case_id)
    )
    recipients = [
        r
        for r in notice_recipients(
            notice_type, case, on=notice.dated_on, addressee=addressee, setting=setting
        )
        if r.role in COPY_ROLES or _reachable(r)
    ]
    if not any(r.role not in COPY_ROLES for r in recipients):
        return False
    # the wording in use now is the letter's, whenever the task lays it out
    notice.template_version = letter_text(notice_type)[1]
    notice.letter_attempts, notice.letter_error, notice.letter_next_attempt_at = 0, "", None
    notice.save(
        update_fields=[
            "template_version",
            "dated_on",
            "letter_attempts",
            "letter_error",
            "letter_next_attempt_at",
        ]
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            notice=notice,
            role=r.role,
            name=r.name,
            user_id=r.user_id,
            channel=r.channel,
            email=r.email,
            postal_address=r.postal_address,
        )
        for r in recipients
    )
    audit_record(
        actor=actor,
        action="notice.created",
        obj=notice,
        case=case,
        payload={
            "title": notice_type.title,
            "dated_on": notice.dated_on,
            "recipients": "; ".join(
                f"{d.name} ({in_a_sentence(d.get_channel_display())})" for d in deliveries
            ),
        },
    )
    _queue_letter(notice.pk)
    return True


def _queue_letter(notice_id: int) -> None:
    from .tasks import write_letter  # the task calls these services

    # robust: a broker out of reach is logged; the retry sweep writes the letter instead
    transaction.on_commit(lambda: write_letter.delay(notice_id), robust=True)


def notice_write_letter(*, notice_id: int, now: datetime.datetime | None = None) -> str:
    """Lay out and store a notice's letter, once, from what the notice stored, then queue its
    emails. Returns "written", "failed" (tried again later), "gave_up", or "skipped" (written
    already, being written by another worker, held, or not due for another try yet)."""
    now = now or timezone.now()
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("case__child", "case__officer", "created_by")
            .filter(pk=notice_id, letter__isnull=True)
            .first()
        )
        if notice is None or (
            notice.letter_next_attempt_at and notice.letter_next_attempt_at > now
        ):
            return "skipped"
        deliveries = list(notice.deliveries.order_by("id"))
        if not deliveries:
            return "skipped"  # held: nobody to write to yet
        kind = notice_kind(notice.kind)
        letter = letter_facts_for(
            kind=kind,
            case=notice.case,
            facts=notice.facts,
            dated_on=notice.dated_on,
            recipients=deliveries,
        )
        try:
            with transaction.atomic():  # a failed store leaves no document behind
                text = letter_text_version(kind, notice.template_version)
                pdf = render_letter_pdf(letter, text)
                # on the file as written by whoever recorded the decision
                author = notice.created_by or notice.case.officer
                notice.letter = _store_letter(notice, kind, pdf, author)
        except Exception as error:  # WeasyPrint's and storage's own errors vary; all retried
            logger.warning("letter of notice %s failed: %s", notice.pk, error)
            notice.letter_attempts += 1
            gave_up = notice.letter_attempts >= MAX_ATTEMPTS
            notice.letter_error = f"{type(error).__name__}: {error}"[:500]
            notice.letter_next_attempt_at = (
                None if gave_up else now + retry_delay(notice.letter_attempts)
            )
            notice.save(update_fields=["letter_attempts", "letter_error", "letter_next_attempt_at"])
            if not gave_up:
                return "failed"
            audit_record(
                actor=None,
                action="notice.letter_failed",
                obj=notice,
                case=notice.case,
                payload={
                    "title": kind.title,
                    "attempts": notice.letter_attempts,
                    "error": notice.letter_error,
                },
            )
            return "gave_up"
        notice.letter_error, notice.letter_next_attempt_at = "", None
        notice.save(update_fields=["letter", "letter_error", "letter_next_attempt_at"])
        emails = [d.pk for d in deliveries if d.channel == Channel.EMAIL and d.status in WAITING]
        transaction.on_commit(lambda: _queue_emails(emails))
        return "written"


def letters_due_for_retry(now: datetime.datetime) -> list[int]:
    """Letters to write (again) now: failed ones whose backoff has passed, and ones whose first
    try never ran (the task was lost with a worker or a broker) after `RETRY_BASE`."""
    return list(
        Notice.objects.filter(letter__isnull=True, deliveries__isnull=False)
        .filter(
            Q(letter_next_attempt_at__lte=now)
            | Q(letter_attempts=0, created_at__lte=now - RETRY_BASE)
        )
        .distinct()
        .order_by("id")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def notice_prepare(
    *, actor: User, case: Case, notice_id: int, today: datetime.date | None = None
) -> Notice:
    """A letter that has not gone out for want of it: a held notice (nobody could receive it)
    now that the family's contact details are recorded (its deliveries, the letter dated
    today), or a letter that could not be written after every try (written again)."""
    require(actor, case, Need.WORK)
    notice = Notice.objects.select_for_update().filter(pk=notice_id, case=case).first()
    if notice is not None and notice.letter_given_up:
        audit_record(
            actor=actor,
            action="notice.letter_retried",
            obj=notice,
            case=case,
            payload={"title": notice.title, "error": notice.letter_error},
        )
        notice.letter_attempts, notice.letter_error = 0, ""
        notice.save(update_fields=["letter_attempts", "letter_error"])
        _queue_letter(notice.pk)
        return notice
    if notice is not None and notice.letter_pending:
        raise ValidationError("This letter is being prepared: it goes out once it is ready.")
    if notice is None or not notice.held:
        raise ValidationError("This letter has already been prepared.")
    notice.dated_on = today or timezone.localdate()
    notice_type = notice_kind(notice.kind)
    if not _notice_address(notice, notice_type, actor=actor):
        raise ValidationError(
            f"There is still nobody to send the {notice_type.title.lower()} to: record "
            f"{case.child.first_name}'s parents (or the young person's own details) with an "
            "email address or a postal address first."
        )
    return notice


@transaction.atomic
def notice_record_sent(
    *,
    actor: User | None,
    notice: Notice,
    sent_on: datetime.date,
) -> Notice:
    """The letter went out on `sent_on` outside this service (handed over, posted by hand,
    sent before the decision was recorded here): every delivery still waiting is recorded as
    sent that day, and the notice is sent on that date (its `on_sent` hook runs), even when it
    was held for want of contact details. Telling it again changes nothing."""
    if notice.sent_on is not None:
        return notice
    moment = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(12)))
    waiting = list(notice.deliveries.select_for_update(of=("self",)).filter(status__in=WAITING))
    for delivery in waiting:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = (
            DeliveryStatus.SENT,
            moment,
            None,
        )
        delivery.last_error = "Sent outside this service."
        if delivery.channel == Channel.POST:
            delivery.posted_on = sent_on
        delivery.save(
            update_fields=["status", "sent_at", "next_attempt_at", "last_error", "posted_on"]
        )
    return _notice_check_sent(notice.pk, actor=actor, sent_on=sent_on) or notice


@transaction.atomic
def notice_for_decision(
    *,
    actor: User,
    case: Case,
    kind: str,
    facts: dict,
    decision,
    today: datetime.date,
    sent_on: datetime.date | None = None,
    need: Need = Need.WORK,
    setting: Setting | None = None,
    addressee: Recipient | None = None,
) -> Notice:
    """The notice of a decision a service has just recorded, in the same transaction. With
    `sent_on`, the decision was already told in writing outside this service on that day (it is
    recorded as sent then); without it, the letter goes out through this service, and the
    limit is met on the day it is actually sent."""
    notice = notice_create(
        actor=actor,
        case=case,
        kind=kind,
        facts=facts,
        decision=decision,
        dated_on=min(sent_on, today) if sent_on else today,
        need=need,
        setting=setting,
        addressee=addressee,
    )
    if sent_on is not None:
        notice_record_sent(actor=actor, notice=notice, sent_on=sent_on)
    return notice


def already_sent(on: datetime.date, today: datetime.date) -> datetime.date | None:
    """For a step that records the day its letter went (a review decision, proposals, an
    advice request): a day before today says it went outside this service then; today, it
    goes out through this service now (and counts from the day it is actually sent)."""
    return on if on < today else None


def decision_notices(decision, kinds) -> list[Notice]:
    """The notices of `kinds` telling of `decision`, newest first."""
    return list(
        Notice.objects.filter(
            decision_type=decision_type(decision), decision_id=decision.pk, kind__in=list(kinds)
        ).order_by("-created_at", "-id")
    )


def _store_letter(notice: Notice, kind: NoticeKind, pdf: bytes, actor: User) -> Document:
    """The letter as a case document (so it is on the case file and in a subject access export)."""
    document = Document(
        case=notice.case,
        kind=DocumentKind.DECISION_LETTER,
        title=f"{kind.title} ({notice.dated_on:%-d %B %Y})",
        original_name=f"{kind.code}-{notice.dated_on.isoformat()}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        uploaded_by=actor,
    )
    document.file.save(document.original_name, ContentFile(pdf), save=False)
    document.save()
    return document


def _queue_emails(delivery_ids: list[int]) -> None:
    from .tasks import deliver

    for delivery_id in delivery_ids:
        deliver.delay(delivery_id)


# --- sending -----------------------------------------------------------------------------------


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """Send one email delivery, once. Returns what happened: "sent", "failed" (tried again
    later), "gave_up", or "skipped" (already sent, given up, being sent elsewhere, not email, or
    not due for another try yet)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notice__case__child", "notice__letter")
            .filter(pk=delivery_id, channel=Channel.EMAIL, status__in=WAITING)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return "skipped"
        if delivery.notice.letter is None:
            return "skipped"  # its letter is being written: that task queues it again
        subject, body = email_for(delivery)
        letter = delivery.notice.letter
        delivery.attempts += 1
        try:
            email_backend().send(
                Email(
                    to=delivery.email,
                    subject=subject,
                    body=body,
                    reference=f"delivery-{delivery.pk}",
                    attachment_name=letter.original_name,
                    attachment=_read(letter),
                )
            )
        except Exception as error:  # each backend fails in its own way (SMTP, HTTP, ...)
            logger.warning("delivery %s failed: %s", delivery.pk, error)
            gave_up = delivery.attempts >= MAX_ATTEMPTS
            delivery.status = DeliveryStatus.GAVE_UP if gave_up else DeliveryStatus.FAILED
            delivery.last_error = str(error)[:2000] or error.__class__.__name__
            delivery.next_attempt_at = None if gave_up else now + retry_delay(delivery.attempts)
            delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            return delivery.status
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
        delivery.last_error, delivery.next_attempt_at = "", None
        delivery.save(
            update_fields=["status", "attempts", "last_error", "sent_at", "next_attempt_at"]
        )
        _notice_check_sent(delivery.notice_id, actor=None)
        return "sent"


def _read(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def deliveries_due_for_retry(now: datetime.datetime) -> list[int]:
    """Emails to try (again) now: failed ones whose backoff has passed, and queued ones whose
    first try never ran (its task was lost with a worker or a broker) after `RETRY_BASE`; none
    whose letter is still to be written (writing it queues them)."""
    return list(
        Delivery.objects.filter(channel=Channel.EMAIL, notice__letter__isnull=False)
        .filter(
            Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.QUEUED, notice__created_at__lte=now - RETRY_BASE)
        )
        .order_by("id")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def deliveries_mark_posted(
    *, actor: User, delivery_ids: list[int], posted_on: datetime.date, today: datetime.date
) -> int:
    """The officer posted these letters on `posted_on`: each is sent on that date."""
    if not has_ability(actor, Ability.CASEWORK):
        raise PermissionDenied("Only SEN case officers and managers post letters.")
    if posted_on > today:
        raise ValidationError({"posted_on": "The date posted must be today or in the past"})
    deliveries = list(
        Delivery.objects.select_for_update(of=("self",))
        .select_related("notice__case")
        .filter(pk__in=delivery_ids, channel=Channel.POST, status__in=WAITING)
        .order_by("pk")
    )
    if not deliveries:
        raise ValidationError("Select the letters you have posted.")
    if any(d.notice.letter_id is None for d in deliveries):  # nothing goes without its letter
        raise ValidationError("A letter still being prepared cannot be posted yet.")
    if any(posted_on < d.notice.dated_on for d in deliveries):
        raise ValidationError({"posted_on": "A letter cannot be posted before the date it bears"})
    moment = timezone.make_aware(datetime.datetime.combine(posted_on, datetime.time(12)))
    notices = set()
    for delivery in deliveries:
        require(actor, delivery.notice.case, Need.WORK)
        delivery.status, delivery.posted_on, delivery.posted_by = (
            DeliveryStatus.SENT,
            posted_on,
            actor,
        )
        delivery.sent_at = moment
        delivery.save(update_fields=["status", "posted_on", "posted_by", "sent_at"])
        audit_record(
            actor=actor,
            action="notice.posted",
            obj=delivery.notice,
            case=delivery.notice.case,
            payload={
                "title": notice_kind(delivery.notice.kind).title,
                "name": delivery.name,
                "posted_on": posted_on,
            },
        )
        notices.add(delivery.notice_id)
    for notice_id in sorted(notices):
        _notice_check_sent(notice_id, actor=actor)
    return len(deliveries)


@transaction.atomic
def delivery_send_by_post(*, actor: User, case: Case, delivery_id: int) -> Delivery:
    """An email that failed goes by post instead: onto the print queue, with why it changed."""
    require(actor, case, Need.WORK)
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("notice")
        .filter(pk=delivery_id, notice__case=case)
        .first()
    )
    if (
        delivery is None
        or delivery.channel != Channel.EMAIL
        or delivery.status
        not in (
            DeliveryStatus.FAILED,
            DeliveryStatus.GAVE_UP,
        )
    ):
        raise ValidationError("Only an email that could not be sent can go by post instead.")
    error = delivery.last_error
    delivery.channel, delivery.status, delivery.next_attempt_at = (
        Channel.POST,
        DeliveryStatus.QUEUED,
        None,
    )
    delivery.last_error = f"The email could not be sent ({error}); sent by post instead."[:2000]
    delivery.save(update_fields=["channel", "status", "next_attempt_at", "last_error"])
    audit_record(
        actor=actor,
        action="notice.by_post_instead",
        obj=delivery.notice,
        case=case,
        payload={"title": delivery.notice.title, "name": delivery.name},
    )
    return delivery


def _notice_check_sent(
    notice_id: int, *, actor: User | None, sent_on: datetime.date | None = None
) -> Notice | None:
    """Once every delivery to the family has gone, the notice is sent: on the latest of their
    dates (a letter is not "sent" to two parents until both have it). Called inside the
    transaction that recorded a delivery; runs the kind's `on_sent` hook once. A held notice
    (no delivery to the family) is sent only when `sent_on` says it went outside this service."""
    notice = Notice.objects.select_for_update().get(pk=notice_id)
    if notice.sent_on is not None:
        return None
    main = notice.deliveries.exclude(role__in=COPY_ROLES)
    if main.exclude(status=DeliveryStatus.SENT).exists():
        return None
    last = main.aggregate(last=Max("sent_at"))["last"]
    if last is None and sent_on is None:
        return None
    kind = notice_kind(notice.kind)
    notice.sent_on = sent_on if last is None else timezone.localdate(last)
    notice.appeal_by = deadlines.appeal_deadline(notice.sent_on) if kind.carries_appeal else None
    notice.save(update_fields=["sent_on", "appeal_by"])
    audit_record(
        actor=actor,
        action="notice.sent",
        obj=notice,
        case=notice.case,
        payload={"title": kind.title, "sent_on": notice.sent_on},
    )
    if kind.on_sent is not None:
        kind.on_sent(notice=notice, sent_on=notice.sent_on, actor=actor)
    return notice


# --- letter templates --------------------------------------------------------------------------


@transaction.atomic
def letter_template_save(*, actor: User, kind: str, body: str) -> LetterTemplate:
    """A manager changes the wording of a kind of letter: a new version, the old ones kept."""
    if not has_ability(actor, Ability.EDIT_LETTERS):
        raise PermissionDenied("Only SEN managers change the council's letters.")
    notice_type = notice_kind(kind)
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": "Enter the wording of the letter"})
    check_letter_text(notice_type, body)
    template = LetterTemplate.objects.select_for_update().filter(kind=notice_type.code).first()
    before = template.body if template else notice_type.letter
    if body == before:
        raise ValidationError({"body": "The wording has not changed"})
    if template is None:
        template = LetterTemplate.objects.create(kind=notice_type.code, body=body, updated_by=actor)
    else:
        template.body, template.version, template.updated_by = body, template.version + 1, actor
        template.save(update_fields=["body", "version", "updated_by", "updated_at"])
    LetterTemplateVersion.objects.create(
        template=template, version=template.version, body=body, changed_by=actor
    )
    audit_record(
        actor=actor,
        action="letter_template.changed",
        obj=template,
        payload={"title": notice_type.title, "version": template.version},
        changes={"body": [before, body]},
    )
    return template
