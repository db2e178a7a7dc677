"""Staff pages of letters: the print queue (today's letters to post, one PDF of them all, then
"mark posted"), and the council's letter templates (managers: wording, preview with a real
case, version history). Thin: parse, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST
from django.views.decorators.http import require_safe

from cases.audit import record_list_access
from cases.formflow import add_service_errors
from cases.formflow import form_data
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.rules import Need
from cases.selectors import case_get_for_user

from . import selectors
from . import services
from .forms import LetterTemplateForm
from .forms import MarkPostedForm
from .kinds import notice_kind
from .kinds import notice_kinds
from .letters import check_letter_text
from .letters import letter_context
from .letters import letter_text
from .models import LetterTemplate
from .printing import post_queue_pdf
from .recipients import Recipient
from .recipients import notice_recipients


def _require(user, ability: Ability, refusal: str) -> None:
    if not has_ability(user, ability):
        raise PermissionDenied(refusal)


# --- the print queue ---------------------------------------------------------------------------

POST_REFUSAL = "The print queue is for SEN case officers and managers."


@require_http_methods(["GET", "HEAD", "POST"])
def post_queue(request):
    _require(request.user, Ability.CASEWORK, POST_REFUSAL)
    today = timezone.localdate()
    deliveries = list(selectors.post_queue(request.user, today=today))
    form = MarkPostedForm(
        form_data(request),
        deliveries=deliveries,
        initial={"deliveries": [d.pk for d in deliveries], "posted_on": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.deliveries_mark_posted(
                actor=request.user,
                delivery_ids=form.cleaned_data["deliveries"],
                posted_on=form.cleaned_data["posted_on"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{count} letter{'s' if count != 1 else ''} marked as posted on "
                f"{form.cleaned_data['posted_on']:%-d %B %Y}.",
            )
            return redirect("notices:post_queue")
    checked = {str(value) for value in (form["deliveries"].value() or [])}
    for delivery in deliveries:
        delivery.checked = str(delivery.pk) in checked
    record_list_access(
        user=request.user,
        cases=[d.notice.case_id for d in deliveries],
        what="listed in the letters to post",
    )
    return render(
        request,
        "notices/post_queue.html",
        {"deliveries": deliveries, "form": form, "today": today},
    )


@require_safe
def post_queue_print(request):
    _require(request.user, Ability.CASEWORK, POST_REFUSAL)
    today = timezone.localdate()
    deliveries = list(selectors.post_queue(request.user, today=today))
    if not deliveries:
        raise Http404("There are no letters to post.")
    record_list_access(
        user=request.user,
        cases=[d.notice.case_id for d in deliveries],
        what="printed the letters to post",
    )
    response = HttpResponse(post_queue_pdf(deliveries), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letters-to-post-{today}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def delivery_by_post(request, reference, delivery_id):
    """A failed email goes by post instead; back to the print queue, where it now waits."""
    case = case_get_for_user(request.user, reference, need=Need.WORK)
    try:
        delivery = services.delivery_send_by_post(
            actor=request.user, case=case, delivery_id=delivery_id
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The letter to {delivery.name} is now waiting to be posted.")
    return redirect("notices:post_queue")


@require_POST
def notice_prepare(request, reference, notice_id):
    """A held notice (nobody could receive it) is prepared once the contact details are in; a
    letter that failed every try is written again."""
    case = case_get_for_user(request.user, reference, need=Need.WORK)
    try:
        notice = services.notice_prepare(actor=request.user, case=case, notice_id=notice_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The letter \u201c{notice.title}\u201d is being prepared: it goes out once it is ready.",
        )
    if request.POST.get("back") == "case":  # from the case page's panel
        return redirect(reverse("cases:case", kwargs={"reference": case.reference}) + "#notices")
    return redirect("notices:post_queue")


# --- letter templates --------------------------------------------------------------------------

LETTERS_REFUSAL = "Only SEN managers change the council's letters."


@require_safe
def letter_templates(request):
    _require(request.user, Ability.EDIT_LETTERS, LETTERS_REFUSAL)
    templates = {t.kind: t for t in LetterTemplate.objects.select_related("updated_by")}
    rows = [(kind, templates.get(kind.code)) for kind in notice_kinds()]
    return render(request, "notices/letter_templates.html", {"rows": rows})


def _kind_or_404(code: str):
    try:
        return notice_kind(code)
    except KeyError:
        raise Http404("No such letter.") from None


def _preview(request, kind, text: str):
    """The letter as it would be for a real case today (dates it states shown as today)."""
    reference = (request.GET.get("case") or request.POST.get("case") or "").strip()
    if not reference:
        return None
    case = case_get_for_user(request.user, reference)
    today = timezone.localdate()
    recipients = notice_recipients(
        kind,
        case,
        on=today,
        addressee=Recipient("addressee", "The adviser", "post")
        if kind.audience == "addressee"
        else None,
    )
    facts = {
        fact.name: today.isoformat() if fact.type == "date" else f"[{fact.label.lower()}]"
        for fact in kind.facts
    }
    letter = services.letter_facts_for(
        kind=kind, case=case, facts=facts, dated_on=today, recipients=recipients
    )
    return render_to_string("notices/_letter_body.html", letter_context(letter, text))


@require_http_methods(["GET", "HEAD", "POST"])
def letter_template_edit(request, kind):
    _require(request.user, Ability.EDIT_LETTERS, LETTERS_REFUSAL)
    kind = _kind_or_404(kind)
    template = LetterTemplate.objects.filter(kind=kind.code).first()
    text, version = letter_text(kind)
    form = LetterTemplateForm(form_data(request), initial={"body": text})
    preview_text = text
    if request.method == "POST" and form.is_valid():
        preview_text = form.cleaned_data["body"]
        if "preview" not in request.POST:
            try:
                saved = services.letter_template_save(
                    actor=request.user, kind=kind.code, body=preview_text
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Letter saved as version {saved.version}.")
                return redirect("notices:letter_template", kind=kind.code)
        else:
            try:
                check_letter_text(kind, preview_text)
            except ValidationError as error:
                add_service_errors(form, error)
                preview_text = text
    try:
        preview = _preview(request, kind, preview_text)
    except ValidationError:
        preview = None
    versions = list(template.versions.select_related("changed_by")) if template else []
    return render(
        request,
        "notices/letter_template.html",
        {
            "kind": kind,
            "form": form,
            "version": version,
            "versions": versions,
            "fields": sorted(kind.fields),
            "preview": preview,
            "preview_case": request.GET.get("case") or request.POST.get("case") or "",
        },
    )
