"""The EHC plan as a PDF: the one module that calls WeasyPrint (ruff's banned-API rule keeps it so).

A plan version's frozen content (see `ehcp.content`) goes through the Django template
`ehcp/pdf/plan.html`, autoescaped, so whatever the plan's text says is shown as text and never
becomes markup. WeasyPrint lays it out with the PDF's own stylesheet `static/pdf/plan.css`: A4,
a cover with the child's details, then sections A to K, each under an `h2` with its statutory
title (so each is an entry in the PDF's outline), "Page X of Y" in the footer and, on drafts,
"DRAFT" in every page's header. The output is a tagged PDF declared as PDF/UA-1, in en-GB.

Security: a render may load nothing but files under the project's `static/` folder.
`StaticOnlyFetcher` refuses every other URL (http, https, data, file:// anywhere else, `..`
escapes, symlinks that lead out); WeasyPrint treats a refusal as a failed fetch and simply leaves
the resource out. Autoescaping is the first wall, the fetcher the second.
"""

from __future__ import annotations

import mimetypes
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.module_loading import import_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cases import deadlines
from ehcp.content import NEED_SECTIONS, PROVISION_SECTIONS, SECTION_KEYS, SECTION_TITLES

TEMPLATE = "ehcp/pdf/plan.html"
STYLESHEET = "pdf/plan.css"  # relative to the static folder, and linked from the template
# Tagged PDF declared as PDF/UA-1 (ISO 14289-1): WeasyPrint writes the structure tree, /MarkInfo,
# /Lang from <html lang>, the title shown in the window bar and the pdfuaid XMP metadata.
PDF_VARIANT = "pdf/ua-1"
NOT_RECORDED = "Not recorded"


# --- What a render may fetch -------------------------------------------------------------------


class ResourceRefused(ValueError):
    """A URL the PDF renderer will not fetch. WeasyPrint catches it and skips the resource."""


def static_root() -> Path:
    """The project's own static folder: the only place a render may read from."""
    return (Path(settings.BASE_DIR) / "static").resolve()


def static_base_url() -> str:
    """The base URL of the rendered HTML, so `pdf/plan.css` resolves inside the static folder."""
    return static_root().as_uri() + "/"


def stylesheet_url() -> str:
    return (static_root() / STYLESHEET).as_uri()


def allowed_static_path(url: str) -> Path:
    """The file under the static folder that `url` names, or `ResourceRefused`.

    Only `file:` URLs on this machine, whose real path (after `..` and symlinks are resolved) is
    an existing file inside the static folder."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise ResourceRefused(f"Not a URL: {url!r}") from error
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"Only the project's static files may be loaded, not {url!r}.")
    root = static_root()
    try:
        path = Path(url2pathname(parts.path)).resolve()
        inside = path.is_relative_to(root) and path.is_file()
    except (OSError, ValueError) as error:  # e.g. a NUL byte, a loop of symlinks
        raise ResourceRefused(f"Not a usable path: {url!r}.") from error
    if not inside:
        raise ResourceRefused(f"Not a file in the static folder: {url!r}.")
    return path


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, cut down to reading files from the static folder. It never opens a
    socket: `fetch` answers from the disk or refuses, and urllib's handlers are never used."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        path = allowed_static_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


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


def html_to_pdf(html: str) -> bytes:
    """Lay out trusted template output with the renderer `settings.SEND_PDF_RENDERER` names:
    `weasyprint_render` below, except in the test settings (a fast fake, see tests/fake_pdf.py)."""
    return import_string(settings.SEND_PDF_RENDERER)(html)


def weasyprint_render(html: str) -> bytes:
    """Lay out trusted template output. Resources resolve against, and only come from, static."""
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        font_config=FontConfiguration(),
    )


# --- What the template shows -------------------------------------------------------------------


def long_date(value: date | str | None) -> str:
    """12 March 2026, from a date or an ISO string; "" for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return dateformat.format(value, "j F Y")


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
        labels = (
            ("views", "Views of the child or young person and their family"),
            ("interests", "Interests"),
            ("aspirations", "Aspirations for the future"),
            ("one_page_profile", "One-page profile"),
        )
        data = data or {}
        return [{"label": label, "text": data.get(field, "")} for field, label in labels]
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
