"""Who may do what in transfers: only SEN managers bring in legacy records (the whole council's
children are matched, so it needs sight of every case); officers run transfer reviews through
the case gateway's `Need.WORK`, like any other casework."""

from cases.permissions import Ability
from cases.permissions import has_ability

IMPORT_REFUSAL = "Only SEN managers import legacy records."
COHORTS_REFUSAL = "Transfer reviews are for SEN case officers and managers."


def can_import(user) -> bool:
    return has_ability(user, Ability.SEE_ALL_CASES) and has_ability(user, Ability.CASEWORK)


def can_see_transfers(user) -> bool:
    return has_ability(user, Ability.CASEWORK)
