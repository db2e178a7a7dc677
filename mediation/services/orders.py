"""What the council must do after a mediation agreement (reg 42), a Tribunal order (reg 44) or
an appeal it did not oppose (reg 45): each step a stored deadline from the clock, recorded done
on a date, the order complied with (on time or late) when none is left."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import deadlines
from cases.audit import audit_record
from cases.models import User
from cases.rules import proceed
from cases.services import deadline_set, deadlines_cancel, deadlines_of
from ehcp.models import Cessation, CessationState
from ehcp.services.cessation import cessation_withdraw
from mediation.models import ALTERNATIVE_STEPS, ORDER_STEP_KINDS, Disagreement, Order, OrderKind

from ._common import check_on, lock_order, today_or

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
        audit_record(
            actor=actor,
            action="order.timescale_agreed",
            obj=order,
            case=disagreement.case,
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
    audit_record(
        actor=actor,
        action="order.made",
        obj=order,
        case=disagreement.case,
        payload={
            "source": order.get_source_display(),
            "kind": order.get_kind_display().lower(),
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
    assess, the "no plan" notice and the final plan are alternatives: one ends the other."""
    today = today_or(today)
    order = lock_order(order_id, actor)
    proceed(order.record_step, actor, moved_on="This order has been complied with.")
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
    deadline = open_steps[step]
    deadline.met_on = done_on
    deadline.save(update_fields=["met_on", "updated_at"])
    alternative = ALTERNATIVE_STEPS.get(step)
    if alternative is not None:
        deadlines_cancel(order, [ORDER_STEP_KINDS[alternative][0]])
    late = done_on > deadline.due_on
    audit_record(
        actor=actor,
        action="order.step_done",
        obj=order,
        case=order.disagreement.case,
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
        proceed(order.comply, actor)
        order.complied_on = max(d.met_on for d in met)
        order.complied_late = any(d.met_on > d.due_on for d in met)
        order.save(update_fields=["state", "complied_on", "complied_late"])
        audit_record(
            actor=actor,
            action="order.complied",
            obj=order,
            case=order.disagreement.case,
            payload={
                "kind": order.get_kind_display().lower(),
                "complied_on": order.complied_on,
                "timing": "late" if order.complied_late else "on time",
            },
        )
    return order
