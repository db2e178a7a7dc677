"""`on_sent` hooks a notice kind may declare: what happens once its notice has been sent."""

import datetime

from django.contrib.contenttypes.models import ContentType

from cases.models import Deadline


def meets(deadline_kind: str):
    """A hook that marks the decision's stored deadline of `deadline_kind` met on the day the
    notice was sent: a limit whose step is "tell the family" is met then (DOMAIN.md, Notices),
    not on the day the decision was recorded."""

    def hook(*, notice, sent_on: datetime.date, actor=None) -> None:
        if notice.decision_type_id is None:
            return
        Deadline.objects.filter(
            content_type_id=notice.decision_type_id,
            object_id=notice.decision_id,
            kind=deadline_kind,
            cancelled=False,
            met_on__isnull=True,  # the first sending stands: a second letter changes nothing
        ).update(met_on=sent_on)

    hook.meets = deadline_kind
    return hook


def decision_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(obj)
