"""The nightly deadline job's steps that belong to the case file. Each step is set-based,
chunked, and idempotent: run twice on one day, or killed half way and run again, it neither
repeats nor skips anything. Database constraints (`Notification.dedupe_key` is unique) are the
guarantee; the code only avoids needless work.
"""

import datetime
import hashlib
import logging
from collections import defaultdict
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail import get_connection
from django.db import connections
from django.db import router
from django.db import transaction
from django.db.models import F
from django.db.models import Q
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery
from django.utils import timezone

from .deadline_kinds import COMING_UP_WORKING_DAYS
from .deadline_kinds import coming_up_until
from .deadline_kinds import deadline_kind
from .deadline_kinds import due_soon_q
from .deadline_kinds import family_window_kinds
from .models import Case
from .models import Deadline
from .models import DeadlineKind
from .models import DeadlineStatus
from .models import Notification
from .models import NotificationStatus
from .models import User
from .models import case_next_due_refresh
from .roles import Role

logger = logging.getLogger(__name__)

FAMILY_REMINDER_DAYS = 5  # families are reminded 5 days before their 15-day window closes
MAX_SEND_ATTEMPTS = 5
DIGEST_LINES = 40  # per part of a digest; the rest is "and N more" with a link to the caseload
CHUNK = 5000


def deadlines_refresh_status(*, today: datetime.date) -> int:
    """Store each deadline's status as of today: six set-based updates, whatever the size. A
    cancelled limit (e.g. the 16 weeks once the panel says "yes, issue a plan") no longer
    counts as overdue, whatever it was the night before."""
    soon = due_soon_q(today)
    live = Deadline.objects.filter(met_on__isnull=True, cancelled=False)
    met = Deadline.objects.filter(met_on__isnull=False)
    changed = 0
    for rows, status in (
        (live.filter(due_on__lt=today), DeadlineStatus.OVERDUE),
        (live.filter(soon), DeadlineStatus.DUE_SOON),
        (live.filter(due_on__gte=today).exclude(soon), DeadlineStatus.ON_TRACK),
        (met.filter(met_on__lte=F("due_on")), DeadlineStatus.MET_ON_TIME),
        (met.filter(met_on__gt=F("due_on")), DeadlineStatus.MET_LATE),
        (Deadline.objects.filter(cancelled=True, met_on__isnull=True), DeadlineStatus.CANCELLED),
    ):
        changed += rows.exclude(status=status).update(status=status)
    return changed


# What one line of a digest or an escalation reads of a deadline (`_line`).
LINE_FIELDS = (
    "case__reference",
    "case__child__first_name",
    "case__child__last_name",
    "kind",
    "label",
    "due_on",
)


def _line(row: dict) -> str:
    return (
        f"- {row['case__reference']} {row['case__child__first_name']} {row['case__child__last_name']}: "
        f"{row['label'] or deadline_kind(row['kind']).label}, due {row['due_on']:%-d %B %Y}"
    )


def _listing(title: str, rows: list[dict]) -> list[str]:
    if not rows:
        return []
    lines = [f"{title} ({len(rows)}):", *(_line(r) for r in rows[:DIGEST_LINES])]
    if len(rows) > DIGEST_LINES:
        lines.append(f"... and {len(rows) - DIGEST_LINES} more: see your caseload.")
    return [*lines, ""]


def _queue(batch: list[Notification]) -> int:
    """Insert the notifications whose dedupe key is new; returns how many rows were inserted.

    The count is the database's own (the INSERT's row count with ON CONFLICT DO NOTHING, or
    INSERT OR IGNORE on SQLite), so a run that overlaps another records only what it really
    queued: rows the other run inserted first, even ones not yet committed when this run
    looked, are not counted twice in the JobRun an auditor reads. (`bulk_create(
    ignore_conflicts=True)` returns every object it was given, inserted or not.) Keys already
    known are left out of the INSERT first, so a second run on one day sends no rows at all."""
    if not batch:
        return 0
    known = set(
        Notification.objects.filter(dedupe_key__in=[n.dedupe_key for n in batch]).values_list(
            "dedupe_key", flat=True
        )
    )
    fresh = [n for n in batch if n.dedupe_key not in known]
    return _insert_new(fresh)


def _insert_new(rows: list[Notification]) -> int:
    if not rows:
        return 0
    using = router.db_for_write(Notification)
    connection = connections[using]
    fields = [
        f
        for f in Notification._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    size = max(connection.ops.bulk_batch_size(fields, rows), 1)
    inserted = 0
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            query = InsertQuery(Notification, on_conflict=OnConflict.IGNORE)
            query.insert_values(fields, rows[start : start + size])
            for sql, params in query.get_compiler(using=using).as_sql():
                cursor.execute(sql, params)
                inserted += max(cursor.rowcount, 0)
    return inserted


def notifications_queue_officer_digests(*, today: datetime.date) -> int:
    """One digest per officer per day: what is overdue, and what is due within 10 working days."""
    horizon = coming_up_until(today)
    rows = (
        Deadline.objects.filter(
            met_on__isnull=True,
            cancelled=False,
            due_on__lte=horizon,
            case__officer__isnull=False,
            case__officer__is_active=True,
        )
        .order_by("case__officer_id", "due_on", "id")
        .values("case__officer_id", "case__officer__email", *LINE_FIELDS)
    )
    link = f"{settings.SITE_URL}/staff/cases/?due=overdue"
    queued, batch = 0, []
    for officer_id, items in groupby(
        rows.iterator(chunk_size=CHUNK), key=lambda r: r["case__officer_id"]
    ):
        items = list(items)
        overdue = [r for r in items if r["due_on"] < today]
        upcoming = [r for r in items if r["due_on"] >= today]
        body = "\n".join(
            [
                f"Your statutory deadlines on {today:%A %-d %B %Y}.",
                "",
                *_listing("Overdue", overdue),
                *_listing(f"Due within {COMING_UP_WORKING_DAYS} working days", upcoming),
                f"Your caseload: {link}",
            ]
        )
        batch.append(
            Notification(
                dedupe_key=f"digest:{officer_id}:{today.isoformat()}",
                kind="officer_digest",
                recipient_id=officer_id,
                to_address=items[0]["case__officer__email"],
                subject=f"{len(overdue)} overdue, {len(upcoming)} due soon: your SEND deadlines",
                body=body,
            )
        )
        if len(batch) >= 500:
            queued += _queue(batch)
            batch = []
    queued += _queue(batch)
    return queued


def notifications_queue_escalations(*, today: datetime.date) -> int:
    """Overdue items not yet escalated go, once, to the managers of the case's team.

    One transaction per team: the notices and the `escalated_on` marks commit together, so a
    run killed half way leaves each team either fully escalated or untouched."""
    overdue = Deadline.objects.filter(
        met_on__isnull=True, cancelled=False, due_on__lt=today, escalated_on__isnull=True
    )
    team_ids = list(overdue.order_by().values_list("case__team_id", flat=True).distinct())
    managers = defaultdict(list)
    for manager in User.objects.filter(role=Role.SEN_MANAGER, is_active=True):
        managers[manager.team_id].append(manager)
    queued = 0
    for team_id in team_ids:
        recipients = managers.get(team_id) or managers.get(None) or []
        if not recipients:  # leave them unescalated until there is a manager to tell
            logger.warning(
                "deadline job: no SEN manager to tell of team %s's overdue items", team_id
            )
            continue
        with transaction.atomic():
            items = list(
                overdue.select_for_update(of=("self",), skip_locked=True)
                .filter(case__team_id=team_id)
                .order_by("due_on", "id")
                .values("id", *LINE_FIELDS)
            )
            if not items:
                continue
            body = "\n".join(
                [
                    f"These statutory deadlines in your team became overdue (as of {today:%-d %B %Y}).",
                    "",
                    *_listing("Newly overdue", items),
                ]
            )
            # The batch's items are part of the key: a second run the same day that finds
            # newly overdue items tells the managers of those, and a re-run after a crash
            # (which rolled this batch back) finds the same items and the same key.
            ids = ",".join(str(i["id"]) for i in items)
            batch_key = hashlib.sha256(ids.encode()).hexdigest()[:16]
            queued += _queue(
                [
                    Notification(
                        dedupe_key=f"escalation:{m.pk}:{team_id}:{today.isoformat()}:{batch_key}",
                        kind="manager_escalation",
                        recipient=m,
                        to_address=m.email,
                        subject=f"{len(items)} statutory deadlines overdue in your team",
                        body=body,
                    )
                    for m in recipients
                ]
            )
            Deadline.objects.filter(pk__in=[i["id"] for i in items]).update(escalated_on=today)
    return queued


def notifications_queue_family_reminders(*, today: datetime.date) -> int:
    """Remind the family when the 15 days to comment on a draft or on proposed amendments
    close within 5 days. Once per window and person, whenever the job runs in those 5 days.

    Who is reminded is who the letters go to (`cases.notices.recipients.family_recipients`):
    the parents, or the young person from the day the clock gives, or the person acting for a
    young person who lacks capacity (CFA 2014 s.83; SEND Regs 2014 Schedule 3). Only those who
    take email are emailed; nobody else is emailed in the place of someone who has no email
    address or wants post (their letter, sent by post, gives the date)."""
    from .notices.models import Channel
    from .notices.recipients import family_recipients

    closing = list(
        Deadline.objects.filter(
            kind__in=family_window_kinds(),
            met_on__isnull=True,
            cancelled=False,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=FAMILY_REMINDER_DAYS),
        ).values("id", "case_id", "kind", "due_on", "case__reference")
    )
    cases = Case.objects.select_related("child").prefetch_related(
        "child__alternative_people", "child__family"
    )
    cases = cases.in_bulk({item["case_id"] for item in closing})
    batch = []
    for item in closing:
        what = (
            "draft EHC plan"
            if item["kind"] == DeadlineKind.DRAFT_RESPONSE
            else "proposed changes to the EHC plan"
        )
        for person in family_recipients(cases[item["case_id"]], on=today):
            if person.channel != Channel.EMAIL:
                continue
            batch.append(
                Notification(
                    dedupe_key=f"family_reminder:{item['id']}:{person.key}",
                    kind="family_response_reminder",
                    recipient_id=person.user_id,
                    to_address=person.email,
                    case_id=item["case_id"],
                    subject=f"Your comments on the {what} are due by {item['due_on']:%-d %B %Y}",
                    body=(
                        f"Dear {person.name},\n\nYou have until {item['due_on']:%A %-d %B %Y} to "
                        f"send us your comments on the {what}, ask for a meeting, or tell us the school "
                        f"or college you would like named (case {item['case__reference']}).\n\n"
                        "If you need more time or help, contact your SEN case officer."
                    ),
                )
            )
    return _queue(batch)


# Written to `last_error` when a send starts, replaced by the outcome when it ends: a message
# found with it still there had an attempt that never recorded how it ended (the process died
# during the send), and may already have been delivered.
IN_FLIGHT = "Attempt in progress:"
REPEAT_NOTE = (
    "Attempt {attempt} was interrupted before its outcome was recorded: this message may "
    "have been sent twice."
)


def cases_next_due_refresh(*, today: datetime.date) -> int:
    """Each case's stored next deadline mended where it is not its own (kept by every deadline
    write already: this finds what was written around them, e.g. by hand in the database)."""
    return case_next_due_refresh()


SEND_BATCH = 200  # messages in one sending task handed out by the nightly job


def notifications_pending_batches(*, size: int = SEND_BATCH) -> list[list[int]]:
    """The messages waiting to be sent (queued, or failed and to be retried), oldest first, in
    batches of ids: the nightly job hands each batch to a sending task (`notifications_send`
    with `ids`), so its own run time does not depend on how long the queue is. One query."""
    ids = list(
        Notification.objects.filter(
            status__in=[NotificationStatus.QUEUED, NotificationStatus.FAILED]
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def notifications_send(*, limit: int | None = None, ids: list[int] | None = None) -> dict:
    """Send what is queued (and retry what failed) through Django's email backend.

    Each message goes through two transactions. The first claims it: the row is locked
    (skip_locked lets two workers share the queue), its attempt is counted and marked as in
    progress, and that is committed before anything is sent. The second locks it again, sends,
    and records the outcome. A crash during the send can still repeat the one message in
    flight (decision 0009), but never silently: the next run finds the attempt that has no
    outcome, logs it, and notes on the message that it may have been sent twice.

    With `ids`, only those messages (a batch from `notifications_pending_batches`)."""
    sent = failed = 0
    # Walk the queue once in (created_at, id) order: a message that failed waits for the next
    # run, not the next loop, and each query stays as cheap as the first.
    after: tuple | None = None
    connection = get_connection()
    retryable = [NotificationStatus.QUEUED, NotificationStatus.FAILED]
    pending = Notification.objects.filter(status__in=retryable)
    if ids is not None:  # one batch handed out by the nightly job
        pending = pending.filter(pk__in=ids)
    while limit is None or sent + failed < limit:
        with transaction.atomic():
            candidates = pending.select_for_update(skip_locked=True).order_by("created_at", "id")
            if after is not None:
                candidates = candidates.filter(
                    Q(created_at__gt=after[0]) | Q(created_at=after[0], id__gt=after[1])
                )
            claimed = candidates.first()
            if claimed is None:
                break
            after = (claimed.created_at, claimed.pk)
            note = ""
            if claimed.last_error.startswith(IN_FLIGHT):
                note = REPEAT_NOTE.format(attempt=claimed.attempts)
                logger.warning(
                    "notification %s: attempt %s ended without an outcome; sending again",
                    claimed.pk,
                    claimed.attempts,
                )
            claimed.attempts += 1
            claimed.last_error = (
                f"{IN_FLIGHT} {claimed.attempts}, started {timezone.now():%Y-%m-%d %H:%M:%S %Z}"
            )
            claimed.save(update_fields=["attempts", "last_error"])

        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=claimed.pk, attempts=claimed.attempts, status__in=retryable)
                .first()
            )
            if notification is None:  # another sender claimed it in the meantime
                continue
            try:
                EmailMessage(
                    subject=notification.subject,
                    body=notification.body,
                    to=[notification.to_address],
                    connection=connection,
                ).send()
            except Exception as error:  # the backend's own errors vary (SMTP, socket, ...)
                logger.warning("notification %s failed: %s", notification.pk, error)
                notification.status = (
                    NotificationStatus.GAVE_UP
                    if notification.attempts >= MAX_SEND_ATTEMPTS
                    else NotificationStatus.FAILED
                )
                notification.last_error = " ".join(filter(None, [note, str(error)]))[:2000]
                failed += 1
            else:
                notification.status = NotificationStatus.SENT
                notification.sent_at = timezone.now()
                notification.last_error = note
                sent += 1
            notification.save(update_fields=["status", "last_error", "sent_at"])
    return {"sent": sent, "failed": failed}
