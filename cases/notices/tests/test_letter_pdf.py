"""The letters as WeasyPrint lays them out (the same safe renderer as the plan): tagged PDF/UA,
the words a family reads, nothing fetched but the stylesheet; the day's post as one PDF, each
letter after its address page."""

import io
import re

import pytest
from pypdf import PdfReader

from cases import pdf as safe_pdf
from cases.notices.models import RecipientRole
from cases.notices.printing import post_queue_pdf
from tests.kit import letters_written

from .kit import family_case
from .kit import not_assess_notice

pytestmark = [pytest.mark.real_pdf, pytest.mark.django_db]


def _text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_a_letter_is_a_tagged_pdf_ua_that_says_the_decision_the_rights_and_the_appeal_date(
    officer, monkeypatch
):
    fetched = []
    real = safe_pdf.allowed_static_path
    monkeypatch.setattr(
        safe_pdf, "allowed_static_path", lambda url: fetched.append(url) or real(url)
    )
    case = family_case(officer, wants_post=True)

    notice = not_assess_notice(officer, case, dated_on="2026-02-11")
    letters_written()
    notice.refresh_from_db()

    with notice.letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] in (True, "true") and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    text = _text(reader)
    for words in (
        "Decision not to carry out an EHC needs assessment",
        "Maya",
        "11 February 2026",
        "You must appeal by 13 April 2026",
        "Demo Mediation Service",
        "SEND Regulations 2014, regulation 5",
    ):
        assert words in text, words
    assert fetched == [(safe_pdf.static_root() / "pdf/letter.css").as_uri()]


def test_the_days_post_prints_each_letter_after_its_address_page(officer):
    notices = [
        not_assess_notice(officer, family_case(officer, wants_post=True, first_name=name))
        for name in ("Maya", "Zara")
    ]
    letters_written()
    for notice in notices:
        notice.refresh_from_db()
    deliveries = [n.deliveries.get(role=RecipientRole.PARENT) for n in notices]

    reader = PdfReader(io.BytesIO(post_queue_pdf(deliveries)))

    starts = [
        i
        for i, page in enumerate(reader.pages)
        if "Private and confidential" in page.extract_text()
    ]
    assert len(starts) == 2 and starts[0] == 0
    assert "Maya" in " ".join(reader.pages[i].extract_text() for i in range(1, starts[1]))
    assert "Zara" in " ".join(
        reader.pages[i].extract_text() for i in range(starts[1] + 1, len(reader.pages))
    )
    assert "1 High Street" in reader.pages[0].extract_text()
