"""The pages of moves and reassessments: each step through its page, errors in GOV.UK words with
nothing saved, the case page's panel, and query budgets."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.tests.viewkit import date_data
from tests.kit import D
from tests.kit import as_user
from tests.kit import travel
from transfers.moves.models import MoveIn
from transfers.moves.models import MoveOut
from transfers.moves.models import Reassessment
from transfers.moves.models import ReassessmentState

from .kit import move_in
from .kit import plan_case
from .kit import reassessment_asked

pytestmark = pytest.mark.django_db

CASE_PAGE_EXTRA = 4  # the panel: moves out, moves in, reassessments, their deadlines


def _case_url(case) -> str:
    return reverse("cases:case", kwargs={"reference": case.reference})


def test_a_move_out_is_recorded_and_handed_over_through_its_pages(client, officer, panel):
    plan = plan_case(officer, panel)
    as_user(client, officer)
    new = reverse("moves:out_new", kwargs={"reference": plan.case.reference})
    with travel("2026-08-24"):
        page = client.get(_case_url(plan.case))
        assert new in page.content.decode()
        bad = client.post(new, {"receiving_council": "", **date_data("moved_on", None)})
        assert bad.status_code == 200
        assert "Enter the council the family is moving to" in bad.content.decode()
        assert not MoveOut.objects.exists()
        done = client.post(
            new,
            {
                "receiving_council": "Somerset Council",
                **date_data("moved_on", D("2026-08-28")),
                **date_data("learned_on", D("2026-08-24")),
            },
            follow=True,
        )
    assert "Pass the plan to Somerset Council by 15 September 2026" in done.content.decode()
    move = MoveOut.objects.get()
    handover = reverse(
        "moves:out_handover", kwargs={"reference": plan.case.reference, "item_id": move.pk}
    )
    assert handover in done.content.decode()
    with travel("2026-09-10"):
        client.post(
            handover,
            {
                "version": move.version,
                **date_data("handed_over_on", D("2026-09-10")),
                **date_data("health_told_on", D("2026-09-09")),
            },
        )
    case = Case.objects.get(pk=plan.case_id)
    assert case.stage == CaseStage.TRANSFERRED and case.closed_on == D("2026-09-10")


def _move_in_data(**changes) -> dict:
    """The form for a plan moving in: Leo Marsh's, transferred by Bristol City Council on
    1 September 2026."""
    return {
        "first_name": "Leo",
        "last_name": "Marsh",
        **date_data("date_of_birth", D("2015-02-10")),
        "upn": "",
        "postcode": "EX2 4AB",
        "parent_name": "Dana Marsh",
        "parent_relationship": "mother",
        "parent_email": "dana@example.net",
        "parent_address": "",
        "from_council": "Bristol City Council",
        **date_data("transferred_on", D("2026-09-01")),
        **date_data("issued_on", D("2024-03-01")),
        **date_data("last_reviewed_on", D("2025-10-01")),
        "setting": "",
        "placement_type": "mainstream",
        **changes,
    }


def test_a_plan_moving_in_is_recorded_and_the_family_told(client, officer):
    as_user(client, officer)
    data = _move_in_data()
    with travel("2026-09-02"):
        bad = client.post(reverse("moves:in_new"), {**data, "parent_email": "", "from_council": ""})
        assert "Enter the council the family moved from" in bad.content.decode()
        assert (
            "Enter the parent or carer&#x27;s email address or postal address"
            in bad.content.decode()
        )
        assert not MoveIn.objects.exists()
        done = client.post(reverse("moves:in_new"), data, follow=True)
    move = MoveIn.objects.get()
    assert done.redirect_chain[-1][0] == _case_url(move.case)
    text = done.content.decode()
    assert "Plan from Bristol City Council" in text and "13 October 2026" in text
    tell = reverse("moves:in_tell", kwargs={"reference": move.case.reference, "item_id": move.pk})
    with travel("2026-09-20"):
        page = client.get(tell)
        assert "by 1 December 2026 at the latest" in page.content.decode()
        client.post(
            tell,
            {
                "version": move.version,
                "will_reassess": "no",
                **date_data("review_by", D("2026-11-30")),
                **date_data("dated_on", D("2026-09-20")),
            },
        )
    move.refresh_from_db()
    assert move.review_by == D("2026-11-30") and move.case.notices.filter(kind="move_in").exists()


def test_a_child_moving_in_is_checked_as_a_child_in_a_new_request_is(client, officer):
    """The child's identifiers are the new request's fields (cases.forms.NewChildForm): a
    postcode typed in lower case is written the one way, a wrong one or a UPN whose check letter
    is wrong is refused with the same message, and nothing is saved."""
    as_user(client, officer)
    with travel("2026-09-02"):
        bad = client.post(
            reverse("moves:in_new"), _move_in_data(postcode="nowhere", upn="B801200005002")
        )
        text = bad.content.decode()
        assert "Enter a real postcode, like SW1A 1AA" in text
        assert "Enter a valid UPN: the first letter (the check letter)" in text
        assert not MoveIn.objects.exists()
        client.post(reverse("moves:in_new"), _move_in_data(postcode="  ex2   4ab "))
    assert MoveIn.objects.get().case.child.postcode == "EX2 4AB"


def test_a_plan_moving_in_for_a_child_on_record_is_attached_to_their_case(
    client, officer, django_assert_max_num_queries
):
    from cases.models import Child
    from cases.models import RecordAccess
    from cases.tests.factories import CaseFactory
    from cases.tests.factories import ChildFactory

    known = ChildFactory(first_name="Leo", last_name="Marsh", date_of_birth=D("2015-02-10"))
    case = CaseFactory(child=known, team=officer.team, officer=officer, opened_on=D("2026-06-01"))
    as_user(client, officer)
    with travel("2026-09-02"):
        client.get(reverse("moves:in_new"))
        with django_assert_max_num_queries(16):
            page = client.post(reverse("moves:in_new"), _move_in_data(upn=known.upn))
        text = page.content.decode()
        assert "Check if this child is already on record" in text
        assert "the same UPN as" in text and case.reference in text
        assert not MoveIn.objects.exists()  # nothing saved before the officer answers
        assert RecordAccess.objects.filter(case=case, what__contains="duplicate check").exists()
        unanswered = client.post(reverse("moves:in_new"), _move_in_data(step="match"))
        assert "Select the existing record to use" in unanswered.content.decode()
        done = client.post(
            reverse("moves:in_new"),
            _move_in_data(upn=known.upn, step="match", duplicate_choice=str(known.pk)),
            follow=True,
        )
    move = MoveIn.objects.get()
    assert move.case_id == case.pk and done.redirect_chain[-1][0] == _case_url(case)
    assert Child.objects.count() == 1
    assert f"recorded on case {case.reference}" in done.content.decode()


def test_a_different_child_of_the_same_name_gets_a_record_of_their_own(client, officer):
    from cases.models import Child
    from cases.tests.factories import CaseFactory
    from cases.tests.factories import ChildFactory

    namesake = ChildFactory(first_name="Leo", last_name="Marsh", date_of_birth=D("2015-02-10"))
    CaseFactory(child=namesake, team=officer.team, opened_on=D("2026-06-01"))
    as_user(client, officer)
    with travel("2026-09-02"):
        page = client.post(reverse("moves:in_new"), _move_in_data())
        assert "the same name and date of birth as" in page.content.decode()
        client.post(reverse("moves:in_new"), _move_in_data(step="match", duplicate_choice="new"))
    move = MoveIn.objects.get()
    assert move.case.child_id != namesake.pk and Child.objects.count() == 2
    assert move.case.child.family.get().full_name == "Dana Marsh"


def test_a_reassessment_is_asked_for_decided_and_its_letter_made(client, officer, manager, panel):
    plan = plan_case(officer, panel)
    as_user(client, officer)
    new = reverse("moves:reassessment_new", kwargs={"reference": plan.case.reference})
    with travel("2026-09-01"):
        client.post(
            new,
            {
                "source": "setting",
                "requester_name": "Mrs Hill, SENCo",
                "channel": "email",
                **date_data("requested_on", D("2026-09-01")),
                "reason": "New needs since the diagnosis.",
            },
        )
    item = Reassessment.objects.get()
    kwargs = {"reference": plan.case.reference, "item_id": item.pk}
    decide = reverse("moves:reassessment_decide", kwargs=kwargs)
    with travel("2026-09-05"):
        assert client.get(decide).status_code == 403  # officers do not decide
        as_user(client, manager)
        refused = client.post(
            decide,
            {
                "version": item.version,
                "agreed": "no",
                **date_data("decided_on", D("2026-09-05")),
                "reason": "x",
            },
        )
        assert "Select why the council will not reassess" in refused.content.decode()
        client.post(
            decide,
            {
                "version": item.version,
                "agreed": "yes",
                **date_data("decided_on", D("2026-09-05")),
                "reason": "x",
            },
        )
        item.refresh_from_db()
        assert item.state == ReassessmentState.AGREED
        client.post(
            reverse("moves:reassessment_letter", kwargs=kwargs),
            date_data("dated_on", D("2026-09-05")),
        )
    item.refresh_from_db()
    assert item.letter_dated_on == D("2026-09-05")
    assert plan.case.notices.filter(kind="reassessment_agreed").exists()


def test_the_case_page_and_the_list_keep_their_query_budgets(
    client, officer, manager, panel, django_assert_max_num_queries
):
    plan = plan_case(officer, panel)
    as_user(client, officer)
    with travel("2026-09-02"):
        client.get(_case_url(plan.case))  # warm the session and the content types
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as before:
            client.get(_case_url(plan.case))
        reassessment_asked(officer, plan)
        move_in(officer)
        move_in(officer, transferred="2026-08-20")
        # Before, the panel had no rows and cost nothing (`cases.panels`); now its reassessment
        # and their stored deadlines (the moves in are on other cases: still free here).
        with django_assert_max_num_queries(len(before) + 2):
            page = client.get(_case_url(plan.case))
        assert "Reassessment requested 1 September 2026" in page.content.decode()
        with django_assert_max_num_queries(12):
            page = client.get(reverse("moves:open_work"))
        assert page.content.decode().count("Bristol City Council") == 2
        with django_assert_max_num_queries(12):
            assert client.get(reverse("moves:in_new")).status_code == 200
        moved = MoveIn.objects.order_by("pk").first()
        tell = reverse(
            "moves:in_tell", kwargs={"reference": moved.case.reference, "item_id": moved.pk}
        )
        with django_assert_max_num_queries(16):
            assert client.get(tell).status_code == 200
    assert Deadline.objects.filter(kind="move_in_notice").count() == 2


def test_a_stranger_and_another_team_get_nothing(client, officer, panel, make_user):
    plan = plan_case(officer, panel)
    item = reassessment_asked(officer, plan)
    urls = [
        reverse("moves:out_new", kwargs={"reference": plan.case.reference}),
        reverse(
            "moves:reassessment_decide",
            kwargs={"reference": plan.case.reference, "item_id": item.pk},
        ),
    ]
    other = make_user("case_officer", team__name="South locality")
    as_user(client, other)
    for url in urls:
        assert client.get(url).status_code == 404
    parent = make_user("parent")
    as_user(client, parent)
    for url in [*urls, reverse("moves:open_work"), reverse("moves:in_new")]:
        assert client.get(url).status_code in (403, 404)
