"""The SEN2 return checked before it is sent: each missing or invalid item, per child, against the
working list of validation rules kept with the reference (`validation-rules.md`: the rule IDs
L01... are the project's, not DfE's; "error" is what COLLECT would refuse, "query" what it would
ask the council to explain).

A problem names the child (and the case) and what to correct in the casework, so an officer can
fix the record rather than the file.
"""

import datetime
import re
from dataclasses import dataclass

from cases.models.children import Ethnicity
from cases.models.children import UpnUnknown

from . import sen2

ERROR, QUERY = "error", "query"
ETHNICITY = set(Ethnicity.values)
UPN_UNKNOWN = set(UpnUnknown.values)
NEED_CODES = {
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH",
}  # fmt: skip
SETTING_CODES = {"OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"}
OUTCOMES = {"Y", "N", "A", "W", "H"}


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: str
    message: str
    surname: str = ""
    forename: str = ""
    case_reference: str = ""
    child_id: int | None = None


def can_be_sent(person: sen2.Person) -> bool:
    """Whether the person can be written at all: the file cannot hold them without these."""
    return bool(person.surname and person.forename and person.sex in {"M", "F"})


def _oldest_on(census_day: datetime.date) -> datetime.date:
    """The earliest birth date of someone a plan can still be kept for on census day: the end
    of the academic year in which they turn 25 (CFA 2014 s.45)."""
    school_year_starts = census_day.year if census_day.month >= 9 else census_day.year - 1
    return datetime.date(school_year_starts - 25, 9, 1)


class _Checker:
    def __init__(self, sen2_return: sen2.Return):
        self.sen2 = sen2_return
        self.census = sen2_return.reference_date
        self.problems: list[Problem] = []
        self.person: sen2.Person | None = None
        self.case_reference = ""

    def add(self, rule: str, severity: str, message: str) -> None:
        person = self.person
        self.problems.append(
            Problem(
                rule,
                severity,
                message,
                surname=person.surname if person else "",
                forename=person.forename if person else "",
                case_reference=self.case_reference,
                child_id=person.child_id if person else None,
            )
        )

    # --- header ----------------------------------------------------------------------------

    def header(self) -> None:
        source = self.sen2.source
        if not re.fullmatch(r"\d{3}", source.lea or "") or source.lea == "999":
            self.add("L02", ERROR, "Set the council's three-digit DfE LA number (SEN2_LA_NUMBER).")
        for name in ("dmo", "dco", "dsco"):
            if getattr(source, name) not in {"Y", "N", "R"}:
                self.add("L03", ERROR, f"{name.upper()} must be Y, N or R.")

    # --- module 1 --------------------------------------------------------------------------

    def person_items(self, person: sen2.Person) -> None:
        self.person = person
        self.case_reference = person.requests[0].case_reference if person.requests else ""
        if not person.surname or not person.forename:
            self.add("L10", ERROR, "Enter the child's first name and last name.")
        if person.sex not in {"M", "F"}:
            self.add("L10", ERROR, "Record the child's sex (male or female).")
        if person.ethnicity not in ETHNICITY:
            self.add("L10", ERROR, "Record the child's ethnicity (or 'Refused').")
        elif person.ethnicity == Ethnicity.NOBT:
            self.add("L10", QUERY, "Ethnicity not yet obtained: record it (or 'Refused').")
        if not can_be_sent(person):
            self.add(
                "L10",
                ERROR,
                "Left out of the file until the name, date of birth and sex are recorded.",
            )
        if person.birth_date > self.census:
            self.add("L11", ERROR, "The date of birth is after the census day.")
        elif person.birth_date < _oldest_on(self.census):
            self.add("L11", QUERY, "Over the age a plan can be kept for: check the date of birth.")
        if not (person.upn or person.uln or person.upn_unknown):
            self.add("L12", ERROR, "Record the child's UPN or ULN, or why neither is known.")
        if person.uln and not re.fullmatch(r"\d{10}", person.uln):
            self.add("L15", ERROR, "The ULN must be 10 digits.")
        if person.upn and not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", person.upn):
            self.add("L14", ERROR, "The UPN must be a letter, 11 digits and a digit or letter.")
        if person.upn_unknown and person.upn_unknown not in UPN_UNKNOWN:
            self.add("L13", ERROR, "The reason for no UPN is not a SEN2 code.")

    # --- modules 2 to 5 --------------------------------------------------------------------

    def request(self, request: sen2.Request) -> None:
        self.case_reference = request.case_reference or self.case_reference
        outcome = request.request_outcome
        if outcome not in OUTCOMES:
            self.add("L20", ERROR, f"Request outcome {outcome!r} is not a SEN2 code.")
        if outcome != "H":
            if request.received_on is None:
                self.add("L21", ERROR, "Enter the date the request was received.")
            if request.request_source is None:
                self.add("L25", ERROR, "Record who made the request.")
        if outcome in ("Y", "N"):
            if request.request_outcome_on is None:
                self.add("L22", ERROR, "Enter the date of the decision whether to assess.")
            elif request.received_on and not (
                request.received_on <= request.request_outcome_on <= self.census
            ):
                self.add(
                    "L23",
                    ERROR,
                    "The decision whether to assess must fall between the request and the "
                    "census day.",
                )
        if outcome == "Y" and request.assessment is None:
            self.add("L27", ERROR, "The assessment is missing for a request agreed.")
        if request.assessment is not None:
            self.assessment(request, request.assessment)
        if request.active_plan is not None:
            self.active_plan(request.active_plan, request)

    def assessment(self, request: sen2.Request, assessment: sen2.Assessment) -> None:
        outcome = assessment.assessment_outcome
        if outcome in ("Y", "N"):
            if assessment.assessment_outcome_on is None:
                self.add(
                    "L31",
                    ERROR,
                    "Enter the date the plan was issued, or the family told no plan.",
                )
            elif request.request_outcome_on and not (
                request.request_outcome_on <= assessment.assessment_outcome_on <= self.census
            ):
                self.add(
                    "L32",
                    ERROR,
                    "The assessment outcome must fall between the decision to assess and the "
                    "census day.",
                )
        if outcome == "Y" and assessment.week20 is None:
            self.add("L35", ERROR, "Say whether a 20-week exception applies.")
        if outcome in ("Y", "H") and assessment.named_plan is None:
            self.add("L34", ERROR, "The plan issued is missing.")
        if assessment.named_plan is not None:
            self.named_plan(assessment.named_plan)

    def named_plan(self, plan: sen2.NamedPlan) -> None:
        if plan.start_date is None:
            self.add("L40", ERROR, "The plan has no final version issued: enter its issue date.")
        elif plan.start_date > self.census:
            self.add("L40", ERROR, "The plan starts after the census day.")
        if not plan.plan_details:
            self.add("L41", ERROR, "Name the school, college or type of setting in the plan.")
        for detail in plan.plan_details:
            self.setting(detail, "L41", "named in the plan")
        if (plan.cease_date is None) != (plan.cease_reason is None):
            self.add("L46", ERROR, "A ceased plan needs both the date and the reason.")

    def setting(self, detail, rule: str, where: str) -> None:
        given = [v for v in (detail.urn, detail.ukprn, detail.sen_setting) if v]
        if len(given) != 1:
            self.add(
                rule,
                ERROR,
                f"The setting {where} needs a URN, a UKPRN or a setting code (exactly one).",
            )
        if detail.urn and not re.fullmatch(r"\d{6}", detail.urn):
            self.add(rule, ERROR, f"The URN {detail.urn} of the setting {where} is not 6 digits.")
        if detail.sen_setting and detail.sen_setting not in SETTING_CODES:
            self.add(rule, ERROR, f"{detail.sen_setting} is not a SEN2 setting code.")
        if detail.sen_setting in ("OTH", "NIEO") and not detail.sen_setting_other:
            self.add("L44", QUERY, f"Describe the setting {where} (code {detail.sen_setting}).")

    def active_plan(self, active: sen2.ActivePlan, request: sen2.Request) -> None:
        ranks = [need.need_rank for need in active.needs]
        if ranks.count(1) != 1:
            self.add("L51", ERROR, "Record the child's primary type of need.")
        for need in active.needs:
            if need.need_type not in NEED_CODES:
                self.add(
                    "L51", ERROR, f"{need.need_type} is not a SEN2 type of need: choose another."
                )
        if len({need.need_type for need in active.needs}) != len(active.needs):
            self.add("L51", ERROR, "The primary and secondary needs must differ.")
        for placement in active.placements:
            self.setting(placement, "L52", "attended")
        if not any(p.rank == 1 and p.leaving_date is None for p in active.placements):
            self.add("L53", QUERY, "No school or college attended on census day is recorded.")
        start = request.assessment.named_plan.start_date if self._plan_of(request) else None
        if active.review_meeting and start and active.review_meeting < start:
            self.add("L56", QUERY, "The review meeting is before the plan was issued.")
        if (
            active.last_review
            and active.review_meeting
            and (active.last_review < active.review_meeting)
        ):
            self.add("L57", ERROR, "The review decision is dated before the review meeting.")
        if active.review_outcome and not active.review_meeting:
            self.add("L57", ERROR, "A review outcome needs the date of the meeting.")

    @staticmethod
    def _plan_of(request: sen2.Request) -> bool:
        return bool(request.assessment and request.assessment.named_plan)


def check(sen2_return: sen2.Return) -> list[Problem]:
    """Every problem in the return, the header's first, then child by child."""
    checker = _Checker(sen2_return)
    checker.header()
    seen = {}
    for person in sen2_return.persons:
        checker.person_items(person)
        for request in person.requests:
            checker.request(request)
        key = person.upn or (person.surname.lower(), person.forename.lower(), person.birth_date)
        if key in seen:
            checker.add("L17", QUERY, "The same child appears twice: merge their records.")
        seen[key] = person
        checker.person = None
        checker.case_reference = ""
    return checker.problems
