"""The clock's limits after a disagreement (cases/deadlines/): dates worked out by hand."""

from datetime import date

import pytest

from cases import deadlines

D = date.fromisoformat


def test_health_commissioner_is_told_within_3_working_days_skipping_the_weekend():
    # Thursday 5 November 2026 + 3 working days: Fri 6, Mon 9, Tue 10
    assert deadlines.health_commissioner_told_due(D("2026-11-05")) == D("2026-11-10")


def test_health_commissioner_deadline_skips_christmas_and_boxing_day():
    # Wed 23 Dec 2026: Thu 24, (25 Fri Christmas, 28 Mon Boxing Day substitute), Tue 29, Wed 30
    assert deadlines.health_commissioner_told_due(D("2026-12-23")) == D("2026-12-30")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "assess",
            [
                ("assess_notice", "2027-01-18"),
                ("no_plan_notice", "2027-03-15"),
                ("final_plan", "2027-04-12"),
            ],
        ),
        ("make_plan", [("draft_plan", "2027-02-08"), ("final_plan", "2027-03-22")]),
        ("amend", [("amended_plan", "2027-02-08")]),
        ("placement", [("placement", "2027-01-18")]),
        ("continue", [("continue", "2027-01-04")]),
        ("other", [("agreed_action", "2027-01-18")]),
    ],
)
def test_order_steps_run_from_the_date_of_the_order(kind, expected):
    # An order dated Monday 4 January 2027: 2 weeks = 18 Jan, 5 weeks = 8 Feb, 10 weeks =
    # 15 Mar, 11 weeks = 22 Mar, 14 weeks = 12 Apr; "continue" is immediate.
    got = deadlines.order_steps_due(kind, D("2027-01-04"))
    assert [(step, due.isoformat()) for step, due in got] == expected


def test_order_limits_are_calendar_weeks_nothing_pauses_them():
    # An order on Friday 24 July 2026: the summer holidays do not stop the 2 weeks
    assert deadlines.order_steps_due("placement", D("2026-07-24")) == (
        ("placement", D("2026-08-07")),
    )


def test_unknown_order_kind_is_refused():
    with pytest.raises(ValueError, match="unknown order kind"):
        deadlines.order_steps_due("repaint", D("2027-01-04"))


def test_recommendation_answered_within_5_weeks():
    assert deadlines.recommendation_response_due(D("2027-03-10")) == D("2027-04-14")


def test_the_limits_name_their_regulation():
    import inspect

    from cases.deadlines import disputes

    source = inspect.getsource(disputes)
    for name in (
        "HEALTH_COMMISSIONER_TOLD_WORKING_DAYS",
        "ORDER_ASSESS_NOTICE",
        "ORDER_ASSESS_NO_PLAN",
        "ORDER_ASSESS_FINAL_PLAN",
        "ORDER_MAKE_PLAN_DRAFT",
        "ORDER_MAKE_PLAN_FINAL",
        "ORDER_AMEND",
        "ORDER_PLACEMENT",
        "ORDER_CONTINUE",
        "AGREEMENT_OTHER",
        "RECOMMENDATION_RESPONSE",
    ):
        line = next(line for line in source.splitlines() if line.startswith(f"{name} = "))
        assert "# SEND" in line, name
