"""Bringing in what the council already holds: one file of legacy records, checked, then written
all at once or not at all.

- `legacy_check`: the dry run. Every row's outcome or every error, nothing written.
- `legacy_import`: the real import, in one transaction: with any row in error nothing is
  written. Children are matched (UPN, else name and date of birth) or created; a legacy
  reference already imported is updated, never duplicated, and a row whose values have not
  changed since it was imported is left alone (no write, no audit entry): a re-run changes
  nothing. EHC plans become plan records with their next review scheduled and its deadlines
  stored (`ehcp.services.reviews.review_schedule`); statements and LDAs become transfer reviews,
  planned in their cohort.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cases import deadlines
from cases.audit import audit_record
from cases.audit_events import payload_checked
from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import Deadline
from cases.models import Phase
from cases.models import SettingType
from cases.models import Team
from cases.references import case_references_take
from ehcp.models import AnnualReview
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import ReviewState
from ehcp.services import _review_deadlines
from ehcp.services import _review_rows
from ehcp.services import review_timing
from ehcp.services.reviews import review_schedule
from transfers.legacy import Lookups
from transfers.legacy import Parsed
from transfers.legacy import check_rows
from transfers.models import COHORT_ORDER
from transfers.models import NOTIFY_WITHIN_WEEKS
from transfers.models import Cohort
from transfers.models import LegacyImport
from transfers.models import LegacyRecord
from transfers.models import RecordType
from transfers.models import TransferReview
from transfers.permissions import can_import

Progress = Callable[[int, int], None]
SHORT_NAMES = {
    RecordType.EHC_PLAN: "EHC plan",
    RecordType.STATEMENT: "statement",
    RecordType.LDA: "LDA",
}
BATCH = 500

# A council target: the family of a planned review told the date it starts, by the phasing of
# its cohort (`NOTIFY_WITHIN_WEEKS`); met on the day that notice is sent.
NOTIFY_KIND = "transfer_review_notice"


def notify_by(cohort: str, planned_on: datetime.date) -> datetime.date:
    """The day the family of a review planned on `planned_on` is to be told when it starts."""
    return planned_on + datetime.timedelta(weeks=NOTIFY_WITHIN_WEEKS[cohort])


def notify_deadlines(reviews) -> list[Deadline]:
    """The stored "tell the family" targets of newly planned reviews (saved, with their case),
    for a bulk write: the import plans thousands at once."""
    content_type = ContentType.objects.get_for_model(TransferReview)
    return [
        Deadline(
            case_id=review.case_id,
            kind=NOTIFY_KIND,
            content_type=content_type,
            object_id=review.pk,
            due_on=notify_by(review.cohort, planned_on),
            label="Tell the family when the transfer review starts",
        )
        for review, planned_on in reviews
    ]


@dataclass
class Report:
    """What a check or an import found: each row's outcome or errors, and the totals."""

    rows: list[Parsed] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [
            (row.number, column, message) for row in self.rows for column, message in row.errors
        ]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def totals(self) -> dict[str, int]:
        totals = {"rows": len(self.rows), "create": 0, "update": 0, "unchanged": 0, "errors": 0}
        for row in self.rows:
            if row.errors:
                totals["errors"] += 1
            else:
                totals[_outcome_kind(row)] += 1
        return totals

    def as_json(self) -> dict:
        return {
            "file_errors": self.file_errors,
            "totals": self.totals,
            "rows": [
                {
                    "number": row.number,
                    "reference": row.values.get("legacy_reference", ""),
                    "outcome": row.outcome,
                    "errors": [{"column": c, "message": m} for c, m in row.errors],
                }
                for row in self.rows
            ],
        }


def _outcome_kind(row: Parsed) -> str:
    if row.existing is None:
        return "create"
    return "unchanged" if row.existing.values == fingerprint(row) else "update"


def fingerprint(row: Parsed) -> dict:
    """The row's values as stored on its legacy record (compared on a re-run)."""
    v = row.values
    return {
        "record_type": v["record_type"],
        "upn": v["upn"],
        "first_name": v["first_name"],
        "last_name": v["last_name"],
        "date_of_birth": v["date_of_birth"].isoformat(),
        "postcode": v["postcode"],
        "issued_on": v["issued_on"].isoformat(),
        "last_reviewed_on": v["last_reviewed_on"].isoformat() if v["last_reviewed_on"] else None,
        "setting_urn": v["setting"].urn if v["setting"] else "",
        "primary_need": v["primary_need"],
        "officer_email": v["officer"].email.lower() if v["officer"] else "",
    }


# --- the dry run -----------------------------------------------------------------------------


@dataclass
class _Held:
    """What a matched child already has here: their open case, its live plan."""

    case: Case | None = None
    plan: Plan | None = None


def _held(child_ids) -> dict[int, _Held]:
    held: dict[int, _Held] = {pk: _Held() for pk in child_ids}
    open_cases = Case.objects.filter(child_id__in=held, closed_on__isnull=True)
    for case in open_cases.select_related("team", "officer").order_by("opened_on"):
        held[case.child_id].case = case
    by_case = {h.case.pk: h for h in held.values() if h.case is not None}
    for plan in Plan.objects.filter(case_id__in=by_case).live():
        by_case[plan.case_id].plan = plan
    return held


def _outcomes(report: Report, today: datetime.date) -> dict[int, _Held]:
    """Each good row's outcome in plain words; what the children matched already have (a
    statement or an LDA cannot be transferred for a child who has an EHC plan here)."""
    held = _held({row.child_id for row in report.rows if row.child_id and not row.errors})
    for row in report.rows:
        if row.errors:
            continue
        v = row.values
        kind = SHORT_NAMES[v["record_type"]]
        has = held.get(row.child_id) if row.child_id else None
        existing = row.existing
        if existing is not None:
            if existing.record_type != v["record_type"]:
                row.error(
                    "record_type",
                    f"Legacy reference {existing.legacy_reference} was imported as "
                    f"{existing.get_record_type_display()}: its record type cannot change",
                )
                continue
            if _outcome_kind(row) == "unchanged":
                row.outcome = f"Unchanged: {kind} {existing.legacy_reference} is already here"
            else:
                changed = [
                    k for k, val in fingerprint(row).items() if existing.values.get(k) != val
                ]
                row.outcome = f"Update {kind} {existing.legacy_reference}: {', '.join(changed).replace('_', ' ')}"
            continue
        who = (
            f"matched by {row.matched_by}"
            if row.child_id
            else f"new child {v['first_name']} {v['last_name']}"
        )
        if v["record_type"] != RecordType.EHC_PLAN and has and has.plan is not None:
            row.error(
                "record_type",
                f"This child already has an EHC plan here (case {has.case.reference}): there is "
                f"no {kind} to transfer",
            )
            continue
        if v["record_type"] == RecordType.EHC_PLAN:
            if has and has.plan is not None:
                row.outcome = (
                    f"Link to the EHC plan already held on case {has.case.reference} ({who})"
                )
            else:
                due = deadlines.annual_review_due(
                    v["last_reviewed_on"] or v["issued_on"], date_of_birth=v["date_of_birth"]
                )
                row.outcome = (
                    f"Create an EHC plan record, next review due by {due:%-d %B %Y} ({who})"
                )
        else:
            cohort = cohort_for(v["date_of_birth"], v["record_type"], today)
            row.outcome = (
                f"Plan a transfer review of the {kind} in the {cohort.label} cohort ({who})"
            )
    return held


def cohort_for(date_of_birth: datetime.date, record_type: str, today: datetime.date) -> Cohort:
    """The transfer cohort: the year group the child is in this school year (year 6, 9 and 11
    move on next), college leavers for year 12 and over or an LDA (post-16 only)."""
    year = deadlines.year_group(date_of_birth, today)
    if record_type == RecordType.LDA or year >= 12:
        return Cohort.COLLEGE
    return {6: Cohort.YEAR_6, 9: Cohort.YEAR_9, 11: Cohort.YEAR_11}.get(year, Cohort.OTHER)


def legacy_check(*, rows: list[dict], today: datetime.date) -> Report:
    """The dry run: every row checked and its outcome said, nothing written."""
    report = Report(rows=check_rows(rows, today=today))
    _outcomes(report, today)
    return report


# --- the real import ---------------------------------------------------------------------------


def _default_team(actor) -> Team | None:
    if actor is not None and getattr(actor, "team_id", None):
        return actor.team
    return Team.objects.order_by("pk").first()


def legacy_import(
    *,
    actor,
    rows: list[dict],
    today: datetime.date,
    legacy_import: LegacyImport | None = None,
    progress: Progress | None = None,
) -> Report:
    """Import every row, or none (see the module docstring). `actor`: the manager who confirmed
    it, or None for the command line (audited as the system). Returns the report; when it has
    errors nothing was written."""
    if actor is not None and not can_import(actor):
        raise PermissionDenied("Only SEN managers import legacy records.")
    with transaction.atomic():
        report = Report(rows=check_rows(rows, today=today))
        held = _outcomes(report, today)
        team = _default_team(actor)
        if team is None:
            report.file_errors.append("There is no team of case officers to give the cases to.")
        if not report.ok:
            transaction.set_rollback(True)
            return report
        writer = _Writer(actor=actor, team=team, today=today, held=held, source=legacy_import)
        total = len(report.rows)
        for start in range(0, total, BATCH):
            batch = report.rows[start : start + BATCH]
            writer.write(batch)
            if progress is not None:
                progress(start + len(batch), total)
        totals = report.totals
        if totals["create"] or totals["update"]:
            audit_record(
                actor=actor,
                action="legacy.imported",
                obj=legacy_import,
                payload={
                    "created": totals["create"],
                    "updated": totals["update"],
                    "unchanged": totals["unchanged"],
                },
            )
    return report


class _Writer:
    """Writes one batch of checked rows (inside the import's transaction): the new rows in bulk
    (children, cases, plans, legacy records, transfer reviews and their audit entries, a few
    queries a batch; each new plan's review is scheduled by ehcp), changed rows one by one."""

    def __init__(self, *, actor, team, today, held, source):
        self.actor, self.team, self.today, self.held, self.source = actor, team, today, held, source
        self.audits: list[AuditEntry] = []

    def write(self, rows: list[Parsed]) -> None:
        new = [r for r in rows if r.existing is None]
        changed = [r for r in rows if r.existing is not None and _outcome_kind(r) == "update"]
        if new:
            children = self._children(new)
            cases = self._cases(new, children)
            plans = self._plans(new, children, cases)
            self._records(new, children, cases, plans)
            AuditEntry.objects.bulk_create(self.audits)
            self.audits = []
        for row in changed:
            self._update(row)

    def _audit(self, action: str, obj, case, payload: dict) -> None:
        """An audit entry as `cases.audit.audit_record` writes it, kept to write in bulk."""
        self.audits.append(
            AuditEntry(
                case=case,
                actor=self.actor,
                action=action,
                payload=payload_checked(action, payload),
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
            )
        )

    # -- new records

    def _children(self, rows: list[Parsed]) -> dict[int, Child]:
        known = {row.child_id for row in rows if row.child_id}
        by_pk = Child.objects.select_related("current_setting").in_bulk(known)
        out, fresh = {}, []
        for row in rows:
            if row.child_id:
                out[id(row)] = by_pk[row.child_id]
                continue
            v = row.values
            child = Child(
                first_name=v["first_name"],
                last_name=v["last_name"],
                date_of_birth=v["date_of_birth"],
                upn=v["upn"],
                postcode=v["postcode"],
                primary_need=v["primary_need"],
                current_setting=v["setting"],
            )
            fresh.append(child)
            out[id(row)] = child
        Child.objects.bulk_create(fresh)
        for child in fresh:
            self._audit("child.created", child, None, {"child": child.full_name})
        return out

    def _cases(self, rows: list[Parsed], children: dict[int, Child]) -> dict[int, Case]:
        out, fresh = {}, []
        for row in rows:
            child = children[id(row)]
            has = self.held.get(child.pk) if row.child_id else None
            if has is not None and has.case is not None:
                out[id(row)] = has.case
                continue
            officer = row.values["officer"]
            case = Case(
                child=child,
                team=(officer.team if officer and officer.team_id else self.team),
                officer=officer if officer and officer.role == "case_officer" else None,
                stage=CaseStage.PLAN,
                opened_on=row.values["issued_on"],
            )
            out[id(row)] = case
            fresh.append(case)
        for case, reference in zip(fresh, case_references_take(len(fresh)), strict=True):
            case.reference = reference
        Case.objects.bulk_create(fresh)
        for case in fresh:
            self._audit("case.opened", case, case, {"reference": case.reference})
        return out

    def _plans(self, rows, children, cases) -> dict[int, Plan | None]:
        out, fresh = {}, []
        for row in rows:
            out[id(row)] = None
            if row.values["record_type"] != RecordType.EHC_PLAN:
                continue
            has = self.held.get(children[id(row)].pk)
            if has is not None and has.plan is not None:
                out[id(row)] = has.plan
                continue
            case = cases[id(row)]
            case.child = children[id(row)]
            plan = _plan_new(case, row.values)
            out[id(row)] = plan
            fresh.append((plan, row.values))
        Plan.objects.bulk_create([plan for plan, _ in fresh])
        _reviews_schedule(fresh)
        return out

    def _records(self, rows, children, cases, plans) -> None:
        records = []
        for row in rows:
            v = row.values
            records.append(
                LegacyRecord(
                    legacy_reference=v["legacy_reference"],
                    record_type=v["record_type"],
                    child=children[id(row)],
                    case=cases[id(row)],
                    plan=plans[id(row)],
                    issued_on=v["issued_on"],
                    last_reviewed_on=v["last_reviewed_on"],
                    setting=v["setting"],
                    primary_need=v["primary_need"],
                    officer=v["officer"],
                    values=fingerprint(row),
                    imported_from=self.source,
                )
            )
        LegacyRecord.objects.bulk_create(records)
        planned = TransferReview.objects.bulk_create(
            TransferReview(
                case=record.case,
                legacy_record=record,
                record_type=record.record_type,
                cohort=cohort_for(row.values["date_of_birth"], record.record_type, self.today),
            )
            for row, record in zip(rows, records, strict=True)
            if record.record_type != RecordType.EHC_PLAN
        )
        Deadline.objects.bulk_create(notify_deadlines((r, self.today) for r in planned))
        for record in records:
            self._audit(
                "legacy.record_imported",
                record,
                record.case,
                {"reference": record.legacy_reference, "kind": record.get_record_type_display()},
            )

    # -- records imported before, with changed values

    def _update(self, row: Parsed) -> None:
        v = row.values
        record = (
            LegacyRecord.objects.select_for_update(of=("self",))
            .select_related("child", "plan")
            .get(pk=row.existing.pk)
        )
        before = dict(record.values)
        after = fingerprint(row)
        record.values = after
        record.issued_on, record.last_reviewed_on = v["issued_on"], v["last_reviewed_on"]
        record.setting, record.primary_need, record.officer = (
            v["setting"],
            v["primary_need"],
            v["officer"],
        )
        record.save(
            update_fields=[
                "values",
                "issued_on",
                "last_reviewed_on",
                "setting",
                "primary_need",
                "officer",
                "updated_at",
            ]
        )
        child = record.child
        child_changes = {
            name: value
            for name, value in (
                ("first_name", v["first_name"]),
                ("last_name", v["last_name"]),
                ("date_of_birth", v["date_of_birth"]),
                ("upn", v["upn"] or child.upn),
                ("postcode", v["postcode"] or child.postcode),
                ("primary_need", v["primary_need"] or child.primary_need),
            )
            if getattr(child, name) != value
        }
        if v["setting"] is not None and child.current_setting_id != v["setting"].pk:
            child_changes["current_setting"] = v["setting"]
        for name, value in child_changes.items():
            setattr(child, name, value)
        if child_changes:
            child.save(update_fields=list(child_changes))
        plan = record.plan
        if plan is not None and plan.issued_outside and plan.state == PlanState.FINAL:
            _plan_dates_follow(plan, v)
        audit_record(
            actor=self.actor,
            action="legacy.record_updated",
            obj=record,
            case=record.case,
            payload={"reference": record.legacy_reference},
            changes={k: [before.get(k), val] for k, val in after.items() if before.get(k) != val},
        )


def _placement(v) -> tuple:
    setting = v["setting"]
    return setting, "" if setting is not None else SettingType.OTHER


def _reviews_schedule(plans: list[tuple[Plan, dict]]) -> None:
    """Each new plan's next review and its deadlines, in bulk: timed by ehcp's own rule
    (`review_timing`) and stored as its `review_schedule` stores them (the nightly job's way,
    `ehcp.jobs.reviews_schedule`), from the last review or else the issue."""
    reviews, transfers = [], []
    for plan, v in plans:
        child, case = plan.case.child, plan.case
        setting = plan.placement_setting or child.current_setting
        due, transfer = review_timing(
            period_starts=v["last_reviewed_on"] or v["issued_on"],
            date_of_birth=child.date_of_birth,
            from_infant_school=bool(setting and setting.phase == Phase.INFANT),
            middle_school_years=case.middle_school_years,
            post16_move_on=case.post16_move_on,
        )
        reviews.append(_review_rows(plan.pk, case.team_id, due, transfer))
        transfers.append((case.pk, transfer))
    AnnualReview.objects.bulk_create(reviews)
    Deadline.objects.bulk_create(
        [
            deadline
            for review, (case_id, transfer) in zip(reviews, transfers, strict=True)
            for deadline in _review_deadlines(review, case_id, transfer)
        ]
    )


def _plan_new(case: Case, v: dict) -> Plan:
    setting, placement_type = _placement(v)
    return Plan(
        case=case,
        state=PlanState.FINAL,
        issued_outside=True,
        first_issued_on=v["issued_on"],
        last_reviewed_on=v["last_reviewed_on"],
        placement_setting=setting,
        placement_type=placement_type,
    )


def _plan_create(case: Case, v: dict) -> Plan:
    """An EHC plan issued before this service: a plan record in force, with its next review
    scheduled from its last review (or its issue) and the review's deadlines stored, as
    `ehcp.services.plan_record_existing` does for one plan entered by hand."""
    plan = _plan_new(case, v)
    plan.save()
    review_schedule(plan=plan, period_starts=v["last_reviewed_on"] or v["issued_on"])
    return plan


def _plan_dates_follow(plan: Plan, v: dict) -> None:
    """A re-imported plan's dates or school changed: the plan follows, and its next review, if
    not yet arranged, is scheduled again from the new dates."""
    setting, placement_type = _placement(v)
    plan.first_issued_on, plan.last_reviewed_on = v["issued_on"], v["last_reviewed_on"]
    plan.placement_setting, plan.placement_type = setting, placement_type
    plan.save(
        update_fields=["first_issued_on", "last_reviewed_on", "placement_setting", "placement_type"]
    )
    review_type = ContentType.objects.get_for_model(AnnualReview)
    scheduled = list(AnnualReview.objects.filter(plan=plan, state=ReviewState.SCHEDULED))
    if not scheduled:
        return
    Deadline.objects.filter(
        content_type=review_type, object_id__in=[r.pk for r in scheduled], met_on__isnull=True
    ).delete()
    AnnualReview.objects.filter(pk__in=[r.pk for r in scheduled]).delete()
    review_schedule(plan=plan, period_starts=v["last_reviewed_on"] or v["issued_on"])


__all__ = ["COHORT_ORDER", "Lookups", "Report", "cohort_for", "legacy_check", "legacy_import"]
