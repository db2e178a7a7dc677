"""SEN2 Module 5 read from the placement history: each setting attended in the collection year,
with its entry and leaving dates; the report is clean of L53 for a child with a placement and
still names a child with none."""

import pytest

from cases.models import Placement
from cases.services import placement_move
from cases.tests.factories import SettingFactory
from ehcp.tests.factories import issued_plan
from send_portal.returns.files import sen2_return_files
from send_portal.returns.tests.test_sen2 import CENSUS
from send_portal.returns.tests.test_sen2 import child
from send_portal.returns.tests.test_sen2 import parsed
from send_portal.returns.tests.test_sen2 import person
from tests.kit import D

pytestmark = pytest.mark.django_db


def test_placements_feed_the_return_and_only_a_child_without_one_is_reported(staff):
    maya = child(first_name="Maya", last_name="Okafor", date_of_birth=D("2016-03-14"))
    school = SettingFactory(name="Oak Primary", urn="123456")
    plan = issued_plan(staff["officer"], staff["panel"], maya, setting=school)
    unit = SettingFactory(name="Pine Unit", urn=None, setting_type="other")
    placement_move(actor=staff["officer"], case=plan.case, setting=unit, on=D("2026-11-02"))
    bare = child(first_name="Leo", last_name="Novak", date_of_birth=D("2015-06-01"))
    issued_plan(staff["officer"], staff["panel"], bare)
    Placement.objects.filter(child=bare).delete()  # a plan with no setting attended recorded

    files = sen2_return_files(CENSUS)

    assert files.schema_errors == []
    okafor = person(parsed(files.xml), "Okafor")
    details = okafor.findall("Requests/ActivePlans/PlacementDetail")
    assert [
        (
            d.findtext("URN"),
            d.findtext("SENsetting"),
            d.findtext("SENSettingOther"),
            d.findtext("PlacementRank"),
            d.findtext("EntryDate"),
            d.findtext("LeavingDate"),
        )
        for d in details
    ] == [
        ("123456", None, None, "1", "2026-05-20", "2026-11-01"),
        (None, "OTH", "Pine Unit", "1", "2026-11-02", None),
    ]
    l53 = {p.surname for p in files.problems if p.rule == "L53"}
    assert l53 == {"Novak"}
    assert not [p for p in files.problems if p.surname == "Okafor" and p.rule.startswith("L5")]


def test_a_placement_ended_before_the_collection_year_is_left_out(staff):
    maya = child(first_name="Maya", last_name="Okafor", date_of_birth=D("2016-03-14"))
    plan = issued_plan(staff["officer"], staff["panel"], maya, setting=SettingFactory(urn="654321"))
    old = Placement.objects.get(child=maya)
    Placement.objects.create(
        child=maya,
        case=plan.case,
        setting=SettingFactory(urn="111111"),
        started_on=D("2020-09-01"),
        ended_on=D("2025-07-20"),
    )
    files = sen2_return_files(CENSUS)
    urns = [d.findtext("URN") for d in person(parsed(files.xml), "Okafor").iter("PlacementDetail")]
    assert urns == ["654321"] and old.started_on == D("2026-05-20")
