"""The SEN case officer's screens of annual reviews, amendments and ceasing, under
/staff/reviews/ (namespace "reviews").

Thin on purpose, like the case and plan screens: parse the form, call a selector or a service,
render. Reviews are for SEN case officers and managers (anyone else on staff, e.g. a panel
member, gets 403); every review is reached through `review_selectors.review_get_for_user` (404
for "no such review" and "not yours" alike), and its amendments and cessations through that
review. Every write goes through `ehcp.services`, which checks the user's rights again and raises
`PermissionDenied` (403), `ValidationError` (shown on the form) or `ConcurrentChange` (409).
Statutory dates shown here come from the selectors or what the services stored, never from
arithmetic in a view.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.audit import record_access
from cases.formflow import submit
from cases.models import DeadlineKind
from cases.paging import pager
from cases.permissions import Ability, can_work_on_case, has_ability
from cases.rules import ConcurrentChange

from . import review_forms as forms
from . import review_selectors as selectors
from . import services
from .models import (
    MAINTAINED_STATES,
    AmendmentState,
    CessationState,
    PlanState,
    ReviewDecision,
    ReviewState,
)

REVIEW_PAGE_SIZE = 25
FORM_TEMPLATE = "ehcp/reviews/form.html"


# --- helpers -----------------------------------------------------------------------------------


def _require_casework(user) -> None:
    if not has_ability(user, Ability.CASEWORK):
        raise PermissionDenied("Reviews are for SEN case officers and SEN managers.")


def _review(request, review_id):
    """The review through the gateway, for a case officer or manager who may work on it."""
    _require_casework(request.user)
    review = selectors.review_get_for_user(request.user, review_id)
    if not can_work_on_case(request.user, review.plan.case):
        raise PermissionDenied("You cannot work on this plan.")
    return review


def _data(request):
    """The POST data of a POST (even an empty one, so a form without answers shows errors)."""
    return request.POST if request.method == "POST" else None


def _day(value) -> str:
    return format_date(value, "j F Y")


def _case_url(case) -> str:
    return reverse("cases:case", kwargs={"reference": case.reference})


def _not_now(request, review, text: str) -> HttpResponse:
    """The action no longer applies (e.g. someone else moved the review on): say so."""
    messages.info(request, text)
    return redirect(selectors.review_url(review))


def _run(
    request,
    review,
    *,
    form,
    perform: Callable[[dict], object],
    success: str | Callable[[object], str],
    context: dict,
    next_url: str | Callable[[object], str] | None = None,
    check_version: bool = False,
    template: str = FORM_TEMPLATE,
) -> HttpResponse:
    """GET shows the form; a valid POST calls the service and goes back to the review page.

    `check_version` compares the form's hidden version with the review's for the services
    that take none (they still refuse a step already taken, as a ConcurrentChange)."""

    def guarded(data):
        if check_version and data["version"] != review.version:
            raise ConcurrentChange()
        return perform(data)

    done = submit(request, form, guarded, success=success)
    if done.succeeded:
        if next_url is None:
            return redirect(selectors.review_url(review))
        return redirect(next_url(done.result) if callable(next_url) else next_url)
    plan = review.plan
    case = plan.case
    return render(
        request,
        template,
        {
            "review": review,
            "plan": plan,
            "case": case,
            "child": case.child,
            "form": form,
            "back_url": selectors.review_url(review),
            **context,
        },
        status=done.status,
    )


def _initial(review) -> dict:
    return {"version": review.version}


# --- the review list and the review page -------------------------------------------------------


@require_safe
def review_list(request):
    _require_casework(request.user)
    today = timezone.localdate()
    term_ends = selectors.term_end(today)
    filter_form = forms.ReviewFilterForm(request.GET or None, term_ends=term_ends)
    show = filter_form.chosen()
    reviews = selectors.review_list(request.user, today=today, show=show)
    listing = pager(request, reviews, param="page", per_page=REVIEW_PAGE_SIZE)
    return render(
        request,
        "ehcp/reviews/list.html",
        {
            "filter_form": filter_form,
            "show": show,
            "page": listing["page"],
            "pager": listing,
            "today": today,
        },
    )


@require_safe
def review_detail(request, review_id):
    _require_casework(request.user)
    review = selectors.review_get_for_user(request.user, review_id)
    case = review.plan.case
    record_access(user=request.user, case=case, what="viewed annual review")
    today = timezone.localdate()
    page = selectors.review_page(review, user=request.user, today=today)
    return render(
        request,
        "ehcp/reviews/detail.html",
        {
            "page": page,
            "review": review,
            "plan": review.plan,
            "case": case,
            "child": case.child,
            "today": today,
        },
    )


# --- the steps of the review -------------------------------------------------------------------


def _open_review(request, review, *, states, text: str) -> HttpResponse | None:
    """On a GET, send the officer back to the review page when this step does not apply now."""
    if request.method == "POST":
        return None
    if review.state not in states or review.plan.state not in MAINTAINED_STATES:
        return _not_now(request, review, text)
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, review_id):
    review = _review(request, review_id)
    if gone := _open_review(
        request,
        review,
        states=(ReviewState.SCHEDULED,),
        text=f"This review is {review.get_state_display().lower()}: the invitations have been sent.",
    ):
        return gone
    form = forms.InviteForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.review_invite(
            actor=request.user,
            review_id=review.pk,
            version=data["version"],
            meeting_on=data["meeting_on"],
            invitations_sent_on=data["invitations_sent_on"],
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success=lambda r: (
            f"Invitations recorded: the meeting is on {_day(r.meeting_on)}. "
            f"Circulate the advice by {_day(r.advice_circulated_on)}."
        ),
        context={
            "title": "Send invitations to the review meeting",
            "lead": "Invite the child's parent or the young person, the school or college, and "
            "the health and social care professionals, with at least 2 weeks' notice. The advice "
            "is circulated 2 weeks before the meeting too.",
            "submit": "Record the invitations",
            "due_deadline": selectors.review_deadline(review, DeadlineKind.ANNUAL_REVIEW),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def hold_meeting(request, review_id):
    review = _review(request, review_id)
    if gone := _open_review(
        request,
        review,
        states=(ReviewState.INVITED,),
        text=f"This review is {review.get_state_display().lower()}: there is no meeting to record.",
    ):
        return gone
    form = forms.MeetingHeldForm(
        _data(request), initial={**_initial(review), "held_on": review.meeting_on}
    )

    def perform(data):
        return services.review_hold_meeting(
            actor=request.user,
            review_id=review.pk,
            version=data["version"],
            held_on=data["held_on"],
        )

    def success(r):
        report = selectors.review_deadline(r, DeadlineKind.REVIEW_REPORT)
        decision = selectors.review_deadline(r, DeadlineKind.REVIEW_DECISION)
        return (
            f"Meeting recorded. The report is due by {_day(report.due_on)} and the decision by "
            f"{_day(decision.due_on)}."
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success=success,
        context={
            "title": "Record the meeting held",
            "lead": f"The meeting was arranged for {_day(review.meeting_on)}."
            if review.meeting_on
            else "",
            "submit": "Record the meeting",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def record_report(request, review_id):
    review = _review(request, review_id)
    if gone := _open_review(
        request,
        review,
        states=(ReviewState.MEETING_HELD,),
        text=f"This review is {review.get_state_display().lower()}: there is no report to record.",
    ):
        return gone
    form = forms.ReportForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.review_record_report(
            actor=request.user, review_id=review.pk, received_on=data["received_on"]
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success="Review report recorded as received",
        check_version=True,
        context={
            "title": "Record the review report received",
            "lead": "The school, college or council sends the report of the meeting within 2 "
            "weeks of it.",
            "submit": "Record the report",
            "due_deadline": selectors.review_deadline(review, DeadlineKind.REVIEW_REPORT),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def decide(request, review_id):
    review = _review(request, review_id)
    if gone := _open_review(
        request,
        review,
        states=selectors.DECISION_STATES,
        text=f"This review is {review.get_state_display().lower()}: there is no decision to "
        "record now.",
    ):
        return gone
    form = forms.DecisionForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.review_decide(
            actor=request.user,
            review_id=review.pk,
            version=data["version"],
            decision=data["decision"],
            sent_on=data["sent_on"],
            reasons=data["reasons"],
            rights_given=data["rights_given"],
            evidence=data["evidence"],
        )

    def success(r):
        if r.decision == ReviewDecision.AMEND:
            amendment = selectors.review_amendment(r)
            response = selectors.amendment_deadline(amendment, DeadlineKind.AMENDMENT_RESPONSE)
            return (
                f"Decision sent with the proposed amendments (version {amendment.proposals.number}"
                f"). The family has until {_day(response.due_on)} to comment."
            )
        if r.decision == ReviewDecision.CEASE:
            cessation = selectors.review_cessation(r)
            ends = selectors.appeal_period_ends(cessation)
            return (
                "Decision to cease the plan sent. The plan stays in force until the appeal "
                f"period ends on {_day(ends)}."
            )
        following = selectors.next_review(r.plan)
        return "Decision sent: the plan is maintained." + (
            f" The next review is due by {_day(following.due_on)}." if following else ""
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success=success,
        context={
            "title": "Record the decision after the review",
            "lead": "Tell the family within 4 weeks of the meeting whether the council will "
            "maintain the plan as it is, amend it or cease it.",
            "submit": "Record the decision",
            "due_deadline": selectors.review_deadline(review, DeadlineKind.REVIEW_DECISION),
            "notes": selectors.decision_notes(review),
        },
    )


# --- amending the plan -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def amendment_start(request, review_id):
    review = _review(request, review_id)
    plan = review.plan
    if request.method != "POST" and (
        plan.state != PlanState.FINAL or review.state == ReviewState.DECIDED
    ):
        return _not_now(
            request,
            review,
            f"The plan is {plan.get_state_display().lower()}: amendments cannot be started now.",
        )
    form = forms.ConfirmForm(_data(request), initial=_initial(review))

    def perform(_data):
        return services.amendment_start(actor=request.user, plan_id=plan.pk)

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success="You can now amend the plan. Change its sections, then record the decision "
        "to amend: the proposed amendments are sent with it.",
        check_version=True,
        context={
            "title": "Prepare amendments to the plan",
            "lead": "The plan's sections can be changed while you prepare the amendments. The "
            "plan in force does not change until the amended plan is issued.",
            "submit": "Prepare amendments",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def amendment_issue(request, review_id, amendment_id):
    review = _review(request, review_id)
    amendment = selectors.amendment_get_for_review(review, amendment_id)
    if request.method != "POST" and amendment.state != AmendmentState.PROPOSED:
        return _not_now(request, review, "These amendments have already been settled.")
    form = forms.AmendmentIssueForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.amendment_issue(
            actor=request.user,
            amendment_id=amendment.pk,
            issued_on=data["issued_on"],
            family_responded_on=data["family_responded_on"],
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success=lambda v: (
            f"Amended plan issued: version {v.number}, {_day(v.issued_on)}. The plan is in force "
            "as amended."
        ),
        check_version=True,
        context={
            "title": "Issue the amended plan",
            "lead": f"Proposed amendments sent {_day(amendment.proposals_sent_on)}.",
            "submit": "Issue the amended plan",
            "due_deadline": selectors.amendment_deadline(amendment, DeadlineKind.AMENDED_PLAN),
            "notes": selectors.amendment_notes(amendment),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def amendment_withdraw(request, review_id, amendment_id):
    review = _review(request, review_id)
    amendment = selectors.amendment_get_for_review(review, amendment_id)
    if request.method != "POST" and amendment.state != AmendmentState.PROPOSED:
        return _not_now(request, review, "These amendments have already been settled.")
    form = forms.AmendmentWithdrawForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.amendment_withdraw(
            actor=request.user,
            amendment_id=amendment.pk,
            notified_on=data["notified_on"],
            reasons=data["reasons"],
            rights_given=data["rights_given"],
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success="Recorded the decision not to amend the plan. The plan stays as it was.",
        check_version=True,
        context={
            "title": "Decide not to amend the plan",
            "lead": "Tell the family, with their right to appeal and to mediation, within 8 weeks "
            "of sending the proposed amendments.",
            "submit": "Record the decision not to amend",
            "due_deadline": selectors.amendment_deadline(amendment, DeadlineKind.AMENDED_PLAN),
            "warning_button": True,
        },
    )


# --- ceasing the plan --------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def cessation_start(request, review_id):
    review = _review(request, review_id)
    plan = review.plan
    if request.method != "POST" and (
        plan.state not in MAINTAINED_STATES or selectors.plan_has_open_cessation(plan)
    ):
        return _not_now(request, review, "Ceasing this plan is already being considered.")
    form = forms.CessationStartForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.cessation_start(
            actor=request.user,
            plan_id=plan.pk,
            reason=data["reason"],
            family_informed_on=data["family_informed_on"],
            setting_consulted_on=data["setting_consulted_on"],
            notes=data["notes"],
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success="Recorded that ceasing the plan is being considered. Consult the family and "
        "the school or college before deciding.",
        check_version=True,
        context={
            "title": "Consider ceasing the plan",
            "lead": "Tell the family that ceasing the plan is being considered, and consult them "
            "and the school or college. A child under 18 who is out of education keeps their "
            "plan: review and amend it instead. A move to another council in England is a "
            "transfer, not a cessation.",
            "submit": "Record it",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cessation_notify(request, review_id, cessation_id):
    review = _review(request, review_id)
    cessation = selectors.cessation_get_for_review(review, cessation_id)
    if request.method != "POST" and cessation.state != CessationState.CONSULTING:
        return _not_now(request, review, "The decision to cease has already been sent.")
    form = forms.CessationNotifyForm(_data(request), initial=_initial(review))

    def perform(data):
        return services.cessation_notify(
            actor=request.user,
            cessation_id=cessation.pk,
            notified_on=data["notified_on"],
            rights_given=data["rights_given"],
        )

    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success=lambda c: (
            "Decision to cease the plan sent. The plan stays in force until the appeal period "
            f"ends on {_day(selectors.appeal_period_ends(c))}."
        ),
        check_version=True,
        context={
            "title": "Send the decision to cease the plan",
            "lead": f"{cessation.get_reason_display()}. The family was told ceasing was being "
            f"considered on {_day(cessation.family_informed_on)}.",
            "submit": "Record the decision to cease",
            "warning_button": True,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cessation_complete(request, review_id, cessation_id):
    review = _review(request, review_id)
    cessation = selectors.cessation_get_for_review(review, cessation_id)
    if request.method != "POST" and cessation.state != CessationState.NOTIFIED:
        return _not_now(
            request,
            review,
            "The plan can be closed once the decision to cease has been sent and the appeal "
            "period has ended.",
        )
    form = forms.CessationCompleteForm(_data(request), initial=_initial(review))
    case = review.plan.case

    def perform(data):
        return services.cessation_complete(
            actor=request.user, cessation_id=cessation.pk, ceased_on=data["ceased_on"]
        )

    ends = selectors.appeal_period_ends(cessation)
    return _run(
        request,
        review,
        form=form,
        perform=perform,
        success=lambda p: f"The plan has ceased on {_day(p.ceased_on)}.",
        # Closing the plan removes its open review, so the case page comes next.
        next_url=_case_url(case),
        check_version=True,
        context={
            "title": "Close the plan",
            "lead": f"Decision to cease sent {_day(cessation.notified_on)}. The plan stays in "
            f"force until the appeal period ends on {_day(ends)}, and until any appeal has been "
            "decided.",
            "submit": "Close the plan",
            "warning_button": True,
        },
    )
