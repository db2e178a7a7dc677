"""The nightly deadline job's step that belongs to disagreements (run by `send_portal.jobs`):
a disagreement whose family's appeal window passed with no appeal registered is closed, so its
appeal date stops showing as overdue to managers. Each one is closed by its own service call
(`disagreement_appeal_window_pass`), which checks again under the row lock: a run repeated or
restarted half way closes nothing twice."""

import datetime

from django.db.models import Exists

from cases.selectors import deadlines_of_outer

from . import kinds
from .models import Disagreement
from .services import disagreement_appeal_window_pass
from .services.disagreements import LAPSING_STATES


def disagreements_close_lapsed(*, today: datetime.date) -> int:
    """Close each disagreement whose last day to appeal has passed with no appeal, where the
    family could appeal or never contacted the mediation adviser. Returns how many were closed."""
    passed = deadlines_of_outer(
        Disagreement,
        kinds.APPEAL_DEADLINE,
        met_on__isnull=True,
        cancelled=False,
        due_on__lt=today,
    )
    lapsed = (
        Disagreement.objects.filter(state__in=LAPSING_STATES)
        .filter(Exists(passed))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(
        disagreement_appeal_window_pass(disagreement_id=pk, today=today) is not None
        for pk in lapsed
    )
