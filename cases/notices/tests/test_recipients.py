"""Who receives a notice, and how: the parents who receive correspondence, the young person from
the day the clock gives, the person acting for one who lacks capacity, and copies."""

import pytest
from django.core import mail

from cases.models import Delivery
from cases.notices.models import Channel
from cases.notices.models import DeliveryStatus
from cases.notices.models import RecipientRole
from cases.notices.recipients import Recipient
from cases.tests.factories import FamilyMemberFactory

from .kit import SCHOOL_EMAIL
from .kit import D
from .kit import acting_for
from .kit import family_case
from .kit import not_assess_notice
from .kit import young_person_case

pytestmark = pytest.mark.django_db


def _by_role(notice):
    return {d.role: d for d in notice.deliveries.all()}


def test_the_main_contact_is_emailed_and_copies_go_to_school_health_and_social_care(officer):
    case = family_case(officer)
    FamilyMemberFactory(child=case.child, full_name="Dan Okafor", is_main_contact=False)

    notice = not_assess_notice(officer, case)

    deliveries = list(notice.deliveries.order_by("id"))
    assert [(d.role, d.name, d.channel) for d in deliveries] == [
        (RecipientRole.PARENT, "Rachel Okafor", Channel.EMAIL),
        (
            RecipientRole.SETTING,
            f"The head teacher or principal, {case.child.current_setting.name}",
            Channel.EMAIL,
        ),
        (RecipientRole.HEALTH, "Demo Integrated Care Board", Channel.EMAIL),
        (RecipientRole.SOCIAL_CARE, "Demo County Council children's social care", Channel.EMAIL),
    ]
    assert deliveries[1].email == SCHOOL_EMAIL


def test_a_family_who_wants_post_gets_post_at_their_address_and_no_email(
    officer, django_capture_on_commit_callbacks
):
    case = family_case(officer, wants_post=True)

    with django_capture_on_commit_callbacks(execute=True):
        notice = not_assess_notice(officer, case)

    parent = _by_role(notice)[RecipientRole.PARENT]
    assert parent.channel == Channel.POST and parent.status == DeliveryStatus.QUEUED
    assert parent.postal_address == "1 High Street\nExeter\nEX1 1AA"
    assert "rachel@example.net" not in [to for message in mail.outbox for to in message.to]
    assert notice.sent_on is None  # not sent until it is posted


def test_before_the_day_they_become_a_young_person_their_parents_receive_it(officer):
    case = young_person_case(officer)  # becomes a young person on 27 June 2026

    notice = not_assess_notice(officer, case, dated_on="2026-06-26")

    assert _by_role(notice)[RecipientRole.PARENT].name == "Rachel Okafor"
    assert RecipientRole.YOUNG_PERSON not in _by_role(notice)


def test_from_the_day_they_become_a_young_person_the_young_person_receives_it_not_the_parents(
    officer,
):
    case = young_person_case(officer, email="ade@example.net")

    notice = not_assess_notice(officer, case, dated_on="2026-06-27")

    roles = _by_role(notice)
    assert RecipientRole.PARENT not in roles
    young_person = roles[RecipientRole.YOUNG_PERSON]
    assert (young_person.name, young_person.channel, young_person.email) == (
        "Ade Okafor",
        Channel.EMAIL,
        "ade@example.net",
    )


def test_a_young_person_without_email_gets_post_at_their_own_address(officer):
    case = young_person_case(officer)

    notice = not_assess_notice(officer, case, dated_on="2026-07-01")

    young_person = _by_role(notice)[RecipientRole.YOUNG_PERSON]
    assert young_person.channel == Channel.POST
    assert young_person.postal_address == "1 High Street\nExeter\nEX1 1AA"


def test_the_person_acting_for_a_young_person_without_email_gets_post_and_the_mother_is_not_emailed(
    officer, django_capture_on_commit_callbacks
):
    case = young_person_case(officer, email="ade@example.net")
    acting_for(case, officer, address="2 Court Road\nExeter\nEX2 2BB")

    with django_capture_on_commit_callbacks(execute=True):
        notice = not_assess_notice(officer, case, dated_on="2026-07-10")

    main = [d for d in notice.deliveries.all() if not d.is_copy]
    assert [(d.role, d.name, d.channel, d.postal_address) for d in main] == [
        (RecipientRole.ACTING, "Tom Deputy", Channel.POST, "2 Court Road\nExeter\nEX2 2BB")
    ]
    emailed = [to for message in mail.outbox for to in message.to]
    assert "rachel@example.net" not in emailed and "ade@example.net" not in emailed


def test_the_person_acting_for_a_young_person_with_email_is_emailed(officer):
    case = young_person_case(officer)
    acting_for(case, officer, email="tom@example.net")

    notice = not_assess_notice(officer, case, dated_on="2026-07-10")

    acting = _by_role(notice)[RecipientRole.ACTING]
    assert (acting.channel, acting.email) == (Channel.EMAIL, "tom@example.net")


def test_an_advice_request_goes_to_the_adviser_alone(officer):
    case = family_case(officer)
    from cases.notices import services

    notice = services.notice_create(
        actor=officer,
        case=case,
        kind="advice_request",
        facts={
            "advice_kind": "psychological advice",
            "requested_on": D("2026-02-12"),
            "advice_due": D("2026-03-26"),
        },
        dated_on=D("2026-02-12"),
        addressee=Recipient(
            RecipientRole.ADDRESSEE, "Dr Lee (EP)", Channel.EMAIL, email="ep@example.gov.uk"
        ),
    )

    assert [(d.role, d.email) for d in Delivery.objects.filter(notice=notice)] == [
        (RecipientRole.ADDRESSEE, "ep@example.gov.uk")
    ]


def test_the_officer_records_the_acting_persons_postal_address_on_the_case(officer, as_user):
    from django.urls import reverse

    from tests.kit import travel

    case = young_person_case(officer)
    url = reverse("cases:alternative_person_record", kwargs={"reference": case.reference})
    with travel("2026-07-02"):
        response = as_user(officer).post(
            url,
            {
                "route": "deputy",
                "full_name": "Tom Deputy",
                "email": "",
                "address": "2 Court Road\r\nExeter",
                "decisions": "Education",
                "capacity_assessed_on_0": "1",
                "capacity_assessed_on_1": "7",
                "capacity_assessed_on_2": "2026",
            },
        )
    assert response.status_code == 302
    assert case.child.alternative_people.get().address == "2 Court Road\r\nExeter"
