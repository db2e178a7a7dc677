"""A decision's letter is laid out by a task after the decision commits, not in the officer's
request: nothing to the family goes out without it (no email, nothing on the print queue), the
case page says it is being prepared, the task stores it once and then sends the emails, and the
notice is sent on the day they actually go. A failed layout is recorded, shown and tried again
with backoff; after the last try an officer asks for it again from the case page."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import AuditEntry
from cases.models import Document
from cases.notices import selectors
from cases.notices import services
from cases.notices import tasks
from cases.notices.models import Channel
from cases.notices.models import DeliveryStatus
from tests.kit import D
from tests.kit import at
from tests.kit import letters_written
from tests.kit import travel
from tests.kit import words

from .kit import family_case
from .kit import not_assess_notice

pytestmark = pytest.mark.django_db


def _case_page(client, case) -> str:
    with travel("2026-02-11"):
        return words(client.get(reverse("cases:case", args=[case.reference])).content.decode())


def test_the_decision_does_not_lay_out_the_letter_and_the_task_stores_it_once_then_emails_it(
    officer, as_user, pdf_renders, django_capture_on_commit_callbacks
):
    case = family_case(officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = not_assess_notice(officer, case, dated_on="2026-02-11")
    assert pdf_renders == []  # nothing laid out while the decision was recorded
    assert notice.letter is None and len(callbacks) == 1
    parent = notice.deliveries.get(role="parent")
    assert parent.channel == Channel.EMAIL and parent.status == DeliveryStatus.QUEUED

    # Nothing goes out without its letter, and the case page says why it waits.
    assert services.delivery_send(delivery_id=parent.pk, now=at("2026-02-11")) == "skipped"
    assert mail.outbox == []
    page = _case_page(as_user(officer), case)
    assert "Decision not to carry out an EHC needs assessment , dated 11 February 2026" in page
    assert "Letter being prepared" in page
    assert "Rachel Okafor by email: waiting for the letter" in page

    with travel("2026-02-11"), django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the decision commits: the task runs (eagerly here)
            callback()
    notice.refresh_from_db()
    assert len(pdf_renders) == 1 and "<title>Decision not to carry out" in pdf_renders[0]
    assert notice.letter.file.read(5) == b"%PDF-"
    assert notice.letter.uploaded_by == officer  # on the file as the decision's author's
    assert {m.to[0] for m in mail.outbox} >= {"rachel@example.net"}
    assert all(m.attachments[0][0] == notice.letter.original_name for m in mail.outbox)
    assert notice.sent_on == D("2026-02-11")  # the day the emails actually went

    # Run again (a retry after a lost acknowledgement): the stored letter is kept.
    assert tasks.write_letter.delay(notice.pk).get() == "skipped"
    assert len(pdf_renders) == 1
    assert Document.objects.filter(case=case).count() == 1
    page = _case_page(as_user(officer), case)
    assert "Letter being prepared" not in page
    assert reverse("cases:document_download", args=[case.reference, notice.letter_id]) in (
        as_user(officer).get(reverse("cases:case", args=[case.reference])).content.decode()
    )


def test_a_letter_to_post_is_printed_only_once_it_is_written(officer):
    case = family_case(officer, wants_post=True)
    notice = not_assess_notice(officer, case, dated_on="2026-02-10")
    parent = notice.deliveries.get(role="parent")
    assert parent.channel == Channel.POST

    assert parent not in selectors.post_queue(officer, today=D("2026-02-11"))
    letters_written()
    assert parent in selectors.post_queue(officer, today=D("2026-02-11"))


def test_the_letter_says_what_the_wording_said_when_the_decision_was_recorded(
    officer, manager, pdf_renders
):
    services.letter_template_save(
        actor=manager, kind="not_assess", body="Dear {reader_name}, the first wording."
    )
    notice = not_assess_notice(officer, family_case(officer))
    services.letter_template_save(
        actor=manager, kind="not_assess", body="Dear {reader_name}, the second wording."
    )

    letters_written()  # the task runs after the wording changed
    assert "the first wording" in words(pdf_renders[-1])
    assert "the second wording" not in words(pdf_renders[-1])
    notice.refresh_from_db()
    assert notice.template_version == 1


def test_a_failed_letter_is_recorded_shown_retried_and_written_again_on_request(
    officer, as_user, pdf_renders, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    notice = not_assess_notice(officer, case, dated_on="2026-02-11")
    broken = mock.patch.object(services, "render_letter_pdf", side_effect=OSError("font lost"))
    start = at("2026-02-11", "10:00")

    with broken:
        assert services.notice_write_letter(notice_id=notice.pk, now=start) == "failed"
    notice.refresh_from_db()
    assert notice.letter is None and notice.letter_attempts == 1
    assert notice.letter_error == "OSError: font lost"
    assert notice.letter_next_attempt_at == start + services.RETRY_BASE
    assert not Document.objects.filter(case=case).exists()
    page = _case_page(as_user(officer), case)
    assert "It could not be written yet (OSError: font lost): it is tried again" in page
    assert "Write the letter again" not in page  # not while it is still tried automatically
    prepare = reverse("notices:notice_prepare", args=[case.reference, notice.pk])
    refused = as_user(officer).post(prepare, {"back": "case"}, follow=True).content.decode()
    assert "This letter is being prepared: it goes out once it is ready." in refused

    # The sweep tries again once each backoff has passed (5, 10, 20, 40 minutes), not before.
    with broken:
        assert services.letters_due_for_retry(start + services.RETRY_BASE / 2) == []
        moment = start
        for attempt in range(2, services.MAX_ATTEMPTS + 1):
            moment += services.retry_delay(attempt - 1)
            assert services.letters_due_for_retry(moment) == [notice.pk]
            outcome = services.notice_write_letter(notice_id=notice.pk, now=moment)
            assert outcome == ("gave_up" if attempt == services.MAX_ATTEMPTS else "failed")
    notice.refresh_from_db()
    assert notice.letter_given_up and notice.letter_attempts == services.MAX_ATTEMPTS
    assert services.letters_due_for_retry(moment + services.RETRY_BASE * 100) == []
    failed = AuditEntry.objects.get(action="notice.letter_failed")
    assert failed.actor is None and failed.payload["attempts"] == services.MAX_ATTEMPTS
    assert pdf_renders == [] and mail.outbox == []

    client = as_user(officer)
    page = _case_page(client, case)
    assert "The letter could not be written, so nothing has gone out." in page
    assert "Write the letter again" in page

    with travel("2026-02-11"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(prepare, {"back": "case"}, follow=True)
    assert "is being prepared: it goes out once it is ready" in words(response.content.decode())
    notice.refresh_from_db()
    assert notice.letter is not None and not notice.letter_error and len(pdf_renders) == 1
    assert AuditEntry.objects.filter(action="notice.letter_retried", actor=officer).exists()
    assert notice.sent_on == D("2026-02-11") and len(mail.outbox) >= 1

    # Asked again once written: refused, nothing laid out twice.
    response = client.post(prepare, {"back": "case"}, follow=True)
    assert "This letter has already been prepared." in response.content.decode()
    assert len(pdf_renders) == 1
