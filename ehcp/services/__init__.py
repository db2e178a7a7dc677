"""Every write to an EHC plan: drafting its sections, issuing the draft, consulting settings,
issuing the final plan, and personal budget requests; annual reviews, amendments and ceasing.

Issuing freezes the working copy into a `PlanVersion` with its PDF, inside the same transaction
as the state change, so an issued version never exists without its content and file.

One module per sub-domain: `plans` (the working copy, its sections and issuing it),
`consultation`, `budgets` (personal budget requests), `reviews`, `amendments` and `cessation`;
`_common` holds the helpers they share. Callers import from `ehcp.services`.
"""

from .amendments import amendment_abandon
from .amendments import amendment_issue
from .amendments import amendment_proposals_sent
from .amendments import amendment_propose
from .amendments import amendment_start
from .amendments import amendment_withdraw
from .budgets import budget_request_decide
from .budgets import budget_request_record
from .cessation import cessation_complete
from .cessation import cessation_notify
from .cessation import cessation_record_setting_consulted
from .cessation import cessation_sent
from .cessation import cessation_start
from .cessation import cessation_withdraw
from .consultation import consultation_record_response
from .consultation import consultation_send
from .family import plan_record_family_response
from .plans import ITEM_MODELS
from .plans import plan_advice_add
from .plans import plan_budget_set
from .plans import plan_issue_draft
from .plans import plan_issue_final
from .plans import plan_item_delete
from .plans import plan_need_save
from .plans import plan_outcome_save
from .plans import plan_placement_set
from .plans import plan_problems
from .plans import plan_provision_save
from .plans import plan_record_existing
from .plans import plan_section_a_update
from .plans import plan_start
from .plans import plan_version_pdf
from .reviews import _review_deadlines
from .reviews import _review_rows
from .reviews import review_completed_on
from .reviews import review_decide
from .reviews import review_decision_sent
from .reviews import review_hold_meeting
from .reviews import review_invite
from .reviews import review_label
from .reviews import review_period_start
from .reviews import review_record_advice_circulated
from .reviews import review_record_report
from .reviews import review_schedule
from .reviews import review_timing

__all__ = [
    "ITEM_MODELS",
    "_review_deadlines",
    "_review_rows",
    "amendment_abandon",
    "amendment_issue",
    "amendment_proposals_sent",
    "amendment_propose",
    "amendment_start",
    "amendment_withdraw",
    "budget_request_decide",
    "budget_request_record",
    "cessation_complete",
    "cessation_notify",
    "cessation_sent",
    "cessation_record_setting_consulted",
    "cessation_start",
    "cessation_withdraw",
    "consultation_record_response",
    "consultation_send",
    "plan_advice_add",
    "plan_budget_set",
    "plan_issue_draft",
    "plan_issue_final",
    "plan_item_delete",
    "plan_need_save",
    "plan_outcome_save",
    "plan_placement_set",
    "plan_problems",
    "plan_provision_save",
    "plan_record_existing",
    "plan_record_family_response",
    "plan_section_a_update",
    "plan_start",
    "plan_version_pdf",
    "review_completed_on",
    "review_decide",
    "review_decision_sent",
    "review_hold_meeting",
    "review_invite",
    "review_record_advice_circulated",
    "review_record_report",
    "review_schedule",
    "review_label",
    "review_period_start",
    "review_timing",
]
