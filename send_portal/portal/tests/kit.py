"""Families for the portal's tests: a parent linked by the council to a child's case."""

from cases.models import FamilyMember
from cases.roles import Role
from cases.services import family_portal
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import UserFactory


def link_parent(officer, case, parent=None):
    """The council links a parent's portal account to the child's case (a family record too)."""
    parent = parent or UserFactory(role=Role.PARENT, full_name="Rachel Okafor")
    member = FamilyMember.objects.filter(
        child=case.child, user__isnull=True
    ).first() or FamilyMemberFactory(child=case.child)
    family_portal.family_link_grant(
        actor=officer, case=case, user=parent, family_member_id=member.pk
    )
    return parent


def link_young_person(officer, case, user=None):
    user = user or UserFactory(role=Role.YOUNG_PERSON, full_name=case.child.full_name)
    family_portal.family_link_grant(actor=officer, case=case, user=user)
    return user
