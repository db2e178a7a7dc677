"""Builders of the notices' tests: a real case with a family, and a notice made through the
service (no tests here)."""

import datetime
from unittest import mock

from cases.models import AlternativeRoute
from cases.models import ContactPreference
from cases.notices import services
from cases.services import alternative_person_record
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import decide_to_assess
from cases.tests.factories import received_request

D = datetime.date.fromisoformat
SCHOOL_EMAIL = "head@riverside.example.sch.uk"


class FailingBackend:
    """A mail server that refuses every email, counting the tries."""

    def __init__(self):
        self.calls = 0

    def send(self, email):
        self.calls += 1
        raise ConnectionRefusedError("SMTP server refused the connection")


def family_case(officer, *, first_name="Maya", wants_post=False, **child):
    """A case of a child at a school (with an email), whose mother is the main contact."""
    setting = SettingFactory(email=SCHOOL_EMAIL)
    child = ChildFactory(
        first_name=first_name,
        last_name="Okafor",
        current_setting=setting,
        address_line_1="1 High Street",
        town="Exeter",
        postcode="EX1 1AA",
        **child,
    )
    FamilyMemberFactory(
        child=child,
        full_name="Rachel Okafor",
        email="rachel@example.net",
        contact_preference=ContactPreference.POST if wants_post else ContactPreference.EMAIL,
        address="1 High Street\nExeter\nEX1 1AA",
    )
    return CaseFactory(child=child, team=officer.team, officer=officer)


def family_wants_post(case, *, address="1 High Street\nExeter\nEX1 1AA") -> None:
    """The family of `case` asks for letters by post, to `address`."""
    case.child.family.update(contact_preference=ContactPreference.POST, address=address)


def young_person_case(officer, **child):
    """A case of someone who became a young person on 27 June 2026 (born 1 March 2010)."""
    return family_case(officer, first_name="Ade", date_of_birth=D("2010-03-01"), **child)


def acting_for(case, officer, *, email="", address=""):
    """Tom Deputy acts for the young person from 2 July 2026 (recorded through the service)."""
    return alternative_person_record(
        actor=officer,
        case=case,
        route=AlternativeRoute.DEPUTY,
        full_name="Tom Deputy",
        email=email,
        address=address,
        decisions="All decisions about education.",
        capacity_assessed_on=D("2026-07-01"),
        today=D("2026-07-02"),
    )


def refused_request(officer, panel, case, *, decided_on="2026-02-10"):
    request = received_request(officer, child=case.child, arrived="2026-01-05")
    return decide_to_assess(panel, request, agreed=False, decided_on=decided_on, told_on=None)


def not_assess_notice(officer, case, *, decision=None, dated_on="2026-02-10", **kwargs):
    return services.notice_create(
        actor=officer,
        case=case,
        kind="not_assess",
        facts={"decided_on": D(dated_on)},
        decision=decision,
        dated_on=D(dated_on),
        **kwargs,
    )


def not_assess_notice_emails_refused(officer, case, capture_on_commit):
    """The not-assess notice, its emails refused by the mail server when they go after commit
    (`capture_on_commit`: pytest-django's django_capture_on_commit_callbacks)."""
    with (
        mock.patch.object(services, "email_backend", FailingBackend),
        capture_on_commit(execute=True),
    ):
        return not_assess_notice(officer, case)
