"""The links each person sees in the header, by what they may do.

Later issues add their pages here, in one place. A staff link is shown to those with the ability
its page asks for (`cases.permissions.has_ability`, the same question the page itself asks), so
nobody sees a link they cannot follow; the two homes go by URL space (staff or portal).
"""

from django.urls import reverse

from cases.permissions import Ability, has_ability

STAFF_SPACE, PORTAL_SPACE = "staff", "portal"

# (label, url name, the ability the page needs, or the URL space whose home it is)
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("Home", "staff:home", STAFF_SPACE),
    ("My work", "desk:my_work", Ability.CASEWORK),
    ("Caseload", "cases:caseload", Ability.CASEWORK),
    ("Reviews", "reviews:list", Ability.CASEWORK),
    ("Panel agenda", "panel:agenda", Ability.DECIDE),
    ("Pipeline", "dashboard:home", Ability.ALLOCATE),
    ("Data protection", "dataprotection:home", Ability.DATA_PROTECTION),
    ("Statutory returns", "returns:sen2", Ability.STATUTORY_RETURNS),
    ("Locked accounts", "staff_accounts:locked", Ability.UNLOCK_ACCOUNTS),
    ("Local offer moderation", "local_offer_moderation:queue", Ability.MODERATE_LOCAL_OFFER),
    ("Home", "portal:home", PORTAL_SPACE),
    ("Your services", "local_offer_provider:services", Ability.PROVIDE_SERVICES),
)


def shown_to(user, needs: str) -> bool:
    if needs == STAFF_SPACE:
        return user.is_council_staff
    if needs == PORTAL_SPACE:
        return user.is_portal_user
    return has_ability(user, Ability(needs))


def nav_items_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for label, url_name, needs in NAVIGATION:
        if shown_to(user, needs):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "current": current_path == url})
    return items
