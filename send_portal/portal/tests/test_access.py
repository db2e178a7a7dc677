"""Who sees which case in the family portal: the council's links, the young person's own case
from the day the clock gives, and a parent's access after that only with the young person's
agreement or where they lack capacity (as the council recorded)."""

import datetime

import pytest
from django.urls import reverse

from cases import deadlines
from cases.family_access import family_case_get
from cases.family_access import family_cases
from cases.models import FamilyMember
from cases.roles import Role
from cases.services import family_portal
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import acting_for_young_person
from cases.tests.factories import received_request
from tests.kit import D
from tests.kit import letters_written
from tests.kit import travel

from .kit import link_parent
from .kit import link_young_person

pytestmark = pytest.mark.django_db

BORN = D("2010-09-20")  # turns 16 in September 2026: a young person from 27 June 2027


def access_agreed(officer, case, member, *, on, today=None):
    """The young person's agreement, made on `on`, that `member` keeps access to their case,
    recorded on `today` (by default `on`)."""
    return family_portal.parent_access_agreement_record(
        actor=officer, case=case, family_member_id=member.pk, agreed_on=on, today=today or on
    )


def test_the_clock_gives_the_young_person_date():
    assert deadlines.becomes_young_person_on(BORN) == D("2027-06-26")


def test_a_parent_sees_only_the_children_the_council_linked(officer):
    mine = received_request(officer)
    other = received_request(officer)
    parent = link_parent(officer, mine.case)
    seen = family_cases(parent, today=D("2026-02-01"))
    assert [c.pk for c in seen] == [mine.case.pk]
    with pytest.raises(Exception) as refused:
        family_case_get(parent, other.case.reference, today=D("2026-02-01"))
    assert refused.typename == "Http404"


def test_the_family_cannot_link_themselves(officer, parent):
    case = received_request(officer).case
    member = FamilyMember.objects.filter(child=case.child).first()
    with pytest.raises(Exception) as refused:
        family_portal.family_link_grant(
            actor=parent, case=case, user=parent, family_member_id=member.pk
        )
    assert refused.typename == "PermissionDenied"
    assert family_cases(parent, today=D("2026-02-01")) == []


def test_a_young_person_sees_their_case_in_their_own_name_from_the_day_the_clock_gives(
    client, officer
):
    child = ChildFactory(first_name="Liam", last_name="Walsh", date_of_birth=BORN)
    case = received_request(officer, child=child).case
    young = link_young_person(officer, case)
    parent = link_parent(officer, case)
    with travel("2027-06-25"):  # the day before: still a child, the parent decides
        client.force_login(young)
        assert client.get(reverse("portal:case", args=[case.reference])).status_code == 404
        assert family_cases(young, today=D("2027-06-25")) == []
        assert [c.pk for c in family_cases(parent, today=D("2027-06-25"))] == [case.pk]
    with travel("2027-06-26"):
        page = client.get(reverse("portal:case", args=[case.reference]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Your case, Liam Walsh" in html
        assert "whether to assess you." in html  # addressed to them (still overdue here)
        assert "This date has passed" in html
        # from that day the parent keeps access only with agreement or lacking capacity
        client.force_login(parent)
        assert client.get(reverse("portal:case", args=[case.reference])).status_code == 404
        assert family_cases(parent, today=D("2027-06-26")) == []


def test_a_parent_keeps_access_where_the_young_person_agrees_until_they_stop_agreeing(officer):
    case = received_request(officer, child=ChildFactory(date_of_birth=BORN)).case
    parent = link_parent(officer, case)
    member = FamilyMember.objects.get(user=parent)
    today = D("2027-07-01")
    assert family_cases(parent, today=today) == []
    agreement = access_agreed(officer, case, member, on=today)
    assert [c.pk for c in family_cases(parent, today=today)] == [case.pk]
    ended = D("2027-07-02")
    family_portal.parent_access_agreement_end(
        actor=officer, case=case, agreement_id=agreement.pk, ended_on=ended, today=ended
    )
    assert family_cases(parent, today=D("2027-07-02")) == []


def test_a_parent_keeps_access_where_the_council_recorded_the_young_person_lacks_capacity(
    officer,
):
    case = received_request(officer, child=ChildFactory(date_of_birth=BORN)).case
    parent = link_parent(officer, case)
    today = D("2027-07-01")
    acting_for_young_person(
        officer,
        case,
        route="parent",
        full_name="Rachel Okafor",
        decisions="All decisions about the plan",
        capacity_assessed_on=today,
        today=today,
    )
    assert [c.pk for c in family_cases(parent, today=today)] == [case.pk]


def test_a_professional_or_provider_has_no_family_case_even_with_a_grant(officer):
    from cases.permissions import case_grant_portal_access

    case = received_request(officer).case
    for role in (Role.PROFESSIONAL, Role.PROVIDER):
        user = UserFactory(role=role)
        case_grant_portal_access(user=user, case=case)
        assert family_cases(user, today=datetime.date(2026, 2, 1)) == []


def test_an_agreement_needs_a_date_that_has_happened(officer):
    from django.core.exceptions import ValidationError

    case = received_request(officer).case
    member = FamilyMember.objects.filter(child=case.child).first()
    with pytest.raises(ValidationError) as error:
        access_agreed(officer, case, member, on=D("2030-01-01"), today=D("2026-02-01"))
    assert "agreed_on" in error.value.message_dict


def test_nobody_else_learns_a_name_a_date_or_a_document_from_any_portal_address(client, officer):
    """Every address of the family portal about one child, asked by another parent, a
    professional, a provider, a young person not linked, council staff and a stranger: refused
    (or sent to sign in), and nothing of the child's record on the page."""
    from cases.notices.services import notice_create
    from cases.services import family_portal as fp
    from tests.kit import pdf

    request = received_request(officer)
    case = request.case
    # a name no factory gives a visitor: a page may show the visitor's own name (the header's
    # "Signed in as"), which must not pass for the child's by chance
    case.child.first_name, case.child.last_name = "Zephyrine", "Wolstenholme"
    case.child.save(update_fields=["first_name", "last_name"])
    parent = link_parent(officer, case)
    with travel("2026-01-20"):
        views = fp.family_views_give(
            actor=parent,
            case=case,
            purpose="assessment",
            about_me="Secret words",
            uploads=[pdf("private-report.pdf")],
        )
    notice = notice_create(
        actor=officer, case=case, kind="assess", facts={"decided_on": D("2026-01-20")}
    )
    letters_written()
    notice.refresh_from_db()
    document = views.documents.get()
    ref = case.reference
    addresses = [
        reverse("portal:case", args=[ref]),
        reverse("portal:request_new", args=[ref]),
        reverse("portal:request_received", args=[ref, request.pk]),
        reverse("portal:views", args=[ref, "assessment"]),
        reverse("portal:draft", args=[ref]),
        reverse("portal:documents", args=[ref]),
        reverse("portal:notice", args=[ref, notice.pk]),
        reverse("portal:document_download", args=[ref, document.pk]),
        reverse("portal:document_download", args=[ref, notice.letter_id]),
        reverse("portal:plan_download", args=[ref, 1]),
        reverse("portal:budget", args=[ref]),
        reverse("portal:mediation", args=[ref]),
    ]
    child = case.child
    secrets = [child.full_name, child.last_name, f"{child.date_of_birth:%-d %B %Y}", "Secret words"]
    secrets += ["private-report.pdf", ref]
    others = [UserFactory(role=role) for role in (Role.PARENT, Role.PROFESSIONAL, Role.PROVIDER)]
    others += [UserFactory(role=Role.YOUNG_PERSON), officer, None]
    for who in others:
        client.logout()
        if who is not None:
            client.force_login(who)
        for address in addresses:
            for method in (client.get, client.post):
                with travel("2026-01-21"):
                    response = method(address)
                assert response.status_code in (302, 403, 404, 405), (who, address)
                if response.status_code == 302:
                    assert response["Location"].startswith(reverse("login")), (who, address)
                body = b"".join(response) if response.streaming else response.content
                for secret in secrets:
                    assert secret.encode() not in body, (who, address, secret)
    # and the linked parent gets each page (the plan download: there is no plan yet)
    client.force_login(parent)
    with travel("2026-01-21"):
        got = {a: client.get(a).status_code for a in addresses}
    assert got.pop(reverse("portal:plan_download", args=[ref, 1])) == 404
    assert set(got.values()) == {200}


def test_the_council_links_the_family_and_records_the_young_persons_agreement_on_its_page(
    client, officer
):
    case = received_request(officer, child=ChildFactory(date_of_birth=BORN)).case
    member = FamilyMemberFactory(child=case.child)
    parent = UserFactory(role=Role.PARENT, email="mum@example.org")
    url = reverse("family_access:case", args=[case.reference])
    with travel("2027-07-01"):
        client.force_login(officer)
        assert "Family portal access" in client.get(url).content.decode()
        unknown = client.post(url, {"action": "link", "link-email": "nobody@example.org"})
        assert "There is no parent’s or young person’s account" in unknown.content.decode()
        client.post(
            url,
            {"action": "link", "link-email": "MUM@example.org", "link-family_member": member.pk},
        )
        member.refresh_from_db()
        assert member.user == parent
        # a young person since 26 June 2027: the parent sees the case only once they agree
        assert family_cases(parent, today=D("2027-07-01")) == []
        client.post(
            url,
            {
                "action": "agree",
                "agree-family_member": member.pk,
                "agree-agreed_on_0": "1",
                "agree-agreed_on_1": "7",
                "agree-agreed_on_2": "2027",
            },
        )
        assert [c.pk for c in family_cases(parent, today=D("2027-07-01"))] == [case.pk]
        agreement = member.access_agreements.get()
        client.post(url, {"action": "end", "item": agreement.pk})
        assert family_cases(parent, today=D("2027-07-01")) == []
    client.force_login(parent)  # the family cannot open the council's page
    assert client.get(url).status_code in (403, 404)
