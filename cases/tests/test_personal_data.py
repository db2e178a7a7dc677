"""Every model that holds a child's free text is registered for erasure (cases.personal_data),
or is one that erasure deals with as a whole: a new app cannot add personal data that erasure
would miss without this test naming it."""

from django.apps import apps
from django.db import models

from cases.personal_data import personal_data

# Erased by `child_erase` itself (deleted, or the child row), or holding no child's data.
HANDLED_AS_A_WHOLE = {
    "cases.child",  # names and identifiers replaced in the child row
    "cases.familymember",  # deleted
    "cases.alternativeperson",  # deleted
    "cases.document",  # deleted with its file
    "cases.auditentry",  # redacted by the trail's own rules (cases.dataprotection)
    "cases.recordaccess",  # same
    "ehcp.planversion",  # content and PDF replaced
    "cases.user",  # staff and portal accounts: not the child's record
    "cases.team",
    "cases.setting",  # schools and colleges
    "cases.case",  # reference, dates and stage only
    "cases.jobrun",
    "cases.lettertemplate",  # the council's wording of its letters, no child's data
    "cases.lettertemplateversion",
}


def _free_text_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.name.endswith(("_state", "kind", "code"))
        and f.name not in {"state", "reference", "urn", "email_domain"}
    ]


def test_every_model_with_free_text_about_a_child_is_registered_for_erasure():
    registered = {item.model for item in personal_data()}
    missing = []
    for app in ("cases", "ehcp"):
        for model in apps.get_app_config(app).get_models():
            label = f"{app}.{model._meta.model_name}"
            if label in HANDLED_AS_A_WHOLE or model in registered:
                continue
            if _free_text_fields(model):
                missing.append(f"{label}: {_free_text_fields(model)}")
    assert missing == [], "register these in the app's extensions.py (cases.personal_data)"


def test_each_registration_names_real_fields_and_reaches_a_case():
    for item in personal_data():
        names = {f.name for f in item.model._meta.get_fields()}
        assert set(item.erase) <= names, item.model
        assert item.rows_of([]).count() == 0  # the path to the case is a real relation


# Exported and erased by their own rules (the trail), or the case itself.
NOT_CASE_RECORDS = {"cases.auditentry", "cases.recordaccess", "cases.case"}


def test_every_record_on_a_case_is_registered_so_subject_access_exports_it():
    """A model whose rows belong to a case (through the case, a request or a plan) reaches the
    subject access export only through the registry: a model left out would be silently
    missing from what the family is given."""
    from cases.models import AssessmentRequest
    from cases.models import Case

    owners = {Case, AssessmentRequest, *(item.model for item in personal_data())}
    registered = {item.model for item in personal_data()}
    missing = [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for app in ("cases", "ehcp")
        for model in apps.get_app_config(app).get_models()
        if model not in registered
        and f"{model._meta.app_label}.{model._meta.model_name}" not in NOT_CASE_RECORDS
        and any(
            f.many_to_one and f.concrete and f.related_model in owners
            for f in model._meta.get_fields()
        )
    ]
    assert missing == [], "register these in the app's extensions.py (cases.personal_data)"
