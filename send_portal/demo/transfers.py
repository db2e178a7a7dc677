"""Demo transfer reviews: statements and LDAs the council still holds, brought in as legacy
records and taken to different steps, every date counted back from today, so the officer has
families to tell, assessments to move on and a limit due soon and one overdue, and the manager
sees the cohorts' progress (and can import the sample files in fixtures/)."""

import datetime

from cases import deadlines
from cases.models import FamilyMember
from cases.models import Relationship
from cases.models import User
from transfers import services
from transfers.models import LegacyRecord
from transfers.models import TransferReview

PREFIX = "DEMO-T-"
MEETING = "Any weekday morning at the Civic Centre, or by video call"

# (reference, type, first, last, year group, setting URN, need, the step, days before today
# that the family was told)
REVIEWS = (
    ("01", "statement", "Isla", "Bennett", 6, "112233", "ASD", "planned", None),
    ("02", "statement", "Rory", "Danso", 6, "112244", "SLCN", "notified", 10),
    ("03", "statement", "Mina", "Kowalski", 6, "112233", "MLD", "assessing", 60),
    ("04", "statement", "Theo", "Gallagher", 9, "140022", "SEMH", "draft", 130),
    ("05", "statement", "Sana", "Iqbal", 9, "140011", "SPLD", "final", 200),
    ("06", "statement", "Owen", "Price", 11, "150044", "HI", "assessing", 150),
    ("07", "lda", "Leah", "Moran", 13, "130055", "ASD", "no_plan", 120),
    ("08", "lda", "Jamal", "Osei", 13, "130066", "SEMH", "planned", None),
    ("09", "statement", "Ruby", "Thornton", 4, "112255", "SLD", "planned", None),
)
STEPS = ("planned", "notified", "assessing", "draft", "final", "no_plan")


def _born(year_group: int, today: datetime.date) -> datetime.date:
    """A birthday in March of the school year whose children are in `year_group` now."""
    return datetime.date(deadlines.school_year_start(today).year - year_group - 4, 3, 1)


def seed_transfers(*, today: datetime.date) -> int:
    """Import the demo's legacy statements and LDAs and move each to its step. Returns how many
    reviews were made (0 when they are already there)."""
    if LegacyRecord.objects.filter(legacy_reference__startswith=PREFIX).exists():
        return 0
    manager = User.objects.filter(email="manager@demo.example").first()
    officer = User.objects.filter(email="officer@demo.example").first()
    if manager is None or officer is None:
        return 0
    rows = [
        {
            "record_type": kind,
            "legacy_reference": PREFIX + ref,
            "upn": "",
            "first_name": first,
            "last_name": last,
            "date_of_birth": _born(year, today).isoformat(),
            "postcode": "DC4 2TR",
            "issued_on": _born(year, today).replace(year=_born(year, today).year + 5).isoformat(),
            "last_reviewed_on": (today - datetime.timedelta(days=200)).isoformat(),
            "setting_urn": urn,
            "primary_need": need,
            "officer_email": officer.email,
        }
        for ref, kind, first, last, year, urn, need, _step, _told in REVIEWS
    ]
    report = services.legacy_import(actor=manager, rows=rows, today=today)
    if not report.ok:
        return 0
    for ref, _kind, _first, last, _year, _urn, _need, step, told in REVIEWS:
        review = TransferReview.objects.select_related("case__child").get(
            legacy_record__legacy_reference=PREFIX + ref
        )
        FamilyMember.objects.create(
            child=review.case.child,
            full_name=f"Alex {last}",
            relationship=Relationship.MOTHER,
            is_main_contact=True,
            email=f"{last.lower()}.family@example.net",
        )
        if told is not None:
            _advance(officer, review, STEPS.index(step), today=today, told=told)
    return len(REVIEWS)


def _advance(officer, review, target: int, *, today, told: int) -> None:
    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    starts = told - 14
    services.transfer_review_notify(
        actor=officer,
        review_id=review.pk,
        notified_on=ago(told),
        starts_on=ago(starts),
        meeting_offered=MEETING,
        today=today,
    )
    if target >= STEPS.index("assessing"):
        services.transfer_review_start_assessment(
            actor=officer, review_id=review.pk, started_on=ago(starts), today=today
        )
    if target == STEPS.index("no_plan"):
        services.transfer_review_conclude_no_plan(
            actor=officer,
            review_id=review.pk,
            decided_on=ago(5),
            reason="Her needs are met at college with SEN support; no EHC plan is needed.",
            today=today,
        )
        return
    if target >= STEPS.index("draft"):
        services.transfer_review_issue_draft(
            actor=officer, review_id=review.pk, issued_on=ago(min(100, starts - 30)), today=today
        )
    if target >= STEPS.index("final"):
        services.transfer_review_issue_final(
            actor=officer, review_id=review.pk, issued_on=ago(min(70, starts - 40)), today=today
        )
