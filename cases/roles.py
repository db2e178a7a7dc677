"""The roles people hold in the service, and which URL space each belongs to.

A role is a Django group (created with its model permissions by a data migration) and is also
stored on the user, so navigation and access checks need no extra query.
"""

from django.db import models


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", "SEN case officer"
    SEN_MANAGER = "sen_manager", "SEN manager"
    PANEL_MEMBER = "panel_member", "Panel member"
    PROFESSIONAL = "professional", "Professional adviser"
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    PROVIDER = "provider", "Local offer provider"
    MODERATOR = "moderator", "Local offer moderator"


# Council staff use /staff/; everyone else uses /portal/. Nobody crosses between the two.
STAFF_ROLES = frozenset({Role.CASE_OFFICER, Role.SEN_MANAGER, Role.PANEL_MEMBER, Role.MODERATOR})
PORTAL_ROLES = frozenset({Role.PROFESSIONAL, Role.PARENT, Role.YOUNG_PERSON, Role.PROVIDER})

# Model permissions each role's group carries: (app_label, codename). Object-level rights
# (this parent, this child) are granted per object with django-guardian on top of these.
# The case file's records that casework works on.
CASEWORK_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("cases", "view_child"),
    ("cases", "add_child"),
    ("cases", "change_child"),
    ("cases", "view_familymember"),
    ("cases", "add_familymember"),
    ("cases", "change_familymember"),
    ("cases", "view_case"),
    ("cases", "add_case"),
    ("cases", "change_case"),
    ("cases", "view_setting"),
    ("cases", "view_assessmentrequest"),
    ("cases", "add_assessmentrequest"),
    ("cases", "change_assessmentrequest"),
    ("cases", "view_advicerequest"),
    ("cases", "add_advicerequest"),
    ("cases", "change_advicerequest"),
    ("cases", "add_timelimitexception"),
    ("cases", "view_document"),
    ("cases", "add_document"),
)

ROLE_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    Role.CASE_OFFICER: CASEWORK_PERMISSIONS,
    Role.SEN_MANAGER: (
        *CASEWORK_PERMISSIONS,
        ("cases", "allocate_case"),
        ("cases", "add_setting"),
        ("cases", "change_setting"),
        ("cases", "view_all_cases"),
        ("cases", "decide_request"),
        ("cases", "view_auditentry"),
    ),
    Role.PANEL_MEMBER: (
        ("cases", "view_child"),
        ("cases", "view_case"),
        ("cases", "view_setting"),
        ("cases", "view_assessmentrequest"),
        ("cases", "decide_request"),
        ("cases", "view_advicerequest"),
        ("cases", "view_document"),
    ),
    Role.PROFESSIONAL: (),
    Role.PARENT: (),
    Role.YOUNG_PERSON: (),
    Role.PROVIDER: (),
    Role.MODERATOR: (),
}
