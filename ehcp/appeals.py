"""The seam between ceasing a plan and the appeals a later app records (mediation).

A plan the council has decided to cease stays in force while an appeal can still be brought and
while one is pending (CFA 2014 s.45, reg 31). Appeals, mediation certificates and Tribunal
decisions are recorded by the mediation app, which `ehcp` never imports (ARCHITECTURE.md: ehcp
learns of a pending appeal through the stored deadlines and events of `cases`). The contract:

- a mediation certificate is stored on the case as a `cases.models.Deadline` of kind
  `MEDIATION_CERTIFICATE` (the 3 working days to issue it when the family want no mediation or
  it cannot be arranged within 30 days) or `MEDIATION_CERTIFICATE_AFTER` (within 3 working days
  of the end of a mediation), met on the day it was issued: the appeal period then runs to the
  later of 2 months from the decision letter and 1 month from the certificate
  (`cases.deadlines.appeal_deadline`);
- an appeal lodged with the Tribunal is stored on the case as a `Deadline` of kind
  `APPEAL_PENDING`, open (not met, not cancelled) until the appeal is decided or withdrawn.

The mediation app registers these kinds (`cases.deadline_kinds`) under these codes.
"""

import datetime

from cases import deadlines
from cases.models import Case
from cases.models import Deadline

MEDIATION_CERTIFICATE = "mediation_certificate"
MEDIATION_CERTIFICATE_AFTER = "mediation_certificate_after"
CERTIFICATE_KINDS = (MEDIATION_CERTIFICATE, MEDIATION_CERTIFICATE_AFTER)
APPEAL_PENDING = "appeal_pending"


def certificate_issued_on(case: Case, *, since: datetime.date) -> datetime.date | None:
    """The day the latest mediation certificate on the case was issued, on or after `since`."""
    return (
        Deadline.objects.filter(
            case=case, kind__in=CERTIFICATE_KINDS, met_on__gte=since, cancelled=False
        )
        .order_by("-met_on")
        .values_list("met_on", flat=True)
        .first()
    )


def appeal_period_ends(case: Case, decision_sent_on: datetime.date) -> datetime.date:
    """The last day an appeal against a decision sent on `decision_sent_on` can be brought,
    with the extra month after a mediation certificate."""
    certificate = certificate_issued_on(case, since=decision_sent_on)
    return deadlines.appeal_deadline(decision_sent_on, certificate_on=certificate)


def appeal_pending(case: Case) -> bool:
    """Whether an appeal to the Tribunal on the case is still to be decided."""
    return Deadline.objects.filter(
        case=case, kind=APPEAL_PENDING, met_on__isnull=True, cancelled=False
    ).exists()
