"""Every write of transfers: `legacy_import` (bringing in what the council already holds) and
`reviews` (the steps of a transfer review)."""

from .legacy_import import Report, cohort_for, legacy_check, legacy_import
from .reviews import (
    DEADLINE_KIND,
    transfer_review_conclude_no_plan,
    transfer_review_issue_draft,
    transfer_review_issue_final,
    transfer_review_notify,
    transfer_review_start_assessment,
)

__all__ = [
    "DEADLINE_KIND",
    "Report",
    "cohort_for",
    "legacy_check",
    "legacy_import",
    "transfer_review_conclude_no_plan",
    "transfer_review_issue_draft",
    "transfer_review_issue_final",
    "transfer_review_notify",
    "transfer_review_start_assessment",
]
