import datetime

import factory
from django.contrib.contenttypes.models import ContentType

from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import FamilyMember
from cases.models import Notification
from cases.models import Relationship
from cases.models import Setting
from cases.models import Team
from cases.models import User
from cases.role_groups import role_group
from cases.roles import Role
from cases.validation import upn_from_serial
from tests.kit import NOW
from tests.kit import D
from tests.kit import at


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
    upn = factory.Sequence(lambda n: upn_from_serial(f"{n:012d}"))
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


# --- people and requests at a given step (through the services, with explicit dates) -----------


def people(team_name="North locality") -> dict:
    """A team with its case officer and SEN manager, and a panel member (the `staff` fixture)."""
    team = TeamFactory(name=team_name)
    return {
        "team": team,
        "officer": UserFactory(role=Role.CASE_OFFICER, team=team, full_name="Sam Patel"),
        "manager": UserFactory(role=Role.SEN_MANAGER, team=team, full_name="Jo Adeyemi"),
        "panel": UserFactory(role=Role.PANEL_MEMBER, full_name="Dr Priya Shah"),
    }


def received_request(
    officer,
    *,
    arrived="2026-01-05",
    child=None,
    hhmm="10:00",
    reason="Needs not met at SEN support.",
    **extra,
):
    """A request received on `arrived` (a working day before 5pm) for a new or given child.
    With `child_details` (and `family_details`) in `extra`, the service creates the child."""
    from cases import services

    if child is None and "child_details" not in extra:
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
        reason=reason,
        now=NOW,
        **extra,
    )


def agree_to_assess(panel, request, *, decided_on=None, decision_reason=None):
    """The panel agrees to assess `request`, by default 30 days after it arrived; the family is
    told the same day."""
    return decide_to_assess(
        panel,
        request,
        decided_on=decided_on or request.received_on + datetime.timedelta(days=30),
        reason=decision_reason or "Evidence suggests the child may need a plan.",
    )


def agreed_request(officer, panel, *, decided_on=None, decision_reason=None, **kwargs):
    """A received request (see `received_request` for `kwargs`) the panel agreed to assess."""
    request = received_request(officer, **kwargs)
    return agree_to_assess(panel, request, decided_on=decided_on, decision_reason=decision_reason)


def ask_for_advice(officer, request, *, requested_on=None, addressee_name="SENCo", **extra):
    """Ask the setting for educational advice (by default the day the panel agreed)."""
    advice = send_advice(
        officer,
        request,
        addressee_name=addressee_name,
        requested_on=requested_on or request.assess_decided_on,
        **extra,
    )
    request.refresh_from_db()
    return advice


def gathering_request(officer, panel, **kwargs):
    """An agreed request with educational advice asked for: gathering advice."""
    request = agreed_request(officer, panel, **kwargs)
    ask_for_advice(officer, request)
    return request


# --- one service step on a request, with the usual values (any can be given) ---------------------


def _day(value):
    return value if isinstance(value, datetime.date) else D(value)


def _request_step(service, actor, request, **fields):
    """The request service named `service`, run by `actor` on `request` (`today`: the tests'
    TODAY unless given)."""
    from cases import services

    fields.setdefault("today", NOW.date())
    return getattr(services, service)(actor=actor, request_id=request.pk, **fields)


def _decide(kind, actor, request, agreed, decided_on, reason, extra):
    extra.setdefault("version", request.version)
    extra.setdefault("told_on", _day(decided_on))
    return _request_step(
        f"request_decide_to_{kind}",
        actor,
        request,
        agreed=agreed,
        decided_on=_day(decided_on),
        reason=reason,
        **extra,
    )


def decide_to_assess(actor, request, *, agreed=True, decided_on="2026-02-10", reason="x", **extra):
    """`actor` decides whether to assess `request` (by default: agreed on 10 February 2026, and
    the family told that day; `told_on=None`: not told yet)."""
    return _decide("assess", actor, request, agreed, decided_on, reason, extra)


def decide_to_issue(
    actor,
    request,
    *,
    agreed=True,
    decided_on="2026-03-30",
    reason="An EHC plan is necessary.",
    **extra,
):
    """`actor` decides whether to issue a plan (by default: agreed on 30 March 2026, and the
    family told that day; `told_on=None`: not told yet)."""
    return _decide("issue", actor, request, agreed, decided_on, reason, extra)


def tell_family(officer, request, *, told_on, kind="assess", today=None):
    """The family told on `told_on` of the decision whether to assess (`kind="issue"`: to
    issue a plan), as the notices service reports a letter sent. `today`: by default the
    tests' TODAY."""
    today = NOW.date() if today is None else _day(today)
    return _request_step(
        "request_decision_notified", officer, request, kind=kind, told_on=_day(told_on), today=today
    )


def issue_draft(officer, request, *, issued_on="2026-04-08", **extra):
    """The draft plan is issued (by default on 8 April 2026; `extra`: today)."""
    return _request_step(
        "request_issue_draft",
        officer,
        request,
        version=request.version,
        issued_on=_day(issued_on),
        **extra,
    )


def family_has_nothing_more_to_add(officer, request_id, *, on, today=None):
    """The family's response to the draft plan, received on `on`, says they have nothing more
    to add: their 15 days end that day. `today`: by default `on`."""
    from cases import services

    return services.request_record_family_response(
        actor=officer,
        request_id=request_id,
        responded_on=_day(on),
        nothing_more_to_add=True,
        today=_day(today or on),
    )


def issue_final(officer, request, *, issued_on):
    """The final plan is issued on `issued_on`."""
    return _request_step(
        "request_issue_final", officer, request, version=request.version, issued_on=_day(issued_on)
    )


def withdraw(officer, request, *, on, reason="Withdrawn.", **extra):
    """`request` withdrawn on `on` (`extra`: today...)."""
    return _request_step(
        "request_withdraw",
        officer,
        request,
        version=request.version,
        withdrawn_on=_day(on),
        reason=reason,
        **extra,
    )


def record_exception(officer, request, *, starts_on, ends_on=None, ground="personal", **extra):
    """An exception to the time limits from `starts_on` to `ends_on` (None: no end yet), by
    default for the family's personal reasons (`extra`: reason, kinds, today...)."""
    return _request_step(
        "exception_record",
        officer,
        request,
        ground=ground,
        starts_on=_day(starts_on),
        ends_on=_day(ends_on) if ends_on else None,
        **extra,
    )


def send_advice(
    actor,
    request,
    *,
    kind="educational",
    addressee_name="SENCo",
    requested_on="2026-02-11",
    **extra,
):
    """`actor` asks for advice on `request` (by default educational, on 11 February 2026;
    `extra`: addressee_organisation, today...)."""
    return _request_step(
        "advice_request_send",
        actor,
        request,
        kind=kind,
        addressee_name=addressee_name,
        requested_on=_day(requested_on),
        **extra,
    )


def advice_received(officer, advice, *, on, **extra):
    """The advice asked for in `advice` received on `on` (`extra`: upload, today...)."""
    from cases import services

    extra.setdefault("today", NOW.date())
    return services.advice_record_received(
        actor=officer, advice_id=advice.pk, received_on=_day(on), **extra
    )


# --- the young person, and the case's own record ------------------------------------------------


def acting_for_young_person(officer, case, *, route="deputy", full_name="Pat Ward", **extra):
    """Who acts for the young person of `case` (by default Pat Ward, a deputy, deciding where
    to study, with no email), recorded through the service. `extra`: email, address, decisions,
    capacity_assessed_on (by default 2 March 2026), today."""
    from cases import services

    extra.setdefault("email", "")
    extra.setdefault("decisions", "Where to study")
    extra.setdefault("capacity_assessed_on", D("2026-03-02"))
    return services.alternative_person_record(
        actor=officer, case=case, route=route, full_name=full_name, **extra
    )


def contact_logged(officer, case, *, text="Mum phoned about transport.", on="2026-11-20", **extra):
    """A phone call with Rachel Okafor (mother) logged on `case`, as happening on `on` (`extra`:
    method, with_whom, today: by default the tests' TODAY)."""
    from cases import services

    fields = {
        "method": "phone",
        "with_whom": "Rachel Okafor (mother)",
        "today": NOW.date(),
        **extra,
    }
    return services.note_record(
        actor=officer, case=case, kind="contact", text=text, happened_on=_day(on), **fields
    )


def add_deadline(case, due_on, *, kind=DeadlineKind.DECIDE_TO_ASSESS, **fields):
    """A stored deadline written straight to the table (`fields`: met_on, cancelled, label).
    Deadlines hang off any object; the case itself is enough for list and dashboard tests."""
    return Deadline.objects.create(
        case=case,
        kind=kind,
        content_type=ContentType.objects.get_for_model(case),
        object_id=case.pk,
        due_on=due_on,
        **fields,
    )


def queue_notifications(count: int, *, prefix: str = "m") -> None:
    """`count` emails waiting to be sent, queued in order (`prefix` keeps their dedupe keys
    apart from another batch's)."""
    Notification.objects.bulk_create(
        Notification(
            dedupe_key=f"{prefix}{i}",
            kind="bench",
            to_address=f"person{i}@example.net",
            subject="Benchmark",
            body="...",
        )
        for i in range(count)
    )
