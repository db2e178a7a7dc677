"""The steps of a transfer review, declared once (see `cases.workflow`): each names its FSM
transition on `TransferReview`, its form, the service it calls and its page's words. Every
address is /staff/transfers/reviews/<id>/... and reaches the review through the case gateway."""

from django.template.defaultfilters import date as format_date
from django.urls import reverse

from cases.rules import Need
from cases.workflow import Target
from cases.workflow import register
from cases.workflow import safe_next
from cases.workflow import step_maker
from cases.workflow import versioned_form

from . import forms
from . import selectors
from . import services
from .models import TransferReview


def _day(value) -> str:
    return format_date(value, "j F Y")


def review_url(review) -> str:
    return reverse("transfers:review", kwargs={"review_id": review.pk})


def on_review(http_request, review_id) -> Target:
    review = selectors.transfer_review_get_for_user(http_request.user, review_id, Need.VIEW)
    back = safe_next(http_request, review_url(review))
    return Target(
        subject=review,
        case=review.case,
        back_url=back,
        back_label="Back to the transfer review",
        context={"review": review, "due_deadline": None},
    )


_step = step_maker(
    namespace="transfers",
    model=TransferReview,
    locate=on_review,
    url_kwargs=lambda review: {"review_id": review.pk},
    route="reviews/<int:review_id>/",
    key="review_id",
    form_of=versioned_form,
    primary=True,
)


STEPS = register(
    _step(
        "notify",
        "notify/",
        form_class=forms.NotifyForm,
        service=services.transfer_review_notify,
        transitions=("notify",),
        label="Tell the family when the review starts",
        success=lambda r: (
            f"The family is told the review starts on {_day(r.starts_on)}. It must be finished "
            "by the date on the review."
        ),
        title="Tell the family when the transfer review starts",
        lead="At least 2 weeks before the review starts, tell the family the date and invite "
        "them to meet an SEN officer. A letter is made for them from what you enter here.",
        submit="Send the notice",
    ),
    _step(
        "start_assessment",
        "start/",
        form_class=forms.StartedForm,
        service=services.transfer_review_start_assessment,
        transitions=("start_assessment",),
        label="Record the assessment started",
        success=lambda r: f"Assessment started on {_day(r.assessing_from)}",
        title="Record that the transfer review's assessment started",
        lead=lambda r: f"The family was told it starts on {_day(r.starts_on)}.",
        submit="Record the start",
    ),
    _step(
        "issue_draft",
        "draft/",
        form_class=forms.IssuedForm,
        service=services.transfer_review_issue_draft,
        transitions=("issue_draft",),
        label="Record the draft plan issued",
        success=lambda r: (
            f"Draft EHC plan recorded as issued on {_day(r.draft_issued_on)}. The family's "
            "15 days to comment start the day the letter is sent."
        ),
        title="Record the draft EHC plan issued",
        lead="A letter goes to the family with the draft: their 15 days to comment and ask for "
        "a school or college, and where to find information about schools. Dated today, it is "
        "sent through this service; dated earlier, it is recorded as sent that day.",
        submit="Record the draft plan",
    ),
    _step(
        "issue_final",
        "final/",
        form_class=forms.IssuedForm,
        service=services.transfer_review_issue_final,
        transitions=("issue_final",),
        label="Record the final EHC plan issued",
        success=lambda r: (
            f"Final EHC plan recorded as issued on {_day(r.concluded_on)}. Its first annual "
            "review is scheduled. The review's time limit is met the day the letter is sent."
        ),
        lead="The plan becomes a plan record here, and its first annual review is scheduled. "
        "A letter goes to the family with their rights to appeal and to mediation, and a copy "
        "to the school or college.",
        submit="Record the final plan",
    ),
    _step(
        "no_plan",
        "no-plan/",
        form_class=forms.NoPlanForm,
        service=services.transfer_review_conclude_no_plan,
        transitions=("conclude_no_plan",),
        label="Record that no EHC plan is needed",
        success="Recorded: no EHC plan is needed. The transfer review is finished. The review's "
        "time limit is met the day the letter is sent.",
        lead="A letter goes to the family with the reason and their rights to appeal and to "
        "mediation.",
        submit="Record the decision",
        warning_button=True,
        primary=False,
    ),
)
