"""Role-aware navigation: the links each role sees in the header.

Later issues add their pages here, in one place, so a role never sees a link it cannot follow.
"""

from django.urls import reverse

from cases.roles import Role

# (label, url name, roles that see it)
NAVIGATION: tuple[tuple[str, str, frozenset[str]], ...] = (
    (
        "Home",
        "staff:home",
        frozenset({Role.CASE_OFFICER, Role.SEN_MANAGER, Role.PANEL_MEMBER, Role.MODERATOR}),
    ),
    ("Caseload", "cases:caseload", frozenset({Role.CASE_OFFICER, Role.SEN_MANAGER})),
    ("Reviews", "reviews:list", frozenset({Role.CASE_OFFICER, Role.SEN_MANAGER})),
    ("Panel agenda", "panel:agenda", frozenset({Role.PANEL_MEMBER, Role.SEN_MANAGER})),
    ("Data protection", "dataprotection:home", frozenset({Role.SEN_MANAGER})),
    ("Locked accounts", "staff_accounts:locked", frozenset({Role.SEN_MANAGER})),
    (
        "Home",
        "portal:home",
        frozenset({Role.PARENT, Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.PROVIDER}),
    ),
)


def nav_items_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for label, url_name, roles in NAVIGATION:
        if user.role in roles:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "current": current_path == url})
    return items
