"""Every write of transfers: `legacy_import` (bringing in what the council already holds) and
`reviews` (the steps of a transfer review)."""

from .legacy_import import Report
from .legacy_import import cohort_for
from .legacy_import import legacy_check
from .legacy_import import legacy_import
from .reviews import DEADLINE_KIND
from .reviews import transfer_review_conclude_no_plan
from .reviews import transfer_review_issue_draft
from .reviews import transfer_review_issue_final
from .reviews import transfer_review_notify
from .reviews import transfer_review_start_assessment

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
