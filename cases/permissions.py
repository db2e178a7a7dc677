"""Who may see and do what with a case. The one module that talks to django-guardian.

Staff get access by role and team; parents, young people and professionals get object
permissions on the individual case, granted and revoked here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from .models import Case, CaseStage
from .roles import Role

PANEL_STAGES = (CaseStage.REQUEST, CaseStage.ASSESSMENT)


def staff_cases(user) -> QuerySet[Case]:
    """Cases a member of council staff may open: managers all, officers their team's."""
    cases = Case.objects.all()
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    if user.role == Role.SEN_MANAGER or user.has_perm("cases.view_all_cases"):
        return cases
    if user.role == Role.CASE_OFFICER:
        if user.team_id is None:
            return cases.filter(officer=user)
        return cases.filter(team_id=user.team_id)
    if user.role == Role.PANEL_MEMBER:
        return cases.filter(stage__in=PANEL_STAGES)
    return cases.none()


def portal_cases(user) -> QuerySet[Case]:
    """Cases a parent, young person or professional has been given access to."""
    if not user.is_authenticated or not user.is_active or not user.is_portal_user:
        return Case.objects.none()
    return get_objects_for_user(
        user, "cases.view_case", klass=Case, use_groups=False, with_superuser=False
    )


def case_grant_portal_access(*, user, case: Case) -> None:
    assign_perm("cases.view_case", user, case)


def case_revoke_portal_access(*, user, case: Case) -> None:
    remove_perm("cases.view_case", user, case)


def case_revoke_all_portal_access(*, case: Case) -> int:
    """Every object permission anyone holds on the case (a parent, a young person, an adviser),
    e.g. when the record is erased: nobody keeps a way in. Returns how many were removed."""
    granted = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk)
    )
    removed, _ = granted.delete()
    return removed


# Named predicates: who may do what to which case. Services call these before any write.
CASEWORK_ROLES = frozenset({Role.CASE_OFFICER, Role.SEN_MANAGER})


def can_view_case(user, case: Case) -> bool:
    return staff_cases(user).filter(pk=case.pk).exists()


def can_work_on_case(user, case: Case) -> bool:
    """Record requests, send advice requests, record advice and exceptions, issue plans."""
    return user.role in CASEWORK_ROLES and can_view_case(user, case)


def can_use_caseload(user) -> bool:
    """The caseload is casework's list; panel members work from the panel agenda instead."""
    return user.is_authenticated and user.is_active and user.role in CASEWORK_ROLES


def can_record_request(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in CASEWORK_ROLES


def can_decide(user, case: Case) -> bool:
    """Panel decisions: whether to assess, whether to issue. Panel members and managers."""
    return user.has_perm("cases.decide_request") and can_view_case(user, case)
