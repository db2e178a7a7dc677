"""The plan screens' forms: GOV.UK error messages on the right field (and in the error summary,
linked to it), nothing saved on a refusal, stale issue forms answered 409, removals confirmed."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.rules import CHANGED_BY_SOMEONE_ELSE
from cases.tests.factories import SettingFactory
from ehcp import services
from ehcp.models import Consultation
from ehcp.models import PersonalBudgetRequest
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.viewkit import D
from ehcp.tests.viewkit import complete_drafting_plan
from ehcp.tests.viewkit import date_data
from ehcp.tests.viewkit import draft_issued_plan
from ehcp.tests.viewkit import drafting_plan
from ehcp.tests.viewkit import issue_data
from ehcp.tests.viewkit import outcome_data
from ehcp.tests.viewkit import plan_url
from ehcp.tests.viewkit import provision_data
from ehcp.tests.viewkit import section_url
from ehcp.tests.viewkit import travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(as_user, officer):
    return as_user(officer)


def summary_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the GOV.UK error summary."""
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_provision_must_say_how_often_and_how_much(officer_client, plan):
    url = section_url(plan.case, "F")
    with travel("2026-04-01"):
        response = officer_client.post(url, provision_data(frequency="", quantity="  "))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["frequency"] == ["Enter how often, for example 'weekly' or '3 times a week'"]
    assert errors["quantity"] == [
        "Enter how much each time, for example '30 minutes' or '1:1 support all day'"
    ]
    assert set(errors) == {"frequency", "quantity"}
    html = response.content.decode()
    assert [href for href, _ in summary_links(html)] == ["#id_frequency", "#id_quantity"]
    assert 'id="id_frequency-error"' in html and "govuk-input--error" in html
    assert html.count("<title>Error: ") == 1
    assert not plan.provisions.exists()


def test_an_outcome_must_address_a_need(officer_client, staff, plan):
    need = services.plan_need_save(
        actor=staff["officer"],
        plan_id=plan.pk,
        section="B",
        area="cognition",
        description="Reading",
    )
    url = section_url(plan.case, "E")
    with travel("2026-04-01"):
        page = officer_client.get(url).content.decode()
        response = officer_client.post(url, outcome_data(needs=[]))
    assert f'value="{need.pk}"' in page and "B1 Cognition and learning: Reading" in page
    assert "From year 9, at least one outcome must prepare for adulthood." in page
    assert "The child is in year 5." in page  # born March 2016: year 5 in 2025/26
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "needs": ["Select the need or needs this outcome addresses"]
    }
    assert summary_links(response.content.decode()) == [
        ("#id_needs_0", "Select the need or needs this outcome addresses")
    ]
    assert not plan.outcomes.exists()


def test_an_outcome_cannot_address_another_plans_need(officer_client, staff, plan):
    other = drafting_plan(staff["officer"], staff["panel"])
    foreign = services.plan_need_save(
        actor=staff["officer"], plan_id=other.pk, section="B", area="cognition", description="X"
    )
    with travel("2026-04-01"):
        response = officer_client.post(
            section_url(plan.case, "E"), outcome_data(needs=[foreign.pk])
        )
    assert response.status_code == 200
    assert "needs" in response.context["form"].errors
    assert not plan.outcomes.exists()


def test_the_final_plan_needs_section_i(officer_client, staff):
    plan = draft_issued_plan(staff["officer"], staff["panel"], with_placement=False)
    url = plan_url(plan.case, "issue_final")
    with travel("2026-05-01"):
        page = officer_client.get(url).content.decode()
        response = officer_client.post(url, issue_data(plan, D("2026-05-01")))
    message = (
        "Section I must name the school or other institution, or the type of placement, "
        "before the final plan is issued."
    )
    # Shown before issuing, linked to the section, and as the reason it was refused.
    assert f'href="{section_url(plan.case, "I")}">{message}</a>' in page
    assert response.status_code == 200
    html = response.content.decode()
    assert (f"#{'id_issued_on_0'}", message) in summary_links(html)
    assert PlanVersion.objects.count() == 1
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT_ISSUED


def test_the_final_plan_waits_for_the_familys_15_days(officer_client, staff):
    plan = draft_issued_plan(staff["officer"], staff["panel"], with_placement=True)
    with travel("2026-04-15"):
        response = officer_client.post(
            plan_url(plan.case, "issue_final"), issue_data(plan, D("2026-04-15"))
        )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["issued_on"][0]
        .startswith("The family has until 22 April 2026 to comment on the draft.")
    )
    assert PlanVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "field", "message"),
    [
        (
            "issue_draft",
            "issued_on",
            "The date the draft plan is issued must be today or in the past",
        ),
        ("consultation_send", "consulted_on", None),
        (
            "budget_request_new",
            "requested_on",
            "The date of the request must be today or in the past",
        ),
    ],
)
def test_dates_in_the_future_are_refused(officer_client, staff, name, field, message):
    if name == "consultation_send":
        plan = draft_issued_plan(staff["officer"], staff["panel"])
        data = {"setting": SettingFactory().pk, "requested_by_family": ""}
        message = "The date the draft plan was sent to them must be today or in the past"
    else:
        plan = complete_drafting_plan(staff["officer"], staff["panel"])
        data = {"version": plan.version, "requested_by": "Rachel Okafor", "covers": ["health"]}
    with travel("2026-04-08"):
        response = officer_client.post(
            plan_url(plan.case, name), {**data, **date_data(field, D("2026-04-09"))}
        )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert (f"#id_{field}_0", message) in summary_links(response.content.decode())
    assert not PlanVersion.objects.exists() or name != "issue_draft"
    assert not Consultation.objects.exists()
    assert not PersonalBudgetRequest.objects.exists()


def test_a_stale_issue_form_is_answered_409(officer_client, staff):
    plan = complete_drafting_plan(staff["officer"], staff["panel"])
    seen = plan.version
    services.plan_need_save(
        actor=staff["officer"],
        plan_id=plan.pk,
        section="D",
        area="social_care",
        description="Short breaks",
    )
    with travel("2026-04-08"):
        response = officer_client.post(
            plan_url(plan.case, "issue_draft"),
            {"version": seen, **date_data("issued_on", D("2026-04-08"))},
        )
    assert response.status_code == 409
    assert CHANGED_BY_SOMEONE_ELSE in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_the_draft_lists_what_stops_it_and_refuses_an_empty_plan(officer_client, plan):
    with travel("2026-04-08"):
        page = officer_client.get(plan_url(plan.case)).content.decode()
        response = officer_client.post(
            plan_url(plan.case, "issue_draft"), issue_data(plan, D("2026-04-08"))
        )
    assert "The draft plan cannot be issued until 4 problems are fixed." in page
    for key in ("A", "B", "E", "F"):
        assert f'href="{section_url(plan.case, key)}">Section {key} must' in page
    assert response.status_code == 200
    messages = [text for _, text in summary_links(response.content.decode())]
    assert len(messages) == 4 and messages[1].startswith("Section B must describe")
    assert not PlanVersion.objects.exists()


def test_removing_a_need_asks_first_and_refuses_while_an_outcome_addresses_it(
    officer_client, staff
):
    plan = complete_drafting_plan(staff["officer"], staff["panel"])
    need = plan.needs.get()
    url = plan_url(plan.case, "item_remove", kind="need", item_id=need.pk)
    with travel("2026-04-01"):
        page = officer_client.get(url).content.decode()
        response = officer_client.post(url)
    assert "Are you sure you want to remove this need?" in page
    assert "govuk-button--warning" in page
    assert response.status_code == 200
    assert "Outcomes in section E address this need: change or remove them first." in (
        response.content.decode()
    )
    assert plan.needs.exists()

    provision = plan.provisions.get()
    with travel("2026-04-01"):
        response = officer_client.post(
            plan_url(plan.case, "item_remove", kind="provision", item_id=provision.pk)
        )
    assert response.status_code == 302 and response["Location"] == section_url(plan.case, "F")
    assert not plan.provisions.exists()


def test_changing_a_need_keeps_its_place(officer_client, staff, plan):
    first = services.plan_need_save(
        actor=staff["officer"], plan_id=plan.pk, section="C", area="health", description="Glue ear"
    )
    url = plan_url(plan.case, "section_item", section="c", item_id=first.pk)
    with travel("2026-04-01"):
        page = officer_client.get(url).content.decode()
        response = officer_client.post(url, {"area": "health", "description": "Glue ear (both)"})
        # The need is in section C, not B.
        wrong = officer_client.get(
            plan_url(plan.case, "section_item", section="b", item_id=first.pk)
        )
    assert "Change need C1" in page and "Glue ear" in page
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.description == "Glue ear (both)" and first.section == "C"
    assert wrong.status_code == 404


def test_the_budget_takes_pounds_and_refuses_a_direct_payment_over_the_total(officer_client, plan):
    url = section_url(plan.case, "J")
    with travel("2026-04-01"):
        page = officer_client.get(url).content.decode()
        response = officer_client.post(
            url,
            {
                "education": "£1,000",
                "health": "",
                "social_care": "500.5",
                "direct_payment": "2000",
                "arrangements": "",
            },
        )
        bad = officer_client.post(url, {"education": "lots", "direct_payment": ""})
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in page
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "direct_payment": ["The direct payment cannot be more than the budget (£1500.50)."]
    }
    assert bad.context["form"].errors["education"] == [
        "The education amount must be an amount in pounds and pence, like 1500 or 1500.50"
    ]
    with travel("2026-04-01"):
        response = officer_client.post(
            url,
            {
                "education": "£1,000",
                "social_care": "500.50",
                "direct_payment": "250",
                "arrangements": "Tutor",
            },
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.budget_education, plan.budget_social_care, plan.budget_direct_payment) == (
        Decimal("1000"),
        Decimal("500.50"),
        Decimal("250"),
    )
    with travel("2026-04-01"):
        page = officer_client.get(plan_url(plan.case)).content.decode()
    assert "£1500.50" in page and "£250.00" in page


def test_placement_needs_a_setting_or_a_type_once_the_draft_is_out(officer_client, staff):
    plan = draft_issued_plan(staff["officer"], staff["panel"])
    with travel("2026-04-10"):
        response = officer_client.post(
            section_url(plan.case, "I"), {"setting": "", "placement_type": "", "notes": ""}
        )
    assert response.status_code == 200
    assert summary_links(response.content.decode()) == [
        ("#id_setting", "Choose a school or other institution, or the type of placement.")
    ]


def test_section_i_stays_empty_in_a_draft_and_its_editor_says_why(officer_client, plan):
    with travel("2026-04-01"):
        page = officer_client.get(section_url(plan.case, "I")).content.decode()
        response = officer_client.post(
            section_url(plan.case, "I"), {"setting": "", "placement_type": "special", "notes": ""}
        )
    assert "Section I stays empty in a draft plan" in page and "section 38(5)" in page
    assert response.status_code == 200
    assert "must not name a school" in response.content.decode()
    plan.refresh_from_db()
    assert plan.placement_type == "" and plan.placement_setting is None


def test_a_setting_that_cannot_meet_the_needs_must_give_reasons(officer_client, staff):
    plan = draft_issued_plan(staff["officer"], staff["panel"])
    consultation = services.consultation_send(
        actor=staff["officer"],
        plan_id=plan.pk,
        setting_id=SettingFactory().pk,
        consulted_on=D("2026-04-09"),
        today=D("2026-04-09"),
    )
    url = plan_url(plan.case, "consultation_response", consultation_id=consultation.pk)
    with travel("2026-04-20"):
        response = officer_client.post(
            url,
            {**date_data("responded_on", D("2026-04-20")), "response": "cannot_meet", "notes": ""},
        )
        consulted_twice = officer_client.post(
            plan_url(plan.case, "consultation_send"),
            {"setting": consultation.setting_id, **date_data("consulted_on", D("2026-04-20"))},
        )
    assert response.context["form"].errors == {"notes": ["Record the setting's reasons."]}
    assert consulted_twice.context["form"].errors == {
        "setting": ["This setting has already been consulted."]
    }
    consultation.refresh_from_db()
    assert consultation.responded_on is None


def test_a_personal_budget_waits_for_the_decision_to_issue(officer_client, staff):
    from cases.tests.viewkit import agreed_request

    request = agreed_request(staff["officer"], staff["panel"])
    url = plan_url(request.case, "budget_request_new")
    with travel("2026-03-02"):
        response = officer_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cases:case", kwargs={"reference": request.case.reference}
    )


def test_a_personal_budget_decision_needs_reasons(officer_client, staff):
    request = request_decided_to_issue(staff["officer"], staff["panel"])
    budget = ask_for_budget(staff["officer"], request.case, on="2026-04-02")
    url = plan_url(request.case, "budget_request_decide", budget_request_id=budget.pk)
    with travel("2026-04-20"):
        response = officer_client.post(url, {**date_data("decided_on", D("2026-04-20"))})
    assert response.context["form"].errors == {
        "agreed": ["Select whether the personal budget was agreed or refused"],
        "reasons": ["Enter the reasons for the decision"],
    }


def test_a_plan_that_is_no_longer_editable_sends_the_officer_back(officer_client, staff):
    from ehcp.tests.viewkit import final_plan

    plan = final_plan(staff["officer"], staff["panel"])
    with travel("2026-05-19"):
        response = officer_client.get(section_url(plan.case, "B"))
        page = officer_client.get(response["Location"]).content.decode()
        post = officer_client.post(
            section_url(plan.case, "B"), {"area": "cognition", "description": "New"}
        )
    assert response.status_code == 302 and response["Location"] == plan_url(plan.case)
    assert "The plan is final plan issued: it can no longer be changed here." in page
    assert post.status_code == 200
    assert "it cannot be edited" in post.content.decode()
    assert plan.needs.count() == 1


def test_unknown_sections_and_kinds_are_404(officer_client, plan):
    with travel("2026-04-01"):
        for url in (
            plan_url(plan.case, "section", section="z"),
            plan_url(plan.case, "section", section="B"),  # lower case only
            plan_url(plan.case, "section_item", section="a", item_id=1),
            plan_url(plan.case, "item_remove", kind="plan", item_id=1),
            plan_url(plan.case, "item_remove", kind="need", item_id=999),
            plan_url(plan.case, "version_pdf", number=1),
        ):
            assert officer_client.get(url).status_code == 404, url


def test_compare_asks_for_two_different_versions(officer_client, staff):
    from ehcp.tests.viewkit import final_plan

    plan = final_plan(staff["officer"], staff["panel"])
    url = plan_url(plan.case, "compare")
    with travel("2026-05-19"):
        default = officer_client.get(url)
        same = officer_client.get(url, {"from": 2, "to": 2})
        unknown = officer_client.get(url, {"from": 1, "to": 7})
    assert [c.key for c in default.context["comparison"] if c.changed] == ["I"]
    assert same.context["form"].errors == {"to": ["Select a different version to compare with"]}
    assert same.context["comparison"] is None
    assert unknown.context["form"].errors == {"to": ["Select a version of this plan"]}


def test_compare_with_a_single_version_says_so(officer_client, staff):
    plan = draft_issued_plan(staff["officer"], staff["panel"])
    with travel("2026-04-09"):
        response = officer_client.get(plan_url(plan.case, "compare"))
    assert response.status_code == 200
    assert "once the plan has been issued at least twice" in response.content.decode()
