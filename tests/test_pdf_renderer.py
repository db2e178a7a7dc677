"""The tests' PDF renderer: a fast fake unless a test is marked `real_pdf` (see conftest.py)."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from cases import pdf
from tests import fake_pdf

HTML = (
    '<html lang="en-GB"><head><title>Plan for Maya</title></head><body><p>Hello</p></body></html>'
)


def test_the_fake_answers_a_small_valid_pdf_and_records_what_it_was_given(pdf_renders):
    assert settings.SEND_PDF_RENDERER == fake_pdf.FAKE
    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(HTML)))
    assert len(reader.pages) == 1 and reader.metadata.title == "Plan for Maya"
    assert pdf_renders == [HTML]


@pytest.mark.real_pdf
def test_real_pdf_brings_weasyprint_back(pdf_renders):
    assert settings.SEND_PDF_RENDERER == fake_pdf.REAL
    text = PdfReader(io.BytesIO(pdf.html_to_pdf(HTML))).pages[0].extract_text()
    assert "Hello" in text
    assert pdf_renders == []


def test_outside_the_tests_plans_are_rendered_by_weasyprint():
    from send_portal.settings import base

    assert base.SEND_PDF_RENDERER == fake_pdf.REAL == "cases.pdf.weasyprint_render"
