"""Issue 18, the plan half: what the law asks of drafts, the family's response, consultation,
plans that did not start here, the first review, phase transfers and ceasing. Each test goes
through the services; dates are worked out by hand from DOMAIN.md."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from cases import deadlines
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import RequestState
from cases.tests.factories import ChildFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import family_has_nothing_more_to_add
from ehcp import appeals
from ehcp import jobs
from ehcp import services
from ehcp.models import AnnualReview
from ehcp.models import CessationState
from ehcp.models import ConsultationState
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import ReviewState
from ehcp.pdf import plan_context
from ehcp.tests.factories import complete_plan
from ehcp.tests.factories import consult
from ehcp.tests.factories import decide_review
from ehcp.tests.factories import hold_review
from ehcp.tests.factories import issue_amendment
from ehcp.tests.factories import issue_plan
from ehcp.tests.factories import issued_plan
from ehcp.tests.factories import name_setting
from ehcp.tests.factories import notify_cessation
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.factories import setting_answers
from ehcp.tests.factories import start_cessation
from tests.kit import D

pytestmark = pytest.mark.django_db
LATER = D("2030-12-31")


@pytest.fixture
def drafting(officer, panel):
    request = request_decided_to_issue(officer, panel)
    return complete_plan(officer, services.plan_start(actor=officer, request_id=request.pk))


@pytest.fixture
def draft_out(officer, drafting):
    issue_plan(officer, drafting)  # 8 April 2026: the family has until 22 April
    drafting.refresh_from_db()
    return drafting


def respond(officer, plan, on, **said):
    return services.plan_record_family_response(
        actor=officer, plan_id=plan.pk, received_on=D(on), today=LATER, **said
    )


def draft_window(plan):
    return Deadline.objects.get(kind=DeadlineKind.DRAFT_RESPONSE, object_id=plan.request_id)


# --- 1. the draft names no school (CFA 2014 s.38(5)) ------------------------------------------


def test_a_draft_plan_cannot_name_a_school_or_a_type_of_setting(officer, drafting):
    school = SettingFactory(name="Riverside Primary School")
    with pytest.raises(ValidationError, match=r"section 38\(5\)"):
        services.plan_placement_set(actor=officer, plan_id=drafting.pk, setting_id=school.pk)
    with pytest.raises(ValidationError, match=r"section 38\(5\)"):
        services.plan_placement_set(
            actor=officer, plan_id=drafting.pk, setting_id=None, placement_type="special"
        )
    # a plan that already named one (written before this rule) is refused at issue
    Plan.objects.filter(pk=drafting.pk).update(placement_setting=school)
    drafting.refresh_from_db()
    with pytest.raises(ValidationError, match="must not name a school"):
        issue_plan(officer, drafting)
    assert not drafting.versions.exists()
    # cleared, the draft goes out with section I empty
    services.plan_placement_set(actor=officer, plan_id=drafting.pk, setting_id=None)
    drafting.refresh_from_db()
    version = issue_plan(officer, drafting)
    assert version.content["sections"]["I"] == {"setting": "", "urn": "", "type": "", "notes": ""}


def rendered(version, label, *, is_draft) -> str:
    """The plan PDF's HTML for `version`, labelled `label`."""
    context = plan_context(
        version.content,
        title="t",
        version_label=label,
        issued_on=version.issued_on,
        is_draft=is_draft,
    )
    return render_to_string("ehcp/pdf/plan.html", context)


def test_the_draft_pdf_says_why_section_i_is_empty_and_the_final_names_the_school(
    officer, draft_out
):
    draft = draft_out.versions.get()
    html = rendered(draft, "Draft", is_draft=True)
    assert "Left empty in a draft plan" in html and "section 38(5)" in html
    name_setting(officer, draft_out, SettingFactory(name="Kingsway Academy"))
    respond(officer, draft_out, "2026-04-10", nothing_more_to_add=True)
    draft_out.refresh_from_db()
    final = issue_plan(officer, draft_out, issued_on="2026-05-20", final=True, today=LATER)
    html = rendered(final, "Final", is_draft=False)
    assert "Kingsway Academy" in html and "Left empty in a draft plan" not in html


# --- 2. the family's response --------------------------------------------------------------------


def test_the_familys_response_records_comments_a_meeting_and_the_school_and_leaves_the_window_open(
    officer, draft_out
):
    school = SettingFactory(name="Kingsway Academy")
    response = respond(
        officer,
        draft_out,
        "2026-04-12",
        comments={"B": "Noise is hard for her.", "F": "  ", "Z": "not a section"},
        wants_meeting=True,
        requested_setting_id=school.pk,
    )
    assert response.comments == {"B": "Noise is hard for her."}
    assert response.wants_meeting and response.requested_setting == school
    assert not response.nothing_more_to_add
    window = draft_window(draft_out)
    assert window.is_open and window.due_on == D("2026-04-22")
    # their 15 days are still running: the final plan waits for the last day
    name_setting(officer, draft_out, school, consulted_on="2026-04-13")
    with pytest.raises(ValidationError, match="until 22 April 2026"):
        issue_plan(officer, draft_out, issued_on="2026-04-20", final=True, today=LATER)


def test_only_nothing_more_to_add_ends_the_15_days_early_with_its_date(officer, draft_out):
    respond(officer, draft_out, "2026-04-12", comments={"A": "She loves horses."})
    assert draft_window(draft_out).is_open
    respond(officer, draft_out, "2026-04-15", nothing_more_to_add=True)
    window = draft_window(draft_out)
    assert window.met_on == D("2026-04-15")
    # nothing more can be recorded once they have said so
    with pytest.raises(ValidationError, match="15 days to respond"):
        respond(officer, draft_out, "2026-04-16", wants_meeting=True)
    assert draft_out.family_responses.count() == 2


def test_an_empty_response_or_one_before_the_draft_is_refused(officer, draft_out):
    with pytest.raises(ValidationError, match="Record what the family said"):
        respond(officer, draft_out, "2026-04-12")
    with pytest.raises(
        ValidationError, match="on or after 8 April 2026, the date the draft was issued"
    ):
        respond(officer, draft_out, "2026-04-01", wants_meeting=True)
    assert not draft_out.family_responses.exists()


# --- 3. consultation -----------------------------------------------------------------------------


def test_a_final_plan_naming_a_school_never_consulted_is_refused(officer, draft_out):
    respond(officer, draft_out, "2026-04-10", nothing_more_to_add=True)
    school = SettingFactory(name="Riverside Primary School")
    services.plan_placement_set(actor=officer, plan_id=draft_out.pk, setting_id=school.pk)
    draft_out.refresh_from_db()
    with pytest.raises(ValidationError, match="has not been consulted"):
        issue_plan(officer, draft_out, issued_on="2026-05-20", final=True, today=LATER)
    name_setting(officer, draft_out, school)
    final = issue_plan(officer, draft_out, issued_on="2026-05-20", final=True, today=LATER)
    assert final.content["sections"]["I"]["setting"] == "Riverside Primary School"


def test_the_school_the_family_asked_for_is_consulted_and_tracked_with_its_15_days(
    officer, draft_out
):
    asked_for = SettingFactory(name="Kingsway Academy")
    respond(officer, draft_out, "2026-04-10", requested_setting_id=asked_for.pk)
    respond(officer, draft_out, "2026-04-11", nothing_more_to_add=True)
    # the council names another school: the one the family asked for must be consulted first
    other = SettingFactory(name="Riverside Primary School")
    name_setting(officer, draft_out, other)
    with pytest.raises(ValidationError, match="The family asked for a school"):
        issue_plan(officer, draft_out, issued_on="2026-05-20", final=True, today=LATER)
    consultation = consult(officer, draft_out, asked_for, on="2026-04-14")
    assert consultation.requested_by_family  # tracked as their request without being ticked
    assert consultation.due_on == D("2026-04-28")
    tracked = Deadline.objects.get(
        kind=DeadlineKind.CONSULTATION_RESPONSE,
        content_type=ContentType.objects.get_for_model(consultation),
        object_id=consultation.pk,
    )
    assert tracked.due_on == D("2026-04-28") and tracked.label == "Kingsway Academy to respond"
    draft_out.refresh_from_db()
    issue_plan(officer, draft_out, issued_on="2026-05-20", final=True, today=LATER)
    tracked.refresh_from_db()
    assert tracked.cancelled  # the council decided without their reply (Code 9.79)


def test_a_consultation_response_is_recorded_once_as_its_step(officer, draft_out):
    name_setting(officer, draft_out)
    consultation = draft_out.consultations.get()
    assert consultation.state == ConsultationState.AWAITED

    def record():
        return setting_answers(officer, consultation, on="2026-04-20")

    recorded = record()
    assert recorded.state == ConsultationState.RESPONDED
    assert recorded.responded_on == D("2026-04-20")
    with pytest.raises(Exception, match="already been recorded"):
        record()


# --- 4. plans that did not start here ------------------------------------------------------------


def legacy_case(officer, reference):
    """A case from the old system: Leo, born 1 June 2017 (year 4 in 2025/26: no transfer)."""
    child = ChildFactory(date_of_birth=D("2017-06-01"))
    return Case.objects.create(
        reference=reference, child=child, team=officer.team, opened_on=D("2020-01-01")
    )


def enter_plan(officer, case, *, issued, reviewed, setting=None):
    return services.plan_record_existing(
        actor=officer,
        case_id=case.pk,
        issued_on=D(issued),
        last_reviewed_on=D(reviewed) if reviewed else None,
        setting_id=(setting or SettingFactory()).pk,
        today=D("2026-06-01"),
    )


def test_an_existing_plan_is_entered_and_its_review_scheduled_from_the_last_review(officer):
    case = legacy_case(officer, "SEN-LEGACY")
    child = case.child
    school = SettingFactory(name="Oak Hill School")
    with pytest.raises(ValidationError, match="was born"):
        enter_plan(officer, case, issued="2014-01-01", reviewed=None, setting=school)
    with pytest.raises(ValidationError, match="first issued"):
        enter_plan(officer, case, issued="2022-09-01", reviewed="2022-01-01", setting=school)
    plan = enter_plan(officer, case, issued="2022-09-01", reviewed="2025-10-15", setting=school)
    assert plan.state == PlanState.FINAL and plan.issued_outside
    assert (plan.first_issued_on, plan.last_reviewed_on) == (D("2022-09-01"), D("2025-10-15"))
    review = plan.reviews.get()
    assert review.due_on == D("2026-10-14")  # 12 months from the last review
    assert Deadline.objects.get(kind=DeadlineKind.ANNUAL_REVIEW).due_on == D("2026-10-14")
    case.refresh_from_db()
    child.refresh_from_db()
    assert case.stage == CaseStage.PLAN and child.current_setting == school
    # and it is reviewed like any other
    review = hold_review(officer, review, meeting="2026-09-20", sent="2026-09-01")
    decide_review(officer, review, sent_on="2026-09-25")
    assert plan.reviews.get(state=ReviewState.SCHEDULED).due_on == D("2027-09-24")
    with pytest.raises(ValidationError, match="already has a plan"):
        enter_plan(officer, case, issued="2022-09-01", reviewed=None)


def test_a_case_holds_one_live_plan_and_may_have_another_once_it_has_ceased(client, officer):
    case = legacy_case(officer, "SEN-LIVE")
    first = enter_plan(officer, case, issued="2022-09-01", reviewed="2025-10-15")
    client.force_login(officer)
    page = client.get(reverse("ehcp:record_existing", kwargs={"reference": case.reference}))
    assert page.status_code == 302  # the page says so and goes to the plan, as the service refuses
    assert [str(m) for m in get_messages(page.wsgi_request)] == ["This case already has a plan."]
    with pytest.raises(ValidationError, match="already has a plan"):
        enter_plan(officer, case, issued="2023-09-01", reviewed=None)
    Plan.objects.filter(pk=first.pk).update(state=PlanState.CEASED)
    assert list(Plan.objects.filter(case=case).live()) == []
    url = reverse("ehcp:record_existing", kwargs={"reference": case.reference})
    assert client.get(url).status_code == 200  # the form, now that the plan has ceased
    second = enter_plan(officer, case, issued="2026-03-01", reviewed=None)
    assert list(Plan.objects.filter(case=case).live()) == [second]
    assert (
        client.get(
            reverse("ehcp:record_existing", kwargs={"reference": case.reference})
        ).status_code
        == 302
    )


def test_a_final_plan_recorded_outside_the_service_gets_its_plan_record(officer, panel):
    from cases.tests.factories import issue_draft
    from cases.tests.factories import issue_final

    request = request_decided_to_issue(officer, panel)
    request = issue_draft(officer, request, issued_on="2026-04-08", today=LATER)
    family_has_nothing_more_to_add(officer, request.pk, on="2026-04-14", today=LATER)
    request.refresh_from_db()
    request = issue_final(officer, request, issued_on="2026-05-01")
    assert request.state == RequestState.FINAL_ISSUED and not Plan.objects.exists()
    plan = services.plan_record_existing(
        actor=officer,
        case_id=request.case_id,
        issued_on=D("2026-05-01"),
        last_reviewed_on=None,
        setting_id=SettingFactory().pk,
        today=LATER,
    )
    assert plan.request == request and plan.issued_outside
    # Maya (year 6 in 2026/27) moves to secondary in September 2027: reviewed by 22 November
    assert plan.reviews.get().due_on == D("2026-11-22")
    request.case.refresh_from_db()
    assert request.case.stage == CaseStage.PLAN


def test_the_nightly_job_schedules_an_entered_plan_from_its_last_review(officer):
    case = legacy_case(officer, "SEN-LEGACY2")
    plan = enter_plan(officer, case, issued="2022-09-01", reviewed="2025-10-15")
    AnnualReview.objects.filter(plan=plan).delete()  # the schedule lost
    assert jobs.reviews_schedule(today=D("2026-06-02")) == 1
    assert plan.reviews.get().due_on == D("2026-10-14")


# --- 5. the first review is never due on the day of issue ----------------------------------------


def test_a_final_plan_issued_after_the_transfer_review_day_is_reviewed_by_the_transfer_deadline():
    # year 6 in 2026/27, secondary from September 2027: amended plan by 14 February 2027; the
    # review should have been held by 22 November 2026, which has passed on 10 January 2027
    due, transfer = services.review_timing(
        period_starts=D("2027-01-10"), date_of_birth=D("2016-03-14"), from_infant_school=False
    )
    assert due == D("2027-02-14") and due != D("2027-01-10")
    assert services.review_label(due, transfer) == (
        "Review early for the phase transfer (primary to secondary school)"
    )
    # once the transfer deadline has passed too: 12 months on, the end of the review period
    due, transfer = services.review_timing(
        period_starts=D("2027-03-01"), date_of_birth=D("2016-03-14"), from_infant_school=False
    )
    assert due == D("2028-02-29") and services.review_label(due, transfer) == ""


def test_a_final_plan_issued_today_is_due_for_review_in_12_months_with_that_label(officer, panel):
    child = ChildFactory(date_of_birth=D("2018-03-14"))
    plan = issued_plan(officer, panel, child)
    review = plan.reviews.get()
    assert review.due_on == D("2027-05-19")
    annual = Deadline.objects.get(kind=DeadlineKind.ANNUAL_REVIEW)
    assert annual.label == "" and "12 months" in annual.get_kind_display()


# --- 6. phase transfers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "kwargs", "move", "deadline"),
    [  # the school year 2026/27: the move in September 2027
        ("2023-01-10", {}, "early years to school", "2027-02-14"),
        ("2020-01-20", {"from_infant_school": True}, "infant to junior school", "2027-02-14"),
        ("2018-01-20", {"middle_school_years": (5, 9)}, "primary to middle school", "2027-02-14"),
        (
            "2014-01-20",
            {"middle_school_years": (5, 9)},
            "middle to secondary school",
            "2027-02-14",
        ),
        ("2016-01-20", {}, "primary to secondary school", "2027-02-14"),
        ("2011-01-20", {}, "secondary school to post-16", "2027-03-30"),
    ],
)
def test_every_reg_18_move_is_a_phase_transfer_with_its_last_day(born, kwargs, move, deadline):
    transfer = deadlines.next_phase_transfer(D(born), D("2026-09-20"), **kwargs)
    assert transfer.move == move and transfer.deadline == D(deadline)


def test_in_a_middle_school_area_year_7_is_no_move():
    assert deadlines.next_phase_transfer(D("2016-01-20"), D("2026-09-20")) is not None
    assert (
        deadlines.next_phase_transfer(D("2016-01-20"), D("2026-09-20"), middle_school_years=(5, 9))
        is None
    )


def test_a_move_between_post_16_institutions_is_amended_5_months_before(officer, panel):
    child = ChildFactory(date_of_birth=D("2008-11-02"))
    plan = issued_plan(officer, panel, child)
    case = plan.case
    case.post16_move_on = D("2027-09-06")
    case.save(update_fields=["post16_move_on"])
    review = plan.reviews.get()
    review = hold_review(officer, review, meeting="2026-09-20", sent="2026-09-01")
    decide_review(officer, review, sent_on="2026-09-25")
    following = plan.reviews.get(state=ReviewState.SCHEDULED)
    assert following.is_phase_transfer and following.transfer_deadline == D("2027-04-06")
    transfer = Deadline.objects.get(kind=DeadlineKind.PHASE_TRANSFER, object_id=following.pk)
    assert "5 months before the move" in transfer.label


def test_a_middle_school_area_is_set_on_the_case_and_schedules_the_move(officer, panel):
    child = ChildFactory(date_of_birth=D("2018-01-20"))  # year 4 in 2026/27
    request = request_decided_to_issue(officer, panel, child=child)
    Case.objects.filter(pk=request.case_id).update(middle_school_from_year=5, secondary_from_year=9)
    plan = services.plan_start(actor=officer, request_id=request.pk)
    plan = complete_plan(officer, plan)
    issue_plan(officer, plan, today=LATER)
    plan.refresh_from_db()
    name_setting(officer, plan)
    issue_plan(officer, plan, issued_on="2026-09-20", final=True, today=LATER)
    review = plan.reviews.get()
    assert review.is_phase_transfer and review.transfer_to == "Year 5"
    assert review.transfer_deadline == D("2027-02-14")
    assert review.due_on == D("2026-11-22")
    label = Deadline.objects.get(kind=DeadlineKind.ANNUAL_REVIEW).label
    assert label == "Review early for the phase transfer (primary to middle school)"


def test_maintaining_the_plan_with_the_old_school_does_not_meet_the_transfer(officer, panel):
    primary = SettingFactory(name="Riverside Primary School")
    child = ChildFactory(date_of_birth=D("2016-03-14"), current_setting=primary)
    plan = issued_plan(officer, panel, child, setting=primary)
    review = hold_review(officer, plan.reviews.get(), meeting="2026-11-10", sent="2026-10-20")
    decide_review(officer, review, sent_on="2026-11-20")
    transfer = Deadline.objects.get(kind=DeadlineKind.PHASE_TRANSFER, object_id=review.pk)
    assert transfer.met_on is None and transfer.is_open


def test_the_amended_plan_naming_the_secondary_school_meets_it_and_the_child_moves(officer, panel):
    primary = SettingFactory(name="Riverside Primary School")
    child = ChildFactory(date_of_birth=D("2016-03-14"), current_setting=primary)
    plan = issued_plan(officer, panel, child, setting=primary)
    review = hold_review(officer, plan.reviews.get(), meeting="2026-11-10", sent="2026-10-20")
    services.amendment_start(actor=officer, plan_id=plan.pk)
    secondary = SettingFactory(name="Kingsway Academy")
    services.plan_placement_set(actor=officer, plan_id=plan.pk, setting_id=secondary.pk)
    decide_review(
        officer, review, sent_on="2026-11-20", decision="amend", evidence="Moving up.", reasons="x"
    )
    amendment = plan.amendments.get()
    issue_amendment(officer, amendment, issued_on="2027-01-10")
    transfer = Deadline.objects.get(kind=DeadlineKind.PHASE_TRANSFER, object_id=review.pk)
    assert transfer.met_on == D("2027-01-10")
    child.refresh_from_db()
    assert child.current_setting == secondary


# --- 7. ceasing ----------------------------------------------------------------------------------


def test_ceasing_waits_for_the_school_or_college_to_be_consulted(officer, panel):
    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2010-03-14")))
    cessation = start_cessation(
        officer, plan, family_informed_on="2026-09-01", setting_consulted_on=None
    )
    with pytest.raises(ValidationError, match="Consult the school or college"):
        notify_cessation(officer, cessation, on="2026-09-20")
    services.cessation_record_setting_consulted(
        actor=officer, cessation_id=cessation.pk, consulted_on=D("2026-09-03"), today=LATER
    )
    assert notify_cessation(officer, cessation, on="2026-09-20").state == CessationState.NOTIFIED


def test_over_18_ceasing_for_their_wishes_or_outcomes_needs_a_review_first(officer, panel):
    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2007-03-14")))
    cessation = start_cessation(
        officer, plan, family_informed_on="2026-09-01", reason="not_engaging"
    )
    with pytest.raises(ValidationError, match="only after a review"):
        notify_cessation(officer, cessation, on="2026-09-20")
    review = hold_review(officer, plan.reviews.get(), meeting="2026-09-25", sent="2026-09-10")
    decide_review(officer, review, sent_on="2026-10-01", decision="cease")
    cessation.refresh_from_db()
    assert cessation.state == CessationState.NOTIFIED


def test_a_young_person_ceasing_for_another_reason_needs_no_review_first(officer, panel):
    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2007-03-14")))
    cessation = start_cessation(
        officer, plan, family_informed_on="2026-09-01", reason="higher_education"
    )
    assert notify_cessation(officer, cessation, on="2026-09-20").state == CessationState.NOTIFIED


def test_the_plan_stays_in_force_the_extra_month_after_a_mediation_certificate(officer, panel):
    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2010-03-14")))
    cessation = start_cessation(officer, plan, family_informed_on="2026-09-01")
    cessation = notify_cessation(officer, cessation, on="2026-09-15")
    # the appeal period: 2 months from the letter, 15 November 2026 (a Sunday: 16 November)
    assert appeals.appeal_period_ends(plan.case, D("2026-09-15")) == D("2026-11-16")
    # mediation: the certificate issued on 10 November gives a month more (10 December)
    Deadline.objects.create(
        case=plan.case,
        kind=appeals.MEDIATION_CERTIFICATE,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=plan.case_id,
        due_on=D("2026-11-12"),
        met_on=D("2026-11-10"),
    )
    with pytest.raises(ValidationError, match="10 December 2026"):
        services.cessation_complete(
            actor=officer, cessation_id=cessation.pk, ceased_on=D("2026-11-20"), today=LATER
        )
    ceased = services.cessation_complete(
        actor=officer, cessation_id=cessation.pk, ceased_on=D("2026-12-11"), today=LATER
    )
    assert ceased.state == PlanState.CEASED


def test_the_plan_stays_in_force_while_an_appeal_is_pending(officer, panel):
    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2010-03-14")))
    cessation = start_cessation(officer, plan, family_informed_on="2026-09-01")
    cessation = notify_cessation(officer, cessation, on="2026-09-15")
    appeal = Deadline.objects.create(
        case=plan.case,
        kind=appeals.APPEAL_PENDING,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=plan.case_id,
        due_on=D("2027-03-01"),
    )
    with pytest.raises(ValidationError, match="appeal against the decision to cease is pending"):
        services.cessation_complete(
            actor=officer, cessation_id=cessation.pk, ceased_on=D("2027-01-05"), today=LATER
        )
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL
    Deadline.objects.filter(pk=appeal.pk).update(met_on=D("2027-02-01"))  # decided
    ceased = services.cessation_complete(
        actor=officer, cessation_id=cessation.pk, ceased_on=D("2027-02-02"), today=LATER
    )
    assert ceased.state == PlanState.CEASED


# --- 8. review steps record what happened --------------------------------------------------------


def test_advice_circulated_is_the_date_the_officer_enters_never_before_the_plan_or_birth(
    officer, panel
):
    from ehcp.tests.factories import invite_review

    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2016-03-14")))
    review = invite_review(officer, plan.reviews.get(), meeting="2027-03-15", sent="2027-03-01")
    assert review.advice_circulated_on is None

    def circulate(on):
        review.refresh_from_db()
        return services.review_record_advice_circulated(
            actor=officer,
            review_id=review.pk,
            version=review.version,
            circulated_on=D(on),
            today=LATER,
        )

    # Before birth is before the plan too: the message names the later date, the one to meet.
    with pytest.raises(
        ValidationError, match="on or after 20 May 2026, the date the plan was first issued"
    ):
        circulate("2015-01-01")
    with pytest.raises(ValidationError, match="plan was first issued"):
        circulate("2026-05-01")
    assert circulate("2027-03-03").advice_circulated_on == D("2027-03-03")
    with pytest.raises(ValidationError, match="already been recorded"):
        circulate("2027-03-04")


def test_review_invitations_before_the_plan_existed_are_refused(officer, panel):
    from ehcp.tests.factories import invite_review

    plan = issued_plan(officer, panel, ChildFactory(date_of_birth=D("2016-03-14")))
    with pytest.raises(ValidationError, match="plan was first issued"):
        invite_review(officer, plan.reviews.get(), meeting="2026-05-25", sent="2026-05-01")
