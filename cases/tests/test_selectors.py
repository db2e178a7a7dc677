"""The reads behind the staff screens: who sees what, the next deadline, duplicates, the panel."""

import datetime

import pytest
from django.http import Http404

from cases import selectors
from cases.models import CaseStage
from cases.models import DeadlineKind
from cases.models import RequestState
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import add_deadline
from cases.tests.factories import advice_received
from cases.tests.factories import decide_to_assess
from cases.tests.factories import send_advice
from cases.tests.factories import withdraw
from cases.tests.viewkit import D
from cases.tests.viewkit import agreed_request
from cases.tests.viewkit import gathering_request
from cases.tests.viewkit import received_request

pytestmark = pytest.mark.django_db


def ask_the_paediatrician(officer, request, *, on):
    """Medical advice asked of Dr Jones on `on`."""
    return send_advice(
        officer, request, kind="medical", addressee_name="Dr Jones", requested_on=on, today=D(on)
    )


# --- the gateway -------------------------------------------------------------------------------


def test_the_gateway_answers_404_alike_for_missing_and_not_yours(staff):
    request = received_request(staff["officer"])
    ref = request.case.reference
    assert selectors.case_get_for_user(staff["officer"], ref) == request.case
    assert selectors.case_get_for_user(staff["manager"], ref) == request.case
    stranger = UserFactory(role=Role.CASE_OFFICER, team__name="South locality")
    for user, reference in ((stranger, ref), (staff["officer"], "SEN-999999")):
        with pytest.raises(Http404) as exc:
            selectors.case_get_for_user(user, reference)
        assert str(exc.value) == "No such case."
    for role in (Role.PARENT, Role.PROFESSIONAL, Role.MODERATOR):
        with pytest.raises(Http404):
            selectors.case_get_for_user(UserFactory(role=role), ref)


def test_records_of_one_case_are_not_reachable_through_another(staff):
    first = gathering_request(staff["officer"], staff["panel"])
    second = received_request(staff["officer"], arrived="2026-01-06")
    advice = first.advice.get()
    with pytest.raises(Http404):
        selectors.request_get_for_case(second.case, first.pk)
    with pytest.raises(Http404):
        selectors.advice_get_for_case(second.case, advice.pk)
    assert selectors.advice_get_for_case(first.case, advice.pk) == advice


# --- the caseload ------------------------------------------------------------------------------

TODAY = D("2026-03-02")  # a Monday; 5 working days on is Monday 9 March


def test_caseload_orders_by_the_next_open_deadline_then_reference(staff):
    team = staff["team"]
    late = CaseFactory(team=team, reference="SEN-000003")
    soon = CaseFactory(team=team, reference="SEN-000002")
    none_open = CaseFactory(team=team, reference="SEN-000001")
    also_none = CaseFactory(team=team, reference="SEN-000000")
    add_deadline(late, D("2026-04-01"))
    add_deadline(late, D("2026-01-01"), kind=DeadlineKind.FINAL_PLAN, met_on=D("2026-01-01"))
    add_deadline(soon, D("2026-03-04"), kind=DeadlineKind.ADVICE)
    add_deadline(soon, D("2026-02-01"), kind=DeadlineKind.FINAL_PLAN, cancelled=True)
    add_deadline(none_open, D("2026-01-01"), met_on=D("2025-12-20"))

    rows = list(selectors.caseload(staff["officer"], today=TODAY))
    assert [c.reference for c in rows] == ["SEN-000002", "SEN-000003", "SEN-000000", "SEN-000001"]
    assert (rows[0].next_due_on, rows[0].next_kind) == (D("2026-03-04"), DeadlineKind.ADVICE)
    assert rows[2].next_due_on is None and rows[3].next_due_on is None
    assert also_none in rows


def test_caseload_filters(staff):
    team, officer = staff["team"], staff["officer"]
    other_officer = UserFactory(role=Role.CASE_OFFICER, team=team, full_name="Alex Other")
    overdue = CaseFactory(
        team=team, officer=officer, child=ChildFactory(first_name="Ava", last_name="Stone")
    )
    # Fixed names: a random one ("Livingstone") would match the search for "stone" below.
    this_week = CaseFactory(
        team=team,
        officer=other_officer,
        stage=CaseStage.ASSESSMENT,
        child=ChildFactory(first_name="Ben", last_name="Hale"),
    )
    next_month = CaseFactory(
        team=team, child=ChildFactory(first_name="Cara", last_name="Moss", upn="B801200005001")
    )
    add_deadline(overdue, D("2026-02-27"))
    add_deadline(this_week, D("2026-03-09"))  # the 5th working day after today: included
    add_deadline(next_month, D("2026-03-10"))

    def refs(**filters):
        return {c.reference for c in selectors.caseload(officer, today=TODAY, **filters)}

    assert refs(due=selectors.DUE_OVERDUE) == {overdue.reference}
    assert refs(due=selectors.DUE_THIS_WEEK) == {this_week.reference}
    assert refs(officer=str(officer.pk)) == {overdue.reference}
    assert refs(officer=selectors.UNALLOCATED) == {next_month.reference}
    assert refs(stage=CaseStage.ASSESSMENT) == {this_week.reference}
    assert refs(q="ava stone") == {overdue.reference}
    assert refs(q="STONE") == {overdue.reference}
    assert refs(q="b801200005001") == {next_month.reference}
    assert refs(q=this_week.reference.lower()) == {this_week.reference}
    assert refs(q="nobody") == set()


def test_caseload_is_what_the_user_may_see(staff):
    mine = CaseFactory(team=staff["team"])
    theirs = CaseFactory(team__name="South locality", stage=CaseStage.PLAN)
    assert {c.pk for c in selectors.caseload(staff["officer"], today=TODAY)} == {mine.pk}
    assert {c.pk for c in selectors.caseload(staff["manager"], today=TODAY)} == {mine.pk, theirs.pk}
    # The panel sees cases waiting for its decisions only.
    assert {c.pk for c in selectors.caseload(staff["panel"], today=TODAY)} == {mine.pk}


def test_caseload_officers_are_the_teams_or_everyones(staff):
    other_team_officer = UserFactory(role=Role.CASE_OFFICER, team__name="South locality")
    assert set(selectors.caseload_officers(staff["officer"])) == {staff["officer"]}
    assert set(selectors.caseload_officers(staff["manager"])) == {
        staff["officer"],
        other_team_officer,
    }


# --- duplicates --------------------------------------------------------------------------------


def test_possible_duplicates_by_name_and_birth_date_or_upn():
    dob = D("2016-03-14")
    same = ChildFactory(first_name="Maya", last_name="Okafor", date_of_birth=dob, upn="")
    shouty = ChildFactory(first_name="MAYA", last_name="OKAFOR", date_of_birth=dob)
    by_upn = ChildFactory(first_name="Other", last_name="Name", upn="A123456789012")
    ChildFactory(first_name="Maya", last_name="Okafor", date_of_birth=D("2016-03-15"))
    ChildFactory(first_name="Maya", last_name="Okafor-Jones", date_of_birth=dob)

    found = selectors.possible_duplicate_children(" maya ", "okafor", dob, "")
    assert set(found) == {same, shouty}
    found = selectors.possible_duplicate_children("Zed", "Zed", dob, "a123456789012")
    assert found == [by_upn]
    # An empty UPN never matches the many children without one.
    assert selectors.possible_duplicate_children("Zed", "Zed", dob, "") == []


# --- the case page -----------------------------------------------------------------------------


def test_case_page_actions_follow_the_state_and_the_users_rights(staff):
    request = received_request(staff["officer"])
    case = request.case

    def labels(user, today=TODAY):
        page = selectors.case_page(case, user=user, today=today)
        return [a.label for a in page.requests[0].next_actions]

    assert labels(staff["officer"]) == [
        "Record an exception to the time limits",
        "Withdraw the request",
    ]
    assert labels(staff["panel"]) == ["Record the decision whether to assess"]
    assert labels(staff["manager"])[0] == "Record the decision whether to assess"

    decide_to_assess(staff["panel"], request, reason="Yes.", today=D("2026-02-10"))
    advice = ask_the_paediatrician(staff["officer"], request, on="2026-02-10")
    request_row = selectors.case_page(case, user=staff["officer"], today=TODAY).requests[0]
    assert [a.label for a in request_row.next_actions] == [
        "Ask for advice",
        "Reuse existing advice",
        "Record an exception to the time limits",
        "Withdraw the request",
    ]
    # Each outstanding advice carries its own action, shown on its row.
    (row,) = request_row.advice.all()
    assert row == advice and row.next_action.label == "Record it received"
    assert row.next_action.url.endswith(f"/advice/{advice.pk}/received/")
    panel_row = selectors.case_page(case, user=staff["panel"], today=TODAY).requests[0]
    assert not hasattr(panel_row.advice.all()[0], "next_action")
    assert "Record the decision whether to issue a plan" in labels(staff["panel"], TODAY)


def test_case_page_facts_about_the_child(staff):
    request = received_request(staff["officer"])
    child = request.case.child  # born 14 May 2016
    page = selectors.case_page(request.case, user=staff["officer"], today=D("2026-05-14"))
    assert page.age == 10
    # Turns 16 on 14 May 2032, in the school year ending August 2032; the last Friday in June
    # 2032 is the 25th, so a young person from Saturday 26 June 2032.
    assert page.becomes_young_person_on == D("2032-06-26")
    assert page.child == child and len(page.family) == 1
    assert [d.kind for d in page.deadlines] == [
        DeadlineKind.DECIDE_TO_ASSESS,
        DeadlineKind.DRAFT_PLAN_TARGET,
        DeadlineKind.DECIDE_TO_ISSUE,
        DeadlineKind.FINAL_PLAN,
    ]


# --- the panel agenda --------------------------------------------------------------------------


def test_panel_agenda_lists_both_decisions_by_due_date_with_advice_counts(staff):
    officer, panel = staff["officer"], staff["panel"]
    to_assess = received_request(officer, arrived="2026-01-12")  # decide by 23 February
    to_issue = gathering_request(officer, panel, arrived="2026-01-05")  # issue by 27 April
    ask_the_paediatrician(officer, to_issue, on="2026-02-05")
    first_advice = to_issue.advice.order_by("pk").first()
    advice_received(officer, first_advice, on="2026-03-01", today=D("2026-03-01"))
    just_agreed = agreed_request(officer, panel, arrived="2026-01-02")  # issue by 24 April
    done = received_request(officer, arrived="2026-01-07")
    withdraw(officer, done, on="2026-01-08", today=D("2026-01-08"))

    items = selectors.panel_agenda(panel, today=D("2026-02-01"))
    assert [(i.pk, i.decision, i.decision_due_on) for i in items] == [
        (to_assess.pk, "assess", D("2026-02-23")),
        (just_agreed.pk, "issue", D("2026-04-24")),
        (to_issue.pk, "issue", D("2026-04-27")),
    ]
    counts = {i.pk: (i.advice_received, i.advice_outstanding) for i in items}
    assert counts[to_issue.pk] == (1, 1)
    assert counts[just_agreed.pk] == (0, 0)
    assert all(i.state != RequestState.WITHDRAWN for i in items)


def test_panel_agenda_is_one_query(staff, django_assert_num_queries):
    for day in range(5, 10):
        gathering_request(staff["officer"], staff["panel"], arrived=f"2026-01-{day:02d}")
    with django_assert_num_queries(1):
        items = selectors.panel_agenda(staff["manager"], today=datetime.date(2026, 2, 1))
        assert len(items) == 5
        assert [i.case.child.full_name for i in items]


def test_a_rows_stored_deadline_read_as_sql_text_is_the_deadline_the_orm_finds(staff):
    """`deadline_value` (SQL text, not the ORM's Subquery) gives each request its own stored
    deadline's due date, met date and cancelled flag; `open_only` only while it is open; a kind
    the row has no deadline of gives nothing."""
    from cases.models import AssessmentRequest
    from cases.models import Deadline

    first = received_request(staff["officer"])
    second = received_request(staff["officer"], arrived="2026-01-12")
    kind = DeadlineKind.DECIDE_TO_ASSESS
    Deadline.objects.filter(object_id=second.pk, kind=kind).update(met_on=datetime.date(2026, 2, 2))

    def read():
        return {
            r.pk: r
            for r in AssessmentRequest.objects.annotate(
                due=selectors.deadline_value(AssessmentRequest, kind),
                met=selectors.deadline_value(AssessmentRequest, kind, "met_on"),
                cancelled=selectors.deadline_value(AssessmentRequest, kind, "cancelled"),
                open_due=selectors.deadline_value(AssessmentRequest, kind, open_only=True),
                none=selectors.deadline_value(AssessmentRequest, DeadlineKind.ANNUAL_REVIEW),
            )
        }

    rows = read()
    for request in (first, second):
        stored = Deadline.objects.get(object_id=request.pk, kind=kind)
        row = rows[request.pk]
        assert (row.due, row.met, row.cancelled) == (stored.due_on, stored.met_on, False)
        assert isinstance(row.due, datetime.date) and row.none is None
    assert rows[first.pk].open_due == rows[first.pk].due
    assert rows[second.pk].open_due is None  # met
    Deadline.objects.filter(object_id=first.pk, kind=kind).update(cancelled=True)
    assert read()[first.pk].open_due is None and read()[first.pk].cancelled is True


def test_the_timeline_reads_of_its_actor_only_their_name():
    """A timeline entry shows who acted by name; their account (password hash, email, role) is
    not read with it, whatever the user model holds."""
    from cases.models import AuditEntry

    actor = UserFactory(full_name="Sam Patel")
    case = CaseFactory()
    AuditEntry.objects.create(case=case, actor=actor, action="note", summary="Called the school")
    (entry,) = selectors._preload_case_file_rows(case)
    assert entry.text == "Called the school" and entry.actor.full_name == "Sam Patel"
    assert {"password", "email", "role", "team_id"} <= entry.actor.get_deferred_fields()
    assert "changes" in entry.get_deferred_fields()
