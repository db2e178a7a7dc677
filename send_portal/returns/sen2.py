"""The DfE's SEN2 person-level return: its records, in the order the XML holds them, and the file.

The structure and codes follow the project's reference (the standards folder's SEN2 README, kept
with `sen2-derived.xsd` here): a `Person` per child or young person, a `Request` per request for
an EHC needs assessment (or per plan that did not start with one here, outcome "H"), the
assessment under it, the plan named by the assessment, and the active plan's placements, needs
and review dates.

Each record's fields are declared in XML order, with Python names; `TAGS` maps a name to its
element (in one place, because some spellings are unconfirmed and may change by collection year:
a council can override one with the `SEN2_TAGS` setting). The writer omits what is empty (the
return never sends an empty element), writes flags as 1/0 and dates as YYYY-MM-DD.
"""

import datetime
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from dataclasses import is_dataclass
from xml.etree import ElementTree as ET

from django.conf import settings

# Census day (the return's ReferenceDate) of each collection: the third Thursday of January.
CENSUS_DAYS = {
    2023: datetime.date(2023, 1, 19),
    2024: datetime.date(2024, 1, 18),
    2025: datetime.date(2025, 1, 16),
    2026: datetime.date(2026, 1, 15),
    2027: datetime.date(2027, 1, 21),
}

TAGS = {
    # Message and header
    "header": "Header",
    "persons": "Persons",
    "person": "Person",
    "collection_details": "CollectionDetails",
    "collection": "Collection",
    "year": "Year",
    "reference_date": "ReferenceDate",
    "source": "Source",
    "source_level": "SourceLevel",
    "lea": "LEA",
    "software_code": "SoftwareCode",
    "release": "Release",
    "serial_no": "SerialNo",
    "made_at": "DateTime",
    "dmo": "DMO",
    "dco": "DCO",
    "dsco": "DSCO",
    # Module 1: the person
    "surname": "Surname",
    "forename": "Forename",
    "birth_date": "PersonBirthDate",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "postcode": "PostCode",
    "upn": "UPN",
    "uln": "UniqueLearnerNumber",
    "upn_unknown": "UPNunknown",
    "requests": "Requests",
    # Module 2: a request
    "received_on": "ReceivedDate",
    "request_source": "RequestSource",
    "rya": "RYA",
    "request_outcome_on": "RequestOutcomeDate",
    "request_outcome": "RequestOutcome",
    "request_mediation": "RequestMediation",
    "request_tribunal": "RequestTribunal",
    "exported": "Exported",
    "assessment": "Assessment",
    "active_plan": "ActivePlans",
    # Module 3: the assessment
    "assessment_outcome": "AssessmentOutcome",
    "assessment_outcome_on": "AssessmentOutcomeDate",
    "assessment_mediation": "AssessmentMediation",
    "assessment_tribunal": "AssessmentTribunal",
    "other_mediation": "OtherMediation",
    "other_tribunal": "OtherTribunal",
    "week20": "Week20",
    "named_plan": "NamedPlan",
    # Module 4: the plan as named
    "start_date": "StartDate",
    "plan_details": "PlanDetail",
    "plan_res": "PlanRes",
    "plan_wbp": "PlanWBP",
    "personal_budget": "PB",
    "organised_arrangements": "OA",
    "direct_payments": "DP",
    "cease_date": "CeaseDate",
    "cease_reason": "CeaseReason",
    # Settings named or attended
    "urn": "URN",
    "ukprn": "UKPRN",
    "sen_setting": "SENsetting",  # the guide's spelling; some tools write SENSetting
    "sen_setting_other": "SENSettingOther",
    "rank": "PlacementRank",
    "entry_date": "EntryDate",
    "leaving_date": "LeavingDate",
    "sen_unit": "SENunitIndicator",
    "resourced_provision": "ResourcedProvisionIndicator",
    "res": "Res",
    "wbp": "WBP",
    # Module 5: the active plan
    "transfer_la": "TransferLA",
    "placements": "PlacementDetail",
    "needs": "SENneed",
    "need_type": "SENtype",
    "need_rank": "SENtypeRank",
    "review_meeting": "ReviewMeeting",
    "review_outcome": "ReviewOutcome",
    "review_draft": "ReviewDraft",
    "phase_transfer_due": "PhaseTransferDueDate",
    "phase_transfer_final": "PhaseTransferFinalDate",
    "last_review": "LastReview",
}


def tag(name: str) -> str:
    return getattr(settings, "SEN2_TAGS", {}).get(name) or TAGS[name]


# --- the records, each in XML order -------------------------------------------------------------


@dataclass
class PlanDetail:
    """A setting named in the plan (one of URN, UKPRN or a setting code)."""

    urn: str | None = None
    ukprn: str | None = None
    sen_setting: str | None = None
    sen_setting_other: str | None = None
    rank: int = 1
    sen_unit: bool | None = None
    resourced_provision: bool | None = None


@dataclass
class PlacementDetail:
    """A setting attended during the collection year."""

    urn: str | None = None
    ukprn: str | None = None
    sen_setting: str | None = None
    sen_setting_other: str | None = None
    rank: int = 1
    entry_date: datetime.date | None = None
    leaving_date: datetime.date | None = None
    sen_unit: bool | None = None
    resourced_provision: bool | None = None
    res: str | None = None
    wbp: str | None = None


@dataclass
class Need:
    need_type: str
    need_rank: int


@dataclass
class NamedPlan:
    start_date: datetime.date | None = None
    plan_details: list[PlanDetail] = field(default_factory=list)
    plan_res: str | None = None
    plan_wbp: str | None = None
    personal_budget: bool | None = None
    organised_arrangements: bool | None = None
    direct_payments: str | None = None
    cease_date: datetime.date | None = None
    cease_reason: int | None = None


@dataclass
class Assessment:
    assessment_outcome: str
    assessment_outcome_on: datetime.date | None = None
    assessment_mediation: bool | None = None
    assessment_tribunal: bool | None = None
    other_mediation: bool | None = None
    other_tribunal: bool | None = None
    week20: bool | None = None
    named_plan: NamedPlan | None = None


@dataclass
class ActivePlan:
    transfer_la: str | None = None
    placements: list[PlacementDetail] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    review_meeting: datetime.date | None = None
    review_outcome: str | None = None
    review_draft: datetime.date | None = None
    phase_transfer_due: datetime.date | None = None
    phase_transfer_final: datetime.date | None = None
    last_review: datetime.date | None = None


@dataclass
class Request:
    request_outcome: str
    received_on: datetime.date | None = None
    request_source: int | None = None
    rya: bool | None = None
    request_outcome_on: datetime.date | None = None
    request_mediation: bool | None = None
    request_tribunal: bool | None = None
    exported: str | None = None
    assessment: Assessment | None = None
    active_plan: ActivePlan | None = None
    case_reference: str = field(default="", metadata={"xml": False})

    # XML order differs from the constructor's (the outcome is required, so it comes first here).
    ORDER = (
        "received_on",
        "request_source",
        "rya",
        "request_outcome_on",
        "request_outcome",
        "request_mediation",
        "request_tribunal",
        "exported",
        "assessment",
        "active_plan",
    )


@dataclass
class Person:
    surname: str
    forename: str
    birth_date: datetime.date
    sex: str | None
    ethnicity: str | None
    postcode: str | None = None
    upn: str | None = None
    uln: str | None = None
    upn_unknown: str | None = None
    requests: list[Request] = field(default_factory=list)
    child_id: int | None = field(default=None, metadata={"xml": False})


@dataclass
class Source:
    lea: str
    software_code: str
    release: str
    serial_no: str
    made_at: datetime.datetime
    dmo: str
    dco: str
    dsco: str | None = None
    source_level: str = "L"

    ORDER = (
        "source_level",
        "lea",
        "software_code",
        "release",
        "serial_no",
        "made_at",
        "dmo",
        "dco",
        "dsco",
    )


@dataclass
class Return:
    year: int
    reference_date: datetime.date
    source: Source
    persons: list[Person] = field(default_factory=list)


# --- the XML ------------------------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _names(record) -> list[str]:
    order = getattr(type(record), "ORDER", None)
    if order:
        return list(order)
    return [f.name for f in fields(record) if f.metadata.get("xml", True)]


def _add(parent: ET.Element, name: str, value) -> None:
    if value is None or value == "" or value == []:
        return  # the return never sends an empty element
    if isinstance(value, list):
        for item in value:
            _add(parent, name, item)
        return
    element = ET.SubElement(parent, tag(name))
    if is_dataclass(value):
        _fill(element, value)
    else:
        element.text = _text(value)


def _fill(element: ET.Element, record) -> None:
    for name in _names(record):
        _add(element, name, getattr(record, name))


def to_xml(sen2: Return) -> bytes:
    """The return as the XML file DfE COLLECT takes (UTF-8, with its declaration)."""
    message = ET.Element("Message")
    header = ET.SubElement(message, tag("header"))
    details = ET.SubElement(header, tag("collection_details"))
    _add(details, "collection", "SEN2")
    _add(details, "year", sen2.year)
    _add(details, "reference_date", sen2.reference_date)
    source = ET.SubElement(header, tag("source"))
    _fill(source, sen2.source)
    persons = ET.SubElement(message, tag("persons"))
    _add(persons, "person", sen2.persons)
    ET.indent(message)
    return ET.tostring(message, encoding="UTF-8", xml_declaration=True)
