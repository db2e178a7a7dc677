"""What an EHC plan says: the frozen JSON form of sections A to K, how each section reads as
lines of text, comparison of two versions section by section, and the checks a reviewer of
plans expects before a draft or a final plan is issued.

Content format (schema 1), written by `snapshot` and read by the HTML view, the PDF and compare:
    {"schema": 1,
     "child": {"name", "preferred_name", "date_of_birth", "upn", "uln", "nhs_number", "address",
               "case_reference", "primary_need", "secondary_need"},
     "sections": {
        "A": {"views", "interests", "aspirations", "one_page_profile"},
        "B"|"C"|"D": [{"ref", "area", "description"}],
        "E": [{"ref", "description", "achieve_by", "steps", "needs": [ref], "preparing_for_adulthood"}],
        "F"|"G"|"H1"|"H2": [{"ref", "what", "by_whom", "frequency", "quantity", "duration",
                             "outcomes": [ref]}],
        "I": {"setting", "urn", "type", "notes"},
        "J": {"education", "health", "social_care", "total", "direct_payment", "arrangements"},
        "K": [{"title", "author", "dated"}]}}
"""

import difflib
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from cases import deadlines

SCHEMA = 1

# The statutory labels, in the order the plan must present them (SEND Regs 2014 reg 12).
SECTION_TITLES = {
    "A": "Section A: the views, interests and aspirations of the child and their parents, or of the young person",
    "B": "Section B: the child or young person's special educational needs",
    "C": "Section C: the child or young person's health needs which relate to their SEN or disability",
    "D": "Section D: the child or young person's social care needs which relate to their SEN or disability",
    "E": "Section E: the outcomes sought for the child or young person",
    "F": "Section F: the special educational provision required",
    "G": "Section G: any health provision reasonably required",
    "H1": "Section H1: social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    "H2": "Section H2: any other social care provision reasonably required",
    "I": "Section I: the name and type of the school or other institution",
    "J": "Section J: the personal budget, including any direct payments",
    "K": "Section K: the advice and information gathered during the EHC needs assessment",
}
SECTION_KEYS = tuple(SECTION_TITLES)
# Section A's parts, as the plan (and its PDF) and the officer's form label them.
SECTION_A_PARTS = {
    "views": "Views of the child or young person and their family",
    "interests": "Interests",
    "aspirations": "Aspirations for the future",
    "one_page_profile": "One-page profile",
}
NEED_SECTIONS = ("B", "C", "D")
PROVISION_SECTIONS = ("F", "G", "H1", "H2")
PFA_FROM_YEAR = 9  # SEND Code of Practice 2015 para 8.9: preparing for adulthood from year 9


def _money(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def _links(plan) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The needs each outcome addresses and the outcomes each provision serves, by id: both link
    tables read in one query, not one prefetch each."""
    needs_of: dict[int, list[int]] = {}
    outcomes_of: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_links_sql(type(plan), connection.vendor), [plan.pk, plan.pk])
        for link, owner, to in cursor.fetchall():
            (outcomes_of if link else needs_of).setdefault(owner, []).append(to)
    return needs_of, outcomes_of


@functools.cache
def _links_sql(plan_model, vendor: str) -> str:
    """The text of `_links`' query, written once a process from the models' metadata: the ORM's
    union of the two link tables said the same, but building and compiling it cost the plan page
    more than the query took to run."""
    quote = connection.ops.quote_name

    def pairs(link: int, items) -> str:
        through = items.field.remote_field.through._meta
        owner = items.field.m2m_column_name()  # the outcome (or provision) of the link
        to = items.field.m2m_reverse_name()  # the need (or outcome) it is linked to
        owners = items.field.model._meta
        plan_column = owners.get_field("plan").column
        return (
            f"SELECT {link}, t.{quote(owner)}, t.{quote(to)} FROM {quote(through.db_table)} t"  # noqa: S608
            f" JOIN {quote(owners.db_table)} o ON o.{quote(owners.pk.column)} = t.{quote(owner)}"
            f" WHERE o.{quote(plan_column)} = %s"
        )

    outcomes = plan_model.outcomes.rel.related_model
    provisions = plan_model.provisions.rel.related_model
    # Names from the models' metadata only; the plan's id is a parameter.
    return f"{pairs(0, outcomes.needs)} UNION ALL {pairs(1, provisions.outcomes)}"


def snapshot(plan) -> dict:
    """The whole working copy as plain JSON. Needs, outcomes and provision get stable refs
    (B1, E2, F3 ...) so that links between them survive freezing."""
    child = plan.case.child
    needs = list(plan.needs.all())
    outcomes = list(plan.outcomes.all())
    provisions = list(plan.provisions.all())
    needs_of, outcomes_of = _links(plan)
    need_ref, outcome_ref = {}, {}
    sections: dict = {
        "A": {
            "views": plan.views,
            "interests": plan.interests,
            "aspirations": plan.aspirations,
            "one_page_profile": plan.one_page_profile,
        }
    }
    for key in NEED_SECTIONS:
        rows = []
        for need in (n for n in needs if n.section == key):
            ref = f"{key}{len(rows) + 1}"
            need_ref[need.pk] = ref
            rows.append(
                {"ref": ref, "area": need.get_area_display(), "description": need.description}
            )
        sections[key] = rows
    sections["E"] = []
    for number, outcome in enumerate(outcomes, start=1):
        outcome_ref[outcome.pk] = f"E{number}"
        sections["E"].append(
            {
                "ref": f"E{number}",
                "description": outcome.description,
                "achieve_by": outcome.achieve_by,
                "steps": outcome.steps,
                "needs": sorted(
                    need_ref[pk] for pk in needs_of.get(outcome.pk, ()) if pk in need_ref
                ),
                "preparing_for_adulthood": outcome.get_preparing_for_adulthood_display()
                if outcome.preparing_for_adulthood
                else "",
            }
        )
    for key in PROVISION_SECTIONS:
        rows = []
        for item in (p for p in provisions if p.section == key):
            rows.append(
                {
                    "ref": f"{key}.{len(rows) + 1}",
                    "what": item.what,
                    "by_whom": item.by_whom,
                    "frequency": item.frequency,
                    "quantity": item.quantity,
                    "duration": item.duration,
                    "outcomes": sorted(
                        outcome_ref[pk] for pk in outcomes_of.get(item.pk, ()) if pk in outcome_ref
                    ),
                }
            )
        sections[key] = rows
    setting = plan.placement_setting
    sections["I"] = {
        "setting": setting.name if setting else "",
        "urn": (setting.urn or "") if setting else "",
        "type": plan.get_placement_type_display()
        if plan.placement_type
        else (setting.get_setting_type_display() if setting else ""),
        "notes": plan.placement_notes,
    }
    streams = [plan.budget_education, plan.budget_health, plan.budget_social_care]
    total = sum((s for s in streams if s is not None), Decimal("0"))
    sections["J"] = {
        "education": _money(plan.budget_education),
        "health": _money(plan.budget_health),
        "social_care": _money(plan.budget_social_care),
        "total": _money(total) if any(s is not None for s in streams) else "",
        "direct_payment": _money(plan.budget_direct_payment),
        "arrangements": plan.budget_arrangements,
    }
    sections["K"] = [
        {"title": a.title, "author": a.author, "dated": a.dated.isoformat() if a.dated else ""}
        for a in plan.advice.all()
    ]
    address = ", ".join(
        part
        for part in (child.address_line_1, child.address_line_2, child.town, child.postcode)
        if part
    )
    return {
        "schema": SCHEMA,
        "child": {
            "name": child.full_name,
            "preferred_name": child.preferred_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "upn": child.upn,
            "uln": child.uln,
            "nhs_number": child.nhs_number,
            "address": address,
            "case_reference": plan.case.reference,
            "primary_need": child.get_primary_need_display() if child.primary_need else "",
            "secondary_need": child.get_secondary_need_display() if child.secondary_need else "",
        },
        "sections": sections,
    }


def section_lines(key: str, data) -> list[str]:
    """One section as plain lines of text: what a reader compares between two versions."""
    if key == "A":
        labels = (
            ("views", "Views"),
            ("interests", "Interests"),
            ("aspirations", "Aspirations"),
            ("one_page_profile", "One-page profile"),
        )
        return [
            f"{label}: {line}"
            for field, label in labels
            for line in data[field].splitlines()
            if line
        ]
    if key in NEED_SECTIONS:
        return [f"{row['ref']} {row['area']}: {row['description']}" for row in data]
    if key == "E":
        return [
            f"{row['ref']} {row['description']} (by {row['achieve_by']}; needs {', '.join(row['needs']) or 'none'}"
            + (
                f"; preparing for adulthood: {row['preparing_for_adulthood']}"
                if row["preparing_for_adulthood"]
                else ""
            )
            + ")"
            for row in data
        ]
    if key in PROVISION_SECTIONS:
        return [
            f"{row['ref']} {row['what']} — by {row['by_whom']}, {row['frequency']}, {row['quantity']}"
            + (f", for {row['duration']}" if row["duration"] else "")
            + (f" (outcomes {', '.join(row['outcomes'])})" if row["outcomes"] else "")
            for row in data
        ]
    if key == "I":
        named = data["setting"] + (f" (URN {data['urn']})" if data["urn"] else "")
        lines = [f"Setting: {named or 'none named'}", f"Type: {data['type'] or 'not stated'}"]
        return lines + ([f"Notes: {data['notes']}"] if data["notes"] else [])
    if key == "J":
        return [
            f"{label}: £{data[field]}"
            for field, label in (
                ("education", "Education"),
                ("health", "Health"),
                ("social_care", "Social care"),
                ("total", "Total"),
                ("direct_payment", "Paid as a direct payment"),
            )
            if data[field]
        ] + ([f"Arrangements: {data['arrangements']}"] if data["arrangements"] else [])
    if key == "K":
        return [
            f"{row['title']}, {row['author']}" + (f", {row['dated']}" if row["dated"] else "")
            for row in data
        ]
    raise KeyError(key)


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    changed: bool
    rows: list[tuple[str, str]]  # ("same" | "removed" | "added", line)


def compare(old: dict, new: dict) -> list[SectionComparison]:
    """Every section of two versions side by side: which changed and, line by line, how."""
    result = []
    for key in SECTION_KEYS:
        before = section_lines(key, old["sections"][key])
        after = section_lines(key, new["sections"][key])
        rows = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            a=before, b=after, autojunk=False
        ).get_opcodes():
            if tag == "equal":
                rows += [("same", line) for line in before[i1:i2]]
            else:
                rows += [("removed", line) for line in before[i1:i2]]
                rows += [("added", line) for line in after[j1:j2]]
        result.append(SectionComparison(key, SECTION_TITLES[key], before != after, rows))
    return result


@dataclass(frozen=True)
class Problem:
    section: str
    message: str


def problems(content: dict, *, for_final: bool, year_group: int | None = None) -> list[Problem]:
    """What stops a plan being issued, in the words a reviewer of plans would use."""
    s = content["sections"]
    found = []
    if not any(s["A"][f].strip() for f in ("views", "interests", "aspirations")):
        found.append(
            Problem(
                "A",
                "Section A must record the views, interests or aspirations of the child and family.",
            )
        )
    if not s["B"]:
        found.append(Problem("B", "Section B must describe at least one special educational need."))
    if not s["E"]:
        found.append(Problem("E", "Section E must set at least one outcome."))
    for row in s["E"]:
        if not row["needs"]:
            found.append(Problem("E", f"Outcome {row['ref']} must say which need it addresses."))
    if (
        year_group is not None
        and year_group >= PFA_FROM_YEAR
        and s["E"]
        and not any(row["preparing_for_adulthood"] for row in s["E"])
    ):
        found.append(
            Problem(
                "E",
                "From year 9, outcomes must include preparing for adulthood: tag at least one outcome.",
            )
        )
    if not s["F"]:
        found.append(Problem("F", "Section F must set out the special educational provision."))
    for key in PROVISION_SECTIONS:
        for row in s[key]:
            missing = [
                label
                for field, label in (("frequency", "how often"), ("quantity", "how much"))
                if not row[field].strip()
            ]
            if missing:
                found.append(
                    Problem(
                        key,
                        f"Provision {row['ref']} ({row['what'][:40]}) must say {' and '.join(missing)}.",
                    )
                )
    if for_final and not (s["I"]["setting"] or s["I"]["type"]):
        found.append(
            Problem(
                "I",
                "Section I must name the school or other institution, or the type of placement, before the final plan is issued.",
            )
        )
    return found


def child_year_group(content: dict, on) -> int:
    from datetime import date

    return deadlines.year_group(date.fromisoformat(content["child"]["date_of_birth"]), on)
