"""Every write of the mediation app (see each module)."""

from .appeals import (
    HEARING_ESTIMATE,
    appeal_decide,
    appeal_not_oppose,
    appeal_order_record,
    appeal_register,
    appeal_set_dates,
    appeal_withdraw,
    recommendation_record,
    recommendation_respond,
)
from .disagreements import (
    advice_record,
    agreed_action_add,
    certificate_issue,
    commissioner_told,
    disagreement_appeal_window_pass,
    disagreement_close,
    disagreement_record,
    mediation_arrange,
    mediation_hold,
    mediation_not_arranged,
)
from .orders import order_open_steps, order_step_record
from .other import complaint_record, complaint_respond, resolution_conclude, resolution_record

__all__ = [
    "HEARING_ESTIMATE",
    "advice_record",
    "agreed_action_add",
    "appeal_decide",
    "appeal_not_oppose",
    "appeal_order_record",
    "appeal_register",
    "appeal_set_dates",
    "appeal_withdraw",
    "certificate_issue",
    "commissioner_told",
    "complaint_record",
    "complaint_respond",
    "disagreement_appeal_window_pass",
    "disagreement_close",
    "disagreement_record",
    "mediation_arrange",
    "mediation_hold",
    "mediation_not_arranged",
    "order_open_steps",
    "order_step_record",
    "recommendation_record",
    "recommendation_respond",
    "resolution_conclude",
    "resolution_record",
]
