"""Every write to the case file goes through a function here, one module per part:
`requests` (receiving and withdrawing a request), `decisions`, `exceptions` and `issuing` (the
co-ordinated assessment's steps), `advice`, `documents`, `young_person` (who acts for a young
person), `notes` (case notes and contacts), `people` (accounts), and `_common` (dates, stored
deadlines and the case's stage, also used by the apps built on cases)."""

from cases.rules import CHANGED_BY_SOMEONE_ELSE
from cases.rules import ConcurrentChange

from ._common import _store_document
from ._common import case_stage_set
from ._common import check_date
from ._common import deadline_meet
from ._common import deadline_set
from ._common import deadlines_cancel
from ._common import deadlines_of
from .advice import advice_record_received
from .advice import advice_request_send
from .advice import advice_reuse
from .allocation import allocatable_officers
from .allocation import cases_allocate
from .decisions import request_decide_to_assess
from .decisions import request_decide_to_issue
from .decisions import request_decision_notified
from .documents import document_upload
from .exceptions import EXCEPTION_KINDS
from .exceptions import exception_record
from .issuing import request_issue_draft
from .issuing import request_issue_final
from .issuing import request_record_family_response
from .notes import note_record
from .people import user_create
from .phases import case_school_phases_set
from .placements import placement_move
from .placements import placement_record_current
from .requests import request_create
from .requests import request_withdraw
from .young_person import alternative_person_end
from .young_person import alternative_person_record

__all__ = [
    "CHANGED_BY_SOMEONE_ELSE",
    "EXCEPTION_KINDS",
    "ConcurrentChange",
    "_store_document",
    "advice_record_received",
    "advice_request_send",
    "advice_reuse",
    "allocatable_officers",
    "alternative_person_end",
    "alternative_person_record",
    "case_school_phases_set",
    "case_stage_set",
    "placement_move",
    "placement_record_current",
    "cases_allocate",
    "check_date",
    "deadline_meet",
    "deadline_set",
    "deadlines_cancel",
    "deadlines_of",
    "document_upload",
    "note_record",
    "exception_record",
    "request_create",
    "request_decide_to_assess",
    "request_decide_to_issue",
    "request_decision_notified",
    "request_issue_draft",
    "request_issue_final",
    "request_record_family_response",
    "request_withdraw",
    "user_create",
]
