"""Issuing a plan at council scale: the officer's request answers without rendering the PDF or
the family's letter, which follow from the queue (issue 25: under 300 ms).

Each round issues the draft of a new, complete plan through the step's own page (POST, as the
officer's browser does) in the seeded council; the request's commit hands the PDF to Celery
(tasks not run eagerly here: the message waits on an in-memory broker nobody reads), and so
does the draft's notice its letter. Each round then writes that letter as the task would, by
WeasyPrint as in production (`real_pdf`: the test suite's fake renderer would hide what it
costs), to report what the queue took off the request. Run with
the other benchmarks (tests/benchmarks/conftest.py), e.g.

    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_25k \\
        .venv/bin/pytest tests/benchmarks/test_plan_issue.py -p no:xdist -s -q --reuse-db
"""

import statistics
import time

import pytest

from cases.notices.models import Notice
from cases.notices.services import notice_write_letter
from cases.tests.factories import FamilyMemberFactory
from ehcp import services
from ehcp.models import PlanVersion
from ehcp.tests.factories import complete_plan
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.viewkit import issue_data
from ehcp.tests.viewkit import plan_url
from ehcp.tests.viewkit import travel
from send_portal.celery import app
from tests.kit import D

from .conftest import machine_load  # noqa: F401
from .conftest import seeded  # noqa: F401

ROUNDS = 7
GOAL_MS = 300


@pytest.mark.real_pdf
@pytest.mark.django_db
def test_issuing_a_plan_answers_without_rendering_it(
    seeded,  # noqa: F811
    client,
    staff,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", "memory://")
    officer, panel = staff["officer"], staff["panel"]
    client.force_login(officer)
    timings, letters = [], []
    for _ in range(ROUNDS):
        with travel("2026-04-08"):
            request = request_decided_to_issue(officer, panel)
            plan = complete_plan(officer, services.plan_start(actor=officer, request_id=request.pk))
            # a parent who can be written to: the draft's notice is a letter, not held
            FamilyMemberFactory(child=plan.case.child)
            url = plan_url(plan.case, "issue_draft")
            with django_capture_on_commit_callbacks(execute=True):
                started = time.perf_counter()
                response = client.post(url, issue_data(plan, D("2026-04-08")))
                timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.content[:500]
        version = PlanVersion.objects.get(plan=plan)
        assert not version.pdf  # handed to the queue, not rendered in the request
        # the family's letter is to be written by the queue too: delivered to, not held
        notice = Notice.objects.filter(case=plan.case).latest("pk")
        assert notice.letter_id is None and notice.deliveries.exists()
        started = time.perf_counter()
        assert notice_write_letter(notice_id=notice.pk) == "written"  # as the task does
        letters.append((time.perf_counter() - started) * 1000)
        notice.refresh_from_db()
        assert b"tests.fake_pdf" not in notice.letter.file.read()  # WeasyPrint's, not the fake
    median = statistics.median(timings)
    print(
        f"\nissue the draft plan (POST, PDF and letter queued): median {median:.0f} ms, "
        f"max {max(timings):.0f} ms over {ROUNDS} ({machine_load()}); the letter then "
        f"written by the queue in {statistics.median(letters):.0f} ms (median)"
    )
    if median > GOAL_MS:
        print(f"  goal missed: {median:.0f} ms > {GOAL_MS} ms")
