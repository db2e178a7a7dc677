"""What must be true before a workflow step may happen: the rules the FSM transitions carry.

Every step of a workflow is a django-fsm transition on its model (a step that changes nothing but
must happen in certain states has `target=None`). The transition declares, once:

- its source states (`source=`),
- any extra condition (`conditions=[...]`), each a `Condition` with the message a person reads
  when it does not hold ("A plan can be issued only after advice has been asked for"),
- who may take it (`permission=needs(Need.DECIDE)`): a level of access to the case,
- what a person reads when the record is in none of its source states (`not_now`), the same
  sentence on the step's page and when a service refuses the step.

django-fsm's own `can_proceed` / `has_transition_perm` then answer "may this happen now" for the
buttons and next-action lists (`cases.workflow`), and `proceed` below runs the transition inside a
service, turning each failed rule into what the person should see: 403 for a missing right, a
form error for an unmet condition, and "changed by someone else" (409) for a state moved on.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from cases.templatetags.govuk import in_a_sentence

CHANGED_BY_SOMEONE_ELSE = (
    "This case was changed by someone else while you were working on it. "
    "Your changes have not been saved: check the case and try again."
)


class ConcurrentChange(Exception):
    """The record moved on since the user loaded it: nothing was saved."""

    def __init__(self, message: str = CHANGED_BY_SOMEONE_ELSE):
        super().__init__(message)
        self.message = message


class Need(StrEnum):
    """The level of access to one case that a page or a step needs."""

    VIEW = "view"  # open the case and read its record
    WORK = "work"  # change it: requests, advice, plans, reviews, documents
    DECIDE = "decide"  # make the panel's decisions on it


@dataclass(frozen=True)
class Condition:
    """A named precondition of a transition, with the message shown when it fails.

    `field` puts the message on that form field (e.g. "agreed"); empty puts it above the form.
    """

    test: Callable[[object], bool]
    message: str
    field: str = ""

    def __call__(self, instance) -> bool:
        return bool(self.test(instance))

    def error(self) -> ValidationError:
        return ValidationError({self.field: self.message} if self.field else self.message)


def condition(message: str, *, field: str = "") -> Callable[[Callable], Condition]:
    """Decorator: `@condition("Ask for advice first", field="agreed") def advice_asked(r): ...`"""

    def wrap(test: Callable[[object], bool]) -> Condition:
        return Condition(test=test, message=message, field=field)

    return wrap


@dataclass(frozen=True)
class NeedsAccess:
    """A transition's `permission=`: the user needs this level of access to the object's case.

    The model says how to reach the case (`access_case()`); the answer comes from
    `cases.permissions.may`, which reuses what the gateway already proved for this request.
    """

    need: str
    refusal: str

    def __call__(self, instance, user) -> bool:
        from .permissions import may  # permissions imports the models that import this module

        return may(user, instance.access_case(), self.need)


@dataclass(frozen=True)
class NeedsAccessOrAddressed(NeedsAccess):
    """As `NeedsAccess`, or the user is the professional the object (an advice request) is
    addressed to (`cases.permissions.addressed_to`): they answer it, and see nothing else."""

    def __call__(self, instance, user) -> bool:
        from .permissions import addressed_to

        return addressed_to(user, instance) or super().__call__(instance, user)


def needs(need: str, refusal: str = "You cannot work on this case.") -> NeedsAccess:
    return NeedsAccess(need=need, refusal=refusal)


def _transitions(bound_method):
    meta = getattr(bound_method, "_django_fsm", None)
    if meta is None:
        raise TypeError(f"{bound_method.__name__} is not an FSM transition")
    return meta


def _state(bound_method):
    meta = _transitions(bound_method)
    return meta, meta.field.get_state(bound_method.__self__)


def permission_of(bound_method) -> NeedsAccess | None:
    """The one permission rule of a transition (the same for every source state)."""
    meta = _transitions(bound_method)
    for transition in meta.transitions.values():
        if transition.permission is not None:
            return transition.permission
    return None


def may_take(bound_method, user) -> bool:
    """Whether `user` may take this step on this object now: state, conditions and access.

    django-fsm's `has_transition_perm`, answered by the transition's own declaration."""
    meta, state = _state(bound_method)
    return bool(
        meta.has_transition(state)
        and meta.conditions_met(bound_method.__self__, state)
        and meta.has_transition_perm(bound_method.__self__, state, user)
    )


def applies_now(bound_method) -> bool:
    """Whether the step applies in the object's current state (conditions aside)."""
    meta, state = _state(bound_method)
    return meta.has_transition(state)


def changes_state(bound_method) -> bool:
    return any(t.target is not None for t in _transitions(bound_method).transitions.values())


def unmet_condition(bound_method) -> Condition | None:
    meta, state = _state(bound_method)
    transition = meta.get_transition(state)
    if transition is None:
        return None
    for rule in transition.conditions or ():
        if not rule(bound_method.__self__):
            return rule
    return None


def _where_it_stands(who: str, record, field: str, then: str = "") -> str:
    now = f"{who} is {in_a_sentence(getattr(record, f'get_{field}_display')())}"
    return f"{now}: {then}" if then else f"{now}."


def not_now(bound_method) -> str:
    """What a person reads when this step does not apply in the record's current state: the
    transition's own `not_now` (text, or a callable given the record), else the state itself
    ("This annual review is invitations sent.")."""
    meta = _transitions(bound_method)
    obj = bound_method.__self__
    for transition in meta.transitions.values():
        text = transition.custom.get("not_now")
        if text:
            return text(obj) if callable(text) else text
    return _where_it_stands(f"This {obj._meta.verbose_name}", obj, meta.field.name)


def state_now(who: str, then: str = "") -> Callable[[object], str]:
    """A transition's `not_now` that says where the record stands ("This request is
    withdrawn.") and, given `then`, what that means for the step ("This review is decided:
    there is no meeting to record.")."""

    return lambda record: _where_it_stands(who, record, "state", then)


def check(bound_method, actor) -> None:
    """Refuse the step, with the right answer, unless `actor` may take it now.

    In order: the actor's access (PermissionDenied, 403), the state (ConcurrentChange: someone
    else moved the record on; a ValidationError for a step that changes no state), each with the
    transition's `not_now`, then each condition (ValidationError with its message)."""
    obj = bound_method.__self__
    rule = permission_of(bound_method)
    if actor is not None and rule is not None and not rule(obj, actor):
        raise PermissionDenied(rule.refusal)
    if not applies_now(bound_method):
        if changes_state(bound_method):
            raise ConcurrentChange(not_now(bound_method))
        # A step that changes nothing (e.g. "ask for advice") is simply not open now.
        raise ValidationError(not_now(bound_method))
    unmet = unmet_condition(bound_method)
    if unmet is not None:
        raise unmet.error()


def proceed(bound_method, actor, *args, **kwargs):
    """Check the step as `check` does, then run the transition. Call inside the service, with
    the object's row locked."""
    check(bound_method, actor)
    return bound_method(*args, **kwargs)


def step(
    field,
    source,
    target=None,
    *,
    conditions=(),
    need: str = Need.WORK,
    refusal: str = "",
    or_addressee: bool = False,
    not_now: str | Callable[[object], str] = "",
):
    """A django-fsm transition that is a workflow step: its source states, its target (None: a
    step that changes no state), its extra conditions, the level of access it needs (or, with
    `or_addressee`, being the professional the object is addressed to) and what a person reads
    when the record is in none of the source states (`not_now`: on the step's page and when a
    service refuses it; by default the record's state)."""
    from django_fsm import transition

    rule = needs(need, refusal) if refusal else needs(need)
    if or_addressee:
        rule = NeedsAccessOrAddressed(need=rule.need, refusal=rule.refusal)
    return transition(
        field=field,
        source=source,
        target=target,
        conditions=list(conditions),
        permission=rule,
        custom={"not_now": not_now},
    )
