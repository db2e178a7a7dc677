"""The staff pages of letters: the print queue (list, one PDF, mark posted), the letters'
wording (managers: edit, preview with a real case, history), and the case page's panel."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import RecordAccess
from cases.notices.models import Channel
from cases.notices.models import DeliveryStatus
from cases.notices.models import LetterTemplate
from cases.notices.models import RecipientRole
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from tests.kit import assert_refused_to_everyone_else
from tests.kit import assert_strangers_sent_to_sign_in
from tests.kit import letters_written
from tests.kit import travel
from tests.kit import words

from .kit import family_case
from .kit import not_assess_notice
from .kit import not_assess_notice_emails_refused

pytestmark = pytest.mark.django_db
QUEUE = reverse("notices:post_queue")
PRINT = reverse("notices:post_queue_print")


def posted_on(day: str) -> dict:
    """The date posted, as the form's day, month and year boxes send it."""
    year, month, date = day.split("-")
    return {"posted_on_0": str(int(date)), "posted_on_1": str(int(month)), "posted_on_2": year}


def posted_notices(officer, count=1):
    notices = []
    for n in range(count):
        case = family_case(officer, wants_post=True, first_name=f"Maya{n}")
        notices.append(not_assess_notice(officer, case, dated_on="2026-02-10"))
    letters_written()
    return notices


def test_an_officer_sees_the_letters_to_post_prints_them_and_marks_them_posted(officer, as_user):
    (notice,) = posted_notices(officer)
    letter = notice.deliveries.get(role=RecipientRole.PARENT)
    client = as_user(officer)

    with travel("2026-02-11"):
        page = client.get(QUEUE)
        assert page.status_code == 200
        assert "Rachel Okafor: Decision not to carry out an EHC needs assessment" in page.text
        assert "1 High Street" in page.text

        printed = client.get(PRINT)
        assert printed["Content-Type"] == "application/pdf"
        assert len(PdfReader(io.BytesIO(printed.getvalue())).pages) == 2  # address page, letter

        done = client.post(
            QUEUE,
            {
                "deliveries": [letter.pk],
                **posted_on("2026-02-11"),
            },
            follow=True,
        )
    assert "1 letter marked as posted on 11 February 2026." in done.text
    assert "There are no letters to post." in done.text
    letter.refresh_from_db()
    notice.refresh_from_db()
    assert letter.status == DeliveryStatus.SENT and str(notice.sent_on) == "2026-02-11"
    assert RecordAccess.objects.filter(user=officer, what="printed the letters to post").exists()


def test_the_print_queue_costs_the_same_queries_for_one_letter_or_many(
    officer, as_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(officer)

    def queries() -> int:
        with travel("2026-02-11"), CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured.captured_queries)

    posted_notices(officer, 1)
    queries()  # once first: process-wide caches filled
    one = queries()
    posted_notices(officer, 3)
    assert queries() == one
    with travel("2026-02-11"), django_assert_max_num_queries(12):
        assert client.get(QUEUE).status_code == 200


def test_a_date_in_the_future_or_no_letter_chosen_is_refused(officer, as_user):
    (notice,) = posted_notices(officer)
    letter = notice.deliveries.get(role=RecipientRole.PARENT)
    client = as_user(officer)
    with travel("2026-02-11"):
        future = client.post(
            QUEUE,
            {
                "deliveries": [letter.pk],
                **posted_on("2026-02-12"),
            },
        )
        none = client.post(QUEUE, {**posted_on("2026-02-11")})
    assert "must be today or in the past" in future.text
    assert "Select the letters you have posted" in none.text
    letter.refresh_from_db()
    assert letter.status == DeliveryStatus.QUEUED


def test_another_teams_officer_neither_sees_nor_posts_the_letters_and_strangers_are_refused(
    officer, as_user, client, parent
):
    (notice,) = posted_notices(officer)
    letter = notice.deliveries.get(role=RecipientRole.PARENT)
    assert_strangers_sent_to_sign_in(client, [QUEUE, PRINT])
    other = UserFactory(role="case_officer", team=TeamFactory(name="South locality"))
    other_client = as_user(other)
    with travel("2026-02-11"):
        assert "There are no letters to post." in other_client.get(QUEUE).text
        assert other_client.get(PRINT).status_code == 404
        refused = other_client.post(
            QUEUE,
            {
                "deliveries": [letter.pk],
                **posted_on("2026-02-11"),
            },
        )
    assert refused.status_code == 200 and "Select a valid choice" in refused.text
    letter.refresh_from_db()
    assert letter.status == DeliveryStatus.QUEUED
    as_user(parent)
    assert_refused_to_everyone_else(client, [QUEUE, PRINT])


def test_a_manager_edits_a_letter_previews_it_with_a_real_case_and_sees_its_history(
    manager, officer, as_user
):
    case = family_case(officer)
    url = reverse("notices:letter_template", kwargs={"kind": "assess"})
    client = as_user(manager)

    preview = client.post(
        url,
        {
            "body": "Dear {reader_name}, about {child_first_name}.",
            "case": case.reference,
            "preview": "1",
        },
    )
    assert "Dear Rachel Okafor, about Maya." in preview.text
    saved = client.post(url, {"body": "Dear {reader_name}, about {child_first_name}."}, follow=True)
    assert "Letter saved as version 1." in saved.text
    assert "Version 1:" in saved.text
    unknown = client.post(url, {"body": "Dear {surname}"})
    assert "is not a field this letter can use" in unknown.text
    listing = client.get(reverse("notices:letter_templates"))
    assert "Version 1, changed" in listing.text


def test_a_preview_with_a_case_the_manager_cannot_see_is_not_found(manager, as_user):
    url = reverse("notices:letter_template", kwargs={"kind": "assess"}) + "?case=SEN-NOPE"
    assert as_user(manager).get(url).status_code == 404


def test_officers_and_portal_users_cannot_change_letters(officer, parent, as_user, client):
    urls = [
        reverse("notices:letter_templates"),
        reverse("notices:letter_template", kwargs={"kind": "assess"}),
    ]
    assert_strangers_sent_to_sign_in(client, urls)
    for user in (officer, parent):
        as_user(user)
        assert client.get(urls[0]).status_code == 403
        assert_refused_to_everyone_else(client, urls[1:], {"body": "Dear {reader_name}"})
    assert not LetterTemplate.objects.exists()


def test_the_case_page_shows_what_waits_to_go_out_and_what_failed(
    officer, as_user, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    not_assess_notice_emails_refused(officer, case, django_capture_on_commit_callbacks)

    page = as_user(officer).get(reverse("cases:case", kwargs={"reference": case.reference}))
    assert "Letters and notices" in page.text
    assert "4 messages could not be sent." in page.text
    assert "SMTP server refused the connection" in page.text
    assert (
        page.context["page"].extension["notices"].waiting[0].deliveries[0].channel == Channel.EMAIL
    )


def test_a_failed_email_goes_by_post_instead_from_the_case_page(
    officer, as_user, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    notice = not_assess_notice_emails_refused(officer, case, django_capture_on_commit_callbacks)
    parent = notice.deliveries.get(role=RecipientRole.PARENT)
    url = reverse(
        "notices:delivery_by_post",
        kwargs={"reference": case.reference, "delivery_id": parent.pk},
    )
    client = as_user(officer)
    assert (
        "Send by post instead"
        in client.get(reverse("cases:case", kwargs={"reference": case.reference})).text
    )

    with travel("2026-02-11"):
        queue = client.post(url, follow=True)
    assert "The letter to Rachel Okafor is now waiting to be posted." in queue.text
    assert "Rachel Okafor: Decision not to carry out an EHC needs assessment" in queue.text
    parent.refresh_from_db()
    assert (parent.channel, parent.status) == (Channel.POST, DeliveryStatus.QUEUED)
    assert "SMTP server refused the connection" in parent.last_error
    again = client.post(url, follow=True)
    assert "Only an email that could not be sent can go by post instead." in again.text


def test_another_teams_officer_cannot_send_a_failed_email_by_post(officer, as_user):
    case = family_case(officer)
    notice = not_assess_notice(officer, case)
    parent = notice.deliveries.get(role=RecipientRole.PARENT)
    type(parent).objects.filter(pk=parent.pk).update(status=DeliveryStatus.FAILED)
    other = UserFactory(role="case_officer", team=TeamFactory(name="South locality"))
    url = reverse(
        "notices:delivery_by_post",
        kwargs={"reference": case.reference, "delivery_id": parent.pk},
    )
    assert as_user(other).post(url).status_code == 404
    parent.refresh_from_db()
    assert parent.channel == Channel.EMAIL


def test_a_held_letter_shows_on_the_case_page_and_is_prepared_from_it(officer, panel, as_user):
    from cases.tests.factories import FamilyMemberFactory
    from cases.tests.factories import decide_to_assess
    from cases.tests.factories import received_request

    case = family_case(officer, wants_post=True)
    request = received_request(officer, child=case.child)
    case.child.family.all().delete()
    decide_to_assess(panel, request, agreed=False, told_on=None)
    client = as_user(officer)
    case_url = reverse("cases:case", kwargs={"reference": case.reference})
    page = client.get(case_url).content.decode()
    assert "The letter could not be prepared: nobody can receive it." in page
    notice = case.notices.get()
    prepare = reverse("notices:notice_prepare", args=[case.reference, notice.pk])

    response = client.post(prepare, {"back": "case"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{case_url}#notices"
    assert "There is still nobody to send" in response.content.decode()

    FamilyMemberFactory(child=case.child, full_name="Dan Okafor", email="dan@example.net")
    response = client.post(prepare, {"back": "case"}, follow=True)
    page = response.content.decode()
    assert "is being prepared: it goes out once it is ready" in page
    assert "Dan Okafor by email: waiting for the letter" in words(page)
    assert "The letter could not be prepared" not in page  # (the case history keeps it)
    letters_written()
    notice.refresh_from_db()
    assert notice.letter is not None and notice.deliveries.filter(name="Dan Okafor").exists()
