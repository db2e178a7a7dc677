"""Every write of the mediation app (see each module)."""

from .appeals import HEARING_ESTIMATE
from .appeals import appeal_decide
from .appeals import appeal_not_oppose
from .appeals import appeal_order_record
from .appeals import appeal_register
from .appeals import appeal_set_dates
from .appeals import appeal_withdraw
from .appeals import recommendation_record
from .appeals import recommendation_respond
from .disagreements import advice_record
from .disagreements import agreed_action_add
from .disagreements import certificate_issue
from .disagreements import commissioner_told
from .disagreements import disagreement_appeal_window_pass
from .disagreements import disagreement_close
from .disagreements import disagreement_record
from .disagreements import mediation_arrange
from .disagreements import mediation_hold
from .disagreements import mediation_not_arranged
from .orders import order_open_steps
from .orders import order_step_record
from .other import complaint_record
from .other import complaint_respond
from .other import resolution_conclude
from .other import resolution_record

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
