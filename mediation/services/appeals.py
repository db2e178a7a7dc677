"""Appeals to the First-tier Tribunal (SEND): registered, its hearing and evidence dates, decided,
not opposed by the council (reg 45) or withdrawn; its orders and its recommendations on health
and social care (answered in writing within 5 weeks).

While an appeal is registered and not decided, its `APPEAL_PENDING` deadline stays open: that is
how `ehcp` keeps a plan whose cessation is disputed in force (`ehcp.appeals`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import deadlines
from cases.models import User
from cases.notices.services import notice_for_decision
from cases.rules import proceed
from cases.services import deadline_meet
from cases.services import deadline_set
from cases.services import deadlines_cancel
from cases.services.records import audit_on_case
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from mediation import kinds
from mediation.models import ORDER_KIND_FOR
from mediation.models import Appeal
from mediation.models import AppealOutcome
from mediation.models import OrderKind
from mediation.models import OrderSource
from mediation.models import Recommendation
from mediation.models import RecommendationBody

from ._common import check_on
from ._common import lock_appeal
from ._common import lock_disagreement
from ._common import lock_recommendation
from ._common import required_text
from ._common import today_or
from .orders import order_create

# Until the Tribunal lists the hearing, the pending appeal is shown against this estimate of its
# usual timetable (not a legal limit: the appeal stays pending until it is decided).
HEARING_ESTIMATE = datetime.timedelta(weeks=12)


def _pending_set(appeal: Appeal) -> None:
    case = appeal.disagreement.case
    deadline_set(
        case=case,
        obj=appeal,
        kind=kinds.APPEAL_PENDING,
        due_on=appeal.hearing_on or appeal.registered_on + HEARING_ESTIMATE,
        label="Hearing listed" if appeal.hearing_on else "Hearing not listed yet (estimate)",
    )
    if appeal.evidence_due_on:
        deadline_set(
            case=case,
            obj=appeal,
            kind=kinds.TRIBUNAL_EVIDENCE,
            due_on=appeal.evidence_due_on,
        )


def _lock_registered(
    appeal_id: int, actor, on: datetime.date, *, field: str, today: datetime.date
) -> Appeal:
    """The appeal, locked, for a step dated `on`: not before the appeal was registered."""
    appeal = lock_appeal(appeal_id, actor)
    check_on(
        on,
        case=appeal.disagreement.case,
        field=field,
        today=today,
        after=appeal.registered_on,
        after_label="the appeal was registered",
    )
    return appeal


def _check_dates(appeal_dates: dict, *, case, registered_on, today) -> None:
    for field, value in appeal_dates.items():
        if value is not None:
            check_on(
                value,
                case=case,
                field=field,
                today=today,
                after=registered_on,
                after_label="the appeal was registered",
                future=True,
            )


@transaction.atomic
def appeal_register(
    *,
    actor: User,
    disagreement_id: int,
    registered_on: datetime.date,
    grounds: str,
    tribunal_reference: str = "",
    hearing_on: datetime.date | None = None,
    evidence_due_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Appeal:
    """The family's appeal registered by the Tribunal: pending until decided or withdrawn."""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    case = disagreement.case
    check_on(
        registered_on,
        case=case,
        field="registered_on",
        today=today,
        after=disagreement.decision_letter_on,
    )
    _check_dates(
        {"hearing_on": hearing_on, "evidence_due_on": evidence_due_on},
        case=case,
        registered_on=registered_on,
        today=today,
    )
    grounds = required_text(grounds, field="grounds", message="Enter the grounds of the appeal")
    if not disagreement.appealable:
        raise ValidationError(
            "A disagreement about health or social care alone is not appealed to the Tribunal."
        )
    step_take(
        disagreement.register_appeal,
        actor=actor,
    )
    appeal = Appeal.objects.create(
        disagreement=disagreement,
        registered_on=registered_on,
        grounds=grounds,
        tribunal_reference=tribunal_reference.strip(),
        hearing_on=hearing_on,
        evidence_due_on=evidence_due_on,
    )
    _pending_set(appeal)
    deadline_meet(disagreement, kinds.APPEAL_DEADLINE, registered_on)
    audit_on_case(
        appeal,
        "appeal.registered",
        actor=actor,
        payload={"registered_on": registered_on, "reference": appeal.tribunal_reference or "-"},
    )
    return appeal


@transaction.atomic
def appeal_set_dates(
    *,
    actor: User,
    appeal_id: int,
    hearing_on: datetime.date | None,
    evidence_due_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Appeal:
    """The Tribunal's hearing date and evidence deadline, as it directs them."""
    today = today_or(today)
    appeal = lock_appeal(appeal_id, actor)
    case = appeal.disagreement.case
    if hearing_on is None and evidence_due_on is None:
        raise ValidationError({"hearing_on": "Enter the hearing date or the evidence deadline"})
    _check_dates(
        {"hearing_on": hearing_on, "evidence_due_on": evidence_due_on},
        case=case,
        registered_on=appeal.registered_on,
        today=today,
    )
    step_take(
        appeal.set_dates,
        actor=actor,
        values={
            "hearing_on": hearing_on or appeal.hearing_on,
            "evidence_due_on": evidence_due_on or appeal.evidence_due_on,
        },
    )
    _pending_set(appeal)
    audit_on_case(
        appeal,
        "appeal.dates",
        actor=actor,
        payload={
            "hearing_on": appeal.hearing_on or "not listed",
            "evidence_due_on": appeal.evidence_due_on or "none set",
        },
    )
    return appeal


def _end(appeal: Appeal, actor, on: datetime.date) -> None:
    deadline_meet(appeal, kinds.APPEAL_PENDING, on)
    deadlines_cancel(appeal, [kinds.TRIBUNAL_EVIDENCE])
    disagreement = lock_disagreement(appeal.disagreement_id, actor)
    step_take(disagreement.end_appeal, actor=actor)
    appeal.disagreement = disagreement


@transaction.atomic
def appeal_decide(
    *,
    actor: User,
    appeal_id: int,
    decided_on: datetime.date,
    outcome: str,
    today: datetime.date | None = None,
) -> Appeal:
    """The Tribunal's decision. When the family won, its orders are recorded next."""
    today = today_or(today)
    appeal = _lock_registered(appeal_id, actor, decided_on, field="decided_on", today=today)
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": "Select the Tribunal's decision"})
    step_take(
        appeal.decide,
        actor=actor,
        values={"decided_on": decided_on, "outcome": outcome},
        audit="appeal.decided",
        payload={"decided_on": decided_on, "outcome": AppealOutcome(outcome).label.lower()},
    )
    _end(appeal, actor, decided_on)
    return appeal


@transaction.atomic
def appeal_not_oppose(
    *,
    actor: User,
    appeal_id: int,
    notified_on: datetime.date,
    kind: str = "",
    description: str = "",
    today: datetime.date | None = None,
) -> Appeal:
    """The council told the Tribunal it will not oppose the appeal (reg 45): the appeal is
    treated as decided for the family, and the limits of the matching order run from today."""
    today = today_or(today)
    appeal = _lock_registered(appeal_id, actor, notified_on, field="notified_on", today=today)
    disagreement = appeal.disagreement
    kind = kind or ORDER_KIND_FOR.get(disagreement.decision, "")
    if kind not in OrderKind.values or kind == OrderKind.OTHER:
        raise ValidationError({"kind": "Select what the council must now do"})
    step_take(
        appeal.not_oppose,
        actor=actor,
        values={"not_opposed_on": notified_on},
        audit="appeal.not_opposed",
        payload={"notified_on": notified_on},
    )
    _end(appeal, actor, notified_on)
    order_create(
        actor=actor,
        disagreement=appeal.disagreement,
        appeal=appeal,
        source=OrderSource.NOT_OPPOSED,
        kind=kind,
        from_on=notified_on,
        description=description,
    )
    return appeal


@transaction.atomic
def appeal_withdraw(
    *,
    actor: User,
    appeal_id: int,
    withdrawn_on: datetime.date,
    today: datetime.date | None = None,
) -> Appeal:
    """The family withdrew the appeal: the decision stands."""
    today = today_or(today)
    appeal = _lock_registered(appeal_id, actor, withdrawn_on, field="withdrawn_on", today=today)
    step_take(
        appeal.withdraw,
        actor=actor,
        values={"withdrawn_on": withdrawn_on},
        audit="appeal.withdrawn",
        payload={"withdrawn_on": withdrawn_on},
    )
    _end(appeal, actor, withdrawn_on)
    return appeal


@transaction.atomic
def appeal_order_record(
    *,
    actor: User,
    appeal_id: int,
    kind: str,
    made_on: datetime.date,
    description: str = "",
    today: datetime.date | None = None,
):
    """An order of the Tribunal: its steps' limits run from the date of the order (reg 44)."""
    today = today_or(today)
    appeal = lock_appeal(appeal_id, actor)
    check_on(
        made_on,
        case=appeal.disagreement.case,
        field="made_on",
        today=today,
        after=appeal.decided_on or appeal.registered_on,
        after_label="the appeal was decided" if appeal.decided_on else "the appeal was registered",
    )
    if kind not in OrderKind.values or kind == OrderKind.OTHER:
        raise ValidationError({"kind": "Select what the Tribunal ordered"})
    proceed(appeal.record_order, actor)
    return order_create(
        actor=actor,
        disagreement=appeal.disagreement,
        appeal=appeal,
        source=OrderSource.TRIBUNAL,
        kind=kind,
        from_on=made_on,
        description=description,
    )


@transaction.atomic
def recommendation_record(
    *,
    actor: User,
    appeal_id: int,
    body: str,
    recommended_on: datetime.date,
    text: str,
    today: datetime.date | None = None,
) -> Recommendation:
    """The Tribunal's recommendation on health or social care: answered in writing within 5
    weeks."""
    today = today_or(today)
    appeal = lock_appeal(appeal_id, actor)
    case = appeal.disagreement.case
    if body not in RecommendationBody.values:
        raise ValidationError({"body": "Select who the recommendation is for"})
    check_on(
        recommended_on,
        case=case,
        field="recommended_on",
        today=today,
        after=appeal.registered_on,
        after_label="the appeal was registered",
    )
    text = required_text(text, field="text", message="Enter the recommendation")
    proceed(appeal.record_recommendation, actor)
    recommendation = Recommendation.objects.create(
        appeal=appeal, body=body, recommended_on=recommended_on, text=text
    )
    due = deadlines.recommendation_response_due(recommended_on)
    deadline_set(
        case=case,
        obj=recommendation,
        kind=kinds.RECOMMENDATION_RESPONSE,
        due_on=due,
        label=recommendation.get_body_display(),
    )
    audit_on_case(
        recommendation,
        "recommendation.made",
        actor=actor,
        payload={
            "body": in_a_sentence(recommendation.get_body_display()),
            "recommended_on": recommended_on,
            "response_due": due,
        },
    )
    return recommendation


@transaction.atomic
def recommendation_respond(
    *,
    actor: User,
    recommendation_id: int,
    responded_on: datetime.date,
    response: str,
    today: datetime.date | None = None,
) -> Recommendation:
    today = today_or(today)
    recommendation = lock_recommendation(recommendation_id, actor)
    case = recommendation.access_case()
    check_on(
        responded_on,
        case=case,
        field="responded_on",
        today=today,
        after=recommendation.recommended_on,
        after_label="the recommendation was made",
    )
    response = required_text(
        response, field="response", message="Enter what the written response said"
    )
    step_take(
        recommendation.respond,
        actor=actor,
        values={"responded_on": responded_on, "response": response},
    )
    # The body's own 5 weeks are met on the day it answered; the family are then sent a copy
    # in writing, through this service (the limit is the body's, not the letter's).
    deadline_meet(recommendation, kinds.RECOMMENDATION_RESPONSE, responded_on)
    health = recommendation.body == RecommendationBody.HEALTH
    notice_for_decision(
        actor=actor,
        case=case,
        kind="recommendation_response",
        facts={
            "recommended_on": recommendation.recommended_on,
            "body": "health commissioner" if health else "council's social care team",
            "care": "health care" if health else "social care",
            "responded_on": responded_on,
            "response": response,
        },
        decision=recommendation,
        today=today,
    )
    audit_on_case(
        recommendation,
        "recommendation.answered",
        actor=actor,
        payload={
            "body": in_a_sentence(recommendation.get_body_display()),
            "responded_on": responded_on,
        },
    )
    return recommendation
