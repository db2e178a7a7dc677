"""The demo's officer's desk and manager's pipeline: a few contacts on the demo officer's cases,
and new requests nobody has been given yet, so the demo manager has work to allocate."""

import datetime

from cases import services
from cases.models import Case
from cases.models import CaseStage
from cases.models import User
from cases.roles import Role

from .cases import seed_cases

UNALLOCATED = 3


def seed_desk(users: dict[str, User], *, today: datetime.date) -> None:
    officer, manager = users[Role.CASE_OFFICER], users[Role.SEN_MANAGER]
    first = Case.objects.filter(officer=officer, stage=CaseStage.ASSESSMENT).first()
    if first is not None:
        services.note_record(
            actor=officer,
            case=first,
            kind="contact",
            method="phone",
            with_whom="The family's main contact",
            text="Asked how the assessment is going and when the advice is due back.",
            happened_on=today - datetime.timedelta(days=3),
            today=today,
        )
        services.note_record(
            actor=officer,
            case=first,
            kind="note",
            text="Chased the educational psychology service for their advice.",
            happened_on=today - datetime.timedelta(days=1),
            today=today,
        )
    before = set(Case.objects.filter(officer__isnull=True).values_list("pk", flat=True))
    seed_cases(count=UNALLOCATED, today=today, seed=21, officers=[])
    Case.objects.filter(officer__isnull=True).exclude(pk__in=before).update(team=manager.team)
