"""The SEN case officer's screens of the EHC plan: the plan page, one edit page per section,
consultation responses, PDF downloads, comparing versions and personal budget requests.

Thin on purpose, like the case screens: parse the form, call a selector or a service, render.
Every plan is reached through `selectors.plan_get_for_user` (the case gateway, then the case's
plan: 404 for "no such case", "not yours" and "no plan" alike). Reading is open to whoever may
see the case; every write needs the level `Need.WORK` (403 otherwise) and goes through
`ehcp.services`, which raises `ValidationError` (shown on the form) or `ConcurrentChange` (409).
Issuing the draft and the final plan and consulting a setting are workflow steps (`ehcp.steps`). Statutory dates shown here
are read from what the services stored, never worked out in a view.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases import selectors as case_selectors
from cases.audit import record_access
from cases.formflow import form_data
from cases.permissions import require
from cases.rules import Need
from cases.steps import case_url
from cases.templatetags.govuk import in_a_sentence
from cases.workflow import Target
from cases.workflow import form_page

from . import forms
from . import selectors
from . import services
from .content import NEED_SECTIONS
from .content import PROVISION_SECTIONS
from .content import SECTION_TITLES
from .content import compare
from .models import BUDGET_NOT_YET
from .models import HAS_A_PLAN
from .models import NeedArea
from .models import PlanState
from .models import is_live
from .models import plan_start_refusal
from .steps import budgets_url

FORM_TEMPLATE = "ehcp/form.html"
ITEM_KINDS = ("need", "outcome", "provision", "advice")
# The area a new need starts with, per section (the officer can change it).
DEFAULT_AREA = {"C": NeedArea.HEALTH, "D": NeedArea.SOCIAL_CARE}


# --- helpers -----------------------------------------------------------------------------------


def _run(
    request,
    case,
    *,
    plan=None,
    form,
    perform: Callable[[dict], object],
    success: str | Callable[[object], str],
    next_url: str,
    context: dict,
    template: str = FORM_TEMPLATE,
    field_map: dict | None = None,
) -> HttpResponse:
    """The plan's screens that are not workflow steps (section edits, removals, personal
    budgets) on the one form runner: back to the plan when there is one, else the case."""
    back_url = selectors.plan_url(case) if plan is not None else case_url(case)
    target = Target(
        subject=plan or case,
        case=case,
        back_url=back_url,
        back_label="Back to the plan" if plan is not None else "Back to the case",
        context={"plan": plan, "cancel_url": back_url},
        after=lambda _request, _result: next_url,
    )
    return form_page(
        request,
        target,
        form=form,
        perform=perform,
        success=success,
        template=template,
        field_map=field_map,
        **context,
    )


def _not_now(request, url: str, text: str) -> HttpResponse:
    """The action no longer applies (e.g. someone else moved the plan on): say so."""
    messages.info(request, text)
    return redirect(url)


def _not_editable(request, plan) -> HttpResponse:
    return _not_now(
        request,
        selectors.plan_url(plan.case),
        f"The plan is {in_a_sentence(plan.get_state_display())}: it can no longer be changed here.",
    )


# --- the plan page -------------------------------------------------------------------------------


@require_safe
def plan_detail(request, reference):
    plan = selectors.plan_get_for_user(
        request.user,
        reference,
        annotate=selectors.plan_page_reads(),
        plan_lists=tuple(selectors.PLAN_PAGE_LISTS),
    )
    record_access(user=request.user, case=plan.case, what="viewed EHC plan")
    today = timezone.localdate()
    page = selectors.plan_page(plan, user=request.user, today=today)
    return render(
        request,
        "ehcp/plan_detail.html",
        {"page": page, "plan": plan, "case": plan.case, "child": plan.case.child, "today": today},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_start(request, reference):
    case = case_selectors.case_get_for_user(request.user, reference, Need.WORK)
    existing = selectors.plan_for_case(case)
    assessment_request = selectors.request_ready_for_plan(case)
    has_live_plan = is_live(existing)
    refusal = plan_start_refusal(assessment_request, has_live_plan=has_live_plan)
    if refusal:
        return _not_now(
            request, selectors.plan_url(case) if has_live_plan else case_url(case), refusal
        )
    form = forms.ConfirmForm(form_data(request))

    def perform(_data):
        return services.plan_start(actor=request.user, request_id=assessment_request.pk)

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success="You have started drafting the EHC plan. Section K lists the advice received "
        "during the assessment.",
        next_url=selectors.plan_url(case),
        context={
            "title": "Start drafting the EHC plan",
            "lead": "The plan is written section by section, A to K. Nothing is sent to the "
            "family until you issue the draft plan.",
            "submit": "Start drafting the plan",
        },
    )


# --- one page per section ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def plan_record_existing(request, reference):
    """Enter a plan issued before this service or recorded as issued outside it, so its reviews
    are scheduled and chased."""
    case = case_selectors.case_get_for_user(request.user, reference, Need.WORK)
    existing = selectors.plan_for_case(case)
    if is_live(existing):
        return _not_now(request, selectors.plan_url(case), HAS_A_PLAN)
    form = forms.ExistingPlanForm(form_data(request))

    def perform(data):
        return services.plan_record_existing(
            actor=request.user,
            case_id=case.pk,
            issued_on=data["issued_on"],
            last_reviewed_on=data["last_reviewed_on"],
            **form.placement(),
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda plan: (
            "Plan entered. Its next review is due by "
            f"{format_date(selectors.next_review_due(plan), 'j F Y')}."
        ),
        next_url=case_url(case),
        context={
            "title": "Enter a plan issued outside this service",
            "lead": "For a plan issued before this service was used, or recorded as issued "
            "outside it: enter its dates and the school or college it names, so its annual "
            "review is scheduled and chased like any other.",
            "submit": "Enter the plan",
        },
        field_map={"setting_id": "setting"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def section(request, reference, section):
    plan = selectors.plan_get_for_user(request.user, reference, Need.WORK)
    key = section.upper()
    if key not in SECTION_TITLES or section != key.lower():
        raise Http404("No such section.")
    if request.method != "POST" and not plan.is_editable:
        return _not_editable(request, plan)
    if key == "A":
        return _section_a(request, plan)
    if key in NEED_SECTIONS:
        return _need_form(request, plan, key)
    if key == "E":
        return _outcome_form(request, plan)
    if key in PROVISION_SECTIONS:
        return _provision_form(request, plan, key)
    if key == "I":
        return _placement(request, plan)
    if key == "J":
        return _budget(request, plan)
    return _advice(request, plan)


@require_http_methods(["GET", "HEAD", "POST"])
def section_item(request, reference, section, item_id):
    """Change one need (B, C, D), outcome (E) or provision (F, G, H1, H2)."""
    plan = selectors.plan_get_for_user(request.user, reference)
    key = section.upper()
    if section != key.lower():
        raise Http404("No such section.")
    if key in NEED_SECTIONS:
        item = selectors.item_get_for_plan(plan, "need", item_id)
    elif key == "E":
        item = selectors.item_get_for_plan(plan, "outcome", item_id)
    elif key in PROVISION_SECTIONS:
        item = selectors.item_get_for_plan(plan, "provision", item_id)
    else:
        raise Http404("No such section.")
    if getattr(item, "section", key) != key:
        raise Http404("Not in this section.")
    require(request.user, plan.case, Need.WORK)
    if request.method != "POST" and not plan.is_editable:
        return _not_editable(request, plan)
    if key in NEED_SECTIONS:
        return _need_form(request, plan, key, item)
    if key == "E":
        return _outcome_form(request, plan, item)
    return _provision_form(request, plan, key, item)


def _section_context(plan, key: str, **extra) -> dict:
    section_url = selectors.section_url(plan.case, key)
    return {
        "section_key": key,
        "section_title": SECTION_TITLES[key],
        "section_url": section_url,
        **extra,
    }


def _whole_section(request, plan, key: str, *, form, perform, lead: str = "", **options):
    """A section edited as one form (A, I, J): saved, then back to it on the plan page."""
    return _run(
        request,
        plan.case,
        plan=plan,
        form=form,
        perform=perform,
        success=f"Section {key} saved",
        next_url=selectors.plan_url(plan.case) + f"#section-{key.lower()}",
        context=_section_context(
            plan, key, title=SECTION_TITLES[key], submit=f"Save section {key}", lead=lead
        ),
        **options,
    )


def _section_a(request, plan):
    form = forms.SectionAForm(
        form_data(request),
        initial={
            "views": plan.views,
            "interests": plan.interests,
            "aspirations": plan.aspirations,
            "one_page_profile": plan.one_page_profile,
        },
    )

    def perform(data):
        return services.plan_section_a_update(actor=request.user, plan_id=plan.pk, **data)

    return _whole_section(request, plan, "A", form=form, perform=perform)


def _item_page(
    request,
    plan,
    key: str,
    item,
    *,
    noun: str,
    form,
    perform,
    items,
    list_template: str,
    field_map: dict | None = None,
    add_title: str = "",
    **context,
):
    """Add an item to a section (the section's page, listing what it holds) or change one (a
    form of its own): a need (B, C, D), an outcome (E) or provision (F, G, H1, H2)."""
    section_url = selectors.section_url(plan.case, key)
    context = _section_context(plan, key, **context)
    if item is None:
        article = "an" if noun[0] in "aeiou" else "a"
        title = add_title or f"Add {article} {noun}"
        context.update(title=title, submit=f"Add the {noun}", items=items)
        template = list_template
    else:
        context.update(
            title=f"Change {noun} {item.ref}",
            submit=f"Save the {noun}",
            cancel_url=section_url,
            back_url=section_url,
            back_label=f"Back to section {key}",
        )
        template = FORM_TEMPLATE
    return _run(
        request,
        plan.case,
        plan=plan,
        form=form,
        perform=perform,
        success=f"{noun.capitalize()} {'saved' if item else 'added'} in section {key}",
        next_url=section_url,
        context=context,
        template=template,
        field_map=field_map,
    )


def _need_form(request, plan, key: str, need=None):
    needs = selectors.plan_needs(plan)
    if need is None:
        initial = {"area": DEFAULT_AREA.get(key, "")}
    else:
        need.ref = next(n.ref for n in needs if n.pk == need.pk)
        initial = {"area": need.area, "description": need.description}
    form = forms.NeedForm(form_data(request), initial=initial)

    def perform(data):
        return services.plan_need_save(
            actor=request.user,
            plan_id=plan.pk,
            need_id=need.pk if need else None,
            section=key,
            area=data["area"],
            description=data["description"],
        )

    return _item_page(
        request,
        plan,
        key,
        need,
        noun="need",
        form=form,
        perform=perform,
        items=[n for n in needs if n.section == key],
        list_template="ehcp/section_needs.html",
    )


def _outcome_form(request, plan, outcome=None):
    today = timezone.localdate()
    needs = selectors.plan_needs(plan)
    outcomes = selectors.plan_outcomes(plan, needs)
    initial = {}
    if outcome is not None:
        outcome = next(o for o in outcomes if o.pk == outcome.pk)
        initial = {
            "description": outcome.description,
            "achieve_by": outcome.achieve_by,
            "steps": outcome.steps,
            "needs": [str(n.pk) for n in outcome.needs.all()],
            "preparing_for_adulthood": outcome.preparing_for_adulthood,
        }
    form = forms.OutcomeForm(
        form_data(request),
        initial=initial,
        needs=needs,
        year_group=selectors.child_year_group(plan, today),
    )

    def perform(data):
        return services.plan_outcome_save(
            actor=request.user,
            plan_id=plan.pk,
            outcome_id=outcome.pk if outcome else None,
            description=data["description"],
            achieve_by=data["achieve_by"],
            need_ids=form.need_ids(),
            steps=data["steps"],
            preparing_for_adulthood=data["preparing_for_adulthood"],
        )

    return _item_page(
        request,
        plan,
        "E",
        outcome,
        noun="outcome",
        form=form,
        perform=perform,
        items=outcomes,
        list_template="ehcp/section_outcomes.html",
        field_map={"need_ids": "needs"},
        needs=needs,
    )


def _provision_form(request, plan, key: str, provision=None):
    outcomes = selectors.plan_outcomes(plan)
    items = selectors.plan_provisions(plan, key, outcomes)
    initial = {}
    if provision is not None:
        provision = next(p for p in items if p.pk == provision.pk)
        initial = {
            "what": provision.what,
            "by_whom": provision.by_whom,
            "frequency": provision.frequency,
            "quantity": provision.quantity,
            "duration": provision.duration,
            "outcomes": [str(o.pk) for o in provision.outcomes.all()],
        }
    form = forms.ProvisionForm(form_data(request), initial=initial, outcomes=outcomes)

    def perform(data):
        return services.plan_provision_save(
            actor=request.user,
            plan_id=plan.pk,
            provision_id=provision.pk if provision else None,
            section=key,
            what=data["what"],
            by_whom=data["by_whom"],
            frequency=data["frequency"],
            quantity=data["quantity"],
            duration=data["duration"],
            outcome_ids=form.outcome_ids(),
        )

    return _item_page(
        request,
        plan,
        key,
        provision,
        noun="provision",
        form=form,
        perform=perform,
        items=items,
        list_template="ehcp/section_provision.html",
        field_map={"outcome_ids": "outcomes"},
        add_title="Add provision",
    )


SECTION_I_IN_DRAFT = (
    "Section I stays empty in a draft plan: the draft must not name a school or other "
    "institution, or a type of setting (Children and Families Act 2014, section 38(5)). The "
    "family says which school or college they want in their response to the draft; name it "
    "here once the draft has been issued and the school or college has been consulted."
)


def _placement(request, plan):
    form = forms.PlacementForm(
        form_data(request),
        initial={
            "setting": plan.placement_setting_id,
            "placement_type": plan.placement_type,
            "notes": plan.placement_notes,
        },
    )

    def perform(data):
        return services.plan_placement_set(
            actor=request.user,
            plan_id=plan.pk,
            notes=data["notes"],
            **form.placement(),
        )

    return _whole_section(
        request,
        plan,
        "I",
        form=form,
        perform=perform,
        lead=SECTION_I_IN_DRAFT if plan.state == PlanState.DRAFTING else "",
        field_map={"setting_id": "setting"},
    )


def _money_initial(value) -> str:
    return f"{value:.2f}" if value is not None else ""


def _budget(request, plan):
    form = forms.BudgetForm(
        form_data(request),
        initial={
            "education": _money_initial(plan.budget_education),
            "health": _money_initial(plan.budget_health),
            "social_care": _money_initial(plan.budget_social_care),
            "direct_payment": _money_initial(plan.budget_direct_payment),
            "arrangements": plan.budget_arrangements,
        },
    )

    def perform(data):
        return services.plan_budget_set(actor=request.user, plan_id=plan.pk, **data)

    return _whole_section(
        request, plan, "J", form=form, perform=perform, template="ehcp/section_budget.html"
    )


def _advice(request, plan):
    form = forms.AdviceForm(form_data(request))

    def perform(data):
        return services.plan_advice_add(actor=request.user, plan_id=plan.pk, **data)

    return _run(
        request,
        plan.case,
        plan=plan,
        form=form,
        perform=perform,
        success=lambda advice: f"Added to section K: {advice.title}",
        next_url=selectors.section_url(plan.case, "K"),
        context=_section_context(
            plan,
            "K",
            title="Add advice or information",
            submit="Add to section K",
            items=selectors.plan_advice(plan),
        ),
        template="ehcp/section_advice.html",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def item_remove(request, reference, kind, item_id):
    """Remove a need, outcome, provision or advice: a confirmation page, then a POST."""
    plan = selectors.plan_get_for_user(request.user, reference)
    if kind not in ITEM_KINDS:
        raise Http404("No such part of a plan.")
    item = selectors.item_get_for_plan(plan, kind, item_id)
    require(request.user, plan.case, Need.WORK)
    if request.method != "POST" and not plan.is_editable:
        return _not_editable(request, plan)
    key = {"outcome": "E", "advice": "K"}.get(kind) or item.section
    section_url = selectors.section_url(plan.case, key)
    description = {
        "need": lambda: f"{item.get_area_display()}: {item.description}",
        "outcome": lambda: item.description,
        "provision": lambda: f"{item.what}, by {item.by_whom}",
        "advice": lambda: f"{item.title}, {item.author}",
    }[kind]()
    form = forms.ConfirmForm(form_data(request))

    def perform(_data):
        return services.plan_item_delete(
            actor=request.user, plan_id=plan.pk, kind=kind, item_id=item.pk
        )

    return _run(
        request,
        plan.case,
        plan=plan,
        form=form,
        perform=perform,
        success=f"{kind.capitalize()} removed from section {key}",
        next_url=section_url,
        context={
            "title": f"Are you sure you want to remove this {kind}?",
            "description": description,
            "section_title": SECTION_TITLES[key],
            "submit": f"Remove the {kind}",
            "warning_button": True,
            "cancel_url": section_url,
            "back_url": section_url,
            "back_label": f"Back to section {key}",
        },
        template="ehcp/remove.html",
    )


# --- consultation with schools and colleges ---------------------------------------------------
# (issuing the draft and the final plan, the family's response, consulting a setting and
# recording its response are steps: ehcp.steps)


# --- issued versions: PDF and comparison -------------------------------------------------------


@require_safe
def version_pdf(request, reference, number):
    plan = selectors.plan_get_for_user(request.user, reference)
    version = selectors.version_get_for_plan(plan, number)
    # versions made in bulk (imports, demo data) get their PDF rendered on first download
    pdf = services.plan_version_pdf(version)
    case = plan.case
    record_access(user=request.user, case=case, what=f"downloaded EHC plan version {number}")
    response = FileResponse(
        pdf.open("rb"),
        as_attachment=True,
        filename=f"EHC-plan-{case.reference}-v{version.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def version_compare(request, reference):
    """Two issued versions side by side, section by section: `?from=1&to=2` (default: the
    latest against the one before it)."""
    plan = selectors.plan_get_for_user(request.user, reference)
    case = plan.case
    versions = selectors.version_numbers(plan)
    form = comparison = None
    numbers = None
    if len(versions) >= 2:
        asked = "from" in request.GET or "to" in request.GET
        form = forms.CompareForm(
            request.GET if asked else {"from": versions[-2].number, "to": versions[-1].number},
            versions=versions,
        )
        if form.is_valid():
            numbers = (form.cleaned_data["from"], form.cleaned_data["to"])
            content = selectors.versions_content(plan, list(numbers))
            comparison = compare(content[numbers[0]], content[numbers[1]])
    record_access(
        user=request.user,
        case=case,
        what=f"compared EHC plan versions {numbers[0]} and {numbers[1]}"
        if numbers
        else "viewed the versions of the EHC plan",
    )
    return render(
        request,
        "ehcp/compare.html",
        {
            "case": case,
            "child": case.child,
            "plan": plan,
            "versions": versions,
            "form": form,
            "numbers": numbers,
            "comparison": comparison,
            "changed_count": sum(1 for c in comparison or () if c.changed),
        },
    )


# --- personal budget requests --------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def budget_request_new(request, reference):
    """Works on the case: from the decision to issue a plan, before the plan exists too."""
    case = case_selectors.case_get_for_user(request.user, reference)
    require(request.user, case, Need.WORK)
    plan = selectors.plan_for_case(case)
    if request.method != "POST" and not selectors.budget_request_allowed(case, plan):
        return _not_now(
            request,
            case_url(case),
            BUDGET_NOT_YET,
        )
    form = forms.BudgetRequestForm(form_data(request))

    def perform(data):
        return services.budget_request_record(
            actor=request.user,
            case_id=case.pk,
            requested_on=data["requested_on"],
            requested_by=data["requested_by"],
            **forms.BudgetRequestForm.asked(data),
        )

    return _run(
        request,
        case,
        plan=plan if is_live(plan) else None,
        form=form,
        perform=perform,
        success=lambda b: f"Personal budget request from {b.requested_by} recorded",
        next_url=budgets_url(case),
        context={"title": "Record a personal budget request", "submit": "Record the request"},
    )
