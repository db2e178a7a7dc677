"""The demo's second family and second professional, so anyone can check that one family never
sees another's child and one professional never sees another's advice request.

- parent2@demo.example (Daniel Mensah) is linked to his two children, Kofi (7) and Ama (13),
  both being assessed; the first demo parent never sees them, nor he the first family's child.
- adviser@demo.example (the demo educational psychologist) and adviser2@demo.example (a community
  paediatrician) each have advice to send, one request due soon and one overdue, and one request
  already answered through the advice portal; neither sees the other's.

Everything goes through the services, dated relative to `today`, with the demo password.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import AdviceKind
from cases.models import Child
from cases.models import FamilyMember
from cases.models import NeedType
from cases.models import Phase
from cases.models import Relationship
from cases.models import Setting
from cases.models import Sex
from cases.models import User
from cases.pdf import html_to_pdf
from cases.permissions import case_grant_portal_access
from cases.roles import Role
from cases.services.advice_portal import advice_submit

from .cases import DEMO_PASSWORD

PARENT2 = ("parent2@demo.example", "Daniel Mensah", Role.PARENT)
ADVISER2 = ("adviser2@demo.example", "Dr Aisha Rahman (paediatrician)", Role.PROFESSIONAL)
DEMO_USERS = (PARENT2, ADVISER2)  # printed by seed_demo with the others; in the README's table
ADVISER = "adviser@demo.example"


@dataclass(frozen=True)
class Child2:
    first_name: str
    last_name: str
    age: int
    sex: str
    need: str
    phase: str
    arrived_days_ago: int
    decided_days_ago: int
    reason: str


KOFI = Child2(
    "Kofi",
    "Mensah",
    7,
    Sex.MALE,
    NeedType.SLCN,
    Phase.PRIMARY,
    45,
    39,
    "Speech and language needs not met at SEN support despite two terms of help.",
)
AMA = Child2(
    "Ama",
    "Mensah",
    13,
    Sex.FEMALE,
    NeedType.ASD,
    Phase.SECONDARY,
    75,
    58,
    "Not attending most lessons since moving to secondary school; anxiety in crowded places.",
)
ISLA = Child2(
    "Isla",
    "Bennett",
    5,
    Sex.FEMALE,
    NeedType.MLD,
    Phase.PRIMARY,
    70,
    55,
    "Progress well below her classmates' despite a year of SEN support.",
)

CHILDREN = (KOFI, AMA, ISLA)  # each with a case being assessed, the demo officer's


def _user(email: str, name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = case_services.user_create(
            email=email, full_name=name, role=role, password=DEMO_PASSWORD
        )
    return user


def _agreed_request(spec: Child2, *, officer, panel, parent, today):
    settings = Setting.objects.filter(phase=spec.phase).order_by("name")
    child = Child.objects.create(
        first_name=spec.first_name,
        last_name=spec.last_name,
        date_of_birth=datetime.date(today.year - spec.age, 4, 17),
        sex=spec.sex,
        postcode="DC3 7HW",
        town="Kingsford",
        primary_need=spec.need,
        current_setting=settings.first(),
    )
    FamilyMember.objects.create(
        child=child,
        full_name=parent.full_name if parent else "Sophie Bennett",
        relationship=Relationship.FATHER if parent else Relationship.MOTHER,
        is_main_contact=True,
        email=parent.email if parent else "",
        user=parent,
    )
    arrived_on = today - datetime.timedelta(days=spec.arrived_days_ago)
    arrived = datetime.datetime.combine(
        arrived_on, datetime.time(10), timezone.get_default_timezone()
    )
    request = case_services.request_create(
        actor=officer,
        child=child,
        source="parent",
        requester_name=parent.full_name if parent else "Sophie Bennett",
        arrived_at=arrived,
        channel="email",
        consent_given=True,
        reason=spec.reason,
        officer=officer,
    )
    decided_on = today - datetime.timedelta(days=spec.decided_days_ago)
    request = case_services.request_decide_to_assess(
        actor=panel,
        request_id=request.pk,
        version=request.version,
        agreed=True,
        decided_on=decided_on,
        told_on=decided_on,
        reason="Evidence suggests the child may need a plan.",
        today=today,
    )
    if parent is not None:
        case_grant_portal_access(user=parent, case=request.case)
    return request


def _ask(officer, request, adviser: User, kind: str, *, days_ago: int, today, organisation=""):
    return case_services.advice_request_send(
        actor=officer,
        request_id=request.pk,
        kind=kind,
        addressee_name=adviser.full_name,
        addressee_organisation=organisation,
        addressee_email=adviser.email,
        requested_on=today - datetime.timedelta(days=days_ago),
        today=today,
    )


def _report(title: str, text: str) -> SimpleUploadedFile:
    html = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><h1>{title}</h1><p>{text}</p></body></html>"
    )
    return SimpleUploadedFile(
        "cognitive-assessment.pdf", html_to_pdf(html), content_type="application/pdf"
    )


@transaction.atomic
def seed_second_family(*, today: datetime.date) -> int:
    """Make the second family and professional once; returns the advice requests made."""
    parent2 = _user(*PARENT2)
    adviser2 = _user(*ADVISER2)
    adviser = User.objects.filter(email=ADVISER, role=Role.PROFESSIONAL).first()
    officer = User.objects.filter(email="officer@demo.example").first()
    panel = User.objects.filter(email="panel@demo.example").first()
    if adviser is None or officer is None or panel is None:
        return 0
    if FamilyMember.objects.filter(user=parent2).exists():
        return 0
    people = {"officer": officer, "panel": panel, "today": today}
    kofi = _agreed_request(KOFI, parent=parent2, **people)
    ama = _agreed_request(AMA, parent=parent2, **people)
    isla = _agreed_request(ISLA, parent=None, **people)
    ep, health = "Educational psychology service", "Kingsford children's health service"
    kind_ep, kind_health = AdviceKind.PSYCHOLOGICAL, AdviceKind.MEDICAL
    # Due soon: asked 38 days ago, due in 4.
    _ask(officer, kofi, adviser, kind_ep, days_ago=38, today=today, organisation=ep)
    _ask(officer, isla, adviser2, kind_health, days_ago=37, today=today, organisation=health)
    # Overdue: asked 55 and 50 days ago.
    _ask(officer, ama, adviser, kind_ep, days_ago=55, today=today, organisation=ep)
    _ask(officer, ama, adviser2, kind_health, days_ago=50, today=today, organisation=health)
    # Already answered through the advice portal.
    answered = _ask(officer, isla, adviser, kind_ep, days_ago=52, today=today, organisation=ep)
    advice_submit(
        actor=adviser,
        advice_id=answered.pk,
        sections={
            "strengths": "Isla is curious and sociable, and loves stories read aloud.",
            "needs": "Working memory and processing speed are well below her age; she needs "
            "instructions broken into single steps.",
            "outcomes": "By the end of year 2, Isla reads and writes simple sentences on her own.",
            "provision": "Daily small-group phonics (20 minutes) with a trained teaching "
            "assistant; visual timetable; reviewed termly by the school's SENCO.",
        },
        upload=_report(
            "Cognitive assessment results",
            "Standardised scores from the assessment of Isla Bennett.",
        ),
        today=today - datetime.timedelta(days=12),
    )
    sent = _ask(officer, kofi, adviser2, kind_health, days_ago=38, today=today, organisation=health)
    advice_submit(
        actor=adviser2,
        advice_id=sent.pk,
        sections={
            "health_needs": "Kofi has glue ear; hearing fluctuates, worse in winter.",
            "outcomes": "Kofi follows classroom instructions without needing them repeated.",
            "health_provision": "Audiology review every 6 months; grommets considered at the "
            "next ENT appointment.",
            "provision": "Seat near the teacher, away from the door; check understanding after "
            "instructions.",
        },
        today=today - datetime.timedelta(days=5),
    )
    return 6
