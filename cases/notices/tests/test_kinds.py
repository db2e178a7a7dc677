"""The notice kinds registry: every notice the law requires is registered with its rights,
copies and facts, and a kind that is inconsistent is refused at start-up."""

import pytest

from cases.notices.kinds import Copy
from cases.notices.kinds import Fact
from cases.notices.kinds import NoticeKind
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kind
from cases.notices.kinds import notice_kinds
from cases.notices.kinds import register_notice_kinds

REQUIRED = {
    "assess": "regulation 5",
    "not_assess": "regulation 5",
    "not_issue": "regulation 10",
    "draft_plan": "regulation 13",
    "final_plan": "regulation 14",
    "review_maintain": "regulation 20",
    "review_amend": "regulations 20 and 22",
    "ceasing_considered": "regulations 29 and 30",
    "proposed_amendments": "regulation 22",
    "amended_plan": "regulation 22",
    "not_amending": "regulation 22",
    "cease": "regulation 31",
    "advice_request": "regulations 6 and 8",
}


def test_every_notice_the_law_requires_is_registered_with_its_regulation():
    for code, regulation in REQUIRED.items():
        assert regulation in notice_kind(code).regulation, code
    assert set(REQUIRED) <= {kind.code for kind in notice_kinds()}


def test_decisions_the_family_can_appeal_carry_every_right_and_the_others_carry_none_of_appeal():
    appealable = {
        "not_assess",
        "not_issue",
        "final_plan",
        "review_maintain",
        "amended_plan",
        "not_amending",
        "cease",
    }
    for kind in notice_kinds():
        if kind.code in appealable:
            assert set(kind.rights) == set(Right.ALL), kind.code
        elif kind.code in REQUIRED:
            assert Right.APPEAL not in kind.rights, kind.code


def test_copies_go_where_the_regulations_say():
    assert set(notice_kind("not_assess").copies) == {Copy.SETTING, Copy.HEALTH, Copy.SOCIAL_CARE}
    assert set(notice_kind("final_plan").copies) == {Copy.SETTING, Copy.HEALTH}
    assert notice_kind("advice_request").copies == ()


def test_the_draft_plan_notice_states_the_15_day_date_and_where_to_find_schools():
    kind = notice_kind("draft_plan")
    assert "response_due" in {fact.name for fact in kind.facts}
    assert "{response_due}" in kind.action
    assert "{local_offer_url}" in kind.letter


def test_the_advice_request_states_its_6_week_due_date():
    kind = notice_kind("advice_request")
    assert "{advice_due}" in kind.action
    assert kind.audience == "addressee"


def test_a_kind_whose_letter_uses_a_fact_it_does_not_state_is_refused():
    with pytest.raises(ValueError, match="does not state"):
        NoticeKind("x", "X", "reg 1", decision="{decided_on}", letter="")
    with pytest.raises(ValueError, match="unknown rights"):
        NoticeKind("x", "X", "reg 1", decision="", rights=("tribunal",))


def test_registering_a_different_kind_under_a_taken_code_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        register_notice_kinds(
            NoticeKind("assess", "Other", "reg 5", decision="", facts=(Fact("decided_on", "d"),))
        )
