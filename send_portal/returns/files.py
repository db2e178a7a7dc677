"""The SEN2 return as files: the XML DfE COLLECT takes, checked against the schema kept here
(`sen2-derived.xsd`, the project's reconstruction of the DfE layout), and beside it the
validation report an officer works through (CSV: one row per missing or invalid item)."""

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from . import sen2
from . import sen2_casework
from . import sen2_checks

SCHEMA = Path(__file__).with_name("sen2-derived.xsd")
REPORT_COLUMNS = ("case_reference", "surname", "forename", "rule", "severity", "what_to_correct")


@dataclass
class Sen2Files:
    xml: bytes
    report: str
    problems: list[sen2_checks.Problem]
    people: int
    schema_errors: list[str]


def schema_errors(xml: bytes) -> list[str]:
    """Where the XML breaks the schema (empty when it validates). The file is our own output;
    the parser is still told not to resolve entities or reach the network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA), parser))
    document = etree.fromstring(xml, parser)
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def report_csv(problems: list[sen2_checks.Problem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REPORT_COLUMNS)
    for problem in problems:
        writer.writerow(
            [
                problem.case_reference,
                problem.surname,
                problem.forename,
                problem.rule,
                problem.severity,
                problem.message,
            ]
        )
    return out.getvalue()


def sen2_return_files(census_day: datetime.date) -> Sen2Files:
    """The return for this census day, its schema check and its validation report."""
    built = sen2_casework.build_return(census_day)
    problems = sen2_checks.check(built)
    built.persons = [p for p in built.persons if sen2_checks.can_be_sent(p)]
    xml = sen2.to_xml(built)
    return Sen2Files(
        xml=xml,
        report=report_csv(problems),
        problems=problems,
        people=len(built.persons),
        schema_errors=schema_errors(xml),
    )


def report_path(xml_path: Path) -> Path:
    return xml_path.with_name(f"{xml_path.stem}-validation-report.csv")
