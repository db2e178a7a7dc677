"""Demo and scale data: believable people for a demo, and bulk cases for benchmarks.

Deterministic (seeded) so that two runs give the same data, and set-based (bulk inserts in
batches) so that 25,000 cases take seconds, not minutes.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.audit_events import payload_checked
from cases.models import AdviceKind
from cases.models import AdviceRequest
from cases.models import AdviceState
from cases.models import AlternativePerson
from cases.models import AlternativeRoute
from cases.models import ArrivalChannel
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import ContactPreference
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import FamilyMember
from cases.models import NeedType
from cases.models import PanelDecision
from cases.models import PanelDecisionKind
from cases.models import Phase
from cases.models import Relationship
from cases.models import RequestSource
from cases.models import RequestState
from cases.models import Setting
from cases.models import SettingType
from cases.models import Sex
from cases.models import Team
from cases.models import User
from cases.permissions import case_grant_portal_access
from cases.references import case_reference_next
from cases.references import case_references_sync
from cases.references import highest_reference_number
from cases.roles import Role
from cases.services import user_create
from cases.templatetags.govuk import in_a_sentence
from cases.validation import upn_from_serial

DEMO_PASSWORD = "demo-pass-2026"  # documented in the README; seed_demo refuses production
BATCH = 2000

DEMO_USERS = (
    ("officer@demo.example", "Sam Patel", Role.CASE_OFFICER, "North locality"),
    ("manager@demo.example", "Jo Adeyemi", Role.SEN_MANAGER, "North locality"),
    ("panel@demo.example", "Dr Priya Shah", Role.PANEL_MEMBER, None),
    ("adviser@demo.example", "Dr Tom Evans (EP)", Role.PROFESSIONAL, None),
    ("parent@demo.example", "Rachel Okafor", Role.PARENT, None),
    ("youngperson@demo.example", "Liam Walsh", Role.YOUNG_PERSON, None),
    ("provider@demo.example", "Amira Hussain", Role.PROVIDER, None),
    ("moderator@demo.example", "Chris Morgan", Role.MODERATOR, None),
)

SETTINGS = (
    ("Little Acorns Nursery", "EY512345", SettingType.EARLY_YEARS, Phase.EARLY_YEARS),
    ("Riverside Primary School", "112233", SettingType.MAINSTREAM, Phase.PRIMARY),
    ("St Mary's CofE Primary School", "112244", SettingType.MAINSTREAM, Phase.PRIMARY),
    ("Hilltop Infant School", "112255", SettingType.MAINSTREAM, Phase.INFANT),
    ("Hilltop Junior School", "112266", SettingType.MAINSTREAM, Phase.JUNIOR),
    ("Oakfield Academy", "140011", SettingType.ACADEMY, Phase.SECONDARY),
    ("Kingsway High School", "140022", SettingType.RESOURCED, Phase.SECONDARY),
    ("Meadowbank Special School", "150033", SettingType.SPECIAL, Phase.ALL_THROUGH),
    ("Brookside Special School", "150044", SettingType.SPECIAL, Phase.SECONDARY),
    ("Demo County College", "130055", SettingType.FE_COLLEGE, Phase.POST16),
    ("Northgate Sixth Form College", "130066", SettingType.SIXTH_FORM, Phase.POST16),
    ("Harbour View Independent School", "160077", SettingType.INDEPENDENT_SPECIAL, Phase.SECONDARY),
)

FIRST_NAMES = [
    "Oliver",
    "Amelia",
    "Noah",
    "Isla",
    "Muhammad",
    "Ava",
    "George",
    "Ivy",
    "Leo",
    "Freya",
    "Arthur",
    "Lily",
    "Oscar",
    "Sophia",
    "Harry",
    "Mia",
    "Jack",
    "Grace",
    "Charlie",
    "Ella",
    "Theo",
    "Evie",
    "Finley",
    "Aisha",
    "Zain",
    "Maya",
    "Kai",
    "Nia",
    "Ethan",
    "Layla",
    "Alfie",
    "Poppy",
    "Jacob",
    "Sienna",
    "Reuben",
    "Hana",
    "Tomasz",
    "Zofia",
    "Kofi",
    "Amara",
    "Rhys",
    "Seren",
    "Callum",
    "Niamh",
    "Dylan",
    "Erin",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Roberts",
    "Johnson",
    "Lewis",
    "Walker",
    "Robinson",
    "Wood",
    "Thompson",
    "White",
    "Watson",
    "Jackson",
    "Wright",
    "Green",
    "Harris",
    "Cooper",
    "King",
    "Lee",
    "Martin",
    "Clarke",
    "James",
    "Morgan",
    "Hughes",
    "Edwards",
    "Hill",
    "Moore",
    "Clark",
    "Harrison",
    "Scott",
    "Young",
    "Morris",
    "Hall",
    "Ward",
    "Turner",
    "Carter",
    "Phillips",
    "Mitchell",
    "Patel",
    "Khan",
    "Ali",
    "Begum",
    "Hussain",
    "Nowak",
    "Kowalski",
    "Okafor",
    "Mensah",
    "Singh",
]
TOWNS = ("Northbridge", "Southfield", "Eastwick", "Westmoor", "Kingsford", "Ashby")

# Roughly the national mix of primary needs in EHC plans (DfE, 2025).
NEED_WEIGHTS = {
    NeedType.ASD: 33,
    NeedType.SLCN: 21,
    NeedType.SEMH: 15,
    NeedType.MLD: 8,
    NeedType.SLD: 6,
    NeedType.SPLD: 4,
    NeedType.PD: 3,
    NeedType.OTH: 3,
    NeedType.HI: 2,
    NeedType.PMLD: 1,
    NeedType.VI: 1,
    NeedType.DS: 1,
    NeedType.MSI: 1,
}
# A case whose journey has ended here: nothing is left to act on, so it is closed.
_CLOSED_STAGES = (CaseStage.CEASED, CaseStage.NOT_ASSESSING, CaseStage.NOT_ISSUING)
# Most cases hold a maintained plan; a minority are moving through the statutory process.
STAGE_WEIGHTS = {
    CaseStage.PLAN: 70,
    CaseStage.REVIEW: 8,
    CaseStage.REQUEST: 6,
    CaseStage.ASSESSMENT: 8,
    CaseStage.DRAFTING: 3,
    CaseStage.NOT_ASSESSING: 2,
    CaseStage.NOT_ISSUING: 1,
    CaseStage.CEASED: 2,
}


@dataclass
class SeedResult:
    users: int
    children: int
    cases: int


def _next_reference_number() -> int:
    return highest_reference_number() + 1


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"DC{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _upn(n: int) -> str:
    return upn_from_serial(f"{n:012d}")


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def ensure_demo_users() -> dict[str, User]:
    users = {}
    hashed = None  # one password, hashed once (each hash takes the better part of a second)
    for email, name, role, team_name in DEMO_USERS:
        team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, full_name=name, role=role, team=team)
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            user.save(update_fields=["password"])
        users[role] = user
    Team.objects.get_or_create(name="South locality")
    return users


def ensure_settings() -> list[Setting]:
    settings = []
    for name, urn, kind, phase in SETTINGS:
        setting, _ = Setting.objects.get_or_create(
            name=name,
            defaults={
                "urn": urn if urn.isdigit() else None,
                "setting_type": kind,
                "phase": phase,
                "local_authority": "Demo County",
                "postcode": "DC1 1AA",
            },
        )
        settings.append(setting)
    return settings


def _setting_for_age(rng, settings: list[Setting], age: int) -> Setting | None:
    if age < 4:
        wanted = {Phase.EARLY_YEARS}
    elif age < 11:
        wanted = {Phase.PRIMARY, Phase.INFANT, Phase.JUNIOR, Phase.ALL_THROUGH}
    elif age < 16:
        wanted = {Phase.SECONDARY, Phase.ALL_THROUGH}
    elif age < 20:
        wanted = {Phase.POST16}
    else:
        return None
    choices = [s for s in settings if s.phase in wanted]
    return rng.choice(choices) if choices else None


@transaction.atomic
def seed_demo(*, today: datetime.date) -> SeedResult:
    """The small believable set: one user per role, schools, twenty children's cases and two
    young people's (one speaks for himself, one lacks capacity and her mother acts for her)."""
    users = ensure_demo_users()
    settings = ensure_settings()
    if Case.objects.filter(officer=users[Role.CASE_OFFICER]).exists():
        return SeedResult(users=len(users), children=0, cases=0)
    made = seed_cases(count=20, today=today, seed=2026, officers=[users[Role.CASE_OFFICER]])
    from .desk import seed_desk  # notes, contacts and unallocated work (send_portal.desk)

    seed_desk(users, today=today)

    # Give the demo parent and young person their own cases in the portal.
    parent_case = (
        Case.objects.filter(officer=users[Role.CASE_OFFICER], stage=CaseStage.ASSESSMENT)
        .select_related("child")
        .first()
    )
    if parent_case:
        FamilyMember.objects.filter(child=parent_case.child, is_main_contact=True).update(
            full_name=users[Role.PARENT].full_name,
            email=users[Role.PARENT].email,
            user=users[Role.PARENT],
        )
        case_grant_portal_access(user=users[Role.PARENT], case=parent_case)
    yp_child = Child.objects.create(
        first_name="Liam",
        last_name="Walsh",
        date_of_birth=datetime.date(today.year - 17, 3, 2),
        sex=Sex.MALE,
        uln="1234567890",
        postcode="DC4 2RT",
        town="Kingsford",
        primary_need=NeedType.SEMH,
        current_setting=next(s for s in settings if s.phase == Phase.POST16),
    )
    officer = users[Role.CASE_OFFICER]
    yp_case = _case_with_a_plan_from_before(
        yp_child, officer, datetime.date(today.year - 4, 10, 14), today=today
    )
    case_grant_portal_access(user=users[Role.YOUNG_PERSON], case=yp_case)

    # A young person who lacks capacity for these decisions: her mother acts for her.
    ellie = Child.objects.create(
        first_name="Ellie",
        last_name="Park",
        date_of_birth=datetime.date(today.year - 19, 7, 9),
        sex=Sex.FEMALE,
        postcode="DC2 5LP",
        town="Kingsford",
        primary_need=NeedType.PMLD,
    )
    _case_with_a_plan_from_before(ellie, officer, datetime.date(today.year - 6, 1, 20), today=today)
    FamilyMember.objects.create(
        child=ellie,
        full_name="Grace Park",
        relationship=Relationship.MOTHER,
        is_main_contact=True,
        email="grace.park@demo.example",
    )
    AlternativePerson.objects.create(
        child=ellie,
        route=AlternativeRoute.PARENT,
        full_name="Grace Park",
        email="grace.park@demo.example",
        decisions="All decisions about her EHC plan, reviews and placement",
        capacity_assessed_on=today - datetime.timedelta(days=300),
        recorded_by=officer,
        recorded_on=today - datetime.timedelta(days=290),
    )
    _record_demo_history(users, today=today)
    return SeedResult(users=len(users), children=made.children + 2, cases=made.cases + 2)


def _case_with_a_plan_from_before(
    child: Child, officer: User, opened_on: datetime.date, *, today: datetime.date
) -> Case:
    """A case at the plan stage whose plan was issued years ago, from the request that began it
    (so its plan is made by `send_portal.demo.plans` and its annual review is scheduled and
    chased: no case sits at "Plan maintained" with nothing to act on)."""
    case = Case.objects.create(
        reference=case_reference_next(),
        child=child,
        team=officer.team,
        officer=officer,
        stage=CaseStage.PLAN,
        opened_on=opened_on,
    )
    _seed_requests([case], rng=random.Random(case.pk), today=today)
    return case


def demo_case_ids() -> list[int]:
    """The small demo set: the demo officer's cases."""
    return list(Case.objects.filter(officer__email=DEMO_USERS[0][0]).values_list("pk", flat=True))


def _record_demo_history(users: dict, *, today: datetime.date) -> None:
    """The demo cases' panel decisions and timeline, so a demo case page reads like a real one.
    (Bulk scale data skips this: it exists to load the database, not to be read.)"""
    panel, officer = users[Role.PANEL_MEMBER], users[Role.CASE_OFFICER]
    decisions, entries = [], []
    request_type = ContentType.objects.get_for_model(AssessmentRequest)
    for request in AssessmentRequest.objects.filter(case__officer=officer).select_related("case"):
        entries.append(
            AuditEntry(
                case=request.case,
                actor=officer,
                action="request.received",
                at=request.arrived_at,
                content_type=request_type,
                object_id=request.pk,
                # Backdated, so written here rather than through cases.audit.audit_record; the
                # payload is checked against the registered event all the same.
                payload=payload_checked(
                    "request.received",
                    {
                        "received_on": request.received_on.isoformat(),
                        "channel": in_a_sentence(request.get_channel_display()),
                        "requester": request.requester_name,
                    },
                ),
            )
        )
        for kind, decided_on, agreed in (
            (
                PanelDecisionKind.ASSESS,
                request.assess_decided_on,
                request.state != RequestState.REFUSED,
            ),
            (
                PanelDecisionKind.ISSUE,
                request.issue_decided_on,
                request.state != RequestState.NOT_ISSUING,
            ),
        ):
            if decided_on is None:
                continue
            reason = (
                "Evidence meets the council's criteria."
                if agreed
                else "Needs can be met at SEN support."
            )
            decisions.append(
                PanelDecision(
                    request=request,
                    kind=kind,
                    agreed=agreed,
                    decided_on=decided_on,
                    decided_by=panel,
                    reason=reason,
                    told_on=decided_on,
                )
            )
            entries.append(
                AuditEntry(
                    case=request.case,
                    actor=panel,
                    action=f"request.{kind}_{'agreed' if agreed else 'refused'}",
                    at=datetime.datetime.combine(
                        decided_on, datetime.time(14), timezone.get_default_timezone()
                    ),
                    content_type=request_type,
                    object_id=request.pk,
                    payload=payload_checked(
                        f"request.{kind}_{'agreed' if agreed else 'refused'}",
                        {"decided_on": decided_on.isoformat()},
                    ),
                )
            )
    PanelDecision.objects.bulk_create(decisions)
    AuditEntry.objects.bulk_create(entries)


def seed_cases(
    *,
    count: int,
    today: datetime.date,
    seed: int = 1,
    officers: list[User] | None = None,
) -> SeedResult:
    """Bulk-create `count` children, each with a parent and a case, with a realistic spread."""
    rng = random.Random(seed)
    settings = ensure_settings()
    if officers is None:
        officers = list(User.objects.filter(role=Role.CASE_OFFICER, is_active=True))
    teams = list(Team.objects.all()) or [Team.objects.create(name="North locality")]
    next_ref = _next_reference_number()
    upn_base = next_ref * 10 + 5_000_000

    made = 0
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        children, plans = [], []
        for i in range(size):
            # Ages 0-25, most of school age, as in the national caseload.
            age = min(25, max(0, int(rng.triangular(1, 24, 11))))
            dob = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            need = _weighted(rng, NEED_WEIGHTS)
            second = _weighted(rng, NEED_WEIGHTS) if rng.random() < 0.3 else ""
            children.append(
                Child(
                    first_name=first,
                    last_name=last,
                    date_of_birth=dob,
                    sex=rng.choice((Sex.FEMALE, Sex.MALE, Sex.MALE)),
                    upn=_upn(upn_base + start + i) if 4 <= age < 16 else "",
                    uln=f"{rng.randint(10**9, 10**10 - 1)}" if age >= 14 else "",
                    address_line_1=f"{rng.randint(1, 200)} {rng.choice(LAST_NAMES)} Road",
                    town=rng.choice(TOWNS),
                    postcode=_postcode(rng),
                    primary_need=need,
                    secondary_need=second if second != need else "",
                    current_setting=_setting_for_age(rng, settings, age),
                )
            )
            stage = _weighted(rng, STAGE_WEIGHTS)
            if stage in (CaseStage.REQUEST, CaseStage.ASSESSMENT, CaseStage.DRAFTING):
                opened = today - datetime.timedelta(days=rng.randint(0, 150))
            else:
                opened = today - datetime.timedelta(days=rng.randint(60, 365 * min(age, 10) + 60))
            plans.append((stage, max(opened, dob)))
        Child.objects.bulk_create(children, batch_size=BATCH)

        family, cases = [], []
        for j, (child, (stage, opened)) in enumerate(zip(children, plans, strict=True)):
            parent_last = child.last_name if rng.random() < 0.85 else rng.choice(LAST_NAMES)
            family.append(
                FamilyMember(
                    child=child,
                    full_name=f"{rng.choice(FIRST_NAMES)} {parent_last}",
                    relationship=rng.choice(
                        (
                            Relationship.MOTHER,
                            Relationship.MOTHER,
                            Relationship.FATHER,
                            Relationship.FOSTER_CARER,
                            Relationship.GRANDPARENT,
                        )
                    ),
                    parental_responsibility=True,
                    is_main_contact=True,
                    contact_preference=rng.choice(
                        (ContactPreference.EMAIL, ContactPreference.EMAIL, ContactPreference.POST)
                    ),
                    email=f"family{next_ref + start + j}@example.net",
                )
            )
            officer = rng.choice(officers) if officers else None
            cases.append(
                Case(
                    reference=f"SEN-{next_ref + start + j:06d}",
                    child=child,
                    team=officer.team if officer and officer.team else rng.choice(teams),
                    officer=officer,
                    stage=stage,
                    opened_on=opened,
                    closed_on=today if stage in _CLOSED_STAGES else None,
                )
            )
        FamilyMember.objects.bulk_create(family, batch_size=BATCH)
        Case.objects.bulk_create(cases, batch_size=BATCH)
        _seed_requests(cases, rng=rng, today=today)
        made += size
    case_references_sync()  # new requests go on from the last seeded reference
    return SeedResult(users=0, children=made, cases=made)


# The request state that matches each stage of a generated case.
_STATE_FOR_STAGE = {
    CaseStage.REQUEST: RequestState.RECEIVED,
    CaseStage.ASSESSMENT: RequestState.ADVICE_GATHERING,
    CaseStage.DRAFTING: RequestState.DRAFTING,
    CaseStage.PLAN: RequestState.FINAL_ISSUED,
    CaseStage.REVIEW: RequestState.FINAL_ISSUED,
    CaseStage.CEASED: RequestState.FINAL_ISSUED,
    CaseStage.NOT_ASSESSING: RequestState.REFUSED,
    CaseStage.NOT_ISSUING: RequestState.NOT_ISSUING,
}
_ADVICE_KINDS = (AdviceKind.EDUCATIONAL, AdviceKind.PSYCHOLOGICAL, AdviceKind.MEDICAL)
_PLAN_AGREED = (RequestState.DRAFTING, RequestState.FINAL_ISSUED)
_ASSESSED = (*_PLAN_AGREED, RequestState.NOT_ISSUING)


# The request's dates in the order they happen: each on or after the one before.
_REQUEST_DATES = ("assess_decided_on", "issue_decided_on", "draft_issued_on", "final_issued_on")
_FAMILY_DAYS = datetime.timedelta(days=15)  # the draft's 15 days before the final plan


def _never_ahead_of(fields: dict, *, received: datetime.date, today: datetime.date) -> None:
    """Nothing in the demo happens after today: a final plan issued in the future would be
    a plan that does not exist yet. Dates pulled back stay in order (and the draft keeps its
    15 days before the final where there is room), and never before the request."""
    if fields.get("final_issued_on") and fields["final_issued_on"] > today:
        fields["final_issued_on"] = today
        fields["draft_issued_on"] = min(fields["draft_issued_on"], today - _FAMILY_DAYS)
    later = today
    for name in reversed(_REQUEST_DATES):
        if fields.get(name) is not None:
            fields[name] = max(received, min(fields[name], later))
            later = fields[name]


def _seed_requests(cases: list[Case], *, rng: random.Random, today: datetime.date) -> None:
    """Each generated case gets the request that brought it, its decisions and its deadlines,
    dated from the statutory clock so timeliness reports have something true to count."""
    local = timezone.get_default_timezone()
    requests = []
    for case in cases:
        arrived = datetime.datetime.combine(
            case.opened_on, datetime.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45))), local
        )
        received = deadlines.request_received_on(arrived)
        clock = deadlines.assessment_deadlines(received)
        state = _STATE_FOR_STAGE[case.stage]
        fields = {}
        late = rng.random() < 0.45  # fewer than half of plans are issued in 20 weeks nationally
        if state != RequestState.RECEIVED:
            fields["assess_decided_on"] = min(
                today, received + datetime.timedelta(days=rng.randint(20, 50 if late else 42))
            )
        if state in (RequestState.FINAL_ISSUED, RequestState.NOT_ISSUING, RequestState.DRAFTING):
            fields["issue_decided_on"] = min(
                today, received + datetime.timedelta(days=rng.randint(80, 130 if late else 112))
            )
        if state == RequestState.FINAL_ISSUED:
            fields["draft_issued_on"] = received + datetime.timedelta(days=rng.randint(90, 115))
            fields["final_issued_on"] = received + datetime.timedelta(
                days=rng.randint(141, 260) if late else rng.randint(110, 140)
            )
        _never_ahead_of(fields, received=received, today=today)
        requests.append(
            AssessmentRequest(
                case=case,
                source=_weighted(
                    rng,
                    {
                        RequestSource.PARENT: 45,
                        RequestSource.SCHOOL: 45,
                        RequestSource.HEALTH: 5,
                        RequestSource.OTHER: 5,
                    },
                ),
                requester_name="Parent or carer",
                arrived_at=arrived,
                channel=rng.choice(
                    (ArrivalChannel.EMAIL, ArrivalChannel.PORTAL, ArrivalChannel.POST)
                ),
                received_on=received,
                consent_given=True,
                reason="Needs not met at SEN support.",
                state=state,
                **fields,
            )
        )
        requests[-1]._clock = clock
    AssessmentRequest.objects.bulk_create(requests, batch_size=BATCH)

    request_type = ContentType.objects.get_for_model(AssessmentRequest)
    advice_type = ContentType.objects.get_for_model(AdviceRequest)
    rows, advice = [], []
    for request in requests:
        clock = request._clock
        closed = request.state in (RequestState.REFUSED, RequestState.NOT_ISSUING)
        for kind, due, met in (
            (DeadlineKind.DECIDE_TO_ASSESS, clock.decide_to_assess, request.assess_decided_on),
            (DeadlineKind.DECIDE_TO_ISSUE, clock.decide_to_issue, request.issue_decided_on),
            (DeadlineKind.DRAFT_PLAN_TARGET, clock.draft_plan_target, request.draft_issued_on),
            (DeadlineKind.FINAL_PLAN, clock.final_plan, request.final_issued_on),
        ):
            cancelled = met is None and (
                request.state == RequestState.REFUSED
                or (closed and kind != DeadlineKind.DECIDE_TO_ISSUE)
            )
            if kind == DeadlineKind.DECIDE_TO_ISSUE and request.state in _PLAN_AGREED:
                # "Yes, issue a plan" has no 16 weeks of its own (reg 10(1) is a "no"'s).
                met, cancelled = None, True
            rows.append(
                Deadline(
                    case_id=request.case_id,
                    kind=kind,
                    content_type=request_type,
                    object_id=request.pk,
                    due_on=due,
                    met_on=met,
                    cancelled=cancelled,
                )
            )
        if request.state in _ASSESSED:
            # The assessment happened before the decision whether to issue: its advice is in.
            asked = request.assess_decided_on
            advice.append(
                AdviceRequest(
                    request=request,
                    kind=AdviceKind.EDUCATIONAL,
                    addressee_name="Educational adviser",
                    requested_on=asked,
                    received_by_adviser_on=asked,
                    due_on=deadlines.advice_due(asked),
                    received_on=request.issue_decided_on,
                    state=AdviceState.RECEIVED,
                )
            )
        if request.state == RequestState.ADVICE_GATHERING:
            for kind in _ADVICE_KINDS:
                asked = request.assess_decided_on + datetime.timedelta(days=rng.randint(0, 5))
                received = asked + datetime.timedelta(days=rng.randint(20, 50))
                advice.append(
                    AdviceRequest(
                        request=request,
                        kind=kind,
                        addressee_name=f"{kind.label.split()[0]} adviser",
                        requested_on=asked,
                        received_by_adviser_on=asked,
                        due_on=deadlines.advice_due(asked),
                        received_on=received if received <= today else None,
                        state=AdviceState.RECEIVED if received <= today else AdviceState.AWAITED,
                    )
                )
    AdviceRequest.objects.bulk_create(advice, batch_size=BATCH)
    for item in advice:
        rows.append(
            Deadline(
                case_id=item.request.case_id,
                kind=DeadlineKind.ADVICE,
                content_type=advice_type,
                object_id=item.pk,
                due_on=item.due_on,
                met_on=item.received_on,
                label=f"{item.get_kind_display()} from {item.addressee_name}",
            )
        )
    Deadline.objects.bulk_create(rows, batch_size=BATCH)
