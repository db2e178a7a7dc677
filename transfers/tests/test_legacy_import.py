"""Bringing in what the council already holds: the dry run names every bad row and writes
nothing; a good file imports (plans with their review deadlines, statements and LDAs as
transfer reviews in their cohorts); a second run changes nothing; a changed row updates."""

import io

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from cases.models import AuditEntry
from cases.models import Case
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.tests.factories import ChildFactory
from cases.tests.factories import UserFactory
from ehcp.models import AnnualReview
from ehcp.models import Plan
from ehcp.models import PlanState
from transfers import legacy
from transfers import services
from transfers.legacy import COLUMNS
from transfers.models import Cohort
from transfers.models import LegacyRecord
from transfers.models import TransferReview

from .factories import BROKEN
from .factories import GOOD
from .factories import TODAY
from .factories import D
from .factories import imported
from .factories import legacy_world
from .factories import rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return legacy_world()


def _written() -> tuple:
    return (
        Child.objects.count(),
        Case.objects.count(),
        Plan.objects.count(),
        LegacyRecord.objects.count(),
        TransferReview.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_broken_file_names_every_bad_row_and_writes_nothing(world):
    before = _written()
    report = services.legacy_import(actor=world["manager"], rows=rows_of(BROKEN), today=TODAY)
    assert not report.ok
    assert _written() == before
    errors = {(number, column): message for number, column, message in report.errors}
    assert "not a real date" in errors[(2, "date_of_birth")]
    assert errors[(3, "setting_urn")].startswith("Unknown setting URN 999999")
    assert errors[(4, "primary_need")].startswith("Unknown need code “XYZ”")
    assert errors[(5, "legacy_reference")] == (
        "Duplicate in the file: legacy reference LEG-B-0003 is also on row 4"
    )
    assert errors[(6, "officer_email")].startswith("Unknown officer nobody@demo.example")
    assert errors[(8, "upn")].startswith("A child matched twice: this child is also on row 7")
    row9 = {column for number, column, _ in report.errors if number == 9}
    assert row9 >= {"record_type", "upn", "first_name", "postcode", "issued_on"}
    # every bad row is named; the one good row (7) is not
    assert {number for number, _, _ in report.errors} == {2, 3, 4, 5, 6, 8, 9}


def test_the_dry_run_says_what_each_row_would_do(world):
    report = services.legacy_check(rows=rows_of(GOOD), today=TODAY)
    assert report.ok
    assert report.totals == {"rows": 10, "create": 10, "update": 0, "unchanged": 0, "errors": 0}
    assert report.rows[0].outcome.startswith("Create an EHC plan record, next review due by")
    assert "Plan a transfer review of the statement in the Year 6" in report.rows[4].outcome
    assert Child.objects.count() == 0


def test_a_good_file_imports_plans_and_transfer_reviews(world):
    report = imported(world["manager"])
    assert report.totals["create"] == 10
    assert Plan.objects.filter(state=PlanState.FINAL, issued_outside=True).count() == 4
    plan = LegacyRecord.objects.get(legacy_reference="LEG-P-0001").plan
    assert plan.first_issued_on == D("2021-06-30")
    assert plan.last_reviewed_on == D("2025-11-20")
    assert plan.case.officer == world["officer"]
    assert plan.case.child.current_setting.urn == "112233"
    review = AnnualReview.objects.get(plan=plan)
    assert review.team == plan.case.team  # the team's review list finds it
    # scheduled by ehcp's own rule (her move to secondary school brings it forward)
    assert review.due_on <= D("2026-11-19")  # the day before 12 months after the last review
    assert Deadline.objects.filter(
        case=plan.case, kind=DeadlineKind.ANNUAL_REVIEW, due_on=review.due_on
    ).exists()
    reviews = TransferReview.objects.all()
    assert reviews.count() == 6
    cohorts = dict(reviews.values_list("legacy_record__legacy_reference", "cohort"))
    assert cohorts == {
        "LEG-S-0001": Cohort.YEAR_6,
        "LEG-S-0002": Cohort.YEAR_9,
        "LEG-S-0003": Cohort.YEAR_11,
        "LEG-S-0004": Cohort.OTHER,
        "LEG-L-0001": Cohort.COLLEGE,
        "LEG-L-0002": Cohort.COLLEGE,
    }


def test_a_second_run_changes_nothing(world):
    imported(world["manager"])
    before = _written()
    report = imported(world["manager"])
    assert report.totals["unchanged"] == 10
    assert report.totals["create"] == report.totals["update"] == 0
    assert _written() == before  # no new rows, not even an audit entry


def test_a_changed_row_updates_its_record_and_reschedules_the_review(world):
    imported(world["manager"])
    rows = rows_of(GOOD)
    rows[0]["last_reviewed_on"] = "2026-03-02"
    report = services.legacy_import(actor=world["manager"], rows=rows, today=TODAY)
    assert report.totals == {"rows": 10, "create": 0, "update": 1, "unchanged": 9, "errors": 0}
    record = LegacyRecord.objects.get(legacy_reference="LEG-P-0001")
    assert record.last_reviewed_on == D("2026-03-02")
    assert LegacyRecord.objects.count() == 10 and Plan.objects.count() == 4
    review = AnnualReview.objects.get(plan=record.plan)
    assert review.due_on == D("2027-03-01")
    assert Deadline.objects.filter(kind=DeadlineKind.ANNUAL_REVIEW, case=record.case).count() == 1
    assert AuditEntry.objects.filter(action="legacy.record_updated").count() == 1


def test_children_already_on_record_are_matched_by_upn_or_by_name_and_birth(world):
    rows = rows_of(GOOD)
    by_upn = ChildFactory(upn=rows[0]["upn"], first_name="Maya", last_name="Fletcher-Old")
    by_name = ChildFactory(
        upn="", first_name="Poppy", last_name="WALTERS", date_of_birth=D("2018-07-22")
    )
    imported(world["manager"])
    assert LegacyRecord.objects.get(legacy_reference="LEG-P-0001").child == by_upn
    assert LegacyRecord.objects.get(legacy_reference="LEG-P-0003").child == by_name
    assert Child.objects.count() == 10


def test_a_name_and_birth_shared_by_two_children_is_a_child_matched_twice(world):
    for _ in range(2):
        ChildFactory(upn="", first_name="Poppy", last_name="Walters", date_of_birth=D("2018-07-22"))
    report = services.legacy_check(rows=rows_of(GOOD), today=TODAY)
    assert [(n, c) for n, c, _ in report.errors] == [(4, "last_name")]
    assert "A child matched twice: 2 children" in report.errors[0][2]


def test_the_import_is_all_or_nothing(world, monkeypatch):
    import importlib

    module = importlib.import_module("transfers.services.legacy_import")

    def failing(*args):
        raise RuntimeError("the disk is full")

    # everything before the legacy records is written, then the import fails
    monkeypatch.setattr(module._Writer, "_records", failing)
    with pytest.raises(RuntimeError):
        imported(world["manager"])
    assert _written()[:5] == (0, 0, 0, 0, 0)


def test_only_managers_import(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.legacy_import(actor=world["officer"], rows=rows_of(GOOD), today=TODAY)


def test_the_command_dry_run_reports_and_writes_nothing(world):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="errors: nothing would be imported"):
        call_command("import_legacy", str(BROKEN), "--dry-run", stdout=out, stderr=err)
    assert "Row 3, setting_urn: Unknown setting URN 999999" in err.getvalue()
    assert Child.objects.count() == 0
    out = io.StringIO()
    call_command("import_legacy", str(GOOD), "--dry-run", stdout=out)
    assert "Row 2: Create an EHC plan record" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert Child.objects.count() == 0


def test_the_command_imports_with_a_progress_bar_and_a_rerun_changes_nothing(world):
    out = io.StringIO()
    call_command("import_legacy", str(GOOD), stdout=out)
    assert (
        "10/10" in out.getvalue() and "Imported: 10 new, 0 updated, 0 unchanged." in out.getvalue()
    )
    out = io.StringIO()
    call_command("import_legacy", str(GOOD), stdout=out)
    assert "Imported: 0 new, 0 updated, 10 unchanged." in out.getvalue()
    assert LegacyRecord.objects.count() == 10


def test_a_file_without_the_columns_is_refused():
    with pytest.raises(legacy.FileRefused, match="no column"):
        legacy.read_rows(b"name,date\nA,2020-01-01\n", name="x.csv")
    with pytest.raises(legacy.FileRefused, match="CSV or an XLSX"):
        legacy.read_rows(b"x", name="x.pdf")


def test_an_unknown_officer_is_one_without_casework(world):
    UserFactory(role="panel_member", email="panel@demo.example")
    rows = rows_of(GOOD)[:1]
    rows[0]["officer_email"] = "panel@demo.example"
    report = services.legacy_check(rows=rows, today=TODAY)
    assert report.errors[0][1] == "officer_email"


def test_an_xlsx_file_is_read_through_import_export(world):
    import tablib

    book = tablib.Dataset(*[list(row.values()) for row in rows_of(GOOD)], headers=list(COLUMNS))
    rows = legacy.read_rows(book.export("xlsx"), name="legacy.xlsx")
    assert rows == rows_of(GOOD)
