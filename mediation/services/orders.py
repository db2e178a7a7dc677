"""What the council must do after a mediation agreement (reg 42), a Tribunal order (reg 44) or
an appeal it did not oppose (reg 45): each step a stored deadline from the clock, recorded done
on a date, the order complied with (on time or late) when none is left."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import deadlines
from cases.models import User
from cases.notices.services import already_sent
from cases.notices.services import decision_notices
from cases.notices.services import notice_for_decision
from cases.rules import proceed
from cases.services import deadline_set
from cases.services import deadlines_cancel
from cases.services import deadlines_of
from cases.services.records import audit_on_case
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from ehcp.models import Cessation
from ehcp.models import CessationState
from ehcp.services.cessation import cessation_withdraw
from mediation.models import ALTERNATIVE_STEPS
from mediation.models import LETTER_STEPS
from mediation.models import ORDER_STEP_KINDS
from mediation.models import Disagreement
from mediation.models import Order
from mediation.models import OrderKind
from mediation.models import OrderState

from ._common import check_on
from ._common import lock_order
from ._common import today_or

STEP_OF_KIND = {kind: step for step, (kind, _label) in ORDER_STEP_KINDS.items()}


def order_create(
    *,
    actor: User,
    disagreement: Disagreement,
    source: str,
    kind: str,
    from_on: datetime.date,
    description: str = "",
    appeal=None,
    agreed_due_on: datetime.date | None = None,
    agreed_due_reason: str = "",
) -> Order:
    """An order and its steps' deadlines (call inside a service's transaction). An agreement
    at mediation may set its own date for a one-step action (`agreed_due_on`, with the reason;
    checked by `agreed_action_add`): that date is stored as the step's deadline instead of
    the clock's."""
    order = Order.objects.create(
        disagreement=disagreement,
        appeal=appeal,
        source=source,
        kind=kind,
        from_on=from_on,
        description=description.strip(),
        agreed_due_on=agreed_due_on,
        agreed_due_reason=agreed_due_reason.strip() if agreed_due_on else "",
    )
    steps = deadlines.order_steps_due(kind, from_on)
    if agreed_due_on is not None:
        ((step, clock_due),) = steps
        steps = ((step, agreed_due_on),)
        audit_on_case(
            order,
            "order.timescale_agreed",
            actor=actor,
            payload={
                "due_on": agreed_due_on,
                "clock_due": clock_due,
                "reason": order.agreed_due_reason,
            },
        )
    for step, due in steps:
        code, label = ORDER_STEP_KINDS[step]
        deadline_set(
            case=disagreement.case,
            obj=order,
            kind=code,
            due_on=due,
            label=f"{label} ({order.get_source_display()})",
        )
    audit_on_case(
        order,
        "order.made",
        actor=actor,
        payload={
            "source": order.get_source_display(),
            "kind": in_a_sentence(order.get_kind_display()),
            "from_on": from_on,
            "last_due": max(due for _step, due in steps),
        },
    )
    if kind == OrderKind.CONTINUE:
        return _continue_plan(actor=actor, order=order)
    return order


def _continue_plan(*, actor: User, order: Order) -> Order:
    """An order to continue to maintain the plan takes effect at once (reg 44(2)(g)): an open
    cessation of the case's plan is withdrawn through ehcp's own service, and the order is
    complied with that day. With none open (the plan has already ceased) the step stays to do,
    for the officer to record when the plan is maintained again."""
    cessation = (
        Cessation.objects.filter(
            plan__case=order.disagreement.case,
            state__in=(CessationState.CONSULTING, CessationState.NOTIFIED),
        )
        .order_by("-pk")
        .first()
    )
    if cessation is None:
        return order
    # `from_on` was checked against the real today by the service that made the order.
    cessation_withdraw(
        actor=actor,
        cessation_id=cessation.pk,
        decided_on=order.from_on,
        reasons=f"{order.get_source_display()} of {order.from_on:%-d %B %Y}: continue to "
        "maintain the plan",
        today=order.from_on,
    )
    return order_step_record(
        actor=actor, order_id=order.pk, step="continue", done_on=order.from_on, today=order.from_on
    )


def order_open_steps(order: Order) -> list:
    """The order's steps still to do: its open deadlines, in due order."""
    codes = [code for code, _label in ORDER_STEP_KINDS.values()]
    return list(
        deadlines_of(order, codes).filter(met_on__isnull=True, cancelled=False).order_by("due_on")
    )


# How each source of an order is named in the family's letter.
ORDER_WORDS = {
    "tribunal": "the First-tier Tribunal's order",
    "not_opposed": "our notice to the First-tier Tribunal that we would not oppose your appeal",
    "agreement": "the agreement reached at mediation",
}


@transaction.atomic
def order_step_record(
    *,
    actor: User,
    order_id: int,
    step: str,
    done_on: datetime.date,
    today: datetime.date | None = None,
) -> Order:
    """One step of an order done on `done_on` (e.g. the final plan issued). After an order to
    assess, the "no plan" notice and the final plan are alternatives: one ends the other.

    A step that is a letter to the family (`LETTER_STEPS`: "we will assess", "no plan is
    needed") is its notice: dated `done_on` before today, it went outside this service that
    day and the step is done then; dated today, the letter goes out through this service (email
    or the print queue) and the step is done on the day it is sent (`order_letter_sent`), since
    a "tell the family" limit is met on the sent date (decision record 16)."""
    today = today_or(today)
    order = lock_order(order_id, actor)
    proceed(order.record_step, actor)
    open_steps = {STEP_OF_KIND[d.kind]: d for d in order_open_steps(order)}
    if step not in open_steps:
        raise ValidationError({"step": "Select a step of the order that is still to do"})
    check_on(
        done_on,
        case=order.disagreement.case,
        field="done_on",
        today=today,
        after=order.from_on,
        after_label="the order",
    )
    if step in LETTER_STEPS:
        _order_letter(actor=actor, order=order, step=step, done_on=done_on, today=today)
        order.refresh_from_db(fields=["state", "complied_on", "complied_late"])
        # For the page's message: the step waits for the letter to be sent.
        order.letter_waiting = done_on >= today
        return order
    return _step_done(actor=actor, order=order, deadline=open_steps[step], done_on=done_on)


def _order_letter(
    *, actor: User, order: Order, step: str, done_on: datetime.date, today: datetime.date
) -> None:
    kind = LETTER_STEPS[step]
    if any(n.sent_on is None for n in decision_notices(order, [kind])):
        raise ValidationError(
            {
                "step": "The letter for this step is waiting to go out (see the case's letters "
                "and notices): the step is done on the day it is sent"
            }
        )
    facts = {"order_on": order.from_on, "order_words": ORDER_WORDS[order.source]}
    if step == "assess_notice":
        due = {d.kind: d.due_on for d in order_open_steps(order)}
        facts["no_plan_by"] = due[ORDER_STEP_KINDS["no_plan_notice"][0]]
        facts["final_plan_by"] = due[ORDER_STEP_KINDS["final_plan"][0]]
    else:
        facts["decided_on"] = done_on
    notice_for_decision(
        actor=actor,
        case=order.disagreement.case,
        kind=kind,
        facts=facts,
        decision=order,
        today=today,
        sent_on=already_sent(done_on, today),
    )


def order_letter_sent(*, order_id: int, kind: str, sent_on: datetime.date, actor) -> None:
    """The letter of an order's step was sent (the notice kind's `on_sent` hook, in the
    transaction that recorded the sending): the step is done that day. Nothing happens when
    the step is no longer open (its alternative was done first, or the disagreement closed)."""
    step = next(s for s, k in LETTER_STEPS.items() if k == kind)
    order = (
        Order.objects.select_for_update()
        .select_related("disagreement", "disagreement__case")
        .get(pk=order_id)
    )
    deadline = next(
        (d for d in order_open_steps(order) if d.kind == ORDER_STEP_KINDS[step][0]), None
    )
    if deadline is None or order.state != OrderState.OPEN:
        return
    _step_done(actor=actor, order=order, deadline=deadline, done_on=sent_on)


def _step_done(*, actor: User | None, order: Order, deadline, done_on: datetime.date) -> Order:
    """The step of `deadline` met on `done_on`; the order complied with once none is left."""
    step = STEP_OF_KIND[deadline.kind]
    deadline.met_on = done_on
    deadline.save(update_fields=["met_on", "updated_at"])
    alternative = ALTERNATIVE_STEPS.get(step)
    if alternative is not None:
        deadlines_cancel(order, [ORDER_STEP_KINDS[alternative][0]])
    late = done_on > deadline.due_on
    audit_on_case(
        order,
        "order.step_done",
        actor=actor,
        payload={
            "step": ORDER_STEP_KINDS[step][1],
            "done_on": done_on,
            "timing": f"late (due {deadline.due_on:%-d %B %Y})" if late else "on time",
        },
    )
    if not order_open_steps(order):
        met = [
            d
            for d in deadlines_of(order, [c for c, _l in ORDER_STEP_KINDS.values()])
            if d.met_on is not None
        ]
        complied_on = max(d.met_on for d in met)
        complied_late = any(d.met_on > d.due_on for d in met)
        step_take(
            order.comply,
            actor=actor,
            values={"complied_on": complied_on, "complied_late": complied_late},
            audit="order.complied",
            payload={
                "kind": in_a_sentence(order.get_kind_display()),
                "complied_on": complied_on,
                "timing": "late" if complied_late else "on time",
            },
        )
    return order
