"""Issue 18: long unbroken text (a 200-character word, a web address) wraps in the plan PDF
instead of running off the page. (The web pages: tests/browser/test_long_text_wraps.py.)"""

import io

import pytest
from pypdf import PdfReader

from ehcp import pdf
from ehcp.tests.test_pdf import ISSUED
from ehcp.tests.test_pdf import plan_content

pytestmark = pytest.mark.real_pdf  # WeasyPrint lays the text out

LONG_WORD = "Supercalifragilistic" * 10  # 200 characters, no break opportunity
LONG_URL = "https://example.org/" + "a-very-long-path-segment-" * 8 + "end"


def test_a_200_character_word_and_a_long_url_are_broken_across_lines_in_the_pdf():
    content = plan_content(
        A={
            "views": f"The child said {LONG_WORD}. See {LONG_URL}",
            "interests": "Drawing.",
            "aspirations": "To be a vet nurse.",
            "one_page_profile": "Kind and funny.",
        }
    )
    content["sections"]["B"][0]["description"] = LONG_WORD  # in a table cell too
    data = pdf.render_content_pdf(
        content,
        title="Plan",
        version_label="Version 1: Final plan",
        issued_on=ISSUED,
        is_draft=False,
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    lines = text.splitlines()
    # Written in full, but never on one line: a line that long would run off the page.
    assert text.replace("\n", "").count(LONG_WORD) == 2
    assert not [line for line in lines if LONG_WORD in line]
    assert not [line for line in lines if LONG_URL in line]
    assert LONG_URL in text.replace("\n", "")
