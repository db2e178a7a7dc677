import pytest


@pytest.fixture
def plan(officer, panel):
    """A plan just started: the council decided to issue on 30 March 2026 (the review tests
    override it with a final plan)."""
    from ehcp.tests.viewkit import drafting_plan

    return drafting_plan(officer, panel)
