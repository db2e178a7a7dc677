"""The SEN2 return, built from casework set up through the services: what each child's record
says, that the file matches the schema, and that the report names what is missing."""

import datetime
import filecmp
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.tests.factories import CaseFactory
from cases.tests.factories import ChildFactory
from cases.tests.factories import decide_to_assess
from cases.tests.factories import received_request
from ehcp.tests.factories import issued_plan
from send_portal.returns import sen2
from send_portal.returns.files import SCHEMA
from send_portal.returns.files import schema_errors
from send_portal.returns.files import sen2_return_files
from send_portal.returns.sen2_casework import build_return
from tests.kit import D

pytestmark = pytest.mark.django_db

CENSUS = D("2027-01-21")
SHARED_SCHEMA = (
    Path(__file__).resolve().parents[3].parent / "shared/standards/sen2/sen2-derived.xsd"
)


def parsed(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)  # noqa: S314 (the file the test has just made, not outside input)


def child(**fields):
    fields.setdefault("sex", "F")
    fields.setdefault("ethnicity", "WBRI")
    return ChildFactory(**fields)


def person(root: ET.Element, surname: str) -> ET.Element:
    [found] = [p for p in root.iter("Person") if p.findtext("Surname") == surname]
    return found


def test_the_schema_kept_here_is_the_standards_one():
    if not SHARED_SCHEMA.exists():
        pytest.skip("the standards folder is not beside this checkout")
    assert filecmp.cmp(SCHEMA, SHARED_SCHEMA, shallow=False)


def test_a_plan_issued_this_year_a_refusal_and_an_open_request(staff):
    maya = child(first_name="Maya", last_name="Okafor", date_of_birth=D("2016-03-14"))
    issued_plan(staff["officer"], staff["panel"], maya)
    refused = received_request(staff["officer"], child=child(last_name="Byrne"))
    decide_to_assess(staff["panel"], refused, agreed=False, decided_on="2026-02-12")
    received_request(staff["officer"], child=child(last_name="Shah"), arrived="2026-11-02")

    files = sen2_return_files(CENSUS)

    assert files.schema_errors == []
    root = parsed(files.xml)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2027-01-21"
    assert root.findtext("Header/CollectionDetails/Year") == "2027"

    okafor = person(root, "Okafor")
    assert okafor.findtext("PersonBirthDate") == "2016-03-14"
    assert okafor.findtext("Ethnicity") == "WBRI"
    [request] = okafor.findall("Requests")
    assert request.findtext("ReceivedDate") == "2026-01-05"
    assert request.findtext("RequestSource") == "1"  # a parent
    assert request.findtext("RequestOutcome") == "Y"
    assert request.findtext("RequestOutcomeDate") == "2026-02-10"
    assessment = request.find("Assessment")
    assert assessment.findtext("AssessmentOutcome") == "Y"
    assert assessment.findtext("AssessmentOutcomeDate") == "2026-05-20"
    assert assessment.findtext("Week20") == "0"
    assert assessment.findtext("NamedPlan/StartDate") == "2026-05-20"
    assert assessment.findtext("NamedPlan/PlanDetail/PlacementRank") == "1"
    assert len(assessment.findtext("NamedPlan/PlanDetail/URN")) == 6
    assert request.findtext("ActivePlans/SENneed/SENtype") == "ASD"
    assert request.findtext("ActivePlans/SENneed/SENtypeRank") == "1"

    byrne = person(root, "Byrne").find("Requests")
    assert byrne.findtext("RequestOutcome") == "N"
    assert byrne.findtext("RequestOutcomeDate") == "2026-02-12"
    assert byrne.find("Assessment") is None

    shah = person(root, "Shah").find("Requests")
    assert shah.findtext("RequestOutcome") == "A"
    assert shah.find("RequestOutcomeDate") is None  # never sent empty


def test_the_report_names_each_child_with_a_missing_item(staff):
    no_numbers = child(last_name="Novak", upn="", uln="")
    received_request(staff["officer"], child=no_numbers)
    unknown_ethnicity = child(last_name="Owen", ethnicity="")
    received_request(staff["officer"], child=unknown_ethnicity)

    files = sen2_return_files(CENSUS)

    assert files.schema_errors == []
    found = {(p.surname, p.rule, p.severity) for p in files.problems}
    assert ("Novak", "L12", "error") in found
    assert ("Owen", "L10", "query") in found  # sent as "not yet obtained"
    novak = next(p for p in files.problems if p.surname == "Novak" and p.rule == "L12")
    assert novak.case_reference.startswith("SEN-")
    assert novak.message == "Record the child's UPN or ULN, or why neither is known."
    assert "Novak,Record the" not in files.report  # the CSV has its own columns
    assert "Novak" in files.report and "L12" in files.report
    root = parsed(files.xml)
    assert person(root, "Owen").findtext("Ethnicity") == "NOBT"


def test_a_child_the_file_cannot_hold_is_left_out_and_reported(staff):
    received_request(staff["officer"], child=child(last_name="Quinn", sex="U"))
    received_request(staff["officer"], child=child(last_name="Reid"))

    files = sen2_return_files(CENSUS)

    root = parsed(files.xml)
    assert [p.findtext("Surname") for p in root.iter("Person")] == ["Reid"]
    assert any(
        p.surname == "Quinn" and p.message.startswith("Left out of the file")
        for p in files.problems
    )
    assert files.schema_errors == []


def test_a_case_with_no_request_in_the_period_is_not_in_the_return(staff):
    CaseFactory(child=child(last_name="Tate"))
    assert [p.surname for p in build_return(CENSUS).persons] == []


def test_the_writer_never_sends_an_empty_element():
    built = sen2.Return(
        year=2027,
        reference_date=CENSUS,
        source=sen2.Source(
            lea="123",
            software_code="x",
            release="1",
            serial_no="001",
            made_at=datetime.datetime(2027, 2, 1, 9, 0),
            dmo="Y",
            dco="N",
        ),
        persons=[
            sen2.Person(
                surname="A",
                forename="B",
                birth_date=D("2015-01-01"),
                sex="M",
                ethnicity="WBRI",
                upn_unknown="UN2",
                requests=[sen2.Request(request_outcome="A", received_on=D("2026-12-01"))],
            )
        ],
    )
    xml = sen2.to_xml(built)
    assert b"<DSCO" not in xml and b"<UPN>" not in xml and b"<UPNunknown>UN2" in xml
    assert not re.search(rb"<(\w+)\s*/>|<(\w+)>\s*</\2>", xml)
    assert schema_errors(xml) == []


def test_the_return_reads_a_fixed_number_of_queries(staff):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_return(CENSUS)
        return len(captured.captured_queries)

    issued_plan(staff["officer"], staff["panel"], child(last_name="First"))
    few = queries()
    for i in range(3):
        issued_plan(staff["officer"], staff["panel"], child(last_name=f"More{i}"))
        received_request(staff["officer"], child=child(last_name=f"Open{i}"))
    assert queries() == few


def test_the_command_writes_the_return_and_its_report(staff, tmp_path):
    received_request(staff["officer"], child=child(last_name="Novak", upn="", uln=""))
    out = tmp_path / "sen2-2027.xml"
    call_command("sen2_return", "--census-date", "2027-01-21", "--output", str(out))
    assert out.read_bytes().startswith(b"<?xml")
    report = (tmp_path / "sen2-2027-validation-report.csv").read_text()
    assert report.splitlines()[0] == (
        "case_reference,surname,forename,rule,severity,what_to_correct"
    )
    assert "Novak" in report


def test_the_command_refuses_a_date_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="--census-date must be a date"):
        call_command("sen2_return", "--census-date", "21/01/2027", "--output", str(tmp_path / "x"))


def test_the_schema_check_names_what_is_wrong():
    errors = schema_errors(b"<Message><Header/></Message>")
    assert errors and all(e.startswith("line ") for e in errors)


def test_week20_says_whether_an_exception_excused_the_20_weeks(staff):
    from cases.tests.factories import record_exception
    from ehcp import services as plan_services
    from ehcp.tests.factories import LATER
    from ehcp.tests.factories import complete_plan
    from ehcp.tests.factories import issue_plan
    from ehcp.tests.factories import name_setting
    from ehcp.tests.factories import request_decided_to_issue

    officer, panel = staff["officer"], staff["panel"]
    excused = child(last_name="Excused")
    request = request_decided_to_issue(officer, panel, child=excused)
    record_exception(
        officer,
        request,
        starts_on="2026-03-02",
        ends_on="2026-03-20",
        reason="Family bereavement",
        kinds=("final_plan",),
        today=D("2026-04-01"),
    )
    plan = complete_plan(officer, plan_services.plan_start(actor=officer, request_id=request.pk))
    issue_plan(officer, plan, issued_on="2026-04-08", today=LATER)
    plan.refresh_from_db()
    name_setting(officer, plan, None)
    issue_plan(officer, plan, issued_on="2026-06-01", final=True, today=LATER)
    issued_plan(officer, panel, child(last_name="Plain"))

    root = parsed(sen2_return_files(CENSUS).xml)

    assert person(root, "Excused").findtext("Requests/Assessment/Week20") == "1"
    assert person(root, "Plain").findtext("Requests/Assessment/Week20") == "0"


def test_not_issuing_is_dated_the_day_the_family_was_told(staff):
    from cases import services as case_services
    from cases.tests.factories import agreed_request
    from cases.tests.factories import ask_for_advice
    from cases.tests.factories import decide_to_issue

    officer, panel = staff["officer"], staff["panel"]
    outcomes = {}
    for name, told in (("Told", D("2026-04-02")), ("Untold", None)):
        request = agreed_request(officer, panel, child=child(last_name=name))
        advice = ask_for_advice(officer, request, requested_on=D("2026-02-11"))
        case_services.advice_record_received(
            actor=officer, advice_id=advice.pk, received_on=D("2026-03-10"), today=D("2026-03-10")
        )
        request.refresh_from_db()
        decide_to_issue(panel, request, agreed=False, decided_on="2026-03-30", told_on=told)
        outcomes[name] = request

    files = sen2_return_files(CENSUS)

    root = parsed(files.xml)
    told = person(root, "Told").find("Requests/Assessment")
    assert told.findtext("AssessmentOutcome") == "N"
    assert told.findtext("AssessmentOutcomeDate") == "2026-04-02"  # told, not the panel's day
    assert person(root, "Untold").find("Requests/Assessment/AssessmentOutcomeDate") is None
    assert any(p.surname == "Untold" and p.rule == "L31" for p in files.problems)
