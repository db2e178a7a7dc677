"""Who may use the data protection screens: SEN managers, and nobody else.

Strangers never get this far (the /staff/ URL space sends them to sign in) and portal users get
403 from the middleware; other staff get 403 here.
"""

from django.core.exceptions import PermissionDenied

from cases.permissions import Ability
from cases.permissions import has_ability


def can_use_data_protection(user) -> bool:
    return has_ability(user, Ability.DATA_PROTECTION)


def require_data_protection(user) -> None:
    if not can_use_data_protection(user):
        raise PermissionDenied("The data protection pages are for SEN managers.")
