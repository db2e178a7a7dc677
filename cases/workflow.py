"""The workflow core: each step of a statutory journey declared once, everything else derived.

A `Step` names the FSM transition(s) it takes (whose `source`, `conditions` and `permission`
say when and by whom, see `cases.rules`), how to find its subject through the app's gateway, its
form, the service it calls, its label, its URL and its page's words. From the declarations come:

- the URL patterns (`urlpatterns(steps)`), every one served by the single generic `step_view`;
- the GET and POST checks (`step_view`: 404 from the gateway, 403 without the access the
  transition needs, "no longer applies" when the state has moved on);
- the next-action lists and buttons of the case, plan and review pages (`next_actions`), which
  ask django-fsm's `has_transition_perm` through `cases.rules.may_take`.

A new step is one `Step(...)` in the app's `steps.py`, one service and, if needed, one template.
The steps of one subject are usually made by one `step_maker`, which says once what they share.
"""

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import path
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cases.formflow import form_data

from . import rules
from .audit import record_access
from .formflow import submit
from .registry import Registry

FORM_TEMPLATE = "cases/action_form.html"


@dataclass
class Target:
    """What a step acts on, found through the app's gateway: the subject (the object whose
    transition runs), its case, where the page returns, and what its template needs."""

    subject: models.Model
    case: models.Model
    back_url: str
    back_label: str = "Back"
    context: dict = field(default_factory=dict)
    after: Callable[[HttpRequest, object], str] | None = None  # where to go after success


@dataclass(frozen=True)
class Action:
    """A next thing a person may do, as a button or link."""

    label: str
    url: str
    primary: bool = False
    step: str = ""  # the step's full URL name, e.g. "cases:decide_to_assess"


Text = str | Callable[[object], str]


def _text(value: Text, subject) -> str:
    return value(subject) if callable(value) else value


@dataclass(frozen=True)
class Step:
    """One step of a workflow. See the module docstring."""

    namespace: str  # the URL namespace ("cases", "reviews", ...)
    name: str  # the URL name in it ("decide_to_assess")
    route: str  # the URL route in the namespace ("<str:reference>/requests/<int:request_id>/...")
    model: type[models.Model]  # the subject's model
    transitions: tuple[str, ...]  # its FSM transitions; the step applies when any of them does
    label: str  # the button that leads to it
    locate: Callable[..., Target]  # (request, **url kwargs) -> Target, through the gateway
    url_kwargs: Callable[[object], dict]  # subject -> the URL's kwargs
    form: Callable[..., object]  # (data, files, subject) -> a bound or unbound form
    perform: Callable[[object, object, dict], object]  # (actor, subject, cleaned data) -> result
    success: Text  # the confirmation banner (a callable gets the service's result)
    title: Text = ""  # the page's heading; the label when it says no more
    submit: str = "Save"
    lead: Text = ""
    warning: str = ""
    warning_button: bool = False
    template: str = FORM_TEMPLATE
    primary: bool | Callable[[object], bool] = False
    extra_context: Callable[[object], dict] | None = None  # e.g. the deadline this step meets
    field_map: dict | None = None  # a service's argument -> the form field its errors go on

    @property
    def url_name(self) -> str:
        return f"{self.namespace}:{self.name}"

    def bound(self, subject) -> list:
        return [getattr(subject, name) for name in self.transitions]

    def url(self, subject) -> str:
        return reverse(self.url_name, kwargs=self.url_kwargs(subject))

    def available_to(self, subject, user) -> bool:
        return any(rules.may_take(method, user) for method in self.bound(subject))

    def applies_now(self, subject) -> bool:
        return any(rules.applies_now(method) for method in self.bound(subject))

    def require_access(self, subject, user) -> None:
        rule = rules.permission_of(self.bound(subject)[0])
        if rule is not None and not rule(subject, user):
            raise PermissionDenied(rule.refusal)

    def is_primary(self, subject) -> bool:
        return self.primary(subject) if callable(self.primary) else self.primary


_STEPS = Registry("workflow step")


def register(*steps: Step) -> tuple[Step, ...]:
    """Declare steps (from an app's `steps.py`). A URL name is declared once."""
    for step in steps:
        _STEPS.add(step.url_name, step)
    return steps


def calls(service: Callable[..., object], key: str) -> Callable[[object, object, dict], object]:
    """A step's `perform` for a service that takes the subject's id as `key` and the form's
    cleaned data as keyword arguments (most steps)."""

    def perform(actor, subject, data: dict):
        return service(actor=actor, **{key: subject.pk}, **data)

    return perform


def plain_form(form_class):
    """A step's `form` for a form class that takes only the posted data and files."""
    return lambda data, files, subject: form_class(data, files)


def versioned_form(form_class, *, of: Callable[[object], object] | None = None, **initial):
    """A step's `form` for a form that carries the version of the subject the user saw, so a
    change made meanwhile by someone else is caught (`rules.ConcurrentChange`).

    `of` finds the object whose version counts (the subject itself unless said, e.g. the review
    an amendment is reached through); each of `initial` is a function of that object."""

    def build(data, files, subject):
        versioned = of(subject) if of is not None else subject
        extra = {name: value(versioned) for name, value in initial.items()}
        return form_class(data, files, initial={"version": versioned.version, **extra})

    return build


def step_maker(
    *,
    namespace: str,
    model: type[models.Model],
    locate: Callable[..., Target],
    url_kwargs: Callable[[object], dict],
    route: str = "",
    key: str = "",
    form_of: Callable = plain_form,
    perform_of: Callable = calls,
    **defaults,
) -> Callable[..., Step]:
    """What the steps on one kind of subject share, said once: their URL namespace and the start
    of their route, the subject's model, the gateway that finds it and the id its services take.

    The maker returned takes a step's name, the rest of its route and its own declaration. There
    `form_class=` is built by `form_of` (a step with a form of its own gives `form=`), and
    `service=` is called through `perform_of` with the subject's id as `key` (a step that calls
    it otherwise gives `perform=`). `defaults` (e.g. the template) hold unless a step says
    otherwise; so does `locate`."""

    def make(name: str, tail: str, *, form_class=None, service=None, **declared) -> Step:
        if form_class is not None:
            declared["form"] = form_of(form_class)
        if service is not None:
            if not key:
                raise TypeError(f"Step {name!r} names a service, but its maker has no key.")
            declared["perform"] = perform_of(service, key)
        shared = {"locate": locate, **defaults}
        return Step(
            namespace=namespace,
            name=name,
            route=route + tail,
            model=model,
            url_kwargs=url_kwargs,
            **{**shared, **declared},
        )

    return make


def step_named(url_name: str) -> Step:
    return _STEPS[url_name]


def steps_for(model: type[models.Model]) -> list[Step]:
    return [step for step in _STEPS.values() if step.model is model]


def next_actions(subject, user, *, only: Iterable[str] | None = None) -> list[Action]:
    """The steps `user` may take on `subject` now, in their declared order."""
    wanted = set(only) if only is not None else None
    return [
        Action(step.label, step.url(subject), step.is_primary(subject), step.url_name)
        for step in steps_for(type(subject))
        if (wanted is None or step.url_name in wanted) and step.available_to(subject, user)
    ]


def safe_next(request: HttpRequest, default: str) -> str:
    """Where a form returns: `?next=` when it is a page under `default` (e.g. the plan page of
    the same case), else `default`. Anything else (another case, another site) is ignored, so
    it cannot be used to redirect."""
    wanted = request.GET.get("next", "")
    if wanted.startswith(default) and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def form_page(
    request: HttpRequest,
    target: Target,
    *,
    form,
    perform: Callable[[dict], object],
    success: Text,
    template: str = FORM_TEMPLATE,
    field_map: dict | None = None,
    **context,
) -> HttpResponse:
    """GET shows the form; a valid POST runs `perform` and returns to the target's page. The
    one form runner of every staff screen that changes a case (steps and the rest alike).

    Opening the form is a read of the child's record (special category data): it is logged."""
    if request.method == "GET":
        record_access(
            user=request.user, case=target.case, what=f"opened {context.get('title', 'a form')}"
        )
    done = submit(request, form, perform, success=success, field_map=field_map)
    if done.succeeded:
        return redirect(target.after(request, done.result) if target.after else target.back_url)
    return render(
        request,
        template,
        {
            "case": target.case,
            "child": target.case.child,
            "form": form,
            "case_url": target.back_url,
            "back_url": target.back_url,
            "back_label": target.back_label,
            **target.context,
            **context,
        },
        status=done.status,
    )


def step_view(request: HttpRequest, step: Step, **kwargs) -> HttpResponse:
    """The one view every step runs in: GET shows its form, a valid POST runs its service."""
    target = step.locate(request, **kwargs)
    subject = target.subject
    step.require_access(subject, request.user)
    if request.method != "POST" and not step.applies_now(subject):
        messages.info(request, rules.not_now(step.bound(subject)[0]))
        return redirect(target.back_url)
    form = step.form(form_data(request), request.FILES or None, subject)
    return form_page(
        request,
        target,
        form=form,
        perform=lambda data: step.perform(request.user, subject, data),
        success=step.success,
        template=step.template,
        field_map=step.field_map,
        title=_text(step.title or step.label, subject),
        lead=_text(step.lead, subject),
        warning=step.warning,
        warning_button=step.warning_button,
        submit=step.submit,
        **(step.extra_context(subject) if step.extra_context else {}),
    )


def _view_for(step: Step):
    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request, **kwargs):
        return step_view(request, step, **kwargs)

    view.__name__ = view.__qualname__ = step.name
    view.__doc__ = f"{step.label} (the generic step view)."
    return view


def urlpatterns(steps: Sequence[Step]) -> list:
    """The URL patterns of these steps, each served by `step_view`."""
    return [path(step.route, _view_for(step), name=step.name) for step in steps]
