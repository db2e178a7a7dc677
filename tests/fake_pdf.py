"""A fast stand-in for WeasyPrint, named by `SEND_PDF_RENDERER` in the test settings.

A real render takes about a second a plan; most tests only need a stored, downloadable PDF. This
one answers at once with a small valid PDF (one blank A4 page, the HTML's <title> as its title)
and keeps the HTML it was given, for tests that ask what was rendered (the `pdf_renders`
fixture). Tests that read the PDF itself (its text, pages, tags, what it fetched) are marked
`@pytest.mark.real_pdf` and get WeasyPrint (see the root conftest.py).
"""

import html as html_lib
import io
import re

from pypdf import PdfWriter

REAL = "cases.pdf.weasyprint_render"
FAKE = "tests.fake_pdf.render"

# Every HTML document rendered in this process, oldest first (cleared by `pdf_renders`).
rendered: list[str] = []

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def title_of(html: str) -> str:
    match = _TITLE.search(html)
    return html_lib.unescape(match.group(1)).strip() if match else ""


def render(html: str) -> bytes:
    rendered.append(html)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4 in points
    writer.add_metadata({"/Title": title_of(html), "/Producer": "tests.fake_pdf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
