"""Issue 18, the decisions half: what the law lets a panel decision do, and when its limit is met.

- "Not issue a plan" needs the assessment to have happened (advice received, or reused).
- The 6- and 16-week limits are met on the day the family was told, not the panel's day;
  "yes, issue a plan" has no 16-week limit of its own.

Request received Monday 5 January 2026: decide whether to assess by 16 February (+6 weeks),
tell the family of a "no plan" by 27 April (+16 weeks), final plan by 25 May (+20 weeks).
"""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import selectors
from cases.jobs import deadlines_refresh_status
from cases.models import AuditEntry
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import DeadlineStatus
from cases.models import PanelDecision
from cases.models import RequestState
from cases.tests.factories import agreed_request
from cases.tests.factories import decide_to_assess
from cases.tests.factories import decide_to_issue
from cases.tests.factories import received_request
from cases.tests.factories import send_advice
from cases.tests.factories import tell_family
from cases.tests.viewkit import advice_in_from_the_school
from cases.tests.viewkit import date_data
from cases.tests.viewkit import decision_data
from cases.tests.viewkit import reuse_advice
from tests.kit import TODAY
from tests.kit import D
from tests.kit import as_user
from tests.kit import noon

pytestmark = pytest.mark.django_db


def limit(kind) -> Deadline:
    return Deadline.objects.get(kind=kind, content_type__model="assessmentrequest")


def request_url(name, request) -> str:
    return reverse(
        f"cases:{name}", kwargs={"reference": request.case.reference, "request_id": request.pk}
    )


# --- "not issue a plan" needs the assessment to have happened ------------------------------------


def test_not_issuing_straight_after_agreeing_to_assess_is_refused(officer, panel):
    request = agreed_request(officer, panel)
    with pytest.raises(ValidationError) as error:
        decide_to_issue(panel, request, agreed=False, decided_on="2026-03-02")
    assert "only once the assessment has happened" in error.value.message_dict["agreed"][0]
    request.refresh_from_db()
    assert request.state == RequestState.AGREED
    assert not PanelDecision.objects.filter(kind="issue").exists()


def test_not_issuing_while_advice_is_only_asked_for_is_refused(officer, panel):
    request = agreed_request(officer, panel)
    send_advice(officer, request)
    request.refresh_from_db()
    with pytest.raises(ValidationError):
        decide_to_issue(panel, request, agreed=False, decided_on="2026-03-02")
    request.refresh_from_db()
    assert request.state == RequestState.ADVICE_GATHERING


def test_not_issuing_once_advice_is_received_is_allowed(officer, panel):
    request = agreed_request(officer, panel)
    advice_in_from_the_school(officer, request, D("2026-03-20"))
    request.refresh_from_db()
    request = decide_to_issue(panel, request, agreed=False, decided_on="2026-04-20")
    assert request.state == RequestState.NOT_ISSUING


def test_not_issuing_once_existing_advice_is_reused_is_allowed(officer, panel):
    request = agreed_request(officer, panel)
    reuse_advice(officer, request, report_dated=D("2026-01-10"), on=D("2026-02-20"))
    request.refresh_from_db()
    request = decide_to_issue(panel, request, agreed=False, decided_on="2026-04-20")
    assert request.state == RequestState.NOT_ISSUING


def test_the_decision_page_refuses_no_before_any_advice_is_in_and_says_why(client, officer, panel):
    request = agreed_request(officer, panel)
    send_advice(officer, request)
    request.refresh_from_db()
    as_user(client, panel)
    address = request_url("decide_to_issue", request)
    with time_machine.travel(noon("2026-03-02"), tick=False):
        shown = client.get(address).content.decode()
        response = client.post(
            address,
            decision_data(version=request.version, agreed=False, decided_on=D("2026-03-02")),
        )
    assert "only once the assessment has happened" in shown
    assert response.status_code == 200
    assert "only once the assessment has happened" in response.context["form"].errors["agreed"][0]
    request.refresh_from_db()
    assert request.state == RequestState.ADVICE_GATHERING


# --- the limits are met on the day the family was told ------------------------------------------


def test_a_decision_to_assess_not_yet_told_leaves_the_6_weeks_open_and_late_once_past(
    officer, panel
):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=None)
    six_weeks = limit(DeadlineKind.DECIDE_TO_ASSESS)
    assert six_weeks.met_on is None and not six_weeks.cancelled
    deadlines_refresh_status(today=D("2026-02-17"))
    six_weeks.refresh_from_db()
    assert six_weeks.status == DeadlineStatus.OVERDUE


def test_the_6_weeks_are_met_on_the_day_the_family_was_told_not_the_panel_day(officer, panel):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-12", told_on=None)
    decision = tell_family(officer, request, told_on="2026-02-18")
    assert decision.told_on == D("2026-02-18")
    six_weeks = limit(DeadlineKind.DECIDE_TO_ASSESS)
    assert six_weeks.met_on == D("2026-02-18")  # after 16 February: late, though decided in time
    deadlines_refresh_status(today=TODAY)
    six_weeks.refresh_from_db()
    assert six_weeks.status == DeadlineStatus.MET_LATE
    entry = AuditEntry.objects.get(action="request.decision_told")
    assert entry.text == "The family was told of the decision whether to assess on 18 February 2026"


def test_a_decision_told_the_same_day_meets_its_limit_at_once(officer, panel):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=D("2026-02-10"))
    assert limit(DeadlineKind.DECIDE_TO_ASSESS).met_on == D("2026-02-10")


def test_the_family_cannot_be_told_before_the_decision(officer, panel):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=None)
    with pytest.raises(ValidationError) as error:
        tell_family(officer, request, told_on="2026-02-09")
    assert error.value.message_dict["told_on"] == [
        "The date must be on or after 10 February 2026, the date of the decision"
    ]
    assert limit(DeadlineKind.DECIDE_TO_ASSESS).met_on is None


def test_telling_the_family_again_the_same_day_changes_nothing_and_another_day_is_refused(
    officer, panel
):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=None)
    for _ in range(2):  # the notices service may report one letter twice
        tell_family(officer, request, told_on="2026-02-11")
    assert AuditEntry.objects.filter(action="request.decision_told").count() == 1
    with pytest.raises(ValidationError):
        tell_family(officer, request, told_on="2026-02-12")
    assert limit(DeadlineKind.DECIDE_TO_ASSESS).met_on == D("2026-02-11")


def test_a_decision_not_to_issue_meets_the_16_weeks_when_the_family_is_told(officer, panel):
    request = agreed_request(officer, panel)
    advice_in_from_the_school(officer, request, D("2026-03-20"))
    request.refresh_from_db()
    decide_to_issue(panel, request, agreed=False, decided_on="2026-04-24", told_on=None)
    assert limit(DeadlineKind.DECIDE_TO_ISSUE).met_on is None
    tell_family(officer, request, told_on="2026-04-28", kind="issue")
    sixteen_weeks = limit(DeadlineKind.DECIDE_TO_ISSUE)
    assert sixteen_weeks.met_on == D("2026-04-28") and sixteen_weeks.met_on > sixteen_weeks.due_on


def test_a_yes_to_a_plan_after_16_weeks_is_never_counted_late_against_them(officer, panel):
    request = agreed_request(officer, panel)
    advice_in_from_the_school(officer, request, D("2026-03-20"))
    request.refresh_from_db()
    deadlines_refresh_status(today=D("2026-05-01"))  # the night before: no decision yet
    assert limit(DeadlineKind.DECIDE_TO_ISSUE).status == DeadlineStatus.OVERDUE
    decide_to_issue(panel, request, agreed=True, decided_on="2026-05-04", told_on=D("2026-05-05"))
    sixteen_weeks = limit(DeadlineKind.DECIDE_TO_ISSUE)  # due 27 April
    assert sixteen_weeks.cancelled and sixteen_weeks.met_on is None
    deadlines_refresh_status(today=TODAY)
    sixteen_weeks.refresh_from_db()
    assert sixteen_weeks.status == DeadlineStatus.CANCELLED
    # The final plan's 20 weeks run on.
    assert not limit(DeadlineKind.FINAL_PLAN).cancelled


def test_the_case_page_offers_to_record_when_the_family_was_told_and_the_form_meets_the_limit(
    client, officer, panel
):
    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=None)
    as_user(client, officer)
    case_url = reverse("cases:case", kwargs={"reference": request.case.reference})
    with time_machine.travel(noon("2026-02-12"), tick=False):
        page = client.get(case_url).content.decode()
        assert "Family not yet told" in page
        assert "Record when the family was told of the decision" in page
        response = client.post(
            request_url("decision_told", request),
            {"kind": "assess", **date_data("told_on", D("2026-02-09"))},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["told_on"] == [
            "The date the family was told cannot be before the decision"
        ]
        response = client.post(
            request_url("decision_told", request),
            {"kind": "assess", **date_data("told_on", D("2026-02-11"))},
        )
        assert response.status_code == 302
        page = client.get(case_url).content.decode()
    assert limit(DeadlineKind.DECIDE_TO_ASSESS).met_on == D("2026-02-11")
    assert "Family told 11 Feb 2026" in page
    assert "Record when the family was told of the decision" not in page


def post_assess_decision(client, panel, request, *, told_on):
    """The panel agrees to assess on 10 February, with the family told on `told_on` (or not)."""
    as_user(client, panel)
    with time_machine.travel(noon("2026-02-10"), tick=False):
        return client.post(
            request_url("decide_to_assess", request),
            decision_data(
                version=request.version, agreed=True, decided_on=D("2026-02-10"), told_on=told_on
            ),
        )


def test_the_panel_form_records_the_day_told_or_leaves_it_open(client, officer, panel):
    request = received_request(officer)
    response = post_assess_decision(client, panel, request, told_on=None)
    assert response.status_code == 302
    assert PanelDecision.objects.get().told_on is None
    assert limit(DeadlineKind.DECIDE_TO_ASSESS).met_on is None


def test_the_panel_form_refuses_a_day_told_before_the_decision(client, officer, panel):
    request = received_request(officer)
    response = post_assess_decision(client, panel, request, told_on=D("2026-02-02"))
    assert response.status_code == 200
    assert response.context["form"].errors["told_on"] == [
        "The date the family was told cannot be before the decision"
    ]
    assert not PanelDecision.objects.exists()


def test_a_stranger_cannot_record_when_the_family_was_told(client, officer, panel):
    from cases.roles import Role
    from cases.tests.factories import TeamFactory
    from cases.tests.factories import UserFactory

    request = received_request(officer)
    decide_to_assess(panel, request, decided_on="2026-02-10", told_on=None)
    stranger = UserFactory(role=Role.CASE_OFFICER, team=TeamFactory(name="South locality"))
    as_user(client, stranger)
    with time_machine.travel(noon("2026-02-12"), tick=False):
        response = client.post(
            request_url("decision_told", request),
            {"kind": "assess", **date_data("told_on", D("2026-02-11"))},
        )
    assert response.status_code == 404
    assert PanelDecision.objects.get().told_on is None


def test_a_yes_to_a_plan_asks_no_date_told_but_may_still_record_one(officer, panel):
    request = agreed_request(officer, panel)
    advice_in_from_the_school(officer, request, D("2026-03-20"))
    request.refresh_from_db()
    decide_to_issue(panel, request, agreed=True, decided_on="2026-03-30", told_on=None)
    page = selectors.case_page(request.case, user=officer, today=D("2026-03-31"))
    labels = [a.label for a in page.requests[0].next_actions]
    assert "Record when the family was told of the decision" not in labels
    # e.g. the notices service's letter
    decision = tell_family(officer, request, told_on="2026-03-31", kind="issue")
    assert decision.told_on == D("2026-03-31")
    assert limit(DeadlineKind.DECIDE_TO_ISSUE).met_on is None
