"""The notice service end to end for a real case: the letter on the case file, the deliveries,
the emails after commit, the sent date (what statutory limits are met on) and its hook,
failures retried with backoff, the print queue marked posted, and letter templates."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.test import override_settings

from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import DocumentKind
from cases.notices import kinds
from cases.notices import services
from cases.notices import tasks
from cases.notices.kinds import Fact
from cases.notices.kinds import NoticeKind
from cases.notices.kinds import register_notice_kinds
from cases.notices.models import DeliveryStatus
from cases.notices.models import LetterTemplate
from cases.notices.models import Notice
from cases.notices.models import RecipientRole
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import decide_to_assess
from cases.tests.factories import received_request
from tests.kit import at
from tests.kit import letters_posted
from tests.kit import travel

from .kit import D
from .kit import FailingBackend
from .kit import family_case
from .kit import not_assess_notice
from .kit import not_assess_notice_emails_refused
from .kit import refused_request

pytestmark = pytest.mark.django_db


def test_a_notice_stores_its_letter_on_the_case_and_emails_it_after_commit(
    officer, panel, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    request = refused_request(officer, panel, case)

    with travel("2026-02-11"), django_capture_on_commit_callbacks(execute=True):
        notice = not_assess_notice(officer, case, decision=request, dated_on="2026-02-11")

    notice.refresh_from_db()
    assert notice.letter.case == case and notice.letter.kind == DocumentKind.DECISION_LETTER
    assert notice.letter.file.read().startswith(b"%PDF")
    assert notice.facts == {"decided_on": "2026-02-11"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d.email for d in notice.deliveries.all())
    to_parent = next(m for m in mail.outbox if m.to == ["rachel@example.net"])
    assert to_parent.attachments[0][0] == "not_assess-2026-02-11.pdf"
    assert notice.sent_on == D("2026-02-11")
    assert notice.appeal_by == D("2026-04-13")  # 11 April is a Saturday: moved by rule 12
    assert set(AuditEntry.objects.filter(case=case).values_list("action", flat=True)) >= {
        "notice.created",
        "notice.sent",
    }


def test_the_statutory_limit_is_met_on_the_day_the_notice_is_sent_not_the_day_decided(
    officer, panel, django_capture_on_commit_callbacks
):
    case = family_case(officer, wants_post=True)
    request = refused_request(officer, panel, case, decided_on="2026-02-10")
    notice = not_assess_notice(officer, case, decision=request, dated_on="2026-02-10")
    letter = notice.deliveries.get(role=RecipientRole.PARENT)

    letters_posted(officer, letter, on="2026-02-12")

    notice.refresh_from_db()
    assert notice.sent_on == D("2026-02-12")
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert deadline.met_on == D("2026-02-12")
    letter.refresh_from_db()
    assert (letter.status, letter.posted_on, letter.posted_by) == (
        DeliveryStatus.SENT,
        D("2026-02-12"),
        officer,
    )


def test_the_on_sent_hook_is_called_once_with_the_sent_date_when_the_last_family_delivery_goes(
    officer, monkeypatch
):
    calls = []
    monkeypatch.setattr(kinds, "_KINDS", kinds.Registry("notice kind"))  # this test's own
    register_notice_kinds(
        NoticeKind(
            "test_hooked",
            "A test notice",
            "reg 0",
            decision="We decided on {decided_on}.",
            facts=(Fact("decided_on", "Date"),),
            on_sent=lambda *, notice, sent_on, actor: calls.append((notice.pk, sent_on)),
        )
    )
    case = family_case(officer, wants_post=True)
    from cases.tests.factories import FamilyMemberFactory

    FamilyMemberFactory(child=case.child, full_name="Dan Okafor", email="", is_main_contact=True)
    notice = services.notice_create(
        actor=officer,
        case=case,
        kind="test_hooked",
        facts={"decided_on": "2026-03-02"},
        dated_on=D("2026-03-02"),
    )
    first, second = notice.deliveries.order_by("id")

    letters_posted(officer, first, on="2026-03-02", today="2026-03-04")
    assert calls == []  # one parent still waits for their letter
    letters_posted(officer, second, on="2026-03-03", today="2026-03-04")
    assert calls == [(notice.pk, D("2026-03-03"))]
    with pytest.raises(ValidationError):  # already posted: nothing left to mark
        letters_posted(officer, second, on="2026-03-04")
    assert len(calls) == 1


def test_copies_still_waiting_do_not_hold_back_the_sent_date(
    officer, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    failing = FailingBackend()
    real = services.email_backend
    by_address = {"rachel@example.net": real()}

    class Router:
        def send(self, email):
            (by_address.get(email.to) or failing).send(email)

    with (
        mock.patch.object(services, "email_backend", Router),
        travel("2026-02-10"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notice = not_assess_notice(officer, case)

    notice.refresh_from_db()
    assert notice.sent_on == D("2026-02-10")
    assert notice.deliveries.filter(status=DeliveryStatus.FAILED).count() == 3  # the copies


def test_a_failed_email_is_recorded_retried_with_backoff_and_given_up_after_five_attempts(
    officer, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    failing = FailingBackend()
    with mock.patch.object(services, "email_backend", lambda: failing):
        with django_capture_on_commit_callbacks(execute=True):
            notice = not_assess_notice(officer, case)
        parent = notice.deliveries.get(role=RecipientRole.PARENT)
        parent.refresh_from_db()
        assert parent.status == DeliveryStatus.FAILED and parent.attempts == 1
        assert "refused the connection" in parent.last_error

        first_try = parent.next_attempt_at
        assert (
            services.delivery_send(
                delivery_id=parent.pk, now=first_try - datetime.timedelta(seconds=1)
            )
            == "skipped"
        )
        now = first_try
        for attempt in range(2, 6):
            assert services.delivery_send(delivery_id=parent.pk, now=now) in ("failed", "gave_up")
            parent.refresh_from_db()
            assert parent.attempts == attempt
            if parent.next_attempt_at:
                assert parent.next_attempt_at - now == services.retry_delay(attempt)
                now = parent.next_attempt_at
    assert parent.status == DeliveryStatus.GAVE_UP and parent.next_attempt_at is None
    assert services.delivery_send(delivery_id=parent.pk) == "skipped"
    notice.refresh_from_db()
    assert notice.sent_on is None


def test_the_retry_task_sends_what_is_due_once_even_when_run_twice(
    officer, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    notice = not_assess_notice_emails_refused(officer, case, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    later = at("2026-12-31")
    with mock.patch("django.utils.timezone.now", return_value=later):
        first = tasks.retry_deliveries()
        second = tasks.retry_deliveries()
    assert first == {"sent": 4} and second == {}
    assert len(mail.outbox) == 4
    assert notice.deliveries.filter(status=DeliveryStatus.SENT).count() == 4


@override_settings(GOVUK_NOTIFY_API_KEY="test-key", GOVUK_NOTIFY_EMAIL_TEMPLATE_ID="tmpl-1")
def test_with_a_notify_key_emails_go_through_govuk_notify(
    officer, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    with (
        mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client,
        django_capture_on_commit_callbacks(execute=True),
    ):
        notice = not_assess_notice(officer, case)

    client.assert_called_with("test-key")
    calls = client.return_value.send_email_notification.call_args_list
    assert len(calls) == 4 and mail.outbox == []
    to_parent = next(c.kwargs for c in calls if c.kwargs["email_address"] == "rachel@example.net")
    assert to_parent["template_id"] == "tmpl-1"
    assert to_parent["personalisation"]["subject"].endswith(": Maya")
    assert to_parent["personalisation"]["letter"]["file"]  # the letter, as a Notify file link
    assert to_parent["reference"].startswith("delivery-")
    notice.refresh_from_db()
    assert notice.sent_on is not None


def test_a_notice_refuses_facts_its_kind_does_not_state_or_lacks(officer):
    case = family_case(officer)
    with pytest.raises(ValidationError, match="date of the decision"):
        services.notice_create(actor=officer, case=case, kind="not_assess", facts={})
    with pytest.raises(ValidationError, match="does not state"):
        services.notice_create(
            actor=officer, case=case, kind="not_assess", facts={"decided_on": "2026-02-10", "x": 1}
        )


def test_a_decision_nobody_can_receive_is_kept_held_until_the_contact_details_are_recorded(
    officer, panel
):
    """The decision is never lost: its notice is held (no letter, no delivery), the case page
    says what to do, and the officer prepares it once the parents' details are recorded."""
    case = family_case(officer, wants_post=True)
    request = received_request(officer, child=case.child, arrived="2026-01-05")
    case.child.family.all().delete()
    decide_to_assess(panel, request, agreed=False, told_on=None)
    request.refresh_from_db()
    assert request.state == "refused"

    notice = Notice.objects.get(case=case, kind="not_assess")
    assert notice.held and not notice.deliveries.exists()
    assert AuditEntry.objects.filter(case=case, action="notice.held").exists()
    with pytest.raises(ValidationError, match="still nobody"):
        services.notice_prepare(actor=officer, case=case, notice_id=notice.pk)

    FamilyMemberFactory(child=case.child, full_name="Rachel Okafor", email="", address="")
    child = case.child
    child.address_line_1 = child.town = child.postcode = ""  # no address anywhere
    child.save()
    with pytest.raises(ValidationError, match="still nobody"):
        services.notice_prepare(actor=officer, case=case, notice_id=notice.pk)

    case.child.family.update(address="1 High Street\nExeter\nEX1 1AA")
    services.notice_prepare(actor=officer, case=case, notice_id=notice.pk, today=D("2026-02-20"))
    notice.refresh_from_db()
    assert not notice.held and notice.dated_on == D("2026-02-20")
    letter = notice.deliveries.get(role=RecipientRole.PARENT)
    assert (letter.name, letter.channel) == ("Rachel Okafor", "post")
    with pytest.raises(ValidationError, match="still being prepared cannot be posted"):
        services.deliveries_mark_posted(
            actor=officer,
            delivery_ids=[letter.pk],
            posted_on=D("2026-02-20"),
            today=D("2026-02-20"),
        )
    letters_posted(officer, letter, on="2026-02-20")
    deadline = Deadline.objects.get(case=case, kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert deadline.met_on == D("2026-02-20")
    with pytest.raises(ValidationError, match="already been prepared"):
        services.notice_prepare(actor=officer, case=case, notice_id=notice.pk)


def test_someone_who_cannot_work_on_the_case_cannot_make_a_notice(officer, make_user):
    case = family_case(officer)
    stranger = make_user("case_officer")
    with pytest.raises(PermissionDenied):
        not_assess_notice(stranger, case)


def test_a_manager_changes_a_letter_a_new_version_is_kept_and_audited(manager, officer):
    first = services.letter_template_save(
        actor=manager, kind="assess", body="Dear {reader_name}, one."
    )
    second = services.letter_template_save(
        actor=manager, kind="assess", body="Dear {reader_name}, two."
    )

    assert first.pk == second.pk and second.version == 2
    assert list(second.versions.values_list("version", "body")) == [
        (2, "Dear {reader_name}, two."),
        (1, "Dear {reader_name}, one."),
    ]
    entry = AuditEntry.objects.filter(action="letter_template.changed").order_by("-id").first()
    assert entry.payload == {"title": "Decision to carry out an EHC needs assessment", "version": 2}
    assert entry.changes["body"] == ["Dear {reader_name}, one.", "Dear {reader_name}, two."]
    case = family_case(officer)
    notice = services.notice_create(
        actor=officer, case=case, kind="assess", facts={"decided_on": "2026-02-10"}
    )
    assert notice.template_version == 2


def test_a_letter_text_with_an_unknown_or_unsafe_field_is_refused(manager, officer):
    for body, message in (
        ("Dear {surname}", "not a field this letter can use"),
        ("Dear {reader_name.__class__}", "not a field this letter can use"),
        ("Dear {reader_name:>99999}", "nothing after it"),
        ("Dear {reader_name", "curly bracket"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.letter_template_save(actor=manager, kind="assess", body=body)
    with pytest.raises(PermissionDenied):
        services.letter_template_save(actor=officer, kind="assess", body="Dear {reader_name}")
    assert not LetterTemplate.objects.exists()


def test_a_letter_and_emails_whose_first_try_was_lost_are_done_by_the_retry_task(officer):
    case = family_case(officer)
    notice = not_assess_notice(officer, case)  # committed, but its tasks never ran

    with mock.patch("django.utils.timezone.now", return_value=notice.created_at):
        assert tasks.retry_deliveries() == {}  # not yet: the first try may still be on its way
    later = notice.created_at + services.RETRY_BASE
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert tasks.retry_deliveries() == {"letters queued": 1, "sent": 4}
    assert len(mail.outbox) == 4
    notice.refresh_from_db()
    assert all(m.attachments[0][0] == notice.letter.original_name for m in mail.outbox)
