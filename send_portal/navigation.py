"""The links each person sees in the header, by what they may do.

Later issues add their pages here, in one place. A staff link is shown to those with the ability
its page asks for (`cases.permissions.has_ability`, the same question the page itself asks), so
nobody sees a link they cannot follow; the two homes go by URL space (staff or portal).
"""

from cases.links import url_for
from cases.permissions import Ability
from cases.permissions import has_ability

STAFF_SPACE, PORTAL_SPACE = "staff", "portal"

# (label, url name, the ability the page needs, or the URL space whose home it is)
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("Home", "staff:home", STAFF_SPACE),
    ("My work", "desk:my_work", Ability.CASEWORK),
    ("Caseload", "cases:caseload", Ability.CASEWORK),
    ("Reviews", "reviews:list", Ability.CASEWORK),
    ("Transfers", "transfers:progress", Ability.CASEWORK),
    ("Moves", "moves:open_work", Ability.CASEWORK),
    ("Panel agenda", "panel:agenda", Ability.DECIDE),
    ("Pipeline", "dashboard:home", Ability.ALLOCATE),
    ("Data protection", "dataprotection:home", Ability.DATA_PROTECTION),
    ("Statutory returns", "returns:sen2", Ability.STATUTORY_RETURNS),
    ("Locked accounts", "staff_accounts:locked", Ability.UNLOCK_ACCOUNTS),
    ("Local offer moderation", "local_offer_moderation:queue", Ability.MODERATE_LOCAL_OFFER),
    ("Home", "portal:home", PORTAL_SPACE),
    ("Advice requests", "advice_portal:list", Ability.GIVE_ADVICE),
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
            url = url_for(url_name)
            items.append({"label": label, "url": url, "current": current_path == url})
    return items


# What each page is for, in a sentence: the home page lists, as links, what the person can do.
PURPOSES: dict[str, str] = {
    "cases:caseload": "Find a case, see which deadlines are due soon or overdue, and record a new "
    "request for an EHC needs assessment.",
    "reviews:list": "See the annual reviews that are due, and record invitations, meetings and "
    "decisions.",
    "moves:open_work": "Pass plans to other councils, take in plans from them, and see the "
    "requests for reassessment.",
    "panel:agenda": "Decide whether to assess, and whether to issue a plan, for the requests "
    "waiting for the panel.",
    "dataprotection:home": "Answer subject access requests, see who looked at a record, and "
    "delete records past their retention.",
    "staff_accounts:locked": "Unlock the account of someone locked out after too many attempts "
    "to sign in.",
}


def next_steps_for(user) -> list[dict]:
    """The pages this person may use, each with what it is for: their home page's links."""
    return [
        {"label": label, "url": url_for(url_name), "purpose": PURPOSES[url_name]}
        for label, url_name, needs in NAVIGATION
        if url_name in PURPOSES and shown_to(user, needs)
    ]
