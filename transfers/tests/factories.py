"""Test set-up for transfers: the schools and people the sample files in fixtures/ name, the
sample files themselves, and transfer reviews at each step (through the services, with
explicit dates)."""

from __future__ import annotations

import datetime
import pathlib

from cases.models import Phase
from cases.models import Setting
from cases.models import SettingType
from cases.roles import Role
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from transfers import legacy
from transfers import services
from transfers.models import TransferReview

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures"
GOOD = FIXTURES / "legacy_good.csv"
BROKEN = FIXTURES / "legacy_broken.csv"
TODAY = datetime.date(2026, 11, 23)
D = datetime.date.fromisoformat

# The schools and colleges the sample files name (the demo's, `send_portal.demo.cases`).
URNS = {
    "112233": (SettingType.MAINSTREAM, Phase.PRIMARY),
    "112244": (SettingType.MAINSTREAM, Phase.PRIMARY),
    "112255": (SettingType.MAINSTREAM, Phase.INFANT),
    "140011": (SettingType.ACADEMY, Phase.SECONDARY),
    "140022": (SettingType.RESOURCED, Phase.SECONDARY),
    "150033": (SettingType.SPECIAL, Phase.ALL_THROUGH),
    "150044": (SettingType.SPECIAL, Phase.SECONDARY),
    "130055": (SettingType.FE_COLLEGE, Phase.POST16),
    "130066": (SettingType.SIXTH_FORM, Phase.POST16),
}


def legacy_world() -> dict:
    """The team, officer and manager (with the sample files' emails) and the settings."""
    team = TeamFactory(name="North locality")
    for urn, (kind, phase) in URNS.items():
        Setting.objects.get_or_create(
            urn=urn, defaults={"name": f"School {urn}", "setting_type": kind, "phase": phase}
        )
    return {
        "team": team,
        "officer": UserFactory(
            role=Role.CASE_OFFICER, team=team, email="officer@demo.example", full_name="Sam Patel"
        ),
        "manager": UserFactory(
            role=Role.SEN_MANAGER, team=team, email="manager@demo.example", full_name="Jo Adeyemi"
        ),
    }


def rows_of(path: pathlib.Path) -> list[dict]:
    return legacy.read_rows(path.read_bytes(), name=path.name)


def imported(actor=None, path: pathlib.Path = GOOD, today: datetime.date = TODAY):
    report = services.legacy_import(actor=actor, rows=rows_of(path), today=today)
    assert report.ok, report.errors
    return report


def planned_review(officer, *, with_family: bool = True, **row) -> TransferReview:
    """A statement imported for one child (with a parent to write to): a planned review."""
    values = {
        "record_type": "statement",
        "legacy_reference": row.pop("legacy_reference", "ST-1"),
        "upn": "",
        "first_name": row.pop("first_name", "Tilly"),
        "last_name": row.pop("last_name", "Marsh"),
        "date_of_birth": row.pop("date_of_birth", "2015-01-19"),
        "postcode": "",
        "issued_on": "2019-05-20",
        "last_reviewed_on": "",
        "setting_urn": row.pop("setting_urn", ""),
        "primary_need": "SPLD",
        "officer_email": officer.email,
        **row,
    }
    report = services.legacy_import(actor=None, rows=[values], today=TODAY)
    assert report.ok, report.errors
    review = TransferReview.objects.get(legacy_record__legacy_reference=values["legacy_reference"])
    if with_family:
        FamilyMemberFactory(child=review.case.child)
    return review


def notified(officer, review, *, notified_on="2026-11-02", starts_on="2026-11-16"):
    return services.transfer_review_notify(
        actor=officer,
        review_id=review.pk,
        notified_on=D(notified_on),
        starts_on=D(starts_on),
        meeting_offered="Tuesday 10 November at 10am at the family centre",
        today=TODAY,
    )


def assessing(officer, review, *, started_on="2026-11-16", **kwargs):
    review = notified(officer, review, **kwargs)
    return services.transfer_review_start_assessment(
        actor=officer, review_id=review.pk, started_on=D(started_on), today=TODAY
    )


def draft_issued(officer, review, *, issued_on="2026-11-20", **kwargs):
    review = assessing(officer, review, **kwargs)
    return services.transfer_review_issue_draft(
        actor=officer, review_id=review.pk, issued_on=D(issued_on), today=TODAY
    )


def access_world(officer) -> dict:
    """Transfer reviews at each step and a checked import, for the access matrix
    (tests/access_matrix.py): {target name: URL kwargs}."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from transfers import imports

    planned = planned_review(officer, legacy_reference="AM-1", first_name="Ann")
    notified_review = notified(
        officer, planned_review(officer, legacy_reference="AM-2", first_name="Bea")
    )
    assessing_review = assessing(
        officer, planned_review(officer, legacy_reference="AM-3", first_name="Cy")
    )
    draft = draft_issued(officer, planned_review(officer, legacy_reference="AM-4", first_name="Di"))
    manager = UserFactory(role=Role.SEN_MANAGER, team=officer.team)
    upload = SimpleUploadedFile("legacy.csv", GOOD.read_bytes(), content_type="text/csv")
    checked = imports.legacy_upload(actor=manager, upload=upload, today=TODAY)
    return {
        "planned transfer": {"review_id": planned.pk},
        "notified transfer": {"review_id": notified_review.pk},
        "assessing transfer": {"review_id": assessing_review.pk},
        "draft transfer": {"review_id": draft.pk},
        "legacy import": {"import_id": checked.pk},
    }


def access_matrix(entry, casework) -> dict:
    """The access matrix's rows of transfers (tests/access_matrix.py): `entry` builds one."""
    return {
        "transfers:progress": entry(ok=casework | {"other officer"}, reads=casework),
        "transfers:progress_export": entry(ok=casework | {"other officer"}, reads=casework),
        "transfers:review": entry("planned transfer", ok=casework),
        "transfers:notify": entry("planned transfer", ok=casework),
        "transfers:start_assessment": entry("notified transfer", ok=casework),
        "transfers:issue_draft": entry("assessing transfer", ok=casework),
        "transfers:no_plan": entry("assessing transfer", ok=casework),
        "transfers:issue_final": entry("draft transfer", ok=casework),
        "transfers:import": entry(ok={"manager"}),
        "transfers:import_report": entry("legacy import", ok={"manager"}, reads=()),
        "transfers:import_progress": entry("legacy import", ok={"manager"}, reads=()),
    }
