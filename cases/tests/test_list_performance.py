"""Lists that do not slow down as the county grows (issue 25): each case's next deadline stored
and kept by every deadline write, pages read narrow from either end, search matched child first,
the panel agenda paged and filtered, sending handed to tasks in batches."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import jobs
from cases import selectors
from cases.models import Case
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import Notification
from cases.models import NotificationStatus
from cases.models import case_next_due_refresh
from cases.paging import NarrowPaginator
from cases.paging import pager
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import add_deadline
from cases.tests.factories import queue_notifications
from cases.tests.viewkit import D
from cases.tests.viewkit import agreed_request
from cases.tests.viewkit import noon
from cases.tests.viewkit import received_request
from send_portal.jobs import run_deadline_jobs

pytestmark = pytest.mark.django_db


def stored(case) -> tuple:
    case.refresh_from_db()
    return (case.next_due_on, case.next_due_kind, case.next_due_label)


# --- the stored next deadline ----------------------------------------------------------------


def test_every_deadline_write_keeps_the_cases_next_deadline(staff):
    request = received_request(staff["officer"], arrived="2026-01-05")
    case = request.case
    earliest = Deadline.objects.filter(case=case, met_on__isnull=True, cancelled=False).first()
    assert stored(case) == (earliest.due_on, earliest.kind, "")

    # met (a queryset update, as the services do): the next one takes its place
    Deadline.objects.filter(pk=earliest.pk).update(met_on=D("2026-02-01"))
    following = (
        Deadline.objects.filter(case=case, met_on__isnull=True, cancelled=False)
        .order_by("due_on", "id")
        .first()
    )
    assert stored(case)[:2] == (following.due_on, following.kind)

    # a new, earlier one (save), with its own label
    early = add_deadline(case, D("2026-01-20"), kind=DeadlineKind.ADVICE, label="Advice from Dr X")
    assert stored(case) == (D("2026-01-20"), DeadlineKind.ADVICE, "Advice from Dr X")
    # moved (save with update_fields)
    early.due_on = D("2026-01-21")
    early.save(update_fields=["due_on"])
    assert stored(case)[0] == D("2026-01-21")
    # deleted
    early.delete()
    assert stored(case)[0] == following.due_on
    # every one cancelled (the request withdrawn): none left
    Deadline.objects.filter(case=case).update(cancelled=True)
    assert stored(case) == (None, "", "")
    # made in bulk (the nightly job's reviews)
    Deadline.objects.bulk_create(
        [
            Deadline(
                case=case,
                kind=DeadlineKind.ANNUAL_REVIEW,
                content_type=ContentType.objects.get_for_model(case),
                object_id=case.pk + 1000,
                due_on=D("2027-01-05"),
            )
        ]
    )
    assert stored(case)[:2] == (D("2027-01-05"), DeadlineKind.ANNUAL_REVIEW)


def test_the_nightly_check_mends_a_case_written_around_the_deadlines(staff):
    case = CaseFactory(team=staff["team"])
    add_deadline(case, D("2026-03-01"))
    Case.objects.filter(pk=case.pk).update(next_due_on=None, next_due_kind="")  # by hand
    other = CaseFactory(team=staff["team"])
    Case.objects.filter(pk=other.pk).update(next_due_on=D("2026-01-01"), next_due_kind="advice")
    assert case_next_due_refresh() == 2
    assert stored(case)[:2] == (D("2026-03-01"), DeadlineKind.DECIDE_TO_ASSESS)
    assert stored(other) == (None, "", "")
    assert case_next_due_refresh() == 0  # nothing left to mend
    assert jobs.cases_next_due_refresh(today=D("2026-03-02")) == 0


def test_the_caseload_sorts_and_filters_on_the_stored_deadline(staff):
    officer = staff["officer"]
    late = CaseFactory(team=staff["team"], officer=officer)
    soon = CaseFactory(team=staff["team"], officer=officer)
    none = CaseFactory(team=staff["team"], officer=officer)
    add_deadline(late, D("2026-02-20"))
    add_deadline(late, D("2026-04-20"), kind=DeadlineKind.FINAL_PLAN)
    add_deadline(soon, D("2026-03-04"), kind=DeadlineKind.ADVICE)
    rows = list(selectors.caseload(officer, today=D("2026-03-02")))
    assert [r.pk for r in rows] == [late.pk, soon.pk, none.pk]
    assert (rows[1].next_due_on, rows[1].next_kind) == (D("2026-03-04"), DeadlineKind.ADVICE)
    overdue = selectors.caseload(officer, today=D("2026-03-02"), due=selectors.DUE_OVERDUE)
    assert [r.pk for r in overdue] == [late.pk]


def test_search_matches_part_of_a_name_or_reference_and_a_whole_upn(staff):
    officer = staff["officer"]
    ava = CaseFactory(team=staff["team"], child=ChildFactory(first_name="Ava", last_name="Stone"))
    ben = CaseFactory(
        team=staff["team"],
        child=ChildFactory(first_name="Ben", last_name="Hale", upn="B801200005001"),
    )

    def found(q):
        return {c.pk for c in selectors.caseload(officer, today=D("2026-03-02"), q=q)}

    assert found("sto") == {ava.pk}
    assert found("ava STONE") == {ava.pk}
    assert found("ava hale") == set()  # every word must match
    assert found("b801200005001") == {ben.pk}
    assert found("B8012000") == set()  # a UPN is matched whole
    assert found(ben.reference[-4:]) >= {ben.pk}
    assert found(ben.reference.replace("-", "\u2011")) == {ben.pk}
    # A word of letters is a name: it does not match every case by the "SEN-" of references.
    assert found("sen") == set()
    assert found("hale " + ben.reference[-6:]) == {ben.pk}


def test_a_case_carries_its_childs_names_whatever_writes_them(staff):
    """`Case.search_names`, which a search by name reads, is kept by the database (triggers
    of the cases migration) on either database: a new case, a renamed child, a case given another child,
    a full save of a case read before a rename, a raw insert, and erasure's blank names."""

    def names(case):
        return Case.objects.values_list("search_names", flat=True).get(pk=case.pk)

    child = ChildFactory(first_name="Ava", last_name="Stone", preferred_name="")
    case = CaseFactory(team=staff["team"], child=child)
    assert names(case) == "Ava Stone "
    stale = Case.objects.get(pk=case.pk)
    child.preferred_name = "Avie"
    child.save(update_fields=["preferred_name"])
    assert names(case) == "Ava Stone Avie"
    stale.save()  # a full save of a copy read before the rename writes no stale names
    assert names(case) == "Ava Stone Avie"
    Child.objects.filter(pk=child.pk).update(last_name="Hale")  # a queryset update too
    assert names(case) == "Ava Hale Avie"
    other = ChildFactory(first_name="Ben", last_name="Marsh", preferred_name="")
    Case.objects.filter(pk=case.pk).update(child=other)
    assert names(case) == "Ben Marsh "
    with connection.cursor() as cursor:  # a raw load (the benchmark's seeder, an import)
        cursor.execute(
            "INSERT INTO cases_case (reference, child_id, team_id, stage, opened_on,"
            " next_due_kind, next_due_label, search_names, updated_at)"
            " VALUES ('SEN-RAW1', %s, %s, 'request', '2026-01-05', '', '', '', %s)",
            [child.pk, staff["team"].pk, timezone.now()],
        )
    assert Case.objects.get(reference="SEN-RAW1").search_names == "Ava Hale Avie"
    Child.objects.filter(pk=child.pk).update(
        first_name="Erased", last_name="Erased", preferred_name=""
    )
    assert set(Case.objects.filter(child=child).values_list("search_names", flat=True)) == {
        "Erased Erased "
    }
    officer = staff["officer"]
    assert not selectors.caseload(officer, today=D("2026-03-02"), q="Avie").exists()


def test_the_apps_queries_run_without_jit_or_parallel_workers():
    """Short queries run once: JIT and parallel workers cost more than they save; rows read by
    index cost about what rows read in turn do (settings)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own settings")
    shown = []
    with connection.cursor() as cursor:
        for setting in ("jit", "max_parallel_workers_per_gather", "random_page_cost"):
            cursor.execute(f"SHOW {setting}")
            shown.append(cursor.fetchone()[0])
    assert shown == ["off", "0", "1.1"]


def test_search_indexes_take_new_children_at_once_not_into_a_pending_list():
    """GIN's pending list made every search read the children added since the last vacuum one
    by one (the cases migration): the trigram and directory indexes are kept without it."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN %s ORDER BY relname",
            [
                (
                    "case_reference_trgm",
                    "child_first_name_trgm",
                    "child_last_name_trgm",
                    "child_preferred_name_trgm",
                    "case_search_names_trgm",
                    "local_offer_listing_search",
                )
            ],
        )
        indexes = dict(cursor.fetchall())
    assert len(indexes) == 6
    assert all(options == ["fastupdate=off"] for options in indexes.values()), indexes
    with connection.cursor() as cursor:  # a steady guess of how many cases a name matches
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'case_search_names_trgm'::regclass AND attnum = 1"
        )
        assert cursor.fetchone()[0] == 1000


# --- pages read narrow, from either end --------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_every_page_holds_the_rows_of_the_full_order(staff, number):
    officer = staff["officer"]
    cases = [CaseFactory(team=staff["team"], officer=officer) for _ in range(11)]
    for n, case in enumerate(cases[:8]):
        add_deadline(case, D("2026-03-01") + datetime.timedelta(days=n % 3))
    ordered = list(selectors.caseload(officer, today=D("2026-03-02")))
    page = NarrowPaginator(selectors.caseload(officer, today=D("2026-03-02")), 3).page(
        min(number, 4)
    )
    start = (page.number - 1) * 3
    assert [c.pk for c in page] == [c.pk for c in ordered[start : start + 3]]
    assert page.paginator.count == 11 and page.paginator.num_pages == 4
    request = RequestFactory().get("/", {"page": str(number)})
    listing = pager(
        request, selectors.caseload(officer, today=D("2026-03-02")), param="page", per_page=3
    )
    assert listing["page"].number == min(number, 4)


def test_the_last_page_reads_as_few_rows_as_the_first(staff, django_assert_num_queries):
    officer = staff["officer"]
    for _ in range(7):
        CaseFactory(team=staff["team"], officer=officer)
    items = selectors.caseload(officer, today=D("2026-03-02"))
    with django_assert_num_queries(3):  # count, the page's keys, the page's rows
        rows = list(NarrowPaginator(items, 2).page(4))
    assert len(rows) == 1


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_short_list_read_at_once_pages_as_the_full_order(
    staff, number, django_assert_num_queries
):
    officer = staff["officer"]
    cases = [CaseFactory(team=staff["team"], officer=officer) for _ in range(11)]
    for n, case in enumerate(cases[:8]):
        add_deadline(case, D("2026-03-01") + datetime.timedelta(days=n % 3))
    ordered = [c.pk for c in selectors.caseload(officer, today=D("2026-03-02"))]
    items = selectors.caseload(officer, today=D("2026-03-02"))
    with django_assert_num_queries(2):  # every key (the count too), then the page's rows
        page = NarrowPaginator(items, 3, keys_at_once=11).page(number)
        rows = [c.pk for c in page]
    assert rows == ordered[(number - 1) * 3 : number * 3]
    assert page.paginator.count == 11 and page.paginator.num_pages == 4


def test_a_list_longer_than_read_at_once_is_counted_and_paged(staff, django_assert_num_queries):
    officer = staff["officer"]
    for _ in range(7):
        CaseFactory(team=staff["team"], officer=officer)
    items = selectors.caseload(officer, today=D("2026-03-02"))
    with django_assert_num_queries(4):  # the first keys, the count, the page's keys and rows
        page = NarrowPaginator(items, 2, keys_at_once=6).page(4)
        rows = list(page)
    assert len(rows) == 1 and page.paginator.count == 7


def test_a_caseload_search_reads_its_matches_once(client, staff):
    officer = staff["officer"]
    for name in ("Amara", "Amari", "Ben"):
        CaseFactory(team=staff["team"], officer=officer, child__first_name=name)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/cases/", {"q": "amar"})
    assert response.status_code == 200
    assert [c.child.first_name for c in response.context["page"]] == ["Amara", "Amari"]
    assert response.context["page"].paginator.count == 2
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


# --- the panel agenda ----------------------------------------------------------------------


def test_the_panel_agenda_is_paged_and_filtered(client, staff):
    officer, panel = staff["officer"], staff["panel"]
    late = received_request(officer, arrived="2026-01-05")  # decide by 16 February: overdue
    waiting = [received_request(officer, arrived=f"2026-02-{day:02d}") for day in range(2, 6)]
    agreed = agreed_request(officer, panel, arrived="2026-01-12")
    client.force_login(panel)
    with time_machine.travel(noon("2026-02-20"), tick=False):
        everything = client.get("/staff/panel/")
        overdue = client.get("/staff/panel/", {"due": "overdue"})
        issue_only = client.get("/staff/panel/", {"decision": "issue"})
    assert [i.pk for i in everything.context["assess"]["page"]] == [
        late.pk,
        *[w.pk for w in waiting],
    ]
    assert [i.pk for i in everything.context["issue"]["page"]] == [agreed.pk]
    assert [i.pk for i in overdue.context["assess"]["page"]] == [late.pk]
    assert issue_only.context["assess"] is None
    page = issue_only.content.decode()
    assert agreed.case.reference in page and late.case.reference not in page


def test_the_panel_agenda_pages_each_list_on_its_own(client, staff, settings):
    from cases import views

    officer = staff["officer"]
    made = [received_request(officer, arrived=f"2026-02-{day:02d}") for day in range(2, 9)]
    client.force_login(staff["panel"])
    original = views.PANEL_PAGE_SIZE
    views.PANEL_PAGE_SIZE = 3
    try:
        with time_machine.travel(noon("2026-02-20"), tick=False):
            last = client.get("/staff/panel/", {"assess_page": "3"})
    finally:
        views.PANEL_PAGE_SIZE = original
    assert [i.pk for i in last.context["assess"]["page"]] == [made[-1].pk]
    page = last.content.decode()
    assert "Showing 7 to 7 of 7 requests." in page
    assert "assess_page=2" in page


# --- sending handed to tasks -------------------------------------------------------------------


def test_waiting_messages_are_cut_into_batches_in_queue_order():
    queue_notifications(5)
    ids = list(Notification.objects.order_by("created_at", "id").values_list("pk", flat=True))
    assert jobs.notifications_pending_batches(size=2) == [ids[:2], ids[2:4], ids[4:]]
    assert jobs.notifications_send(ids=ids[:2]) == {"sent": 2, "failed": 0}
    assert len(mail.outbox) == 2
    assert jobs.notifications_pending_batches(size=2) == [ids[2:4], ids[4:]]
    Notification.objects.filter(pk=ids[2]).update(status=NotificationStatus.FAILED)
    assert jobs.notifications_pending_batches(size=10) == [ids[2:]]


def test_the_nightly_run_hands_its_sending_to_batch_tasks(monkeypatch):
    from send_portal import tasks

    queue_notifications(450)
    handed = []
    monkeypatch.setattr(
        tasks.send_notification_batch,
        "apply_async",
        lambda args, queue=None: handed.append((args[0], queue)),
    )
    run = run_deadline_jobs(today=D("2026-03-02"))
    assert run.stats["notifications"] == {"handed_off": 450, "batches": 3}
    assert [len(ids) for ids, _ in handed] == [200, 200, 50]
    assert mail.outbox == []  # the run sent nothing itself
    assert Notification.objects.filter(status=NotificationStatus.QUEUED).count() == 450
