"""Placement history: one service keeps it (and the child's current setting) when the attended
setting changes, audited; a plan's named setting follows through it; the migration backfills a
placement from each child's current setting."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import AuditEntry
from cases.models import Case
from cases.models import Child
from cases.models import Placement
from cases.models.placements import placements_from_current_settings
from cases.services import placement_move
from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import received_request
from ehcp.tests.factories import issued_plan
from tests.kit import D

pytestmark = pytest.mark.django_db


def history(child) -> list[tuple]:
    return [
        (p.setting.name if p.setting_id else p.setting_type, p.started_on, p.ended_on)
        for p in Placement.objects.filter(child=child).select_related("setting")
    ]


def test_a_move_ends_the_open_placement_the_day_before_and_moves_the_current_setting(officer):
    first = SettingFactory(name="Oak Primary")
    then = SettingFactory(name="Elm Academy", setting_type="academy")
    case = CaseFactory(team=officer.team)
    placement_move(actor=officer, case=case, setting=first, on=D("2025-09-01"))
    moved = placement_move(actor=officer, case=case, setting=then, on=D("2026-09-03"))
    assert moved.setting_type == "academy"
    assert history(case.child) == [
        ("Oak Primary", D("2025-09-01"), D("2026-09-02")),
        ("Elm Academy", D("2026-09-03"), None),
    ]
    case.child.refresh_from_db()
    assert case.child.current_setting == then
    entry = AuditEntry.objects.filter(action="placement.moved").order_by("pk").last()
    assert entry.payload == {"setting": "Elm Academy", "on": "2026-09-03"}
    assert entry.changes == {"current_setting": ["Oak Primary", "Elm Academy"]}
    assert entry.case == case and entry.actor == officer


def test_the_same_setting_again_changes_nothing(officer):
    school = SettingFactory()
    case = CaseFactory(team=officer.team)
    placement_move(actor=officer, case=case, setting=school, on=D("2025-09-01"))
    assert placement_move(actor=officer, case=case, setting=school, on=D("2026-01-05")) is None
    assert Placement.objects.filter(child=case.child).count() == 1
    assert AuditEntry.objects.filter(action="placement.moved").count() == 1


def test_a_move_before_the_current_placement_began_is_refused_and_nothing_changes(officer):
    case = CaseFactory(team=officer.team)
    placement_move(actor=officer, case=case, setting=SettingFactory(), on=D("2026-09-01"))
    with pytest.raises(ValidationError) as refused:
        placement_move(actor=officer, case=case, setting=SettingFactory(), on=D("2026-08-31"))
    assert "cannot be before 1 September 2026" in str(refused.value)
    assert [p[2] for p in history(case.child)] == [None]


def test_a_move_the_same_day_corrects_the_placement(officer):
    case = CaseFactory(team=officer.team)
    placement_move(
        actor=officer, case=case, setting=SettingFactory(name="Wrong"), on=D("2026-09-01")
    )
    placement_move(
        actor=officer, case=case, setting=SettingFactory(name="Right"), on=D("2026-09-01")
    )
    assert history(case.child) == [("Right", D("2026-09-01"), None)]


def test_a_type_of_setting_only_is_kept_with_no_named_setting(officer):
    case = CaseFactory(team=officer.team)
    placement_move(actor=officer, case=case, setting=None, setting_type="other", on=D("2026-01-05"))
    case.child.refresh_from_db()
    assert history(case.child) == [("other", D("2026-01-05"), None)]
    assert case.child.current_setting is None
    with pytest.raises(ValidationError):
        placement_move(actor=officer, case=case, setting=None, on=D("2026-02-05"))


def test_the_plan_naming_a_setting_moves_the_child_there_from_the_issue_date(staff):
    primary = SettingFactory(name="Oak Primary")
    child = ChildFactory(date_of_birth=D("2016-03-14"), current_setting=primary)
    received_request(staff["officer"], child=ChildFactory())  # another child, untouched
    special = SettingFactory(name="Beech Special", setting_type="special")
    issued_plan(staff["officer"], staff["panel"], child, setting=special)
    assert history(child)[-1] == ("Beech Special", D("2026-05-20"), None)
    child.refresh_from_db()
    assert child.current_setting == special


def test_a_new_request_for_a_child_with_a_setting_starts_their_history(officer):
    school = SettingFactory(name="Oak Primary")
    request = received_request(officer, child=ChildFactory(current_setting=school))
    assert history(request.case.child) == [("Oak Primary", request.received_on, None)]


def test_a_placement_is_made_from_each_current_setting(officer):
    """What the demo does for the children it loads (and the placements migration did for the
    records of its day)."""
    school = SettingFactory()
    with_case = CaseFactory(child=ChildFactory(current_setting=school), opened_on=D("2024-02-01"))
    CaseFactory(child=with_case.child, opened_on=D("2025-02-01"))  # a later case
    CaseFactory(child=ChildFactory(current_setting=None))  # no setting: no placement
    ChildFactory(current_setting=school)  # no case: nowhere to hang it
    assert placements_from_current_settings(Child, Case, Placement) == 1
    [placement] = Placement.objects.all()
    assert (placement.child, placement.case, placement.setting) == (
        with_case.child,
        with_case,
        school,
    )
    assert placement.started_on == D("2024-02-01") and placement.estimated_start
