"""The nightly deadline job (`send_portal.jobs.run_deadline_jobs`), step by step and whole.

Stored statuses, the officers' digests, the managers' escalations, the family reminders and the
sending; then the whole job run twice, killed half way, with failing mail; a year in the life of
two plans; the management command.

Every expected date is worked out by hand from DOMAIN.md ("The statutory clock", "Exact
counting"), never by calling the clock. TODAY is Thursday 21 May 2026; the Spring bank holiday,
Monday 25 May 2026, falls inside the next 5 working days, so:
    5 working days after TODAY  = Fri 22, Tue 26, Wed 27, Thu 28, Fri 29 May -> 29 May 2026
    10 working days after TODAY = ... Mon 1, Tue 2, Wed 3, Thu 4, Fri 5 June -> 5 June 2026
"""

import datetime
import io
import itertools
import re
import smtplib
from types import SimpleNamespace
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError
from django.core.management import call_command
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Max
from django.test import TestCase
from django.utils import timezone

from cases import deadline_kinds
from cases import jobs as case_jobs
from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import DeadlineStatus
from cases.models import JobRun
from cases.models import Notification
from cases.models import NotificationStatus
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import family_has_nothing_more_to_add
from ehcp import jobs as plan_jobs
from ehcp import services
from ehcp.models import AnnualReview
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import ReviewState
from ehcp.tests.factories import complete_plan
from ehcp.tests.factories import issue_version
from ehcp.tests.factories import name_setting
from ehcp.tests.factories import request_decided_to_issue
from send_portal.jobs import run_deadline_jobs

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat
LONDON = ZoneInfo("Europe/London")
TODAY = D("2026-05-21")  # a Thursday; Monday 25 May 2026 is the Spring bank holiday
STEPS = (
    "deadline_statuses",
    "reviews_scheduled",
    "officer_digests",
    "manager_escalations",
    "family_reminders",
)
_object_ids = itertools.count(1)


def sent_and_failed(stats: dict) -> dict:
    """What the run's sending tasks did (run at once here: no broker in the tests)."""
    return {key: stats["notifications"][key] for key in ("sent", "failed")}


def deadline(case, kind=DeadlineKind.DECIDE_TO_ASSESS, *, due, met=None, **extra) -> Deadline:
    """A stored deadline on `case` (its subject is a stand-in: the steps never follow it)."""
    return Deadline.objects.create(
        case=case,
        kind=kind,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=next(_object_ids),
        due_on=D(due),
        met_on=D(met) if met else None,
        **extra,
    )


def manager(team, **extra):
    return UserFactory(role=Role.SEN_MANAGER, team=team, **extra)


def officer(team, **extra):
    return UserFactory(role=Role.CASE_OFFICER, team=team, **extra)


def notices(kind):
    return Notification.objects.filter(kind=kind).order_by("id")


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def sections(body: str) -> dict[str, list[str]]:
    """A digest or escalation body split into its parts: {"Overdue": [lines], ...}."""
    parts, current = {}, None
    for line in body.splitlines():
        header = re.match(r"^(.+) \(\d+\):$", line)
        if header:
            current = parts.setdefault(header.group(1), [])
        elif line.startswith("- ") and current is not None:
            current.append(line)
        else:
            current = None
    return parts


def at(day: datetime.date, hour=2, minute=30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), LONDON)


# --- 1. each step on a small hand-made data set ----------------------------------------------


def test_statuses_are_stored_as_of_today_counting_the_bank_holiday():
    case = CaseFactory()
    rows = {
        "due yesterday": deadline(case, due="2026-05-20"),
        "due today": deadline(case, due="2026-05-21"),
        "5th working day (bank holiday skipped)": deadline(case, due="2026-05-29"),
        "6th working day": deadline(case, due="2026-06-01"),
        "met before the due day": deadline(case, due="2026-05-20", met="2026-05-19"),
        "met on the due day": deadline(case, due="2026-05-20", met="2026-05-20"),
        "met late": deadline(case, due="2026-05-10", met="2026-05-12"),
        "stored overdue, since met on time": deadline(
            case, due="2026-05-01", met="2026-04-30", status=DeadlineStatus.OVERDUE
        ),
    }

    changed = case_jobs.deadlines_refresh_status(today=TODAY)

    stored = {label: Deadline.objects.get(pk=d.pk).status for label, d in rows.items()}
    assert stored == {
        "due yesterday": DeadlineStatus.OVERDUE,
        "due today": DeadlineStatus.DUE_SOON,
        "5th working day (bank holiday skipped)": DeadlineStatus.DUE_SOON,
        "6th working day": DeadlineStatus.ON_TRACK,
        "met before the due day": DeadlineStatus.MET_ON_TIME,
        "met on the due day": DeadlineStatus.MET_ON_TIME,
        "met late": DeadlineStatus.MET_LATE,
        "stored overdue, since met on time": DeadlineStatus.MET_ON_TIME,
    }
    assert changed == 7  # "6th working day" was already on track: rows are only rewritten on change
    for row in Deadline.objects.all():  # the stored status is the clock's live status
        assert row.status == deadline_kinds.deadline_status(
            kind=row.kind, due=row.due_on, met_on=row.met_on, today=TODAY
        )
    assert case_jobs.deadlines_refresh_status(today=TODAY) == 0

    # Friday 22 May: 5 working days reach Monday 1 June; yesterday's "due today" is overdue.
    case_jobs.deadlines_refresh_status(today=D("2026-05-22"))
    assert Deadline.objects.get(pk=rows["due today"].pk).status == DeadlineStatus.OVERDUE
    assert Deadline.objects.get(pk=rows["6th working day"].pk).status == DeadlineStatus.DUE_SOON


def test_each_officer_gets_one_digest_of_what_is_overdue_or_due_within_10_working_days():
    team = TeamFactory(name="North locality")
    busy = officer(team, email="busy.officer@council.example")
    quiet = officer(team, email="quiet.officer@council.example")
    gone = officer(team, email="gone.officer@council.example", is_active=False)
    maya, leo = (
        CaseFactory(
            reference=ref, team=team, officer=busy, child__first_name=first, child__last_name=last
        )
        for ref, first, last in (("SEN-000101", "Maya", "Okafor"), ("SEN-000102", "Leo", "Byrne"))
    )
    deadline(maya, DeadlineKind.DECIDE_TO_ASSESS, due="2026-05-14")
    deadline(leo, DeadlineKind.FINAL_PLAN, due="2026-05-20")
    deadline(maya, DeadlineKind.ADVICE, due="2026-05-21", label="Educational advice: Ms Jones")
    deadline(leo, DeadlineKind.DECIDE_TO_ISSUE, due="2026-06-05")  # the 10th working day
    deadline(maya, DeadlineKind.FINAL_PLAN, due="2026-06-08")  # the 11th: not yet
    deadline(leo, DeadlineKind.ADVICE, due="2026-05-11", met="2026-05-12")  # met: not listed
    deadline(leo, DeadlineKind.DRAFT_RESPONSE, due="2026-05-18", cancelled=True)
    deadline(CaseFactory(team=team, officer=quiet), due="2026-07-01")
    deadline(CaseFactory(team=team, officer=quiet), due="2026-05-01", met="2026-04-30")
    deadline(CaseFactory(team=team, officer=gone), due="2026-05-01")  # inactive: no digest
    deadline(CaseFactory(team=team, officer=None), due="2026-05-01")  # unallocated: no digest

    assert case_jobs.notifications_queue_officer_digests(today=TODAY) == 1

    digest = notices("officer_digest").get()
    assert (digest.recipient, digest.to_address) == (busy, "busy.officer@council.example")
    assert digest.dedupe_key == f"digest:{busy.pk}:2026-05-21"
    assert digest.status == NotificationStatus.QUEUED
    assert digest.subject == "2 overdue, 2 due soon: your SEND deadlines"
    assert digest.body.startswith("Your statutory deadlines on Thursday 21 May 2026.")
    assert sections(digest.body) == {
        "Overdue": [
            "- SEN-000101 Maya Okafor: Decide whether to assess (6 weeks), due 14 May 2026",
            "- SEN-000102 Leo Byrne: Final plan issued (20 weeks), due 20 May 2026",
        ],
        "Due within 10 working days": [
            "- SEN-000101 Maya Okafor: Educational advice: Ms Jones, due 21 May 2026",
            "- SEN-000102 Leo Byrne: Decide whether to issue a plan (16 weeks), due 5 June 2026",
        ],
    }
    assert "/staff/cases/?due=overdue" in digest.body


def test_overdue_items_are_escalated_once_to_the_managers_of_the_cases_team():
    north, south, east = (TeamFactory(name=n) for n in ("North", "South", "East"))
    north_managers = [manager(north), manager(north)]
    manager(north, is_active=False)
    head_of_service = manager(None)  # no team: hears of teams that have no manager
    east_manager = manager(east)
    north_case = CaseFactory(reference="SEN-000201", team=north)
    south_case = CaseFactory(reference="SEN-000202", team=south)
    east_case = CaseFactory(reference="SEN-000203", team=east)
    late = deadline(north_case, DeadlineKind.DECIDE_TO_ASSESS, due="2026-05-11")
    later = deadline(north_case, DeadlineKind.FINAL_PLAN, due="2026-05-20")
    told_before = deadline(
        north_case, DeadlineKind.ADVICE, due="2026-05-11", escalated_on=D("2026-05-12")
    )
    not_overdue = [
        deadline(north_case, DeadlineKind.DECIDE_TO_ISSUE, due="2026-05-21"),  # due today
        deadline(north_case, DeadlineKind.REVIEW_REPORT, due="2026-05-01", met="2026-05-04"),
        deadline(north_case, DeadlineKind.REVIEW_DECISION, due="2026-05-01", cancelled=True),
        deadline(east_case, due="2026-06-30"),
    ]
    south_late = deadline(south_case, DeadlineKind.ANNUAL_REVIEW, due="2026-05-18")

    assert case_jobs.notifications_queue_escalations(today=TODAY) == 3

    by_recipient = {n.recipient: n for n in notices("manager_escalation")}
    assert set(by_recipient) == {*north_managers, head_of_service}
    assert east_manager not in by_recipient
    for m in north_managers:
        notice = by_recipient[m]
        assert notice.to_address == m.email
        assert notice.subject == "2 statutory deadlines overdue in your team"
        assert notice.dedupe_key.startswith(f"escalation:{m.pk}:{north.pk}:2026-05-21")
        assert sections(notice.body)["Newly overdue"] == [
            f"- SEN-000201 {north_case.child.full_name}: "
            "Decide whether to assess (6 weeks), due 11 May 2026",
            f"- SEN-000201 {north_case.child.full_name}: "
            "Final plan issued (20 weeks), due 20 May 2026",
        ]
    assert sections(by_recipient[head_of_service].body)["Newly overdue"] == [
        f"- SEN-000202 {south_case.child.full_name}: "
        "Annual review completed (12 months), due 18 May 2026"
    ]
    escalated = dict(Deadline.objects.values_list("pk", "escalated_on"))
    assert escalated[late.pk] == escalated[later.pk] == escalated[south_late.pk] == TODAY
    assert escalated[told_before.pk] == D("2026-05-12")
    assert all(escalated[d.pk] is None for d in not_overdue)

    # Once: a second run that day, and the next day, tell nobody again of the same items.
    assert case_jobs.notifications_queue_escalations(today=TODAY) == 0
    assert notices("manager_escalation").count() == 3
    assert case_jobs.notifications_queue_escalations(today=D("2026-05-22")) == 2  # "due today"
    later_notices = notices("manager_escalation").exclude(
        pk__in=[n.pk for n in by_recipient.values()]
    )
    assert {n.recipient for n in later_notices} == set(north_managers)
    for notice in later_notices:
        assert [line[-11:] for line in sections(notice.body)["Newly overdue"]] == ["21 May 2026"]


def test_families_are_reminded_once_when_their_15_days_close_within_5_days():
    rows = {}
    for label, kind, due, extra in (
        ("closes in 5 days", DeadlineKind.DRAFT_RESPONSE, "2026-05-26", {}),
        ("closes in 3 days", DeadlineKind.DRAFT_RESPONSE, "2026-05-24", {}),
        ("amendments, 2 days", DeadlineKind.AMENDMENT_RESPONSE, "2026-05-23", {}),
        ("closes in 6 days", DeadlineKind.DRAFT_RESPONSE, "2026-05-27", {}),
        ("closed yesterday", DeadlineKind.DRAFT_RESPONSE, "2026-05-20", {}),
        ("met", DeadlineKind.DRAFT_RESPONSE, "2026-05-25", {"met": "2026-05-19"}),
        ("cancelled", DeadlineKind.DRAFT_RESPONSE, "2026-05-25", {"cancelled": True}),
        ("not a family window", DeadlineKind.FINAL_PLAN, "2026-05-23", {}),
    ):
        case = CaseFactory(reference=f"SEN-0003{len(rows):02d}")
        main = FamilyMemberFactory(child=case.child, full_name=f"Parent of {label}")
        FamilyMemberFactory(child=case.child, is_main_contact=False)  # not the main contact
        rows[label] = SimpleNamespace(
            case=case, main=main, deadline=deadline(case, kind, due=due, **extra)
        )
    by_post = CaseFactory()
    FamilyMemberFactory(child=by_post.child, email="", contact_preference="post")
    deadline(by_post, DeadlineKind.DRAFT_RESPONSE, due="2026-05-24")  # no email: no reminder

    assert case_jobs.notifications_queue_family_reminders(today=TODAY) == 3

    reminders = {n.dedupe_key: n for n in notices("family_response_reminder")}
    expected = ("closes in 5 days", "closes in 3 days", "amendments, 2 days")
    assert set(reminders) == {
        f"family_reminder:{rows[label].deadline.pk}:member:{rows[label].main.pk}"
        for label in expected
    }
    five = reminders[
        f"family_reminder:{rows['closes in 5 days'].deadline.pk}:member:{rows['closes in 5 days'].main.pk}"
    ]
    assert five.to_address == rows["closes in 5 days"].main.email
    assert five.case == rows["closes in 5 days"].case
    assert five.subject == "Your comments on the draft EHC plan are due by 26 May 2026"
    assert five.body.startswith("Dear Parent of closes in 5 days,")
    assert "until Tuesday 26 May 2026" in five.body
    assert rows["closes in 5 days"].case.reference in five.body
    amendments = next(n for n in reminders.values() if n.case == rows["amendments, 2 days"].case)
    assert amendments.subject == (
        "Your comments on the proposed changes to the EHC plan are due by 23 May 2026"
    )

    # Once per window: again today, or tomorrow, nobody is reminded twice; tomorrow the window
    # that closes on 27 May is 5 days away and gets its reminder.
    case_jobs.notifications_queue_family_reminders(today=TODAY)
    assert notices("family_response_reminder").count() == 3
    case_jobs.notifications_queue_family_reminders(today=D("2026-05-22"))
    assert notices("family_response_reminder").count() == 4
    assert notices("family_response_reminder").last().case == rows["closes in 6 days"].case

    assert case_jobs.notifications_send() == {"sent": 4, "failed": 0}
    assert [m.to for m in sent_to(five.to_address)] == [[five.to_address]]
    assert sent_to(five.to_address)[0].subject == five.subject


def test_reviews_are_scheduled_for_maintained_plans_that_have_none():
    def plan(state, first_issued_on, dob="2018-06-10"):
        case = CaseFactory(child__date_of_birth=D(dob))
        return Plan.objects.create(case=case, state=state, first_issued_on=first_issued_on)

    imported = plan(PlanState.FINAL, D("2025-09-10"))
    amending = plan(PlanState.AMENDING, D("2025-06-30"))
    under_five = plan(PlanState.FINAL, D("2025-12-01"), dob="2023-01-15")  # 2 on issue: 6 months
    reviewed = plan(PlanState.FINAL, D("2024-05-01"))
    AnnualReview.objects.create(
        plan=reviewed,
        team=reviewed.case.team,
        due_on=D("2025-04-30"),
        state=ReviewState.DECIDED,
        decision="maintain",
        decision_sent_on=D("2025-04-14"),
    )
    plan(PlanState.DRAFTING, None)
    plan(PlanState.CEASED, D("2024-01-10"))
    has_one = plan(PlanState.FINAL, D("2025-11-03"))
    AnnualReview.objects.create(plan=has_one, team=has_one.case.team, due_on=D("2026-11-02"))

    assert plan_jobs.reviews_schedule(today=TODAY) == 4
    # each review scheduled is filed under its case's team (the team's review list reads it)
    assert all(r.team_id == r.plan.case.team_id for r in AnnualReview.objects.all())

    due = {r.plan_id: r.due_on for r in AnnualReview.objects.exclude(state=ReviewState.DECIDED)}
    assert due == {
        imported.pk: D("2026-09-09"),
        amending.pk: D("2026-06-29"),
        under_five.pk: D("2026-05-31"),
        reviewed.pk: D("2026-04-13"),  # 12 months from the last decision, not the first issue
        has_one.pk: D("2026-11-02"),
    }
    stored = dict(
        Deadline.objects.filter(kind=DeadlineKind.ANNUAL_REVIEW).values_list("case_id", "due_on")
    )
    assert stored == {
        imported.case_id: D("2026-09-09"),
        amending.case_id: D("2026-06-29"),
        under_five.case_id: D("2026-05-31"),
        reviewed.case_id: D("2026-04-13"),
    }
    assert plan_jobs.reviews_schedule(today=TODAY) == 0


def test_a_review_scheduled_by_the_job_has_its_status_stored_that_night():
    """A plan that arrived by import 14 months ago gets its first review scheduled by the job,
    already overdue: after the run, the stored status (what the dashboard shows) says so."""
    team = TeamFactory(name="North")
    manager(team)
    case = CaseFactory(team=team, child__date_of_birth=D("2018-06-10"))
    Plan.objects.create(case=case, state=PlanState.FINAL, first_issued_on=D("2025-03-02"))

    run = run_deadline_jobs(today=TODAY)

    assert run.stats["reviews_scheduled"] == 1
    review = Deadline.objects.get(kind=DeadlineKind.ANNUAL_REVIEW)
    assert review.due_on == D("2026-03-01")
    assert review.escalated_on == TODAY
    assert review.status == DeadlineStatus.OVERDUE


# --- 2. the whole job, run twice ---------------------------------------------------------------


@pytest.fixture
def world():
    """Three teams. North: an officer and a manager; South: an officer and no manager (its
    overdue items go to the head of service, a manager with no team); East: an officer and a
    manager. A family in North and in South with a draft plan out for comment."""
    north, south, east = (TeamFactory(name=n) for n in ("North", "South", "East"))
    w = SimpleNamespace(
        officer_north=officer(north, email="officer.north@council.example"),
        officer_south=officer(south, email="officer.south@council.example"),
        officer_east=officer(east, email="officer.east@council.example"),
        manager_north=manager(north, email="manager.north@council.example"),
        manager_east=manager(east, email="manager.east@council.example"),
        head=manager(None, email="head.of.service@council.example"),
        teams=SimpleNamespace(north=north, south=south, east=east),
    )
    w.case_north = CaseFactory(reference="SEN-000401", team=north, officer=w.officer_north)
    w.case_south = CaseFactory(reference="SEN-000402", team=south, officer=w.officer_south)
    w.case_east = CaseFactory(reference="SEN-000403", team=east, officer=w.officer_east)
    w.parent_north = FamilyMemberFactory(child=w.case_north.child, email="parent.n@example.net")
    w.parent_south = FamilyMemberFactory(child=w.case_south.child, email="parent.s@example.net")
    w.north_overdue = deadline(w.case_north, DeadlineKind.DECIDE_TO_ASSESS, due="2026-05-20")
    w.north_today = deadline(w.case_north, DeadlineKind.ADVICE, due="2026-05-21")
    w.north_soon = deadline(w.case_north, DeadlineKind.FINAL_PLAN, due="2026-05-29")
    w.north_window = deadline(w.case_north, DeadlineKind.DRAFT_RESPONSE, due="2026-05-26")
    w.south_overdue = deadline(w.case_south, DeadlineKind.DECIDE_TO_ISSUE, due="2026-05-18")
    w.south_window = deadline(w.case_south, DeadlineKind.DRAFT_RESPONSE, due="2026-05-27")
    w.east_overdue = deadline(w.case_east, DeadlineKind.ANNUAL_REVIEW, due="2026-05-19")
    # On TODAY: a digest for each officer (3), an escalation for North's manager, the head of
    # service (for South) and East's manager (3), a reminder to the parent in North (1).
    w.first_day = 7
    return w


def escalated_items(notification) -> list[str]:
    return sections(notification.body).get("Newly overdue", [])


def test_running_twice_on_one_day_sends_nothing_twice_and_the_next_day_only_what_is_new(world):
    first = run_deadline_jobs(today=TODAY)

    assert sent_and_failed(first.stats) == {"sent": world.first_day, "failed": 0}
    assert Notification.objects.count() == len(mail.outbox) == world.first_day
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}

    again = run_deadline_jobs(today=TODAY)

    assert sent_and_failed(again.stats) == {"sent": 0, "failed": 0}
    assert Notification.objects.count() == len(mail.outbox) == world.first_day
    assert first.finished_at is not None and again.finished_at is not None
    seen = Notification.objects.aggregate(last=Max("id"))["last"]

    run_deadline_jobs(today=D("2026-05-22"))

    new = Notification.objects.filter(id__gt=seen)
    assert sorted(new.values_list("kind", "to_address")) == [
        ("family_response_reminder", "parent.s@example.net"),  # 27 May is now 5 days away
        ("manager_escalation", "manager.north@council.example"),  # "due today" is now overdue
        ("officer_digest", "officer.east@council.example"),
        ("officer_digest", "officer.north@council.example"),
        ("officer_digest", "officer.south@council.example"),
    ]
    assert len(mail.outbox) == world.first_day + 5
    escalation = new.get(kind="manager_escalation")
    assert [i.split(": ", 1)[1] for i in escalated_items(escalation)] == [
        "Advice due (6 weeks), due 21 May 2026"
    ]
    # Over both days, each overdue item reached its team's managers exactly once.
    told = [
        (n.to_address, item) for n in notices("manager_escalation") for item in escalated_items(n)
    ]
    assert len(told) == len(set(told)) == 4
    assert {
        d.escalated_on for d in Deadline.objects.filter(due_on__lt=D("2026-05-22"), met_on=None)
    } == {
        TODAY,
        D("2026-05-22"),
    }


def test_a_repeated_run_reports_that_it_queued_nothing(world):
    """JobRun.stats is the auditor's record of what each step did."""
    run_deadline_jobs(today=TODAY)

    again = run_deadline_jobs(today=TODAY)

    assert {step: again.stats[step] for step in STEPS} == dict.fromkeys(STEPS, 0)


def test_a_second_run_the_same_day_escalates_items_that_became_overdue_since(world):
    """Run at 02:30; during the day an officer records a request that arrived weeks ago, so
    its 6 weeks have already run out; the job is run again (the command says that is safe)."""
    run_deadline_jobs(today=TODAY)
    backdated = CaseFactory(reference="SEN-000404", team=world.teams.north)
    missed = deadline(backdated, DeadlineKind.DECIDE_TO_ASSESS, due="2026-05-19")

    run_deadline_jobs(today=TODAY)

    told = [
        item
        for n in notices("manager_escalation").filter(to_address=world.manager_north.email)
        for item in escalated_items(n)
    ]
    assert any(item.startswith("- SEN-000404 ") for item in told), (
        "the item was marked escalated but its manager was never told",
        Deadline.objects.get(pk=missed.pk).escalated_on,
    )
    assert any("SEN-000404" in m.body for m in sent_to(world.manager_north.email))


def test_overdue_items_wait_for_a_manager_when_there_is_nobody_to_tell():
    """No manager in the team and none without a team: marking the items escalated would mean
    nobody is ever told of them; they wait until a manager can be told."""
    team = TeamFactory(name="West")
    case = CaseFactory(team=team)
    late = deadline(case, due="2026-05-20")

    case_jobs.notifications_queue_escalations(today=TODAY)
    assert Deadline.objects.get(pk=late.pk).escalated_on is None

    new_manager = manager(team)
    case_jobs.notifications_queue_escalations(today=D("2026-05-22"))
    assert notices("manager_escalation").get().recipient == new_manager
    assert Deadline.objects.get(pk=late.pk).escalated_on == D("2026-05-22")


# --- 3. restarts ---------------------------------------------------------------------------


def test_a_run_killed_before_sending_is_finished_by_the_next_run(world):
    queued_only = run_deadline_jobs(today=TODAY, send=False)

    assert "notifications" not in queued_only.stats
    assert Notification.objects.filter(status=NotificationStatus.QUEUED).count() == world.first_day
    assert mail.outbox == []

    run_deadline_jobs(today=TODAY)

    assert Notification.objects.count() == world.first_day
    assert set(Notification.objects.values_list("status", "attempts")) == {
        (NotificationStatus.SENT, 1)
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Notification.objects.values_list("to_address", flat=True)
    )
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == world.first_day


def test_escalations_killed_half_way_are_finished_by_the_next_run_without_repeats_or_gaps(
    world, monkeypatch
):
    real_insert = case_jobs._insert_new  # where the queue's INSERT happens
    escalation_batches = []

    def dies_on_the_second_team(rows):
        rows = list(rows)
        if rows and rows[0].kind == "manager_escalation":
            escalation_batches.append(rows)
            if len(escalation_batches) == 2:
                raise RuntimeError("worker lost")
        return real_insert(rows)

    monkeypatch.setattr(case_jobs, "_insert_new", dies_on_the_second_team)
    with pytest.raises(RuntimeError, match="worker lost"):
        run_deadline_jobs(today=TODAY)
    monkeypatch.undo()

    crashed = JobRun.objects.get()
    assert crashed.finished_at is None
    assert mail.outbox == []
    # The first team is fully escalated; the second and third are untouched.
    first_team = Notification.objects.filter(kind="manager_escalation")
    assert first_team.count() == 1
    overdue = Deadline.objects.filter(due_on__lt=TODAY, met_on=None)
    assert overdue.filter(escalated_on=TODAY).count() == 1
    assert overdue.filter(escalated_on=None).count() == 2

    run_deadline_jobs(today=TODAY)

    escalations = notices("manager_escalation")
    assert sorted(n.to_address for n in escalations) == [
        "head.of.service@council.example",
        "manager.east@council.example",
        "manager.north@council.example",
    ]
    items = {n.to_address: escalated_items(n) for n in escalations}
    assert [i[:12] for i in items["manager.north@council.example"]] == ["- SEN-000401"]
    assert [i[:12] for i in items["head.of.service@council.example"]] == ["- SEN-000402"]
    assert [i[:12] for i in items["manager.east@council.example"]] == ["- SEN-000403"]
    assert set(overdue.values_list("escalated_on", flat=True)) == {TODAY}
    assert Notification.objects.count() == len(mail.outbox) == world.first_day
    assert sorted(len(sent_to(a)) for a in items) == [1, 1, 1]


class FlakyBackend(locmem.EmailBackend):
    """The test mail server: refuses the addresses in `refuse`, delivers the rest to the outbox."""

    refuse: ClassVar[set[str]] = set()

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                if address in self.refuse:
                    raise smtplib.SMTPRecipientsRefused(
                        {address: (550, b"5.1.1 mailbox unavailable")}
                    )
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.refuse = set()
    yield FlakyBackend.refuse
    FlakyBackend.refuse = set()


def test_a_message_that_fails_is_marked_and_retried_by_the_next_run(world, flaky_mail):
    flaky_mail.add("officer.north@council.example")

    run = run_deadline_jobs(today=TODAY)

    assert sent_and_failed(run.stats) == {"sent": world.first_day - 1, "failed": 1}
    failed = Notification.objects.get(status=NotificationStatus.FAILED)
    assert failed.to_address == "officer.north@council.example"
    assert failed.attempts == 1  # tried once per run, not again in the same loop
    assert "mailbox unavailable" in failed.last_error
    assert failed.sent_at is None
    assert (
        Notification.objects.filter(status=NotificationStatus.SENT).count() == world.first_day - 1
    )
    assert sent_to("officer.north@council.example") == []

    flaky_mail.clear()
    retry = run_deadline_jobs(today=TODAY)

    assert sent_and_failed(retry.stats) == {"sent": 1, "failed": 0}
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.SENT, 2)
    assert len(sent_to("officer.north@council.example")) == 1
    assert len(mail.outbox) == world.first_day  # nobody else heard twice


def test_a_message_that_fails_5_times_is_given_up(world, flaky_mail):
    flaky_mail.add("manager.east@council.example")
    run_deadline_jobs(today=TODAY, send=False)
    escalation = Notification.objects.get(to_address="manager.east@council.example")

    seen = []
    for _ in range(6):
        case_jobs.notifications_send()
        escalation.refresh_from_db()
        seen.append((escalation.attempts, escalation.status))

    failed, gave_up = NotificationStatus.FAILED, NotificationStatus.GAVE_UP
    assert seen == [(1, failed), (2, failed), (3, failed), (4, failed), (5, gave_up), (5, gave_up)]
    assert "mailbox unavailable" in escalation.last_error
    assert sent_to("manager.east@council.example") == []
    assert len(mail.outbox) == world.first_day - 1


def test_the_database_refuses_a_second_notification_with_the_same_dedupe_key():
    fields = {
        "dedupe_key": "digest:1:2026-05-21",
        "kind": "officer_digest",
        "to_address": "officer@council.example",
        "subject": "1 overdue",
        "body": "...",
    }
    Notification.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.bulk_create([Notification(**{**fields, "subject": "again"})])
    assert Notification.objects.count() == 1


# --- 4. a year in the life of two plans ------------------------------------------------------


def test_a_year_in_the_life_of_two_plans():
    """Two children's plans are issued on Wednesday 20 May 2026, so each review must be
    completed within the 12 months that start that day: by Wednesday 19 May 2027. Amira's
    review is held in March 2027 and the decision sent on 31 March; Ben's is forgotten.

    Ben's review, counted by hand (bank holidays: Monday 3 May and Monday 31 May 2027):
      due soon (within 5 working days) from Wed 12 May 2027: 13, 14, 17, 18, 19 May;
      in the officer's digest (within 10 working days) from Wed 5 May 2027: 6, 7, 10 ... 19 May;
      overdue from Thursday 20 May 2027, and escalated to the team's manager that day, once.
    Amira's next review: 12 months starting 31 March 2027, so by Thursday 30 March 2028.
    """
    draft_day = D("2026-04-08")
    with time_machine.travel(at(draft_day, 10), tick=False) as clock:
        # (a team with no manager yet: the test names the one escalations go to)
        case_officer = officer(TeamFactory(name="North locality"))
        panel = UserFactory(role=Role.PANEL_MEMBER)
        team_manager = manager(case_officer.team, email="manager.north@council.example")
        manager(TeamFactory(name="South"), email="manager.south@council.example")
        plans, parents, requests = {}, {}, {}
        for name in ("Amira", "Ben"):
            child = ChildFactory(first_name=name, date_of_birth=D("2018-06-10"))
            parents[name] = FamilyMemberFactory(
                child=child, email=f"{name.lower()}.parent@example.net"
            )
            requests[name] = request_decided_to_issue(case_officer, panel, child=child)
            plan = services.plan_start(actor=case_officer, request_id=requests[name].pk)
            plan = complete_plan(case_officer, plan)
            issue_version(case_officer, plan, issued_on=draft_day, today=draft_day)
            name_setting(case_officer, plan, consulted_on="2026-05-19")
            plans[name] = plan
        references = {name: plan.case.reference for name, plan in plans.items()}

        def family_responds(day):
            for request in requests.values():
                family_has_nothing_more_to_add(case_officer, request.pk, on=day)

        def final_plans_issued(day):
            for plan in plans.values():
                plan.refresh_from_db()
                # each plan's letter is emailed to the family that day, after the step commits
                with TestCase.captureOnCommitCallbacks(execute=True):
                    issue_version(case_officer, plan, issued_on=day, final=True, today=day)

        def amiras_review():
            return AnnualReview.objects.get(plan=plans["Amira"], state__in=REVIEW_UNDER_WAY)

        def invited(day):
            services.review_invite(
                actor=case_officer,
                review_id=amiras_review().pk,
                version=None,
                meeting_on=D("2027-03-10"),
                invitations_sent_on=day,
                today=day,
            )

        def meeting_held(day):
            services.review_hold_meeting(
                actor=case_officer,
                review_id=amiras_review().pk,
                version=None,
                held_on=day,
                today=day,
            )

        def report_received(day):
            services.review_record_report(
                actor=case_officer, review_id=amiras_review().pk, received_on=day, today=day
            )

        def decided(day):
            # the decision's letter is emailed to the family that day (after the step commits)
            with TestCase.captureOnCommitCallbacks(execute=True):
                decide(day)

        def decide(day):
            services.review_decide(
                actor=case_officer,
                review_id=amiras_review().pk,
                version=None,
                decision="maintain",
                decided_on=day,
                reasons="Amira is making good progress; the provision stays as it is.",
                today=day,
            )

        during_the_day = {
            D("2026-04-20"): family_responds,
            D("2026-05-20"): final_plans_issued,
            D("2027-02-17"): invited,
            D("2027-03-10"): meeting_held,
            D("2027-03-17"): report_received,
            D("2027-03-31"): decided,
        }
        ben_status, ben_in_digest, digest_days, runs = {}, {}, set(), 0
        day, last_day = draft_day + datetime.timedelta(days=1), D("2027-06-30")
        while day <= last_day:
            clock.move_to(at(day, 0, 30))  # after midnight: still the previous day in UTC
            run = run_deadline_jobs()  # the beat task passes no date: today is London's
            runs += 1
            assert run.run_on == day
            assert run.stats["reviews_scheduled"] == 0  # the services scheduled every review
            assert run.stats["notifications"]["failed"] == 0
            ben = Deadline.objects.filter(case=plans["Ben"].case, kind=DeadlineKind.ANNUAL_REVIEW)
            if ben.exists():
                ben_status[day] = ben.get().status
            digest = Notification.objects.filter(dedupe_key=f"digest:{case_officer.pk}:{day}")
            if digest.exists():
                digest_days.add(day)
                for part, lines in sections(digest.get().body).items():
                    if any(references["Ben"] in line for line in lines):
                        ben_in_digest[day] = part
            if day == D("2027-04-01"):
                check_amiras_review_was_completed_on_time(plans["Amira"])
            if day in during_the_day:
                clock.move_to(at(day, 11))
                during_the_day[day](day)
            day += datetime.timedelta(days=1)

    # Ben's review: due on the hand-computed day; on track, then due soon, then overdue.
    review = AnnualReview.objects.get(plan=plans["Ben"])
    assert review.due_on == D("2027-05-19") and review.state == ReviewState.SCHEDULED
    assert set(ben_status) == set(days(D("2026-05-21"), last_day))
    assert {d for d, s in ben_status.items() if s == DeadlineStatus.ON_TRACK} == set(
        days(D("2026-05-21"), D("2027-05-11"))
    )
    assert {d for d, s in ben_status.items() if s == DeadlineStatus.DUE_SOON} == set(
        days(D("2027-05-12"), D("2027-05-19"))
    )
    assert {d for d, s in ben_status.items() if s == DeadlineStatus.OVERDUE} == set(
        days(D("2027-05-20"), last_day)
    )

    # The officer hears of it in each day's digest from 10 working days before, then as overdue.
    after_the_final_plans = {d: part for d, part in ben_in_digest.items() if d > D("2026-05-20")}
    assert after_the_final_plans == {
        **dict.fromkeys(days(D("2027-05-05"), D("2027-05-19")), "Due within 10 working days"),
        **dict.fromkeys(days(D("2027-05-20"), last_day), "Overdue"),
    }
    # Between the final plans and Amira's review meeting nothing was due: no digest at all.
    assert not digest_days & set(days(D("2026-05-21"), D("2027-03-10")))

    # The manager was told once, the day it became overdue; the other team's manager never.
    escalation = notices("manager_escalation").get()
    assert escalation.recipient == team_manager
    assert timezone.localdate(escalation.created_at) == D("2027-05-20")
    assert escalated_items(escalation) == [
        f"- {references['Ben']} Ben {plans['Ben'].case.child.last_name}: "
        "Annual review completed (12 months), due 19 May 2027"
    ]
    assert Deadline.objects.filter(escalated_on__isnull=False).count() == 1

    # Each family was reminded once, 5 days before their 15 days on the draft closed (22 April).
    reminders = notices("family_response_reminder")
    assert sorted(r.to_address for r in reminders) == [p.email for p in parents.values()]
    assert {timezone.localdate(r.created_at) for r in reminders} == {D("2026-04-17")}
    assert {r.subject for r in reminders} == {
        "Your comments on the draft EHC plan are due by 22 April 2026"
    }

    # Everything queued was sent, once, the day it was queued.
    assert JobRun.objects.filter(finished_at__isnull=False).count() == runs
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    # (and the decisions' letters, emailed through the notices service)
    from cases.notices.models import Delivery

    letters = Delivery.objects.filter(channel="email", status="sent").exclude(
        last_error="Sent outside this service."
    )
    assert len(mail.outbox) == Notification.objects.count() + letters.count()
    for n in Notification.objects.all():
        assert timezone.localdate(n.sent_at) == timezone.localdate(n.created_at)


REVIEW_UNDER_WAY = (
    ReviewState.SCHEDULED,
    ReviewState.INVITED,
    ReviewState.MEETING_HELD,
    ReviewState.REPORT_RECEIVED,
)


def days(first: datetime.date, last: datetime.date):
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def check_amiras_review_was_completed_on_time(plan):
    """The morning after the decision was sent (Wednesday 31 March 2027)."""
    done = AnnualReview.objects.get(plan=plan, state=ReviewState.DECIDED)
    assert (done.held_on, done.decision_sent_on) == (D("2027-03-10"), D("2027-03-31"))
    of_reviews = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(AnnualReview), case=plan.case
    )
    statuses = dict(of_reviews.filter(object_id=done.pk).values_list("kind", "status"))
    assert statuses == {
        DeadlineKind.ANNUAL_REVIEW: DeadlineStatus.MET_ON_TIME,  # by 19 May 2027
        DeadlineKind.REVIEW_REPORT: DeadlineStatus.MET_ON_TIME,  # by 24 March (meeting + 2 weeks)
        DeadlineKind.REVIEW_DECISION: DeadlineStatus.MET_ON_TIME,  # by 7 April (+ 4 weeks)
    }
    following = AnnualReview.objects.get(plan=plan, state=ReviewState.SCHEDULED)
    assert following.due_on == D("2028-03-30")
    next_deadline = of_reviews.get(object_id=following.pk, kind=DeadlineKind.ANNUAL_REVIEW)
    assert (next_deadline.due_on, next_deadline.status) == (
        D("2028-03-30"),
        DeadlineStatus.ON_TRACK,
    )


# --- 5. the management command -------------------------------------------------------------


def test_the_command_runs_every_step_for_the_date_given(world):
    out = io.StringIO()

    call_command("run_deadline_jobs", "--date", "2026-05-21", stdout=out)

    text = out.getvalue()
    for step in (*STEPS, "notifications"):
        assert re.search(rf"^{step}\s+\S", text, re.MULTILINE), step
        assert re.search(rf"^{step}_seconds\s+[0-9.]+$", text, re.MULTILINE), step
    assert re.search(
        r"^notifications\s+\{'handed_off': 7, 'batches': 1, 'sent': 7, 'failed': 0\}$",
        text,
        re.MULTILINE,
    )
    assert "Deadline job for 2026-05-21 finished." in text
    run = JobRun.objects.get()
    assert run.run_on == TODAY and run.finished_at is not None
    assert len(mail.outbox) == world.first_day


def test_the_command_can_queue_without_sending(world):
    call_command("run_deadline_jobs", "--date", "2026-05-21", "--no-send", stdout=io.StringIO())

    assert Notification.objects.filter(status=NotificationStatus.QUEUED).count() == world.first_day
    assert mail.outbox == []


def test_the_command_runs_for_todays_date_in_london():
    out = io.StringIO()
    with time_machine.travel(at(TODAY, 0, 15), tick=False):  # 23:15 on 20 May in UTC
        call_command("run_deadline_jobs", stdout=out)

    assert JobRun.objects.get().run_on == TODAY
    assert "Deadline job for 2026-05-21 finished." in out.getvalue()


@pytest.mark.parametrize("bad", ["21/05/2026", "2026-02-30", "tomorrow"])
def test_the_command_refuses_a_date_it_cannot_read(bad):
    with pytest.raises(CommandError, match="--date must be a date like 2026-11-23"):
        call_command("run_deadline_jobs", "--date", bad, stdout=io.StringIO())
    assert not JobRun.objects.exists()


def test_a_young_person_is_reminded_in_their_own_name():
    """From the day after the last Friday in June of the school year they turn 16, the
    reminder goes to the young person; a child's still goes to the parent."""
    from cases.tests.factories import ChildFactory

    young = ChildFactory(
        date_of_birth=D("2009-03-01"), email="jordan@example.net", first_name="Jordan"
    )
    child = ChildFactory(date_of_birth=D("2015-03-01"), email="kid@example.net")
    no_address = ChildFactory(date_of_birth=D("2009-04-01"), email="")
    for who in (young, child, no_address):
        case = CaseFactory(child=who)
        FamilyMemberFactory(child=who, email=f"parent-of-{who.pk}@example.net")
        deadline(case, DeadlineKind.DRAFT_RESPONSE, due="2026-05-24")

    assert case_jobs.notifications_queue_family_reminders(today=TODAY) == 2
    addresses = set(notices("family_response_reminder").values_list("to_address", flat=True))
    # A young person without email is not emailed, and nobody is emailed in their place: the
    # rights and the letters are theirs, and their letter went by post (issue 19).
    assert addresses == {"jordan@example.net", f"parent-of-{child.pk}@example.net"}
    assert (
        "Dear Jordan"
        in notices("family_response_reminder").get(to_address="jordan@example.net").body
    )


def test_a_young_person_who_lacks_capacity_is_reminded_through_the_person_acting_for_them():
    """SEND Regs 2014 Schedule 3: their deputy, attorney or parent acts for them, and is the one
    reminded; with no email for the person acting, nobody is emailed in their place."""
    from cases.models import AlternativePerson
    from cases.models import AlternativeRoute
    from cases.tests.factories import ChildFactory
    from cases.tests.factories import UserFactory

    officer = UserFactory(role="case_officer")
    deputy_for = ChildFactory(date_of_birth=D("2008-03-01"), email="sam@example.net")
    no_address = ChildFactory(date_of_birth=D("2008-04-01"), email="alex@example.net")
    ended = ChildFactory(date_of_birth=D("2008-05-01"), email="kim@example.net")
    for who, email, ended_on in (
        (deputy_for, "deputy@example.net", None),
        (no_address, "", None),
        (ended, "old-deputy@example.net", D("2026-01-10")),
    ):
        case = CaseFactory(child=who)
        FamilyMemberFactory(child=who, email=f"parent-of-{who.pk}@example.net")
        deadline(case, DeadlineKind.DRAFT_RESPONSE, due="2026-05-24")
        AlternativePerson.objects.create(
            child=who,
            route=AlternativeRoute.DEPUTY,
            full_name=f"Deputy for {who.first_name}",
            email=email,
            decisions="Where to study",
            capacity_assessed_on=D("2026-01-05"),
            recorded_by=officer,
            recorded_on=D("2026-01-06"),
            ended_on=ended_on,
        )

    assert case_jobs.notifications_queue_family_reminders(today=TODAY) == 2
    addresses = set(notices("family_response_reminder").values_list("to_address", flat=True))
    assert addresses == {
        "deputy@example.net",  # acting for Sam
        "kim@example.net",  # nobody acts for Kim any more: Kim decides again
    }
    # The person acting for Alex has no email: neither Alex nor the mother is emailed instead
    # (the deputy's letters go by post).
    assert f"parent-of-{no_address.pk}@example.net" not in addresses
    assert "alex@example.net" not in addresses
    body = notices("family_response_reminder").get(to_address="deputy@example.net").body
    assert body.startswith(f"Dear Deputy for {deputy_for.first_name},")
