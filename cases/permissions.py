"""Who may see and do what with a case. The one module that talks to django-guardian.

Staff get access by role and team; parents, young people and professionals get object
permissions on the individual case, granted and revoked here.
"""

from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm
from guardian.shortcuts import get_objects_for_user
from guardian.shortcuts import remove_perm

from .models import AdviceRequest
from .models import Case
from .models import CaseStage
from .roles import Role
from .rules import Need

PANEL_STAGES = (CaseStage.REQUEST, CaseStage.ASSESSMENT)


def staff_cases(user) -> QuerySet[Case]:
    """Cases a member of council staff may open: managers all, officers their team's."""
    cases = Case.objects.all()
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    if has_ability(user, Ability.SEE_ALL_CASES):
        return cases
    team_id = staff_team(user)
    if team_id is not None:
        return cases.filter(team_id=team_id)
    if user.role == Role.CASE_OFFICER:  # an officer in no team: their own cases
        return cases.filter(officer=user)
    if user.role == Role.PANEL_MEMBER:
        return cases.filter(stage__in=PANEL_STAGES)
    return cases.none()


def staff_team(user) -> int | None:
    """The team whose cases are exactly the cases this member of staff may open (a case officer
    in a team), or None. Lists of records that store their case's team (a case never changes
    team) filter on it rather than on the cases (`ehcp.review_selectors.visible_reviews`)."""
    if (
        user.is_authenticated
        and user.is_active
        and user.role == Role.CASE_OFFICER
        and user.team_id is not None
        and not has_ability(user, Ability.SEE_ALL_CASES)
    ):
        return user.team_id
    return None


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
    advice = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(AdviceRequest),
        object_pk__in=[
            str(pk)
            for pk in AdviceRequest.objects.filter(request__case=case).values_list("pk", flat=True)
        ],
    )
    removed_advice, _ = advice.delete()
    return removed + removed_advice


# --- advice requests: a professional sees the ones addressed to them, and nothing else ---------


def advice_grant_adviser_access(*, user, advice: AdviceRequest) -> None:
    """The professional an advice request is addressed to may read and answer that request
    (not the case it belongs to): granted when the request is sent."""
    assign_perm("cases.view_advicerequest", user, advice)


def advice_for_adviser(user) -> QuerySet[AdviceRequest]:
    """The advice requests addressed to this professional and shared with them."""
    if not has_ability(user, Ability.GIVE_ADVICE):
        return AdviceRequest.objects.none()
    granted = get_objects_for_user(
        user,
        "cases.view_advicerequest",
        klass=AdviceRequest,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )
    return granted.filter(adviser=user)


def addressed_to(user, advice: AdviceRequest) -> bool:
    """Whether `advice` is addressed to `user`, a professional it was shared with."""
    if not has_ability(user, Ability.GIVE_ADVICE) or advice.adviser_id != user.pk:
        return False
    return advice_for_adviser(user).filter(pk=advice.pk).exists()


# --- abilities and levels: the one answer to "may this person do this" ---------------------------
#
# A role's abilities are listed here in code, and nowhere else: views, services, templates and the
# navigation all ask `has_ability` or `may`. (The role groups' model permissions, made by the data
# migrations, serve only Django's admin, which works by model permissions.)


class Ability(StrEnum):
    CASEWORK = "casework"  # the caseload, recording requests, working on cases and reviews
    DECIDE = "decide"  # panel decisions: whether to assess, whether to issue a plan
    SEE_ALL_CASES = "see_all_cases"  # every case of the council, not just the team's
    ALLOCATE = "allocate"  # give a case to an officer
    DATA_PROTECTION = "data_protection"  # audit history, subject access, erasure, retention
    UNLOCK_ACCOUNTS = "unlock_accounts"  # lift a sign-in lock-out
    STATUTORY_RETURNS = "statutory_returns"  # make the DfE's SEN2 return
    PROVIDE_SERVICES = "provide_services"  # a provider's own local offer services
    MODERATE_LOCAL_OFFER = "moderate_local_offer"  # the local offer's moderation and pages
    EDIT_LETTERS = "edit_letters"  # the council's wording of its letters (cases.notices)
    GIVE_ADVICE = "give_advice"  # a professional's advice requests (send_portal.advice_portal)


ROLE_ABILITIES: dict[str, frozenset[Ability]] = {
    Role.CASE_OFFICER: frozenset({Ability.CASEWORK}),
    Role.SEN_MANAGER: frozenset(
        {
            Ability.CASEWORK,
            Ability.DECIDE,
            Ability.SEE_ALL_CASES,
            Ability.ALLOCATE,
            Ability.DATA_PROTECTION,
            Ability.UNLOCK_ACCOUNTS,
            Ability.STATUTORY_RETURNS,
            Ability.EDIT_LETTERS,
        }
    ),
    Role.PANEL_MEMBER: frozenset({Ability.DECIDE}),
    Role.PROVIDER: frozenset({Ability.PROVIDE_SERVICES}),
    Role.PROFESSIONAL: frozenset({Ability.GIVE_ADVICE}),
    Role.MODERATOR: frozenset({Ability.MODERATE_LOCAL_OFFER}),
}


def abilities_of(user) -> frozenset[Ability]:
    """What the person may do, for templates: `{% if "data_protection" in abilities %}`."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    return ROLE_ABILITIES.get(getattr(user, "role", ""), frozenset())


def has_ability(user, ability: Ability) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and ability in ROLE_ABILITIES.get(getattr(user, "role", ""), ())
    )


NEED_ABILITY = {Need.WORK: Ability.CASEWORK, Need.DECIDE: Ability.DECIDE}
REFUSALS = {
    Need.VIEW: "You cannot see this case.",
    Need.WORK: "You cannot work on this case.",
    Need.DECIDE: "Only the panel or an SEN manager makes this decision.",
}


def _may_see(user, case: Case) -> bool:
    """Visibility of one case, answered once per user and case in a request: the gateway
    records what it proved on the case it returns, so later checks cost no query."""
    proved = getattr(case, "_visible_to", None)
    if proved is not None and proved == user.pk:
        return True
    visible = staff_cases(user).filter(pk=case.pk).exists()
    if visible:
        case._visible_to = user.pk
    return visible


def may(user, case: Case, need: Need = Need.VIEW) -> bool:
    """Whether `user` has this level of access to `case`."""
    ability = NEED_ABILITY.get(need)
    if ability is not None and not has_ability(user, ability):
        return False
    return _may_see(user, case)


def require(user, case: Case, need: Need) -> None:
    if not may(user, case, need):
        raise PermissionDenied(REFUSALS[need])


def mark_visible(user, case: Case) -> Case:
    """For the gateway: this case came out of `staff_cases(user)`."""
    case._visible_to = user.pk
    return case


def can_use_caseload(user) -> bool:
    """The caseload is casework's list; panel members work from the panel agenda instead."""
    return has_ability(user, Ability.CASEWORK)


def can_record_request(user) -> bool:
    return has_ability(user, Ability.CASEWORK)
