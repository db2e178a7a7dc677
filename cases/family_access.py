"""Which cases a parent, carer or young person sees in the family portal: the one gateway.

Access starts with the object permission the council grants on the case
(`permissions.case_grant_portal_access`, through `services.family_portal.family_link_grant`);
the family never grants it. On top of that the law moves the case to the young person
(CFA 2014 s.83; `deadlines.becomes_young_person_on`):

- a young person's own account sees their case from that day, in their own name, never before;
- from that day a parent keeps seeing it only where the young person agrees (a
  `ParentAccessAgreement` the council recorded) or lacks capacity for these decisions (an
  `AlternativePerson` the council recorded is acting for them).

Anything else answers 404, the same as a case that does not exist.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import QuerySet
from django.http import Http404

from . import deadlines
from .models import AlternativePerson
from .models import Case
from .models import CaseStage
from .models import ParentAccessAgreement
from .permissions import portal_cases
from .roles import Role

FAMILY_ROLES = (Role.PARENT, Role.YOUNG_PERSON)


@dataclass(frozen=True)
class Reader:
    """Whom a case's pages speak to: the young person themselves ("you", "your plan") or a
    parent about their child ("Maya", "Maya's plan")."""

    is_young_person: bool
    child_name: str

    @property
    def name(self) -> str:
        return "you" if self.is_young_person else self.child_name

    @property
    def whose(self) -> str:
        return "your" if self.is_young_person else f"{self.child_name}’s"

    @property
    def has(self) -> str:
        return "you have" if self.is_young_person else f"{self.child_name} has"


def _granted(user) -> QuerySet[Case]:
    return (
        portal_cases(user)
        .select_related("child", "officer")
        .annotate(
            _someone_acts=Exists(
                AlternativePerson.objects.filter(child=OuterRef("child"), ended_on__isnull=True)
            ),
            _agreed=Exists(
                ParentAccessAgreement.objects.filter(
                    child=OuterRef("child"), ended_on__isnull=True, family_member__user=user.pk
                )
            ),
        )
    )


def visible_to_family(user, case: Case, *, today: datetime.date) -> bool:
    """The rule, on a case from `_granted` (annotated)."""
    grown_up = today >= deadlines.becomes_young_person_on(case.child.date_of_birth)
    if user.role == Role.YOUNG_PERSON:
        return grown_up
    if user.role == Role.PARENT:
        return not grown_up or case._someone_acts or case._agreed
    return False


def _reading(user, case: Case) -> Case:
    case.reader = Reader(
        is_young_person=user.role == Role.YOUNG_PERSON,
        child_name=case.child.preferred_name or case.child.first_name,
    )
    return case


def family_cases(user, *, today: datetime.date, include_ceased: bool = False) -> list[Case]:
    """The cases the family member sees, each with `reader` (one query)."""
    if not user.is_authenticated or user.role not in FAMILY_ROLES:
        return []
    cases = _granted(user).order_by("child__last_name", "reference")
    if not include_ceased:
        cases = cases.exclude(stage=CaseStage.CEASED)
    return [_reading(user, c) for c in cases if visible_to_family(user, c, today=today)]


def family_case_get(user, reference: str, *, today: datetime.date) -> Case:
    """One case the family member sees, with `reader`; 404 for "no such case" and "not yours"."""
    if not user.is_authenticated or user.role not in FAMILY_ROLES:
        raise Http404("No such case.")
    case = _granted(user).filter(reference=reference).first()
    if case is None or not visible_to_family(user, case, today=today):
        raise Http404("No such case.")
    return _reading(user, case)


def family_may_act(user, case: Case, *, today: datetime.date) -> bool:
    """For services: the same rule as the gateway, for a case loaded any way."""
    if not user.is_authenticated or user.role not in FAMILY_ROLES:
        return False
    found = _granted(user).filter(pk=case.pk).first()
    return found is not None and visible_to_family(user, found, today=today)
