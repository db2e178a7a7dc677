"""Rendering a full EHC plan PDF (about 10 pages): target under 1.5 s per plan.

Run: `BENCHMARK=1 .venv/bin/pytest tests/benchmarks/test_plan_pdf.py -s -q -p no:xdist`.
"""

import datetime
import io
import statistics
import time

import pytest
from pypdf import PdfReader

from ehcp.content import PROVISION_SECTIONS
from ehcp.pdf import render_content_pdf

pytestmark = pytest.mark.real_pdf  # times WeasyPrint itself
TARGET_SECONDS = 1.5
RUNS = 5

SENTENCE = (
    "Maya finds it hard to follow spoken instructions given to the whole class and needs them "
    "broken into short steps, with a visual reminder she can look back at."
)
AREAS = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)


def big_plan() -> dict:
    """A long but ordinary plan: many needs, outcomes and quantified provision in every section."""
    needs = {
        key: [
            {
                "ref": f"{key}{n}",
                "area": AREAS[n % len(AREAS)]
                if key == "B"
                else {"C": "Health", "D": "Social care"}[key],
                "description": f"{SENTENCE} ({key}{n})",
            }
            for n in range(1, count + 1)
        ]
        for key, count in (("B", 10), ("C", 4), ("D", 3))
    }
    outcomes = [
        {
            "ref": f"E{n}",
            "description": f"By the end of the year Maya will manage task {n} with less adult help. "
            + SENTENCE,
            "achieve_by": f"July {2026 + n % 3}",
            "steps": "First with an adult beside her, then with a visual prompt, then on her own.",
            "needs": [f"B{n % 10 + 1}", f"C{n % 4 + 1}"],
            "preparing_for_adulthood": "Independent living" if n % 3 == 0 else "",
        }
        for n in range(1, 13)
    ]
    provision = {
        key: [
            {
                "ref": f"{key}.{n}",
                "what": f"Programme {n}: small-group work on attention and listening, planned by "
                "the specialist teacher and reviewed each half term.",
                "by_whom": "Teaching assistant trained and supervised by the specialist teacher",
                "frequency": "3 times a week",
                "quantity": "30 minutes each session",
                "duration": "Until the next annual review",
                "outcomes": [f"E{n % 12 + 1}", f"E{(n + 5) % 12 + 1}"],
            }
            for n in range(1, count + 1)
        ]
        for key, count in zip(PROVISION_SECTIONS, (16, 5, 4, 3), strict=True)
    }
    return {
        "schema": 1,
        "child": {
            "name": "Maya Elizabeth Thornton-Oduya",
            "preferred_name": "Maya",
            "date_of_birth": "2015-09-02",
            "upn": "H801200001001",
            "uln": "1234567890",
            "nhs_number": "485 777 3456",
            "address": "Flat 4, 27 Station Road, Lower Bramley, Kingsford, KF3 9QP",
            "case_reference": "SEN-2025-004417",
            "primary_need": "Autistic spectrum disorder",
            "secondary_need": "Speech, language and communication needs",
        },
        "sections": {
            "A": {
                "views": "\n".join([SENTENCE] * 6),
                "interests": "\n".join([SENTENCE] * 3),
                "aspirations": "\n".join([SENTENCE] * 3),
                "one_page_profile": "\n".join([SENTENCE] * 4),
            },
            **needs,
            "E": outcomes,
            **provision,
            "I": {
                "setting": "Kingsford Community Primary School",
                "urn": "112233",
                "type": "Mainstream school",
                "notes": "With the resourced provision for communication and interaction.",
            },
            "J": {
                "education": "6400.00",
                "health": "850.00",
                "social_care": "2300.00",
                "total": "9550.00",
                "direct_payment": "2300.00",
                "arrangements": "Short breaks are paid to the family as a direct payment.",
            },
            "K": [
                {"title": f"Advice {n}", "author": "Specialist service", "dated": "2026-01-15"}
                for n in range(1, 11)
            ],
        },
    }


def test_plan_pdf_renders_ten_pages_in_time():
    content = big_plan()

    def render() -> bytes:
        return render_content_pdf(
            content,
            title="Education, Health and Care Plan for Maya Elizabeth Thornton-Oduya",
            version_label="Version 2: Draft plan",
            issued_on=datetime.date(2026, 3, 12),
            is_draft=True,
        )

    pages = len(PdfReader(io.BytesIO(render())).pages)  # warm-up: imports, fonts, templates
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        render()
        timings.append(time.perf_counter() - started)

    median, worst = statistics.median(timings), max(timings)
    print(f"\nplan PDF, {pages} pages: median {median:.3f}s, max {worst:.3f}s over {RUNS} runs")
    assert 9 <= pages <= 12
    assert median < TARGET_SECONDS
