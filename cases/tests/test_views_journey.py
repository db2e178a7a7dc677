"""A request walked through the staff screens, from receipt to the final plan or a refusal.

Each step is a POST by the person whose job it is, on the day it happens (time travel), and the
expected statutory dates are worked out by hand from DOMAIN.md, not by calling the clock:
received Monday 5 January 2026 -> decide whether to assess by 16 February (+6 weeks), decide
whether to issue by 27 April (+16 weeks), final plan by 25 May (+20 weeks).
"""

import pytest
import time_machine
from django.urls import reverse

from cases.models import AdviceRequest
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import Document
from cases.models import PanelDecision
from cases.models import RequestState
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from cases.tests.viewkit import D
from cases.tests.viewkit import advice_in_from_the_school
from cases.tests.viewkit import advice_send_data
from cases.tests.viewkit import date_data
from cases.tests.viewkit import decision_data
from cases.tests.viewkit import new_request_data
from cases.tests.viewkit import noon
from cases.tests.viewkit import open_dues
from cases.tests.viewkit import pdf
from tests.kit import deadline_of

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"cases:{name}", kwargs=kwargs)


def as_user(client, user):
    client.force_login(user)
    return client


def record_request(client, officer) -> AssessmentRequest:
    as_user(client, officer)
    with time_machine.travel(noon("2026-01-05"), tick=False):
        assert client.get(url("request_new")).status_code == 200
        response = client.post(url("request_new"), new_request_data())
    request = AssessmentRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("case", reference=request.case.reference)
    return request


def post_step(client, request, step, data, *, on):
    """The form of the request's `step` posted on `on`."""
    with time_machine.travel(noon(on), tick=False):
        return client.post(url(step, reference=request.case.reference, request_id=request.pk), data)


def decide_to_assess(client, panel, request, *, agreed, on="2026-02-10", **extra):
    as_user(client, panel)
    data = decision_data(version=request.version, agreed=agreed, decided_on=D(on), **extra)
    return post_step(client, request, "decide_to_assess", data, on=on)


def test_walk_a_request_from_receipt_to_the_final_plan(client, staff):
    officer, panel = staff["officer"], staff["panel"]

    # 1. Monday 5 January 2026, 09:30: the request arrives by email; the clock starts that day.
    request = record_request(client, officer)
    case = request.case
    assert request.state == RequestState.RECEIVED
    assert request.received_on == D("2026-01-05")
    assert case.stage == CaseStage.REQUEST and case.officer == officer
    assert case.child.full_name == "Maya Okafor" and case.child.postcode == "DC1 2AB"
    assert case.child.family.get().full_name == "Rachel Okafor"
    assert open_dues(request) == {
        DeadlineKind.DECIDE_TO_ASSESS: D("2026-02-16"),
        DeadlineKind.DRAFT_PLAN_TARGET: D("2026-04-13"),  # 14 weeks, the council's target
        DeadlineKind.DECIDE_TO_ISSUE: D("2026-04-27"),
        DeadlineKind.FINAL_PLAN: D("2026-05-25"),
    }
    case_url = url("case", reference=case.reference)
    with time_machine.travel(noon("2026-01-05"), tick=False):
        page = client.get(case_url).content.decode()
    assert "Request for assessment recorded for Maya Okafor" in page
    assert "16 Feb 2026" in page and "25 May 2026" in page
    # A case officer is not offered the panel's decision.
    assert "Record the decision whether to assess" not in page

    # 2. Tuesday 10 February: the panel agrees to assess.
    with time_machine.travel(noon("2026-02-10"), tick=False):
        as_user(client, panel)
        assert "Record the decision whether to assess" in client.get(case_url).content.decode()
    response = decide_to_assess(client, panel, request, agreed=True)
    assert response.status_code == 302 and response["Location"] == case_url
    request.refresh_from_db()
    assert request.state == RequestState.AGREED
    assert Case.objects.get().stage == CaseStage.ASSESSMENT
    assert deadline_of(request, DeadlineKind.DECIDE_TO_ASSESS).met_on == D("2026-02-10")
    decision = PanelDecision.objects.get()
    assert decision.agreed and decision.decided_by == panel

    # 3. Wednesday 11 February: the officer asks the school for advice (due +6 weeks: 25 March).
    as_user(client, officer)
    with time_machine.travel(noon("2026-02-11"), tick=False):
        response = client.post(
            url("advice_send", reference=case.reference, request_id=request.pk),
            advice_send_data(
                kind="educational",
                addressee_name="Ms Lee (SENCo)",
                addressee_organisation="Riverside Primary School",
                addressee_email="senco@riverside.example",
                requested_on=D("2026-02-11"),
            ),
        )
    assert response.status_code == 302
    advice = AdviceRequest.objects.get()
    assert advice.due_on == D("2026-03-25")
    assert Deadline.objects.get(kind=DeadlineKind.ADVICE).due_on == D("2026-03-25")
    request.refresh_from_db()
    assert request.state == RequestState.ADVICE_GATHERING

    # 4. Friday 20 March: the advice arrives, with the report.
    with time_machine.travel(noon("2026-03-20"), tick=False):
        response = client.post(
            url("advice_received", reference=case.reference, advice_id=advice.pk),
            {**date_data("received_on", D("2026-03-20")), "upload": pdf("senco-advice.pdf")},
        )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on == D("2026-03-20") and advice.document is not None
    assert Deadline.objects.get(kind=DeadlineKind.ADVICE).met_on == D("2026-03-20")

    # 5. Monday 30 March: the panel decides to issue a plan.
    as_user(client, panel)
    data = decision_data(version=request.version, agreed=True, decided_on=D("2026-03-30"))
    response = post_step(client, request, "decide_to_issue", data, on="2026-03-30")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DRAFTING
    assert Case.objects.get().stage == CaseStage.DRAFTING
    # "Yes, issue a plan" has no 16-week limit of its own (reg 10(1) is the notice of a "no").
    decide_to_issue_limit = deadline_of(request, DeadlineKind.DECIDE_TO_ISSUE)
    assert decide_to_issue_limit.cancelled and decide_to_issue_limit.met_on is None

    # 6. Wednesday 8 April: the draft is sent; the family's 15 days end on 22 April.
    as_user(client, officer)
    data = {"version": request.version, **date_data("issued_on", D("2026-04-08"))}
    response = post_step(client, request, "issue_draft", data, on="2026-04-08")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DRAFT_ISSUED
    assert request.draft_issued_on == D("2026-04-08")
    assert deadline_of(request, DeadlineKind.DRAFT_RESPONSE).due_on == D("2026-04-22")
    assert deadline_of(request, DeadlineKind.DRAFT_PLAN_TARGET).met_on == D("2026-04-08")

    # 7. Monday 20 April: the family comments on the draft, and has nothing more to add.
    data = {**date_data("responded_on", D("2026-04-20")), "nothing_more_to_add": "on"}
    response = post_step(client, request, "family_response", data, on="2026-04-20")
    assert response.status_code == 302
    assert deadline_of(request, DeadlineKind.DRAFT_RESPONSE).met_on == D("2026-04-20")

    # 8. Monday 18 May: the final plan is issued, within 20 weeks.
    with time_machine.travel(noon("2026-05-18"), tick=False):
        response = client.post(
            url("issue_final", reference=case.reference, request_id=request.pk),
            {
                "version": request.version,
                **date_data("issued_on", D("2026-05-18")),
                "upload": pdf("final-plan.pdf"),
            },
        )
        assert response.status_code == 302
        page = client.get(case_url).content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.FINAL_ISSUED
    assert Case.objects.get().stage == CaseStage.PLAN
    assert deadline_of(request, DeadlineKind.FINAL_PLAN).met_on == D("2026-05-18")
    assert Document.objects.filter(kind="final_plan", title="Final plan 18 May 2026").exists()

    actions = list(
        AuditEntry.objects.filter(case=case).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == [
        "case.opened",
        "request.received",
        "request.assess_agreed",
        # the decision's letter, recorded as sent the day the family was told
        "notice.created",
        "notice.sent",
        "request.decision_told",
        "advice.requested",
        "notice.created",  # the request to the adviser, going out now
        "document.uploaded",
        "advice.received",
        "request.issue_agreed",  # no letter of its own: the draft plan's follows
        "request.decision_told",
        "request.draft_issued",
        "notice.created",  # the draft, sent outside this service that day
        "notice.sent",
        "request.family_done",
        "document.uploaded",
        "request.final_issued",
        "notice.created",  # the final plan's notice of rights, likewise
        "notice.sent",
    ]
    assert "Final EHC plan recorded as issued" in page  # the success message
    # a plan issued outside this service is not left with nothing to act on: its details next
    assert "Enter the plan&#x27;s details" in page
    assert "Final plan issued" in page
    # 3 request deadlines, the advice, the draft response; the 16 weeks do not apply to a "yes"
    assert page.count("Met on time") == 5
    # the closed request's own steps are over: the one thing left is entering the plan
    assert page.count("What you can do next") == 1
    assert "Sam Patel" in page and "Dr Priya Shah" in page


def test_not_assessing_ends_the_request_and_cancels_the_later_limits(client, staff):
    request = record_request(client, staff["officer"])
    response = decide_to_assess(
        client,
        staff["panel"],
        request,
        agreed=False,
        reason="Needs can be met at SEN support.",
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.REFUSED
    # the rights go with the refusal's letter, sent the day the family was told
    notice = Notice.objects.get(case=request.case, kind="not_assess")
    assert notice.sent_on == D("2026-02-10") and notice.appeal_by == D("2026-04-10")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert Case.objects.get().stage == CaseStage.NOT_ASSESSING
    assert deadline_of(request, DeadlineKind.DECIDE_TO_ASSESS).met_on == D("2026-02-10")
    for kind in (
        DeadlineKind.DRAFT_PLAN_TARGET,
        DeadlineKind.DECIDE_TO_ISSUE,
        DeadlineKind.FINAL_PLAN,
    ):
        d = deadline_of(request, kind)
        assert d.cancelled and d.met_on is None
    assert AuditEntry.objects.filter(action="request.assess_refused").exists()
    as_user(client, staff["officer"])  # the panel sees only cases waiting for its decisions
    with time_machine.travel(noon("2026-02-10"), tick=False):
        page = client.get(url("case", reference=request.case.reference)).content.decode()
    assert page.count("No longer applies") == 3
    assert "Appeal and mediation rights sent with the letter" in page


def test_a_refusal_not_yet_told_has_its_rights_waiting_in_its_letter(client, staff):
    """No tick box: the refusal's notice carries the rights, and they are given when it is
    sent (here it waits to go out)."""
    request = record_request(client, staff["officer"])
    response = decide_to_assess(client, staff["panel"], request, agreed=False, told_on=None)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.REFUSED
    notice = Notice.objects.get(case=request.case, kind="not_assess")
    assert notice.sent_on is None and notice.appeal_by is None
    assert PanelDecision.objects.get().told_on is None
    as_user(client, staff["officer"])
    with time_machine.travel(noon("2026-02-10"), tick=False):
        page = client.get(url("case", reference=request.case.reference)).content.decode()
    assert "Letter with the appeal and mediation rights not sent yet" in page


def post_decision_to_issue_after_assessing(
    client, staff, day: str, *, advice_in: str | None = None, **decision
):
    """A request agreed for assessment (with the school's advice in on `advice_in`, if given),
    then the panel's decision to issue posted on `day`."""
    officer, panel = staff["officer"], staff["panel"]
    request = record_request(client, officer)
    decide_to_assess(client, panel, request, agreed=True)
    request.refresh_from_db()
    if advice_in is not None:
        advice_in_from_the_school(officer, request, D(advice_in))
        request.refresh_from_db()
    as_user(client, panel)
    data = decision_data(version=request.version, decided_on=D(day), **decision)
    return request, post_step(client, request, "decide_to_issue", data, on=day)


def test_not_issuing_a_plan_ends_the_assessment_and_cancels_the_plan_limits(client, staff):
    request, response = post_decision_to_issue_after_assessing(
        client,
        staff,
        "2026-04-20",
        advice_in="2026-03-20",
        agreed=False,
        reason="Needs can be met from the school's resources.",
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.NOT_ISSUING
    assert Case.objects.get().stage == CaseStage.NOT_ISSUING
    assert deadline_of(request, DeadlineKind.DECIDE_TO_ISSUE).met_on == D("2026-04-20")
    assert deadline_of(request, DeadlineKind.DRAFT_PLAN_TARGET).cancelled
    assert deadline_of(request, DeadlineKind.FINAL_PLAN).cancelled
    assert not deadline_of(request, DeadlineKind.FINAL_PLAN).met_on


def test_issuing_a_plan_needs_advice_first(client, staff):
    request, response = post_decision_to_issue_after_assessing(
        client, staff, "2026-03-02", agreed=True
    )
    assert response.status_code == 200
    assert "ask for advice first" in response.context["form"].errors["agreed"][0]
    request.refresh_from_db()
    assert request.state == RequestState.AGREED


def test_withdrawing_cancels_every_open_deadline(client, staff):
    officer = staff["officer"]
    request = record_request(client, officer)
    data = {
        "version": request.version,
        **date_data("withdrawn_on", D("2026-01-20")),
        "reason": "The family moved out of the area.",
    }
    response = post_step(client, request, "withdraw", data, on="2026-01-20")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    assert Case.objects.get().stage == CaseStage.WITHDRAWN
    assert not Deadline.objects.filter(cancelled=False, met_on__isnull=True).exists()


def test_an_exception_is_shown_on_the_clock_with_the_nominal_dates(client, staff):
    officer = staff["officer"]
    request = record_request(client, officer)
    data = {
        "ground": "personal",
        **date_data("starts_on", D("2026-01-19")),
        **date_data("ends_on", None),
        "reason": "The child was in hospital.",
        "kinds": ["decide_to_assess", "final_plan"],
    }
    response = post_step(client, request, "exception_record", data, on="2026-01-20")
    assert response.status_code == 302
    with time_machine.travel(noon("2026-01-20"), tick=False):
        page = client.get(url("case", reference=request.case.reference)).content.decode()
    assert deadline_of(request, DeadlineKind.DECIDE_TO_ASSESS).exceptions.exists()
    assert not deadline_of(request, DeadlineKind.DECIDE_TO_ISSUE).exceptions.exists()
    assert deadline_of(request, DeadlineKind.DECIDE_TO_ASSESS).due_on == D("2026-02-16")
    assert page.count(">Exception<") == 2
    assert "(c) Exceptional personal circumstances" in page
    assert Child.objects.count() == 1
