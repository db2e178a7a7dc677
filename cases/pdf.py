"""The one module that calls WeasyPrint (ruff's banned-API rule keeps it so): trusted template
output laid out as a tagged PDF, for every document the service renders (the EHC plan in
`ehcp.pdf`, the council's letters in `cases.notices.letters`).

The output is a tagged PDF declared as PDF/UA-1, in the language of `<html lang>`.

Security: a render may load nothing but files under the project's `static/` folder.
`StaticOnlyFetcher` refuses every other URL (http, https, data, file:// anywhere else, `..`
escapes, symlinks that lead out); WeasyPrint treats a refusal as a failed fetch and simply leaves
the resource out. Autoescaping in the callers' templates is the first wall, the fetcher the
second.
"""

from __future__ import annotations

import mimetypes
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.utils.module_loading import import_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

from cases.templatetags import govuk

# Tagged PDF declared as PDF/UA-1 (ISO 14289-1): WeasyPrint writes the structure tree, /MarkInfo,
# /Lang from <html lang>, the title shown in the window bar and the pdfuaid XMP metadata.
PDF_VARIANT = "pdf/ua-1"


# --- What a render may fetch -------------------------------------------------------------------


class ResourceRefused(ValueError):
    """A URL the PDF renderer will not fetch. WeasyPrint catches it and skips the resource."""


def static_root() -> Path:
    """The project's own static folder: the only place a render may read from."""
    return (Path(settings.BASE_DIR) / "static").resolve()


def static_base_url() -> str:
    """The base URL of the rendered HTML, so `pdf/plan.css` resolves inside the static folder."""
    return static_root().as_uri() + "/"


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


def long_date(value: date | str | None) -> str:
    """12 March 2026, from a date or an ISO string; "" for nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return govuk.long_date(value)
