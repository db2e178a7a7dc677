"""django-import-export resources of transfers: the legacy file's columns (read through
import-export's formats, `transfers.legacy`) and the export of transfer reviews for checking:
the same data as the progress view, one row per review."""

from import_export import fields
from import_export import resources

from .legacy import COLUMNS
from .models import TransferReview


class LegacyRowResource(resources.Resource):
    """The columns of a legacy file, in order: an empty file of them is the template."""

    class Meta:
        fields = COLUMNS

    def get_export_headers(self, selected_fields=None):
        return list(COLUMNS)


class TransferReviewResource(resources.ModelResource):
    legacy_reference = fields.Field(
        attribute="legacy_record__legacy_reference", column_name="legacy_reference"
    )
    record_type = fields.Field(attribute="get_record_type_display", column_name="record_type")
    case = fields.Field(attribute="case__reference", column_name="case")
    child = fields.Field(attribute="case__child__full_name", column_name="child")
    date_of_birth = fields.Field(
        attribute="case__child__date_of_birth", column_name="date_of_birth"
    )
    cohort = fields.Field(attribute="get_cohort_display", column_name="cohort")
    state = fields.Field(attribute="get_state_display", column_name="step")
    officer = fields.Field(column_name="officer")
    notified_on = fields.Field(attribute="notified_on", column_name="family_notified_on")
    starts_on = fields.Field(attribute="starts_on", column_name="review_starts_on")
    due_on = fields.Field(attribute="due_on", column_name="transfer_limit")
    concluded_on = fields.Field(attribute="concluded_on", column_name="concluded_on")

    class Meta:
        model = TransferReview
        fields = (
            "legacy_reference",
            "record_type",
            "case",
            "child",
            "date_of_birth",
            "cohort",
            "state",
            "officer",
            "notified_on",
            "starts_on",
            "due_on",
            "concluded_on",
        )
        export_order = fields

    def dehydrate_officer(self, review):
        return review.case.officer.full_name if review.case.officer_id else ""


def transfer_reviews_csv(reviews) -> str:
    return TransferReviewResource().export(reviews).csv
