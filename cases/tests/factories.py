import datetime

import factory

from cases.models import Case, CaseStage, Child, FamilyMember, Relationship, Setting, Team, User
from cases.role_groups import role_group
from cases.roles import Role


class Name(factory.Faker):
    """A Faker name without apostrophes: Django's templates write O'Brien as O&#x27;Brien, so a
    test looking for the name in a page would pass or fail with the random draw."""

    def evaluate(self, instance, step, extra):
        return super().evaluate(instance, step, extra).replace("'", "")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Locality team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = Name("name", locale="en_GB")
    role = Role.CASE_OFFICER
    team = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.CASE_OFFICER, Role.SEN_MANAGER)),
        yes_declaration=factory.SubFactory(TeamFactory),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(role_group(Role(self.role)))
            self.save()


class SettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Setting

    name = factory.Sequence(lambda n: f"Riverside Primary School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    setting_type = "mainstream"
    phase = "primary"
    local_authority = "Demo County"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = Name("first_name", locale="en_GB")
    last_name = Name("last_name", locale="en_GB")
    date_of_birth = datetime.date(2016, 5, 14)
    upn = factory.Sequence(lambda n: f"A{n:012d}")
    postcode = "AB1 2CD"
    primary_need = "ASD"


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyMember

    child = factory.SubFactory(ChildFactory)
    full_name = Name("name", locale="en_GB")
    relationship = Relationship.MOTHER
    is_main_contact = True
    email = factory.Sequence(lambda n: f"parent{n}@example.net")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"SEN-T{n:06d}")
    child = factory.SubFactory(ChildFactory)
    team = factory.SubFactory(TeamFactory)
    officer = None
    stage = CaseStage.REQUEST
    opened_on = datetime.date(2026, 9, 1)
