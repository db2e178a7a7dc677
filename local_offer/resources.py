"""Bulk export and import of services (django-import-export), for the council's moderator.

The export has one row per service (its working copy); the import takes the same columns. Every
row is checked, and if any row has an error nothing at all is saved: the moderator sees each
row's errors and fixes the file. Imported services go to moderation like a provider's change.
"""

from dataclasses import dataclass
from dataclasses import field

import tablib
from django.db import transaction
from import_export import fields
from import_export import resources
from import_export import widgets

from cases.audit import audit_record

from . import services
from .models import Organisation
from .models import Service
from .models import ServiceContent
from .models import Term

PLACE = ("location_name", "address", "town", "postcode")
WHO = ("contact_name", "contact_phone", "contact_email")


class ServiceResource(resources.ModelResource):
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    categories = fields.Field(
        attribute="categories",
        column_name="categories",
        widget=widgets.ManyToManyWidget(Term, field="slug", separator=";"),
    )
    needs = fields.Field(
        attribute="needs",
        column_name="needs",
        widget=widgets.ManyToManyWidget(Term, field="slug", separator=";"),
    )
    state = fields.Field(attribute="state", column_name="state", readonly=True)

    class Meta:
        model = Service
        import_id_fields = ("uuid",)
        skip_unchanged = False
        fields = (
            "uuid",
            "organisation",
            *(
                name
                for name in ServiceContent.CONTENT_FIELDS
                if name not in ("location", "contact", "last_reviewed_on")
            ),
            "categories",
            "needs",
            "state",
        )

    def get_export_headers(self, selected_fields=None):
        return [*super().get_export_headers(selected_fields), *PLACE, *WHO]

    def export_resource(self, instance, selected_fields=None, **kwargs):
        place, who = instance.location, instance.contact
        return [
            *super().export_resource(instance, selected_fields, **kwargs),
            *((place.name, place.address, place.town, place.postcode) if place else [""] * 4),
            *((who.name, who.phone, who.email) if who else [""] * 3),
        ]

    def before_import_row(self, row, **kwargs):
        if not row.get("uuid"):
            row["uuid"] = None  # a new service: its identifier is made when saved

    def get_instance(self, instance_loader, row):
        if not row.get("uuid"):
            return None
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.organisation_id is None:
            return
        organisation = instance.organisation
        instance.location = services._location_for(
            organisation, {"name": row.get("location_name") or "", **_pick(row, PLACE[1:])}
        )
        instance.contact = services._contact_for(
            organisation,
            {
                "name": row.get("contact_name") or "",
                "phone": row.get("contact_phone") or "",
                "email": row.get("contact_email") or "",
            },
        )

    def before_save_instance(self, instance, row, **kwargs):
        if instance.state != "submitted":
            instance.submit()


def _pick(row, names) -> dict:
    return {name: row.get(name) or "" for name in names}


def services_export_csv() -> str:
    queryset = Service.objects.select_related("organisation", "location", "contact")
    return ServiceResource().export(queryset.prefetch_related("categories", "needs")).csv


@dataclass
class ImportResult:
    count: int = 0
    errors: list[str] = field(default_factory=list)


def services_import(*, actor, upload) -> ImportResult:
    """Import every row of a CSV, or none: with any row's error the whole file is rolled back."""
    try:
        text = upload.read().decode("utf-8-sig")
        dataset = tablib.Dataset().load(text, format="csv")
    except (UnicodeDecodeError, tablib.core.InvalidDimensions, tablib.UnsupportedFormat):
        return ImportResult(errors=["The file is not a CSV file in the export's columns."])
    with transaction.atomic():
        result = ServiceResource().import_data(
            dataset, dry_run=False, raise_errors=False, use_transactions=False
        )
        errors = [
            f"Row {row.number}: {_messages(row.error_dict)}" for row in result.invalid_rows
        ] + [
            f"Row {number}: {error.error}"
            for number, row_errors in result.row_errors()
            for error in row_errors
        ]
        if errors or result.has_errors():
            transaction.set_rollback(True)
            return ImportResult(errors=errors or ["The file could not be read."])
        count = result.totals.get("new", 0) + result.totals.get("update", 0)
        audit_record(actor=actor, action="local_offer.services_imported", payload={"count": count})
    return ImportResult(count=count)


def _messages(error_dict: dict) -> str:
    return "; ".join(
        f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in error_dict.items()
    )
