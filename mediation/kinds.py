"""The codes of the deadlines this app stores (registered in `mediation.extensions`). The two
that `ehcp` reads to keep a disputed plan in force come from `ehcp.appeals`, the seam."""

from ehcp.appeals import APPEAL_PENDING
from ehcp.appeals import MEDIATION_CERTIFICATE
from ehcp.appeals import MEDIATION_CERTIFICATE_AFTER

__all__ = [
    "APPEAL_DEADLINE",
    "APPEAL_PENDING",
    "COMMISSIONER_TOLD",
    "MEDIATION_CONTACT",
    "MEDIATION_CERTIFICATE",
    "MEDIATION_CERTIFICATE_AFTER",
    "MEDIATION_DUE",
    "RECOMMENDATION_RESPONSE",
    "TRIBUNAL_EVIDENCE",
]

MEDIATION_CONTACT = "mediation_contact"  # the family's 2 months to contact the adviser
MEDIATION_DUE = "mediation_due"
COMMISSIONER_TOLD = "health_commissioner_told"
APPEAL_DEADLINE = "appeal_deadline"
TRIBUNAL_EVIDENCE = "tribunal_evidence"
RECOMMENDATION_RESPONSE = "recommendation_response"

# The open deadlines that closing a disagreement without an appeal leaves behind.
DISAGREEMENT_KINDS = (
    MEDIATION_CONTACT,
    MEDIATION_CERTIFICATE,
    MEDIATION_CERTIFICATE_AFTER,
    COMMISSIONER_TOLD,
    APPEAL_DEADLINE,
)
