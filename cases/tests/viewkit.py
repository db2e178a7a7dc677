"""Helpers for the view and selector tests: POST data and what the clock shows. People, cases in
a given state and dates come from the shared kit (`tests.kit`, `cases.tests.factories`).

Set-up goes through the services with explicit dates (never "today"), so a test only needs
time travel for the request it makes through the views.
"""

import datetime

import time_machine
from django.urls import reverse

from cases.tests.factories import agreed_request
from cases.tests.factories import gathering_request
from cases.tests.factories import people
from cases.tests.factories import received_request
from tests.kit import LONDON
from tests.kit import NOW
from tests.kit import PDF
from tests.kit import D
from tests.kit import at
from tests.kit import dues_of
from tests.kit import noon
from tests.kit import pdf

__all__ = [
    "LONDON",
    "NOW",
    "PDF",
    "D",
    "agreed_request",
    "at",
    "gathering_request",
    "noon",
    "pdf",
    "people",
    "received_request",
]


def open_dues(request) -> dict:
    """{kind: due date} of the request's stored deadlines."""
    return {kind: due_on for kind, (due_on, _met_on) in dues_of(request).items()}


def date_data(name: str, value: datetime.date | None) -> dict:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


SAME_DAY = object()


def decision_data(
    *,
    version,
    agreed=True,
    decided_on,
    reason="The panel's reasons.",
    told_on=SAME_DAY,
):
    """The panel's decision form; the family told the day of the decision unless `told_on`
    says another day (None: not told yet)."""
    data = {"version": version, "agreed": "yes" if agreed else "no", "reason": reason}
    data.update(date_data("decided_on", decided_on))
    data.update(date_data("told_on", decided_on if told_on is SAME_DAY else told_on))
    return data


def advice_send_url(request) -> str:
    return reverse(
        "cases:advice_send", kwargs={"reference": request.case.reference, "request_id": request.pk}
    )


def advice_send_data(*, kind, addressee_name, requested_on, **addressee) -> dict:
    """The officer's form asking `addressee_name` for advice of `kind` on `requested_on`, not yet
    known to be received (`addressee`: addressee_organisation, addressee_email)."""
    return {
        "kind": kind,
        "addressee_name": addressee_name,
        **addressee,
        **date_data("requested_on", requested_on),
        **date_data("received_by_adviser_on", None),
    }


def new_request_data(**overrides) -> dict:
    return {
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
        **overrides,
    }


def post_new(client, data):
    """The new request form posted on Monday 5 January 2026."""
    with time_machine.travel(noon("2026-01-05"), tick=False):
        return client.post(reverse("cases:request_new"), data)


def post_existing_child(client, child):
    """The new request form, on its duplicates step, told the request is for `child`."""
    data = new_request_data(upn=child.upn)
    return post_new(client, {**data, "step": "duplicates", "duplicate_choice": str(child.pk)})


def advice_in_from_the_school(officer, request, on: datetime.date):
    """The school is asked for advice the day after the decision to assess, and it is in `on`:
    the assessment has happened (through the services)."""
    from cases import services
    from cases.models import AdviceKind

    asked = request.assess_decided_on + datetime.timedelta(days=1)
    advice = services.advice_request_send(
        actor=officer,
        request_id=request.pk,
        kind=AdviceKind.EDUCATIONAL,
        addressee_name="Ms Lee (SENCo)",
        requested_on=asked,
        today=on,
    )
    return services.advice_record_received(
        actor=officer, advice_id=advice.pk, received_on=on, today=on
    )


def reuse_advice(officer, request, *, report_dated: datetime.date, on: datetime.date):
    """ "Tell us once": a report the family already has, reused on `on` with everyone's
    agreement (through the service)."""
    from cases import services

    return services.advice_reuse(
        actor=officer,
        request_id=request.pk,
        kind="psychological",
        author="Dr Ellis",
        report_dated=report_dated,
        upload=pdf(),
        author_agrees=True,
        family_agrees=True,
        today=on,
    )
