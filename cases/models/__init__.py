"""The case file: people, settings, children and young people, their families and their cases.

Requests for assessment, the co-ordinated assessment and stored deadlines hang off `Case`.

One module per part: `people` (users and teams), `children` (settings, children, families),
`case`, `base` (what the records a workflow acts on share), `assessment`, `deadlines`,
`documents`, `trail` (the append-only audit trail and access log) and `notifications`.
Everything is imported from `cases.models`.
"""

# Models register in this order, as they did when they were one module.
# isort: off
from .people import Team, User, UserManager
from .children import (
    AlternativePerson,
    AlternativeRoute,
    Child,
    ContactPreference,
    FamilyMember,
    NeedType,
    Phase,
    Relationship,
    Setting,
    SettingType,
    Sex,
    nhs_validator,
    postcode_validator,
    uln_validator,
    upn_validator,
)
from .case import OPEN_STAGES, Case, CaseStage
from .base import OnCase, Versioned
from .assessment import (
    CASE_STAGE_FOR_REQUEST,
    OPEN_REQUEST_STATES,
    SEN2_REQUEST_SOURCE,
    AdviceKind,
    AdviceRequest,
    AdviceState,
    ArrivalChannel,
    AssessmentKind,
    AssessmentRequest,
    ExceptionGround,
    PanelDecision,
    PanelDecisionKind,
    RequestSource,
    RequestState,
    TimeLimitException,
)
from .deadlines import Deadline, DeadlineKind, DeadlineStatus, case_next_due_refresh
from .documents import Document, DocumentKind, document_upload_to
from .trail import (
    TRAIL_REDACTION_SETTING,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    AuditEntry,
    RecordAccess,
    TrailChangeRefused,
    _set_trail_redaction,
    _trail_redaction,
    trail_redaction,
)
from .advice_portal import AdviceAnswer, AdviceSubmission
from .notifications import JobRun, Notification, NotificationChannel, NotificationStatus

# Notices and letters live in their own package (cases/notices), models of this app all the same.
from cases.notices.models import (
    Delivery,
    LetterTemplate,
    LetterTemplateVersion,
    Notice,
)
from .notes import CaseNote, ContactMethod, NoteChangeRefused, NoteKind
from .placements import Placement, PlacementRank
from .family import (
    FamilyViews,
    MediationInfoRequest,
    NoticeRead,
    ParentAccessAgreement,
    ViewsPurpose,
)
# isort: on

__all__ = [
    "AssessmentKind",
    "AdviceAnswer",
    "AdviceKind",
    "AdviceRequest",
    "AdviceState",
    "AdviceSubmission",
    "AlternativePerson",
    "AlternativeRoute",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "ArrivalChannel",
    "AssessmentRequest",
    "AuditEntry",
    "CASE_STAGE_FOR_REQUEST",
    "Case",
    "CaseNote",
    "FamilyViews",
    "MediationInfoRequest",
    "NoticeRead",
    "ParentAccessAgreement",
    "ViewsPurpose",
    "CaseStage",
    "Child",
    "ContactMethod",
    "ContactPreference",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "case_next_due_refresh",
    "Delivery",
    "Document",
    "DocumentKind",
    "ExceptionGround",
    "FamilyMember",
    "JobRun",
    "LetterTemplate",
    "LetterTemplateVersion",
    "NeedType",
    "Notice",
    "NoteChangeRefused",
    "NoteKind",
    "Notification",
    "NotificationChannel",
    "NotificationStatus",
    "OnCase",
    "OPEN_REQUEST_STATES",
    "OPEN_STAGES",
    "PanelDecision",
    "PanelDecisionKind",
    "Phase",
    "Placement",
    "PlacementRank",
    "RecordAccess",
    "Relationship",
    "RequestSource",
    "RequestState",
    "SEN2_REQUEST_SOURCE",
    "Setting",
    "SettingType",
    "Sex",
    "TRAIL_REDACTION_SETTING",
    "Team",
    "TimeLimitException",
    "TrailChangeRefused",
    "User",
    "UserManager",
    "Versioned",
    "_set_trail_redaction",
    "_trail_redaction",
    "document_upload_to",
    "nhs_validator",
    "postcode_validator",
    "trail_redaction",
    "uln_validator",
    "upn_validator",
]
