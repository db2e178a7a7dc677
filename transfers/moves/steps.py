"""The steps of moves between councils and of reassessment, declared once (see
`cases.workflow`). Each names its FSM transition on `MoveOut`, `MoveIn` or `Reassessment`; this
module adds the label, form, page words and the service it calls. Every address names the case
(/staff/transfers/moves/<reference>/...) and reaches its subject through the case gateway."""

from django.shortcuts import get_object_or_404
from django.template.defaultfilters import date as format_date

from cases import selectors as case_selectors
from cases.steps import case_target
from cases.workflow import Target
from cases.workflow import register
from cases.workflow import step_maker
from cases.workflow import versioned_form

from . import forms
from . import reassessment
from . import selectors
from . import services
from .clock import Kind
from .models import MoveIn
from .models import MoveOut
from .models import Reassessment
from .models import ReassessmentState


def _day(value) -> str:
    return format_date(value, "j F Y")


def _locate(model):
    def locate(http_request, reference, item_id) -> Target:
        case = case_selectors.case_get_for_user(http_request.user, reference)
        subject = get_object_or_404(model.objects.select_related("plan"), case=case, pk=item_id)
        subject.case = case
        return case_target(http_request, case, subject)

    return locate


def _item_kwargs(subject) -> dict:
    return {"reference": subject.case.reference, "item_id": subject.pk}


def _maker(model, route: str, key: str):
    return step_maker(
        namespace="moves",
        model=model,
        locate=_locate(model),
        url_kwargs=_item_kwargs,
        route=f"<str:reference>/{route}/<int:item_id>/",
        key=key,
    )


_move_out_step = _maker(MoveOut, "out", "move_id")
_move_in_step = _maker(MoveIn, "in", "move_id")
_reassessment_step = _maker(Reassessment, "reassessments", "reassessment_id")


def _due(kind):
    return lambda subject: {"due_deadline": selectors.open_deadline(subject, kind)}


STEPS = register(
    _move_out_step(
        "out_handover",
        "handover/",
        transitions=("hand_over",),
        label="Record the plan passed on",
        primary=True,
        form=versioned_form(forms.HandOverForm),
        service=services.move_out_hand_over,
        success=lambda m: (
            f"Plan passed to {m.receiving_council} on {_day(m.handed_over_on)}. The case is "
            "closed here."
        ),
        title="Record the plan passed to the new council",
        lead=lambda m: (
            f"{m.case.child.full_name} is moving to {m.receiving_council} on "
            f"{_day(m.moved_on)}. Passing the plan on closes the case here: it is a transfer, not "
            "a cessation."
        ),
        submit="Record the plan passed on",
        extra_context=_due(Kind.MOVE_OUT_HANDOVER),
    ),
    _move_in_step(
        "in_tell",
        "tell/",
        transitions=("tell_family",),
        label="Tell the family the council holds the plan",
        primary=True,
        form=versioned_form(forms.TellFamilyForm),
        service=services.move_in_tell_family,
        success="Letter made for the family. The 6 weeks are met on the day it is sent.",
        lead=lambda m: (
            f"The plan came from {m.from_council} on {_day(m.transferred_on)}. The "
            "letter says that this council now holds it, whether it will reassess, and when it "
            f"will review it: by {_day(selectors.first_review_due(m))} at the latest (the later of "
            "12 months from its last review and 3 months from the transfer)."
        ),
        submit="Make the letter",
        extra_context=_due(Kind.MOVE_IN_NOTICE),
    ),
    _move_in_step(
        "in_health",
        "health/",
        transitions=("record_health_answer",),
        label="Record the health commissioner's answer",
        form_class=forms.HealthAnswerForm,
        service=services.move_in_health_answer,
        success=lambda m: (
            f"Recorded: {m.get_health_answer_display()[:1].lower()}"
            f"{m.get_health_answer_display()[1:]}."
        ),
        title="Record the new health commissioner's answer",
        lead="If the new health commissioner cannot secure the plan's health provision, it has "
        "15 working days to ask for a review or an assessment (regulation 16).",
        submit="Record the answer",
        extra_context=_due(Kind.MOVE_IN_HEALTH),
    ),
    _reassessment_step(
        "reassessment_decide",
        "decide/",
        transitions=("agree", "refuse"),
        label="Record the decision whether to reassess",
        primary=True,
        form=versioned_form(forms.ReassessmentDecisionForm),
        service=reassessment.reassessment_decide,
        success=lambda r: (
            "Decision recorded: the council "
            + ("will reassess" if r.state == ReassessmentState.AGREED else "will not reassess")
            + ". Send the family the letter."
        ),
        lead=lambda r: f"Requested by {r.requester_name} on {_day(r.requested_on)}: {r.reason}",
        submit="Record the decision",
        extra_context=_due(Kind.REASSESSMENT_DECISION),
    ),
    _reassessment_step(
        "reassessment_letter",
        "letter/",
        transitions=("send_letter",),
        label="Send the decision letter",
        primary=True,
        form_class=forms.LetterForm,
        service=reassessment.reassessment_letter_send,
        success="Letter made for the family. The 15 days are met on the day it is sent.",
        title="Send the family the decision letter",
        lead=lambda r: (
            "The letter tells the family the council will reassess: the 14 weeks for the "
            "amended or new plan start on the day it is sent."
            if r.state == ReassessmentState.AGREED
            else "The letter tells the family the council will not reassess, with their rights "
            "to appeal and to mediation."
        ),
        submit="Make the letter",
        extra_context=_due(Kind.REASSESSMENT_DECISION),
    ),
    _reassessment_step(
        "reassessment_amend",
        "amend/",
        transitions=("prepare_plan",),
        label="Prepare the amended plan",
        primary=True,
        form=versioned_form(forms.PreparePlanForm),
        service=reassessment.reassessment_plan_prepare,
        success="You can now change the plan's sections from what the reassessment found. "
        "Then send the family the draft.",
        lead="The plan's sections can be changed (or all rewritten, for a new plan) while you "
        "prepare it. The plan in force does not change until the amended plan is issued.",
        submit="Prepare the amended plan",
        extra_context=_due(Kind.REASSESSMENT_PLAN),
    ),
    _reassessment_step(
        "reassessment_draft",
        "draft/",
        transitions=("send_draft",),
        label="Send the draft of the amended plan",
        primary=True,
        form=versioned_form(forms.DraftPlanForm),
        service=reassessment.reassessment_draft_send,
        success=lambda r: (
            f"Draft sent (version {r.amendment.proposals.number}). The family has 15 days to "
            "comment; then issue the plan."
        ),
        title="Send the family the draft of the amended plan",
        lead="The draft goes with the evidence from the reassessment. The amended or new plan "
        "is then due within the reassessment's 14 weeks.",
        submit="Send the draft",
        extra_context=_due(Kind.REASSESSMENT_PLAN),
    ),
    _reassessment_step(
        "reassessment_outcome",
        "outcome/",
        transitions=("finish",),
        label="Record the outcome of the reassessment",
        form=versioned_form(forms.ReassessmentOutcomeForm),
        service=reassessment.reassessment_finish,
        success=lambda r: (
            f"Reassessment finished: {r.get_outcome_display()[:1].lower()}"
            f"{r.get_outcome_display()[1:]}."
            + (
                f" Version {r.amendment.issued.number} is in force."
                if r.amendment_id and r.amendment.issued_id
                else ""
            )
        ),
        lead="Advice for the reassessment is asked for and recorded on its assessment, on the "
        "case page.",
        submit="Record the outcome",
        extra_context=_due(Kind.REASSESSMENT_PLAN),
    ),
)
