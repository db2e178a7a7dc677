"""Who may do what in the local offer: the one place that answers it.

Providers work on their own organisations' services and nothing else; the council's moderator
moderates every service, comment and review and edits the information pages. The abilities come
from `cases.permissions` (roles mapped to abilities in code), the project's one answer to "may
this person do this".
"""

from django.db.models import QuerySet

from cases.permissions import Ability
from cases.permissions import has_ability

from .models import Organisation
from .models import Service


def can_provide(user) -> bool:
    return has_ability(user, Ability.PROVIDE_SERVICES)


def can_moderate(user) -> bool:
    return has_ability(user, Ability.MODERATE_LOCAL_OFFER)


def organisations_of(user) -> QuerySet[Organisation]:
    if not can_provide(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(members=user)


def services_of(user) -> QuerySet[Service]:
    """The services a provider may see and change: those of their own organisations."""
    if not can_provide(user):
        return Service.objects.none()
    return Service.objects.filter(organisation__members=user)
