"""The steps of an annual review, of amending the plan after it and of ceasing the plan,
declared once (see `cases.workflow`).

Each step's rule (its states, conditions and who may take it) is the FSM transition it names on
`AnnualReview`, `Amendment` or `Cessation`; this module adds the label, form, page words and the
service it calls. Every address names the review (/staff/reviews/<id>/...), and amendments and
cessations are reached through it. Reviews are for SEN case officers and managers: anyone else
on staff gets 403 before the review is even looked up.
"""

from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import date as format_date
from django.urls import reverse

from cases.models import DeadlineKind
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.rules import ConcurrentChange
from cases.templatetags.govuk import in_a_sentence
from cases.workflow import Target
from cases.workflow import register
from cases.workflow import step_maker
from cases.workflow import versioned_form

from . import review_forms as forms
from . import review_selectors as selectors
from . import services
from .models import Amendment
from .models import AnnualReview
from .models import Cessation
from .models import ReviewDecision

FORM_TEMPLATE = "ehcp/reviews/form.html"


def _day(value) -> str:
    return format_date(value, "j F Y")


def reviews_allowed(user) -> None:
    if not has_ability(user, Ability.CASEWORK):
        raise PermissionDenied("Reviews are for SEN case officers and SEN managers.")


def review_target(http_request, review_id, *, subject_of=None, **lookup) -> Target:
    """The review through its gateway (404 for "no such review" and "not yours" alike), and the
    step's subject: the review itself, or one of its plan's amendments or cessations."""
    reviews_allowed(http_request.user)
    review = selectors.review_get_for_user(http_request.user, review_id)
    plan = review.plan
    case = plan.case  # proved visible by the gateway
    subject = subject_of(review, **lookup) if subject_of else review
    subject.page_review = review  # the version the person saw is the review's
    return Target(
        subject=subject,
        case=case,
        back_url=selectors.review_url(review),
        back_label="Back to the review",
        context={"review": review, "plan": plan},
    )


def _on_amendment(http_request, review_id, amendment_id) -> Target:
    return review_target(
        http_request,
        review_id,
        subject_of=lambda review: selectors.amendment_get_for_review(review, amendment_id),
    )


def _on_cessation(http_request, review_id, cessation_id) -> Target:
    target = review_target(
        http_request,
        review_id,
        subject_of=lambda review: selectors.cessation_get_for_review(review, cessation_id),
    )
    if target.subject.review_id == target.subject.page_review.pk:
        target.subject.review = target.subject.page_review
    return target


def _on_cessation_to_case(http_request, review_id, cessation_id) -> Target:
    """Closing the plan removes its open review, so the case page comes next."""
    target = _on_cessation(http_request, review_id, cessation_id)
    case_page = reverse("cases:case", kwargs={"reference": target.case.reference})
    target.after = lambda _request, _result: case_page
    return target


def _same_version(subject, data) -> None:
    """For the services that take no version: the review must be as the person saw it."""
    if data["version"] != subject.page_review.version:
        raise ConcurrentChange()


def _versioned_service(service, key: str):
    """A service on an amendment or cessation that takes no version of its own."""

    def perform(actor, item, data):
        _same_version(item, data)
        fields = {name: value for name, value in data.items() if name != "version"}
        return service(actor=actor, **{key: item.pk}, **fields)

    return perform


def _page_review(subject):
    return subject.page_review


def _versioned(form_class, **initial):
    """The version the person saw is the review's, whatever the step's subject."""
    return versioned_form(form_class, of=_page_review, **initial)


_review_step = step_maker(
    namespace="reviews",
    model=AnnualReview,
    locate=review_target,
    url_kwargs=lambda review: {"review_id": review.pk},
    route="<int:review_id>/",
    key="review_id",
    form_of=_versioned,
    template=FORM_TEMPLATE,
)


def _plan_item_maker(model, locate, key: str, route: str):
    """The steps on an amendment or a cessation of the plan, reached through the review; their
    services take no version of their own."""
    return step_maker(
        namespace="reviews",
        model=model,
        locate=locate,
        url_kwargs=lambda item: {"review_id": item.page_review.pk, key: item.pk},
        route=f"<int:review_id>/{route}",
        key=key,
        form_of=_versioned,
        perform_of=_versioned_service,
        template=FORM_TEMPLATE,
    )


_amendment_step = _plan_item_maker(
    Amendment, _on_amendment, "amendment_id", "amendments/<int:amendment_id>/"
)
_cessation_step = _plan_item_maker(
    Cessation, _on_cessation, "cessation_id", "cessations/<int:cessation_id>/"
)


def _review_deadline(kind):
    return lambda review: {"due_deadline": selectors.review_deadline(review, kind)}


def _amendment_deadline(kind, **more):
    def context(amendment):
        return {
            "due_deadline": selectors.amendment_deadline(amendment, kind),
            **{key: value(amendment) for key, value in more.items()},
        }

    return context


def _held(review) -> str:
    report = selectors.review_deadline(review, DeadlineKind.REVIEW_REPORT)
    decision = selectors.review_deadline(review, DeadlineKind.REVIEW_DECISION)
    return (
        f"Meeting recorded. The report is due by {_day(report.due_on)} and the decision by "
        f"{_day(decision.due_on)}."
    )


WAITING = (
    "Its letter, with the family's rights, is waiting to go out: the review is complete on the "
    "day it is sent, and the next one is due within 12 months of that day."
)
WAITING_CEASE = (
    "Decision to cease the plan recorded. Its letter, with the right to appeal, is waiting to "
    "go out: the plan stays in force until the appeal period, which starts the day it is sent, "
    "has ended."
)


def _cease_sent(cessation) -> str:
    cessation.refresh_from_db(fields=["notified_on"])  # an email may have gone at commit
    if cessation.notified_on is None:
        return WAITING_CEASE
    return (
        "Decision to cease the plan sent. The plan stays in force until the appeal period ends "
        f"on {_day(selectors.appeal_period_ends(cessation))}."
    )


def _decided(review) -> str:
    # an email sent as the decision committed has already completed the review
    review.refresh_from_db(fields=["decision_sent_on", "version"])
    if review.decision_waiting:
        if review.decision == ReviewDecision.CEASE:
            return WAITING_CEASE
        return f"Decision recorded: {in_a_sentence(review.get_decision_display())}. {WAITING}"
    if review.decision == ReviewDecision.AMEND:
        amendment = selectors.review_amendment(review)
        response = selectors.amendment_deadline(amendment, DeadlineKind.AMENDMENT_RESPONSE)
        return (
            f"Decision sent with the proposed amendments (version {amendment.proposals.number}). "
            f"The family has until {_day(response.due_on)} to comment."
        )
    if review.decision == ReviewDecision.CEASE:
        cessation = selectors.review_cessation(review)
        if cessation is None or cessation.notified_on is None:
            return WAITING_CEASE
        ends = selectors.appeal_period_ends(cessation)
        return (
            "Decision to cease the plan sent. The plan stays in force until the appeal period "
            f"ends on {_day(ends)}."
        )
    following = selectors.next_review(review.plan)
    return "Decision sent: the plan is maintained." + (
        f" The next review is due by {_day(following.due_on)}." if following else ""
    )


def _perform_start_amendments(actor, review, data):
    _same_version(review, data)
    return services.amendment_start(actor=actor, plan_id=review.plan_id)


def _perform_abandon_amendments(actor, review, data):
    _same_version(review, data)
    return services.amendment_abandon(actor=actor, plan_id=review.plan_id)


def _perform_report(actor, review, data):
    _same_version(review, data)
    return services.review_record_report(
        actor=actor, review_id=review.pk, received_on=data["received_on"]
    )


def _perform_cessation_start(actor, review, data):
    _same_version(review, data)
    return services.cessation_start(
        actor=actor,
        plan_id=review.plan_id,
        reason=data["reason"],
        family_informed_on=data["family_informed_on"],
        setting_consulted_on=data["setting_consulted_on"],
        notes=data["notes"],
    )


STEPS = register(
    _review_step(
        "invite",
        "invitations/",
        transitions=("send_invitations",),
        label="Send invitations",
        primary=True,
        form_class=forms.InviteForm,
        service=services.review_invite,
        success=lambda r: (
            f"Invitations recorded: the meeting is on {_day(r.meeting_on)}. "
            f"Circulate the advice by {_day(selectors.advice_due_by(r))}."
        ),
        title="Send invitations to the review meeting",
        lead="Invite the child's parent or the young person, the school or college, and the "
        "health and social care professionals, with at least 2 weeks' notice. The advice is "
        "circulated 2 weeks before the meeting too.",
        submit="Record the invitations",
        extra_context=_review_deadline(DeadlineKind.ANNUAL_REVIEW),
    ),
    _review_step(
        "advice_circulated",
        "advice-circulated/",
        transitions=("record_advice_circulated",),
        label="Record the advice circulated",
        form_class=forms.AdviceCirculatedForm,
        service=services.review_record_advice_circulated,
        success=lambda r: f"Advice recorded as circulated on {_day(r.advice_circulated_on)}.",
        title="Record the advice circulated before the meeting",
        lead=lambda r: (
            f"The advice should reach everyone invited by {_day(selectors.advice_due_by(r))}, "
            "2 weeks before the meeting. Record the day it actually went."
            if r.meeting_on
            else ""
        ),
        submit="Record the date",
    ),
    _review_step(
        "hold_meeting",
        "meeting/",
        transitions=("hold_meeting",),
        label="Record the meeting held",
        primary=True,
        form=_versioned(forms.MeetingHeldForm, held_on=lambda review: review.meeting_on),
        service=services.review_hold_meeting,
        success=_held,
        lead=lambda r: (
            f"The meeting was arranged for {_day(r.meeting_on)}." if r.meeting_on else ""
        ),
        submit="Record the meeting",
    ),
    _review_step(
        "record_report",
        "report/",
        transitions=("receive_report",),
        label="Record the report received",
        form_class=forms.ReportForm,
        perform=_perform_report,
        success="Review report recorded as received",
        title="Record the review report received",
        lead="The school, college or council sends the report of the meeting within 2 weeks of it.",
        submit="Record the report",
        extra_context=_review_deadline(DeadlineKind.REVIEW_REPORT),
    ),
    _review_step(
        "decide",
        "decision/",
        transitions=("decide",),
        label="Record the decision",
        primary=True,
        form_class=forms.DecisionForm,
        service=services.review_decide,
        success=_decided,
        title="Record the decision after the review",
        lead="Tell the family within 4 weeks of the meeting whether the council will maintain "
        "the plan as it is, amend it or cease it.",
        submit="Record the decision",
        extra_context=lambda review: {
            **_review_deadline(DeadlineKind.REVIEW_DECISION)(review),
            "notes": selectors.decision_notes(review),
        },
    ),
    _review_step(
        "amendment_start",
        "prepare-amendments/",
        transitions=("prepare_amendments",),
        label="Prepare amendments",
        form_class=forms.ConfirmForm,
        perform=_perform_start_amendments,
        success="You can now amend the plan. Change its sections, then record the decision to "
        "amend: the proposed amendments are sent with it.",
        title="Prepare amendments to the plan",
        lead="The plan's sections can be changed while you prepare the amendments. The plan in "
        "force does not change until the amended plan is issued.",
        submit="Prepare amendments",
    ),
    _review_step(
        "amendment_abandon",
        "abandon-amendments/",
        transitions=("abandon_amendments",),
        label="Abandon the amendments",
        form_class=forms.ConfirmForm,
        perform=_perform_abandon_amendments,
        success="The amendments were abandoned. The plan is in force as it was last issued.",
        lead="The changes being prepared have not been sent to the family. Abandoning them puts "
        "the plan back as it was last issued, and it stays in force as it is. Nobody is "
        "written to. Use this when the plan is to be kept as it is, for example after a "
        "reassessment.",
        submit="Abandon the amendments",
        warning_button=True,
    ),
    _review_step(
        "cessation_start",
        "consider-ceasing/",
        transitions=("consider_ceasing",),
        label="Consider ceasing the plan",
        form_class=forms.CessationStartForm,
        perform=_perform_cessation_start,
        success="Recorded that ceasing the plan is being considered. Consult the family and the "
        "school or college before deciding.",
        lead="Tell the family that ceasing the plan is being considered, and consult them and "
        "the school or college. A child under 18 who is out of education keeps their plan: "
        "review and amend it instead. A move to another council in England is a transfer, not "
        "a cessation.",
        submit="Record it",
    ),
    _amendment_step(
        "amendment_issue",
        "issue/",
        transitions=("issue",),
        label="Issue the amended plan",
        primary=True,
        form_class=forms.AmendmentIssueForm,
        service=services.amendment_issue,
        success=lambda v: (
            f"Amended plan issued: version {v.number}, {_day(v.issued_on)}. The plan is in force "
            "as amended."
        ),
        lead=lambda a: f"Proposed amendments sent {_day(a.proposals_sent_on)}.",
        submit="Issue the amended plan",
        extra_context=_amendment_deadline(
            DeadlineKind.AMENDED_PLAN, notes=selectors.amendment_notes
        ),
    ),
    _amendment_step(
        "amendment_withdraw",
        "not-amending/",
        transitions=("withdraw",),
        label="Decide not to amend",
        form_class=forms.AmendmentWithdrawForm,
        service=services.amendment_withdraw,
        success="Recorded the decision not to amend the plan. The plan stays as it was.",
        title="Decide not to amend the plan",
        lead="Tell the family, with their right to appeal and to mediation, within 8 weeks of "
        "sending the proposed amendments.",
        submit="Record the decision not to amend",
        warning_button=True,
        extra_context=_amendment_deadline(DeadlineKind.AMENDED_PLAN),
    ),
    _cessation_step(
        "cessation_setting_consulted",
        "setting-consulted/",
        transitions=("record_setting_consulted",),
        label="Record the school or college consulted",
        primary=True,
        form_class=forms.SettingConsultedForm,
        service=services.cessation_record_setting_consulted,
        success="Recorded that the school or college was consulted about ceasing the plan.",
        lead="The school or college is consulted before the council decides to cease the plan.",
        submit="Record the consultation",
    ),
    _cessation_step(
        "cessation_notify",
        "decision/",
        transitions=("send_decision",),
        label="Send the decision to cease",
        primary=True,
        form_class=forms.CessationNotifyForm,
        service=services.cessation_notify,
        success=_cease_sent,
        title="Send the decision to cease the plan",
        lead=lambda c: (
            f"{c.get_reason_display()}. The family was told ceasing was being "
            f"considered on {_day(c.family_informed_on)}."
        ),
        submit="Record the decision to cease",
        warning_button=True,
    ),
    _cessation_step(
        "cessation_complete",
        "close/",
        locate=_on_cessation_to_case,
        transitions=("cease",),
        label="Close the plan",
        primary=True,
        form_class=forms.CessationCompleteForm,
        service=services.cessation_complete,
        success=lambda p: f"The plan has ceased on {_day(p.ceased_on)}.",
        lead=lambda c: (
            f"Decision to cease sent {_day(c.notified_on)}. The plan stays in force "
            f"until the appeal period ends on {_day(selectors.appeal_period_ends(c))}, and until any "
            "appeal has been decided."
            if c.notified_on
            else WAITING_CEASE
        ),
        submit="Close the plan",
        warning_button=True,
    ),
)
