"""The EHC plan as a PDF, laid out by the service's one safe renderer (`cases.pdf`).

A plan version's frozen content (see `ehcp.content`) goes through the Django template
`ehcp/pdf/plan.html`, autoescaped, so whatever the plan's text says is shown as text and never
becomes markup. WeasyPrint lays it out with the PDF's own stylesheet `static/pdf/plan.css`: A4,
a cover with the child's details, then sections A to K, each under an `h2` with its statutory
title (so each is an entry in the PDF's outline), "Page X of Y" in the footer and, on drafts,
"DRAFT" in every page's header. The output is a tagged PDF declared as PDF/UA-1, in en-GB.

Security: autoescaping is the first wall; the second, `cases.pdf.StaticOnlyFetcher`, lets a render
load nothing but files under the project's `static/` folder (its names are re-exported here).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from decimal import InvalidOperation

from django.conf import settings
from django.template.loader import render_to_string

from cases import deadlines
from cases.pdf import PDF_VARIANT  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import ResourceRefused  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import StaticOnlyFetcher  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import allowed_static_path  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import html_to_pdf  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import long_date  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import static_base_url  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import static_root  # noqa: F401  (the safe core, re-exported for the plan's callers)
from cases.pdf import weasyprint_render  # noqa: F401  (the safe core, re-exported for the plan's callers)
from ehcp.content import NEED_SECTIONS
from ehcp.content import PROVISION_SECTIONS
from ehcp.content import SECTION_A_PARTS
from ehcp.content import SECTION_KEYS
from ehcp.content import SECTION_TITLES

TEMPLATE = "ehcp/pdf/plan.html"
STYLESHEET = "pdf/plan.css"  # relative to the static folder, and linked from the template
NOT_RECORDED = "Not recorded"


def stylesheet_url() -> str:
    return (static_root() / STYLESHEET).as_uri()


# --- Rendering ---------------------------------------------------------------------------------


def render_plan_pdf(version) -> bytes:
    """The PDF of an issued plan version (`ehcp.models.PlanVersion`), from its frozen content."""
    child_name = version.content["child"].get("name") or "the child or young person"
    label = version_label(version.number, version.get_kind_display())
    return render_content_pdf(
        version.content,
        title=f"Education, Health and Care Plan for {child_name}: {label}",
        version_label=label,
        issued_on=version.issued_on,
        is_draft=version.is_draft,
    )


def version_label(number: int, kind_display: str) -> str:
    """E.g. "Version 3: Final plan"."""
    return f"Version {number}: {kind_display}"


def render_content_pdf(
    content: dict, *, title: str, version_label: str, issued_on: date, is_draft: bool
) -> bytes:
    """The PDF of a plan's content (the `ehcp.content` format), without touching the database."""
    html = render_to_string(
        TEMPLATE,
        plan_context(
            content,
            title=title,
            version_label=version_label,
            issued_on=issued_on,
            is_draft=is_draft,
        ),
    )
    return html_to_pdf(html)


# --- What the template shows -------------------------------------------------------------------


def money(value: str | None) -> str:
    """£1,234.50 from the content's "1234.50"; "" for nothing."""
    if not value:
        return ""
    try:
        return f"£{Decimal(value):,.2f}"
    except InvalidOperation:
        return value


def _section_data(key: str, data):
    if key == "A":
        data = data or {}
        return [
            {"label": label, "text": data.get(field, "")}
            for field, label in SECTION_A_PARTS.items()
        ]
    if key in NEED_SECTIONS or key in PROVISION_SECTIONS or key == "E":
        return list(data or [])
    if key == "I":
        data = data or {}
        return {**data, "empty": not any(data.get(f) for f in ("setting", "urn", "type", "notes"))}
    if key == "J":
        data = data or {}
        streams = [
            ("Education", money(data.get("education"))),
            ("Health", money(data.get("health"))),
            ("Social care", money(data.get("social_care"))),
        ]
        return {
            "streams": streams,
            "total": money(data.get("total")),
            "direct_payment": money(data.get("direct_payment")),
            "arrangements": data.get("arrangements", ""),
            "empty": not any(
                data.get(f)
                for f in ("education", "health", "social_care", "total", "direct_payment")
            )
            and not data.get("arrangements"),
        }
    if key == "K":
        return [{**row, "dated": long_date(row.get("dated"))} for row in data or []]
    raise KeyError(key)


def _kind(key: str) -> str:
    if key in NEED_SECTIONS:
        return "needs"
    if key in PROVISION_SECTIONS:
        return "provision"
    return {"A": "views", "E": "outcomes", "I": "placement", "J": "budget", "K": "advice"}[key]


def plan_context(
    content: dict, *, title: str, version_label: str, issued_on: date, is_draft: bool
) -> dict:
    """Everything `ehcp/pdf/plan.html` shows, already in the words and formats of the page."""
    child = content.get("child", {})
    sections = content.get("sections", {})
    details = [
        ("Name", child.get("name")),
        ("Preferred name", child.get("preferred_name")),
        ("Date of birth", long_date(child.get("date_of_birth"))),
        ("Unique pupil number (UPN)", child.get("upn")),
        ("Unique learner number (ULN)", child.get("uln")),
        ("NHS number", child.get("nhs_number")),
        ("Address", child.get("address")),
        ("Case reference", child.get("case_reference")),
    ]
    return {
        "title": title,
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "version_label": version_label,
        "issued_on": long_date(issued_on),
        "is_draft": is_draft,
        "response_days": deadlines.DRAFT_RESPONSE_DAYS,
        "child_name": child.get("name") or NOT_RECORDED,
        "details": [(label, value or NOT_RECORDED) for label, value in details],
        "sections": [
            {
                "key": key,
                "anchor": f"section-{key.lower()}",
                "title": SECTION_TITLES[key],
                "kind": _kind(key),
                "data": _section_data(key, sections.get(key)),
            }
            for key in SECTION_KEYS
        ],
    }
