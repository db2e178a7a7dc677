"""Who reaches which plan screen: strangers sign in, portal users get 403, another team's officer
gets 404 on every plan URL (the PDF and the comparison too, as if the case did not exist).

Decision on read-only staff: whoever may see the case (`may(user, case, Need.VIEW)`, i.e. the cases gateway)
may read its plan, download its issued versions and compare them; every edit, issue,
consultation and personal budget form needs `Need.WORK` and answers 403 otherwise. Panel
members see only cases at the request or assessment stage, so in practice a plan (drafting
onwards) answers them 404; on a case back before the panel (e.g. a reassessment), they may read
the plan and get 403 on its forms.
"""

import pytest

from cases.models import Case
from cases.models import CaseStage
from cases.models import RecordAccess
from cases.roles import Role
from cases.tests.factories import SettingFactory
from cases.tests.factories import UserFactory
from ehcp import services
from ehcp.models import Plan
from ehcp.models import PlanVersion
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.viewkit import D
from ehcp.tests.viewkit import draft_issued_plan
from ehcp.tests.viewkit import plan_url
from ehcp.tests.viewkit import travel
from tests.kit import assert_refused_to_everyone_else
from tests.kit import assert_strangers_sent_to_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(staff):
    """A plan with its draft issued (version 1), a consultation and a budget request."""
    officer = staff["officer"]
    plan = draft_issued_plan(officer, staff["panel"])
    consultation = services.consultation_send(
        actor=officer,
        plan_id=plan.pk,
        setting_id=SettingFactory().pk,
        consulted_on=D("2026-04-09"),
        today=D("2026-04-09"),
    )
    budget = ask_for_budget(officer, plan.case)
    plan.refresh_from_db()
    return {
        "plan": plan,
        "case": plan.case,
        "need": plan.needs.first(),
        "outcome": plan.outcomes.first(),
        "provision": plan.provisions.first(),
        "advice": plan.advice.first(),
        "consultation": consultation,
        "budget": budget,
    }


def read_urls(b) -> list[str]:
    case = b["case"]
    return [
        plan_url(case),
        plan_url(case, "version_pdf", number=1),
        plan_url(case, "compare"),
    ]


def form_urls(b) -> list[str]:
    case = b["case"]
    return [
        plan_url(case, "start"),
        *[
            plan_url(case, "section", section=k)
            for k in ("a", "b", "c", "d", "e", "f", "g", "h1", "h2", "i", "j", "k")
        ],
        plan_url(case, "section_item", section="b", item_id=b["need"].pk),
        plan_url(case, "section_item", section="e", item_id=b["outcome"].pk),
        plan_url(case, "section_item", section="f", item_id=b["provision"].pk),
        plan_url(case, "item_remove", kind="need", item_id=b["need"].pk),
        plan_url(case, "item_remove", kind="outcome", item_id=b["outcome"].pk),
        plan_url(case, "item_remove", kind="provision", item_id=b["provision"].pk),
        plan_url(case, "item_remove", kind="advice", item_id=b["advice"].pk),
        plan_url(case, "issue_draft"),
        plan_url(case, "issue_final"),
        plan_url(case, "family_response"),
        plan_url(case, "record_existing"),
        plan_url(case, "consultation_send"),
        plan_url(case, "consultation_response", consultation_id=b["consultation"].pk),
        plan_url(case, "budget_request_new"),
        plan_url(case, "budget_request_decide", budget_request_id=b["budget"].pk),
    ]


def test_every_url_of_the_plan_is_covered():
    """A new plan URL must be added to the lists above (and so to these tests)."""
    from ehcp import urls

    names = {p.name for p in urls.urlpatterns}
    assert names == {
        "plan",
        "start",
        "section",
        "section_item",
        "item_remove",
        "issue_draft",
        "issue_final",
        "family_response",
        "record_existing",
        "consultation_send",
        "consultation_response",
        "version_pdf",
        "compare",
        "budget_request_new",
        "budget_request_decide",
    }


def test_strangers_are_sent_to_sign_in(client, bundle):
    assert_strangers_sent_to_sign_in(client, read_urls(bundle) + form_urls(bundle))


@pytest.mark.parametrize("role", [Role.PARENT, Role.PROFESSIONAL, Role.YOUNG_PERSON])
def test_portal_users_get_403_on_every_plan_url(client, bundle, role):
    client.force_login(UserFactory(role=role))
    assert_refused_to_everyone_else(client, read_urls(bundle) + form_urls(bundle))
    assert not RecordAccess.objects.exists()


def test_an_officer_of_another_team_gets_404_on_every_plan_url(client, bundle):
    stranger = UserFactory(role=Role.CASE_OFFICER, team__name="South locality")
    client.force_login(stranger)
    versions = PlanVersion.objects.count()
    with travel("2026-04-10"):
        for url in read_urls(bundle) + form_urls(bundle):
            assert client.get(url).status_code == 404, url
        for url in form_urls(bundle):  # the plan page, PDF and comparison answer only GET
            assert client.post(url, {"version": bundle["plan"].version}).status_code == 404, url
        # Same answer as for a case that does not exist.
        assert client.get(plan_url(Case(reference="SEN-999999"))).status_code == 404
    assert not RecordAccess.objects.filter(user=stranger).exists()
    assert PlanVersion.objects.count() == versions
    plan = Plan.objects.get()
    assert plan.version == bundle["plan"].version  # nothing changed


def test_a_case_without_a_plan_has_no_plan_pages(client, staff):
    from ehcp.tests.factories import request_decided_to_issue

    request = request_decided_to_issue(staff["officer"], staff["panel"])
    client.force_login(staff["officer"])
    with travel("2026-04-01"):
        for name in ("plan", "compare", "issue_draft", "consultation_send"):
            assert client.get(plan_url(request.case, name)).status_code == 404, name
        assert client.get(plan_url(request.case, "section", section="a")).status_code == 404
        # ... but drafting can start, and a personal budget can be asked for.
        assert client.get(plan_url(request.case, "start")).status_code == 200
        assert client.get(plan_url(request.case, "budget_request_new")).status_code == 200


def test_versions_of_another_plan_are_not_reachable_through_this_case(client, staff, bundle):
    other = draft_issued_plan(staff["officer"], staff["panel"])
    PlanVersion.objects.filter(plan=other).delete()  # this case's plan now has no version 1
    client.force_login(staff["officer"])
    assert client.get(plan_url(other.case, "version_pdf", number=1)).status_code == 404
    assert client.get(plan_url(bundle["case"], "version_pdf", number=2)).status_code == 404


def test_the_panel_does_not_see_a_plan_being_drafted(client, staff, bundle):
    client.force_login(staff["panel"])
    for url in read_urls(bundle) + form_urls(bundle):
        assert client.get(url).status_code == 404, url


def test_read_only_staff_may_read_the_plan_but_not_change_it(client, staff, bundle):
    # A panel member sees a case that is back before the panel (e.g. a reassessment).
    Case.objects.filter(pk=bundle["case"].pk).update(stage=CaseStage.ASSESSMENT)
    client.force_login(staff["panel"])
    with travel("2026-04-10"):
        page = client.get(plan_url(bundle["case"]))
        assert page.status_code == 200
        html = page.content.decode()
        assert ">Edit<" not in html and "What you can do next" not in html
        assert "Record the response" not in html and "Record a personal budget request" not in html
        assert client.get(plan_url(bundle["case"], "version_pdf", number=1)).status_code == 200
        assert client.get(plan_url(bundle["case"], "compare")).status_code == 200
        for url in form_urls(bundle):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
    assert list(RecordAccess.objects.values_list("what", flat=True)) == [
        "viewed EHC plan",
        "downloaded EHC plan version 1",
        "viewed the versions of the EHC plan",
    ]


def test_a_manager_may_read_and_work_on_any_teams_plan(client, bundle):
    manager = UserFactory(role=Role.SEN_MANAGER, team__name="South locality")
    client.force_login(manager)
    with travel("2026-04-10"):
        assert client.get(plan_url(bundle["case"])).status_code == 200
        assert client.get(plan_url(bundle["case"], "section", section="a")).status_code == 200


def test_reading_the_plan_is_logged(client, staff, bundle):
    client.force_login(staff["officer"])
    with travel("2026-04-10"):
        client.get(plan_url(bundle["case"]))
        client.get(plan_url(bundle["case"], "version_pdf", number=1))
    access = list(RecordAccess.objects.order_by("id").values_list("user", "case", "what"))
    assert access == [
        (staff["officer"].pk, bundle["case"].pk, "viewed EHC plan"),
        (staff["officer"].pk, bundle["case"].pk, "downloaded EHC plan version 1"),
    ]
