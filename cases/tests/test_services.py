"""The request and co-ordinated assessment through the services: states, clock, audit, rights.

Expected dates are worked out by hand from DOMAIN.md, never by calling the clock.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import AdviceKind
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import Document
from cases.models import DocumentKind
from cases.models import ExceptionGround
from cases.models import PanelDecision
from cases.models import RequestState
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.models import Notice
from cases.roles import Role
from cases.tests.factories import ChildFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import advice_received
from cases.tests.factories import agree_to_assess
from cases.tests.factories import ask_for_advice
from cases.tests.factories import decide_to_assess
from cases.tests.factories import decide_to_issue
from cases.tests.factories import family_has_nothing_more_to_add
from cases.tests.factories import issue_draft
from cases.tests.factories import issue_final
from cases.tests.factories import received_request
from cases.tests.factories import record_exception
from cases.tests.factories import send_advice
from cases.tests.factories import withdraw
from cases.tests.viewkit import open_dues
from tests.kit import TODAY
from tests.kit import D
from tests.kit import pdf

pytestmark = pytest.mark.django_db
MAYA = {
    "first_name": "Maya",
    "last_name": "Okafor",
    "date_of_birth": D("2016-03-14"),
    "postcode": "DC1 2AB",
    "primary_need": "SLCN",
}


def new_request(officer, *, child=None, **extra):
    """A request for Maya, a new child (created by the service with her mother), or for `child`."""
    if child is None:
        extra = {
            "child_details": MAYA,
            "family_details": {"full_name": "Rachel Okafor", "relationship": "mother"},
            **extra,
        }
    return received_request(
        officer,
        child=child,
        reason="Maya's speech and language needs are not met at SEN support.",
        **extra,
    )


def test_request_starts_the_20_week_clock_and_opens_a_case(officer):
    request = new_request(officer, arrived="2026-01-05")
    assert request.state == RequestState.RECEIVED
    assert request.received_on == D("2026-01-05")
    assert open_dues(request) == {
        DeadlineKind.DECIDE_TO_ASSESS: D("2026-02-16"),  # +6 weeks
        DeadlineKind.DRAFT_PLAN_TARGET: D("2026-04-13"),  # +14 weeks, council target
        DeadlineKind.DECIDE_TO_ISSUE: D("2026-04-27"),  # +16 weeks
        DeadlineKind.FINAL_PLAN: D("2026-05-25"),  # +20 weeks
    }
    case = request.case
    assert case.reference.startswith("SEN-")
    assert case.stage == CaseStage.REQUEST
    assert case.officer == officer and case.team == officer.team
    assert case.child.family.get().full_name == "Rachel Okafor"
    actions = list(AuditEntry.objects.filter(case=case).values_list("action", flat=True))
    assert set(actions) == {"case.opened", "request.received"}
    assert AuditEntry.objects.filter(action="child.created", actor=officer).exists()


def test_a_request_after_5pm_on_a_friday_counts_from_monday(officer):
    request = new_request(officer, arrived="2026-01-09", hhmm="17:30")
    assert request.received_on == D("2026-01-12")
    assert open_dues(request)[DeadlineKind.FINAL_PLAN] == D("2026-06-01")


def test_a_request_over_christmas_counts_from_the_next_working_day(officer):
    request = new_request(officer, arrived="2025-12-24", hhmm="18:00")
    # 25, 26 Dec bank holidays, 27-28 weekend
    assert request.received_on == D("2025-12-29")


def test_only_case_officers_and_managers_record_requests(team):
    parent = UserFactory(role=Role.PARENT)
    with pytest.raises(PermissionDenied):
        new_request(parent)
    assert not AssessmentRequest.objects.exists()


def test_a_request_from_the_future_is_refused_and_nothing_is_saved(officer):
    with pytest.raises(ValidationError) as error:
        new_request(officer, arrived="2026-12-01")
    assert "future" in str(error.value)
    assert not Case.objects.exists()


def test_a_second_open_request_for_the_same_child_is_refused(officer):
    first = new_request(officer)
    with pytest.raises(ValidationError, match="already has an open request"):
        new_request(officer, child=first.case.child, arrived="2026-02-01")
    assert AssessmentRequest.objects.count() == 1


def test_panel_agrees_to_assess(officer, panel):
    request = new_request(officer)
    request = decide_to_assess(panel, request, reason="Evidence of needs beyond SEN support.")
    assert request.state == RequestState.AGREED
    assert Case.objects.get().stage == CaseStage.ASSESSMENT
    deadline = Deadline.objects.get(kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert deadline.met_on == D("2026-02-10")
    decision = PanelDecision.objects.get()
    assert (decision.kind, decision.agreed, decision.decided_by) == ("assess", True, panel)


def test_refusal_to_assess_gives_rights_by_its_notice_and_closes_the_later_limits(officer, panel):
    request = new_request(officer)
    refusal = {"agreed": False, "reason": "Needs can be met at SEN support."}
    request = decide_to_assess(panel, request, decided_on="2026-02-20", **refusal)
    assert request.state == RequestState.REFUSED
    # the rights go with the refusal's notice, sent the day the family was told
    notice = Notice.objects.get(case=request.case, kind="not_assess")
    assert set(notice_kind(notice.kind).rights) == set(Right.ALL)
    assert notice.sent_on == D("2026-02-20") and notice.appeal_by == D("2026-04-20")
    assert Case.objects.get().stage == CaseStage.NOT_ASSESSING
    by_kind = {d.kind: d for d in Deadline.objects.all()}
    assert by_kind[DeadlineKind.DECIDE_TO_ASSESS].met_on == D("2026-02-20")  # late: due 16 Feb
    for kind in (
        DeadlineKind.DECIDE_TO_ISSUE,
        DeadlineKind.FINAL_PLAN,
        DeadlineKind.DRAFT_PLAN_TARGET,
    ):
        assert by_kind[kind].cancelled
    assert AuditEntry.objects.filter(action="request.assess_refused", actor=panel).exists()


def test_case_officers_cannot_make_panel_decisions(officer):
    request = new_request(officer)
    with pytest.raises(PermissionDenied):
        decide_to_assess(officer, request)
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        (
            "2026-01-02",
            "The date must be on or after 5 January 2026, the date the request was received",
        ),
        ("2026-11-24", "The date must be today or in the past"),
    ],
)
def test_a_decision_cannot_predate_the_request_or_be_in_the_future(
    officer, panel, decided_on, message
):
    request = new_request(officer)
    with pytest.raises(ValidationError) as error:
        decide_to_assess(panel, request, decided_on=decided_on)
    assert message in error.value.message_dict["decided_on"][0]
    assert not PanelDecision.objects.exists()


def test_a_stale_form_gets_changed_by_someone_else_and_nothing_is_lost(officer, panel):
    request = new_request(officer)
    seen = request.version
    decide_to_assess(panel, request, version=seen, reason="First decision.")
    other = UserFactory(role=Role.SEN_MANAGER)
    with pytest.raises(services.ConcurrentChange) as error:
        decide_to_assess(
            other,
            request,
            version=seen,
            agreed=False,
            decided_on="2026-02-11",
            reason="Second.",
        )
    assert "changed by someone else" in error.value.message
    request.refresh_from_db()
    assert request.state == RequestState.AGREED
    assert request.assess_reason == "First decision."
    assert PanelDecision.objects.count() == 1


def agreed_request(officer, panel):
    """Maya's request, agreed on 10 February 2026."""
    request = new_request(officer)
    return agree_to_assess(panel, request, decided_on=D("2026-02-10"), decision_reason="Agreed.")


def ask_the_school(officer, request):
    """Ask the setting for educational advice; the request moves to gathering advice."""
    return ask_for_advice(officer, request, requested_on=D("2026-02-11"))


def draft_issued_request(officer, panel):
    request = agreed_request(officer, panel)
    ask_the_school(officer, request)
    return issue_draft(officer, decide_to_issue(panel, request))


def test_advice_is_due_6_weeks_after_the_adviser_receives_the_request(officer, panel):
    request = agreed_request(officer, panel)
    advice = send_advice(
        officer,
        request,
        kind=AdviceKind.PSYCHOLOGICAL,
        addressee_name="Dr Tom Evans",
        received_by_adviser_on=D("2026-02-13"),
    )
    assert advice.due_on == D("2026-03-27")  # 13 Feb + 42 days
    assert Deadline.objects.get(kind=DeadlineKind.ADVICE).due_on == D("2026-03-27")
    request.refresh_from_db()
    assert request.state == RequestState.ADVICE_GATHERING
    advice_received(officer, advice, on="2026-03-20", upload=pdf("ep-report.pdf"), today=TODAY)
    advice.refresh_from_db()
    assert advice.received_on == D("2026-03-20")
    assert advice.document.content_type == "application/pdf"
    assert Deadline.objects.get(kind=DeadlineKind.ADVICE).met_on == D("2026-03-20")


def test_preparing_for_adulthood_advice_is_for_year_9_and_above(officer, panel):
    request = agreed_request(officer, panel)  # born March 2016: year 4 in 2026
    with pytest.raises(ValidationError) as error:
        send_advice(
            officer,
            request,
            kind=AdviceKind.PREPARING_FOR_ADULTHOOD,
            addressee_name="Careers adviser",
        )
    assert "year 9 and above" in error.value.message_dict["kind"][0]


def test_tell_us_once_reuses_advice_only_with_everyones_agreement(officer, panel):
    request = agreed_request(officer, panel)
    upload = pdf("salt.pdf")

    def reuse(family_agrees):
        return services.advice_reuse(
            actor=officer,
            request_id=request.pk,
            kind=AdviceKind.MEDICAL,
            author="SALT team",
            report_dated=D("2025-12-01"),
            upload=upload,
            author_agrees=True,
            family_agrees=family_agrees,
            today=TODAY,
        )

    with pytest.raises(ValidationError, match="author and the family both agree"):
        reuse(family_agrees=False)
    advice = reuse(family_agrees=True)
    assert advice.reused and advice.received_on == TODAY
    assert not Deadline.objects.filter(kind=DeadlineKind.ADVICE).exists()  # nothing to chase


def test_an_upload_of_the_wrong_type_is_refused_and_nothing_is_stored(officer, panel):
    request = agreed_request(officer, panel)
    advice = send_advice(officer, request)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        advice_received(officer, advice, on="2026-03-01", upload=fake, today=TODAY)
    assert "must be a PDF" in error.value.message_dict["upload"][0]
    advice.refresh_from_db()
    assert advice.received_on is None
    assert not Document.objects.exclude(kind=DocumentKind.DECISION_LETTER).exists()


def test_an_exception_marks_the_limits_but_keeps_the_nominal_dates(officer, panel):
    request = agreed_request(officer, panel)
    exception = record_exception(
        officer,
        request,
        starts_on="2026-03-01",
        ends_on="2026-04-15",
        ground=ExceptionGround.AWAY_FROM_AREA,
        reason="Family abroad for surgery.",
        kinds=[DeadlineKind.FINAL_PLAN],
        today=TODAY,
    )
    final = Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN)
    assert list(final.exceptions.all()) == [exception]
    assert final.due_on == D("2026-05-25")
    assert not Deadline.objects.get(kind=DeadlineKind.DECIDE_TO_ISSUE).exceptions.exists()


def test_the_whole_journey_to_a_final_plan_within_20_weeks(officer, panel):
    request = agreed_request(officer, panel)
    ask_the_school(officer, request)
    request = decide_to_issue(panel, request)
    assert request.state == RequestState.DRAFTING
    assert Case.objects.get().stage == CaseStage.DRAFTING
    request = issue_draft(officer, request)
    assert request.state == RequestState.DRAFT_ISSUED
    # 15 days beginning with the day of service: 8 April + 14 days
    assert open_dues(request)[DeadlineKind.DRAFT_RESPONSE] == D("2026-04-22")
    with pytest.raises(ValidationError) as error:
        issue_final(officer, request, issued_on="2026-04-20")
    assert "has until 22 April 2026" in error.value.message_dict["issued_on"][0]
    request = issue_final(officer, request, issued_on="2026-05-20")
    assert request.state == RequestState.FINAL_ISSUED
    assert Case.objects.get().stage == CaseStage.PLAN
    final = Deadline.objects.get(kind=DeadlineKind.FINAL_PLAN)
    assert final.met_on == D("2026-05-20") and final.met_on <= final.due_on
    assert Deadline.objects.get(kind=DeadlineKind.DRAFT_PLAN_TARGET).met_on == D("2026-04-08")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"request.issue_agreed", "request.draft_issued", "request.final_issued"} <= actions


def test_the_family_may_say_early_they_have_nothing_more_to_add_and_then_the_final_can_follow(
    officer, panel
):
    request = draft_issued_request(officer, panel)
    family_has_nothing_more_to_add(officer, request.pk, on="2026-04-14", today=TODAY)
    window = Deadline.objects.get(kind=DeadlineKind.DRAFT_RESPONSE)
    assert window.met_on == D("2026-04-14")
    request.refresh_from_db()
    request = issue_final(officer, request, issued_on="2026-04-16")
    assert request.final_issued_on == D("2026-04-16")


def test_any_other_response_leaves_the_familys_15_days_open_to_their_last_day(officer, panel):
    request = draft_issued_request(officer, panel)
    services.request_record_family_response(
        actor=officer, request_id=request.pk, responded_on=D("2026-04-14"), today=TODAY
    )
    window = Deadline.objects.get(kind=DeadlineKind.DRAFT_RESPONSE)
    assert window.is_open
    request.refresh_from_db()
    assert request.draft_response_open()
    with pytest.raises(ValidationError, match="to comment on the draft"):
        issue_final(officer, request, issued_on="2026-04-16")
    # they may still say more before their last day
    family_has_nothing_more_to_add(officer, request.pk, on="2026-04-15", today=TODAY)
    window.refresh_from_db()
    assert window.met_on == D("2026-04-15")


def test_decision_not_to_issue_needs_rights_and_closes_the_plan_limits(officer, panel):
    request = agreed_request(officer, panel)
    advice = ask_the_school(officer, request)
    advice_received(officer, advice, on="2026-03-20", today=TODAY)
    request.refresh_from_db()
    request = decide_to_issue(
        panel,
        request,
        agreed=False,
        decided_on="2026-04-20",
        reason="Needs can be met from the setting's resources.",
    )
    assert request.state == RequestState.NOT_ISSUING
    assert Case.objects.get().stage == CaseStage.NOT_ISSUING
    by_kind = {d.kind: d for d in Deadline.objects.all()}
    assert by_kind[DeadlineKind.DECIDE_TO_ISSUE].met_on == D("2026-04-20")
    assert by_kind[DeadlineKind.FINAL_PLAN].cancelled


def test_withdrawal_cancels_every_open_limit_including_advice(officer, panel):
    request = agreed_request(officer, panel)
    ask_the_school(officer, request)
    withdraw(officer, request, on="2026-02-20", reason="Family moved out of the area.", today=TODAY)
    open_limits = Deadline.objects.filter(met_on__isnull=True, cancelled=False)
    assert not open_limits.exists()
    assert Case.objects.get().stage == CaseStage.WITHDRAWN


def test_an_officer_of_another_team_cannot_act_on_the_case(officer, panel):
    request = agreed_request(officer, panel)
    stranger = UserFactory(role=Role.CASE_OFFICER, team=TeamFactory(name="South locality"))
    with pytest.raises(PermissionDenied):
        send_advice(stranger, request)
    assert not Deadline.objects.filter(kind=DeadlineKind.ADVICE).exists()


def test_existing_child_gets_a_request_on_a_new_case_when_none_is_open(officer):
    child = ChildFactory()
    request = new_request(officer, child=child)
    assert request.case.child == child


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_decisions_one_wins_the_other_is_told(officer, panel):
    """Real concurrency on PostgreSQL: both read version 1, both submit at once."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs the suite there)")
    request = new_request(officer)
    manager = UserFactory(role=Role.SEN_MANAGER)
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(user, agreed):
        try:
            barrier.wait()
            decide_to_assess(user, request, agreed=agreed, reason=f"by {user.role}")
            outcomes[user.role] = "saved"
        except services.ConcurrentChange as error:
            outcomes[user.role] = error.message
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(panel, True)),
        threading.Thread(target=decide, args=(manager, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values())[1] == "saved"
    assert "changed by someone else" in sorted(outcomes.values())[0]
    assert PanelDecision.objects.count() == 1
    request.refresh_from_db()
    assert request.version == 2
