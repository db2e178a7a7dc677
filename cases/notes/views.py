"""The case's notes and contact log: the searchable list (anyone who may see the case) and
recording a note, a contact or a correction (those who may work on it), through the case
gateway and the one form runner (`cases.workflow.form_page`)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases import selectors
from cases import services
from cases.audit import record_access
from cases.formflow import form_data
from cases.models import NoteKind
from cases.paging import pager
from cases.permissions import may
from cases.rules import Need
from cases.steps import case_target
from cases.templatetags.govuk import in_a_sentence
from cases.workflow import form_page

from . import forms
from .selectors import case_notes
from .selectors import note_get_for_case

NOTES_PAGE_SIZE = 20


def notes_url(case) -> str:
    return reverse("cases:notes", kwargs={"reference": case.reference})


@require_safe
def notes_list(request, reference):
    case = selectors.case_get_for_user(request.user, reference)
    search = forms.NoteSearchForm(request.GET or None)
    filters = search.filters()
    listing = pager(request, case_notes(case, **filters), param="page", per_page=NOTES_PAGE_SIZE)
    record_access(user=request.user, case=case, what="viewed notes and contacts")
    return render(
        request,
        "cases/notes/list.html",
        {
            "case": case,
            "search": search,
            "filtered": bool(filters),
            "page": listing["page"],
            "pager": listing,
            "user_can_work": may(request.user, case, Need.WORK),
        },
    )


TITLES = {NoteKind.NOTE: "Add a case note", NoteKind.CONTACT: "Record a contact"}


def _record(request, case, kind, *, corrected=None):
    initial = None
    if corrected is not None:
        initial = {
            field: getattr(corrected, field)
            for field in ("happened_on", "happened_at", "method", "with_whom", "text")
        }
    form = forms.entry_form(kind, form_data(request), initial=initial)

    def perform(data):
        return services.note_record(
            actor=request.user,
            case=case,
            kind=kind,
            corrects_id=corrected.pk if corrected else None,
            **data,
        )

    target = case_target(request, case, case)
    target.after = lambda _request, _note: notes_url(case)
    noun = in_a_sentence(corrected.get_kind_display()) if corrected else ""
    return form_page(
        request,
        target,
        form=form,
        perform=perform,
        success="Correction saved" if corrected else f"{kind.label} saved",
        template="cases/notes/record.html",
        title=f"Correct the {noun}" if corrected else TITLES[kind],
        lead=(
            "The entry you correct stays as it was, marked as corrected, with a link to this one."
            if corrected
            else "Once saved, it cannot be changed: a mistake is put right by a correction."
        ),
        corrected=corrected,
        submit="Save the correction" if corrected else "Save",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def note_new(request, reference):
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    return _record(request, case, NoteKind.NOTE)


@require_http_methods(["GET", "HEAD", "POST"])
def contact_new(request, reference):
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    return _record(request, case, NoteKind.CONTACT)


@require_http_methods(["GET", "HEAD", "POST"])
def note_correct(request, reference, note_id):
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    corrected = note_get_for_case(case, note_id)
    return _record(request, case, NoteKind(corrected.kind), corrected=corrected)
