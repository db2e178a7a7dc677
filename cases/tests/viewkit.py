"""Helpers for the view and selector tests: people, cases in a given state, POST data.

Set-up goes through the services with explicit dates (never "today"), so a test only needs
time travel for the request it makes through the views.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import AdviceKind, AssessmentRequest, Deadline
from cases.roles import Role
from cases.tests.factories import ChildFactory, FamilyMemberFactory, TeamFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
D = datetime.date.fromisoformat
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer<<>>\n%%EOF\n"
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


def at(day: str, hhmm: str = "10:00") -> datetime.datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime.datetime.combine(D(day), datetime.time(h, m), tzinfo=LONDON)


def noon(day: str) -> datetime.datetime:
    """A moment to travel to: midday in London on `day`."""
    return at(day, "12:00")


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def people(team_name="North locality"):
    team = TeamFactory(name=team_name)
    return {
        "team": team,
        "officer": UserFactory(role=Role.CASE_OFFICER, team=team, full_name="Sam Patel"),
        "manager": UserFactory(role=Role.SEN_MANAGER, team=team, full_name="Jo Adeyemi"),
        "panel": UserFactory(role=Role.PANEL_MEMBER, full_name="Dr Priya Shah"),
    }


def received_request(officer, *, arrived="2026-01-05", child=None, hhmm="10:00"):
    """A request received on `arrived` (a working day before 5pm) for a new or given child."""
    if child is None:
        child = ChildFactory()
        FamilyMemberFactory(child=child)
    return services.request_create(
        actor=officer,
        child=child,
        source="parent",
        requester_name="Rachel Okafor",
        arrived_at=at(arrived, hhmm),
        channel="email",
        consent_given=True,
        reason="Needs not met at SEN support.",
        now=NOW,
    )


def agreed_request(officer, panel, **kwargs) -> AssessmentRequest:
    request = received_request(officer, **kwargs)
    return services.request_decide_to_assess(
        actor=panel,
        request_id=request.pk,
        version=request.version,
        agreed=True,
        decided_on=request.received_on + datetime.timedelta(days=30),
        reason="Evidence suggests the child may need a plan.",
        today=NOW.date(),
    )


def gathering_request(officer, panel, **kwargs) -> AssessmentRequest:
    request = agreed_request(officer, panel, **kwargs)
    services.advice_request_send(
        actor=officer,
        request_id=request.pk,
        kind=AdviceKind.EDUCATIONAL,
        addressee_name="SENCo",
        requested_on=request.assess_decided_on,
        today=NOW.date(),
    )
    request.refresh_from_db()
    return request


def open_dues(request) -> dict:
    return {
        d.kind: d.due_on
        for d in Deadline.objects.filter(
            object_id=request.pk, content_type__model="assessmentrequest"
        )
    }


def date_data(name: str, value: datetime.date | None) -> dict:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def decision_data(*, version, agreed=True, decided_on, reason="The panel's reasons.", rights=False):
    data = {"version": version, "agreed": "yes" if agreed else "no", "reason": reason}
    data.update(date_data("decided_on", decided_on))
    if rights:
        data["rights_given"] = "on"
    return data


def new_request_data(**overrides) -> dict:
    data = {
        "first_name": "Maya",
        "last_name": "Okafor",
        **date_data("date_of_birth", D("2016-03-14")),
        "upn": "",
        "nhs_number": "",
        "postcode": "dc1 2ab",
        "primary_need": "SLCN",
        "current_setting": "",
        "parent_name": "Rachel Okafor",
        "relationship": "mother",
        "parent_email": "rachel@example.net",
        "parent_phone": "",
        "parent_address": "",
        "parental_responsibility": "yes",
        "contact_preference": "email",
        "source": "parent",
        "requester_name": "Rachel Okafor",
        **date_data("arrived_on", D("2026-01-05")),
        "arrived_time": "09:30",
        "channel": "email",
        "consent_given": "yes",
        "reason": "Maya's speech and language needs are not met at SEN support.",
    }
    data.update(overrides)
    return data
