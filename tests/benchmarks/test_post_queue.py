"""The day's post at council scale: the print queue page and its one PDF, with 25,000 seeded
cases, each with notices already sent, and a day's letters waiting to be posted.

Run on PostgreSQL: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/send make bench`.
BENCH_CASES changes the size (default 25,000), BENCH_LETTERS the day's post (default 200).
"""

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db import transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case
from cases.models import Delivery
from cases.models import Document
from cases.models import DocumentKind
from cases.models import Notice
from cases.models import User
from cases.notices.models import Channel
from cases.notices.models import DeliveryStatus
from cases.notices.models import RecipientRole
from cases.roles import Role
from tests import fake_pdf

LETTERS = int(os.environ.get("BENCH_LETTERS", "200"))


@pytest.fixture(scope="module")
def day_of_post(seeded, django_db_blocker):
    """The seeded council (conftest's `seeded`: BENCH_CASES cases, kept with --reuse-db) with a
    year of notices and a day's letters, added in a transaction undone after this module, so the
    kept database is left as it was and a second run measures the same post."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        _notices_for_every_case()
        print(
            f"\nnotices for every case and {LETTERS} letters: {time.perf_counter() - started:.1f}s"
        )
        yield
        transaction.set_rollback(True)


def _notices_for_every_case():
    """One notice sent on each case (by email, with a copy to the school), and today's letters
    to post on the first LETTERS cases: what a year of letters leaves behind, and a day's post."""
    today = timezone.localdate()
    author = User.objects.filter(role=Role.CASE_OFFICER).order_by("id").first()
    pdf = fake_pdf.render("<title>Letter</title>")
    stored = Document(
        case=Case.objects.order_by("id").first(),
        kind=DocumentKind.DECISION_LETTER,
        title="Letter",
        original_name="letter.pdf",
        content_type="application/pdf",
        size=len(pdf),
        uploaded_by=author,
    )
    stored.file.save("letter.pdf", ContentFile(pdf), save=True)
    case_ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    sent_at = timezone.now() - datetime.timedelta(days=30)
    notices = Notice.objects.bulk_create(
        Notice(
            case_id=case_id,
            kind="assess",
            facts={"decided_on": today.isoformat()},
            dated_on=today - datetime.timedelta(days=30),
            sent_on=today - datetime.timedelta(days=30),
            letter=stored,
        )
        for case_id in case_ids
    )
    Delivery.objects.bulk_create(
        (
            Delivery(
                notice=notice,
                role=role,
                name="Parent",
                channel=Channel.EMAIL,
                email="parent@example.net",
                status=DeliveryStatus.SENT,
                sent_at=sent_at,
            )
            for notice in notices
            for role in (RecipientRole.PARENT, RecipientRole.SETTING)
        ),
        batch_size=5000,
    )
    todays = Notice.objects.bulk_create(
        Notice(
            case_id=case_id,
            kind="not_assess",
            facts={"decided_on": today.isoformat()},
            dated_on=today,
            letter=stored,
        )
        for case_id in case_ids[:LETTERS]
    )
    Delivery.objects.bulk_create(
        Delivery(
            notice=notice,
            role=RecipientRole.PARENT,
            name="Rachel Okafor",
            channel=Channel.POST,
            postal_address="1 High Street\nExeter\nEX1 1AA",
        )
        for notice in todays
    )


def _timed(client, url):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - started) * 1000
    return response, len(captured.captured_queries), ms


@pytest.mark.django_db
def test_the_days_post_at_scale(day_of_post, client):
    manager = User.objects.filter(role=Role.SEN_MANAGER).order_by("id").first()
    client.force_login(manager)
    print(
        f"\nThe day's post at {Case.objects.count():,} cases, {Notice.objects.count():,} notices, "
        f"{Delivery.objects.count():,} deliveries on {connection.vendor}:"
    )
    for label, url in (
        ("letters to post (page)", "/staff/letters/to-post/"),
        ("print all (one PDF)", "/staff/letters/to-post/print.pdf"),
    ):
        runs = [_timed(client, url) for _ in range(3)]
        response, queries, _ = runs[-1]
        assert response.status_code == 200, label
        median = sorted(ms for _, _, ms in runs)[1]
        print(
            f"  {label:<24} {LETTERS} letters  {queries:>3} queries  {median:8.1f} ms median of 3"
        )
    assert response.content.startswith(b"%PDF")
    with override_settings(SEND_PDF_RENDERER=fake_pdf.REAL):  # the address pages by WeasyPrint
        response, queries, ms = _timed(client, "/staff/letters/to-post/print.pdf")
    assert response.status_code == 200
    print(f"  {'print all, WeasyPrint':<24} {LETTERS} letters  {queries:>3} queries  {ms:8.1f} ms")
