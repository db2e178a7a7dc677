"""The EHC plan PDF (ehcp/pdf.py): contents, pages, DRAFT marking, tagging, and what it may fetch."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from pypdf import PdfReader

from cases import pdf as safe_pdf  # the renderer's safe core, which the fetch goes through
from ehcp import pdf
from ehcp.content import SECTION_KEYS
from ehcp.content import SECTION_TITLES

ISSUED = datetime.date(2026, 3, 12)
CHILD_NAME = "Amelia Rose Okafor-Whitfield"
pytestmark = pytest.mark.real_pdf  # reads the PDF: WeasyPrint, not the tests' fake


def plan_content(**section_overrides) -> dict:
    """A full, realistic plan in the `ehcp.content` format (schema 1)."""
    sections = {
        "A": {
            "views": "Amelia says: I like school when it is quiet and I know what is happening.\n"
            "Her parents want her to have friends and to feel safe at school.",
            "interests": "Drawing horses, swimming on Saturdays, Lego, her cat Pepper.",
            "aspirations": "To work with animals, perhaps as a vet nurse.",
            "one_page_profile": "People like her kindness and humour. Important to her: routine, "
            "her ear defenders, knowing about changes in advance.",
        },
        "B": [
            {
                "ref": "B1",
                "area": "Communication and interaction",
                "description": "Autism diagnosed in 2021. Finds unstructured times hard; "
                "needs time to process spoken language.",
            },
            {
                "ref": "B2",
                "area": "Cognition and learning",
                "description": "Reading age about two years below her chronological age.",
            },
            {
                "ref": "B3",
                "area": "Sensory and/or physical",
                "description": "Sensitive to noise and bright light; hand fatigue when writing.",
            },
        ],
        "C": [
            {
                "ref": "C1",
                "area": "Health",
                "description": "Sleep difficulties; under the community paediatrician.",
            }
        ],
        "D": [
            {
                "ref": "D1",
                "area": "Social care",
                "description": "Needs support to take part in clubs outside school.",
            }
        ],
        "E": [
            {
                "ref": "E1",
                "description": "By the end of key stage 2 Amelia will ask an adult for help "
                "when she does not understand an instruction.",
                "achieve_by": "July 2027",
                "steps": "Uses a help card in class; then asks verbally in small groups.",
                "needs": ["B1"],
                "preparing_for_adulthood": "",
            },
            {
                "ref": "E2",
                "description": "Amelia will read age-appropriate texts with understanding.",
                "achieve_by": "July 2028",
                "steps": "Daily phonics and reading comprehension in a small group.",
                "needs": ["B2"],
                "preparing_for_adulthood": "Employment",
            },
            {
                "ref": "E3",
                "description": "Amelia will join a community club of her choice each week.",
                "achieve_by": "December 2026",
                "steps": "",
                "needs": ["D1", "B1"],
                "preparing_for_adulthood": "Community participation",
            },
        ],
        "F": [
            {
                "ref": "F.1",
                "what": "Speech and language therapy programme delivered by a trained "
                "teaching assistant",
                "by_whom": "Teaching assistant, supervised by the NHS speech and language therapist",
                "frequency": "3 times a week",
                "quantity": "30 minutes",
                "duration": "Until the next annual review",
                "outcomes": ["E1"],
            },
            {
                "ref": "F.2",
                "what": "Small-group phonics and reading comprehension",
                "by_whom": "Class teacher",
                "frequency": "Daily",
                "quantity": "20 minutes",
                "duration": "One year",
                "outcomes": ["E2"],
            },
            {
                "ref": "F.3",
                "what": "A quiet workstation and a visual timetable",
                "by_whom": "School",
                "frequency": "Every day",
                "quantity": "Throughout the school day",
                "duration": "",
                "outcomes": [],
            },
        ],
        "G": [
            {
                "ref": "G.1",
                "what": "Review by the community paediatrician (sleep)",
                "by_whom": "Community paediatrician",
                "frequency": "Every 6 months",
                "quantity": "One appointment",
                "duration": "Ongoing",
                "outcomes": [],
            }
        ],
        "H1": [
            {
                "ref": "H1.1",
                "what": "Short breaks: a weekly supported place at a youth club",
                "by_whom": "Children's social care, short breaks team",
                "frequency": "Weekly",
                "quantity": "2 hours",
                "duration": "12 months",
                "outcomes": ["E3"],
            }
        ],
        "H2": [],
        "I": {
            "setting": "Riverside Primary School",
            "urn": "123456",
            "type": "Mainstream school",
            "notes": "With the support set out in section F.",
        },
        "J": {
            "education": "4250.00",
            "health": "",
            "social_care": "1200.50",
            "total": "5450.50",
            "direct_payment": "1200.50",
            "arrangements": "The short breaks part is paid to the family as a direct payment.",
        },
        "K": [
            {
                "title": "Educational psychology advice",
                "author": "Dr P. Singh",
                "dated": "2026-01-10",
            },
            {"title": "Parental advice", "author": "Mr and Mrs Okafor-Whitfield", "dated": ""},
            {"title": "Health advice", "author": "Community paediatrician", "dated": "2026-01-22"},
        ],
    }
    sections.update(section_overrides)
    return {
        "schema": 1,
        "child": {
            "name": CHILD_NAME,
            "preferred_name": "Millie",
            "date_of_birth": "2016-05-14",
            "upn": "A123456789012",
            "uln": "",
            "nhs_number": "943 476 5919",
            "address": "12 Mill Lane, Riverside, AB1 2CD",
            "case_reference": "SEN-2026-000123",
            "primary_need": "Autistic spectrum disorder",
            "secondary_need": "",
        },
        "sections": sections,
    }


def render(content=None, *, is_draft=False, label="Version 3: Final plan") -> bytes:
    return pdf.render_content_pdf(
        content or plan_content(),
        title=f"Education, Health and Care Plan for {CHILD_NAME}: {label}",
        version_label=label,
        issued_on=ISSUED,
        is_draft=is_draft,
    )


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    """Text with every run of whitespace as one space: lines wrap where the layout says."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def final_pdf() -> bytes:
    return render()


@pytest.fixture(scope="module")
def draft_pdf() -> bytes:
    return render(is_draft=True, label="Version 1: Draft plan")


def test_final_has_cover_details_and_every_section_in_order(final_pdf):
    reader = PdfReader(io.BytesIO(final_pdf))
    body = squash(" ".join(page.extract_text() for page in reader.pages[1:]))
    cover = squash(reader.pages[0].extract_text())

    for expected in (
        settings.COUNCIL_NAME,
        "Education, Health and Care Plan",
        CHILD_NAME,
        "Millie",
        "14 May 2016",
        "A123456789012",
        "943 476 5919",
        "12 Mill Lane, Riverside, AB1 2CD",
        "SEN-2026-000123",
        "Version 3: Final plan",
        "12 March 2026",
    ):
        assert expected in cover, expected

    positions = [body.find(SECTION_TITLES[key]) for key in SECTION_KEYS]
    assert -1 not in positions, dict(zip(SECTION_KEYS, positions, strict=True))
    assert positions == sorted(positions)
    # Tables and values made it through.
    for expected in ("Delivered by", "How often", "For how long", "Outcomes served", "F.1"):
        assert expected in body
    assert "£4,250.00" in body and "£5,450.50" in body
    assert "Riverside Primary School" in body
    assert "Educational psychology advice" in body


def test_every_section_is_a_bookmark(final_pdf):
    reader = PdfReader(io.BytesIO(final_pdf))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    outline = list(titles(reader.outline))
    assert outline[0] == "Education, Health and Care Plan"
    assert outline[1:] == [SECTION_TITLES[key] for key in SECTION_KEYS]


def test_empty_sections_say_none_and_do_not_disappear():
    content = plan_content(
        A=dict.fromkeys(("views", "interests", "aspirations", "one_page_profile"), ""),
        C=[],
        D=[],
        G=[],
        H1=[],
        H2=[],
        I=dict.fromkeys(("setting", "urn", "type", "notes"), ""),
        J=dict.fromkeys(
            ("education", "health", "social_care", "total", "direct_payment", "arrangements"), ""
        ),
        K=[],
    )
    body = squash(" ".join(pages_text(render(content))[1:]))
    for key in SECTION_KEYS:
        assert SECTION_TITLES[key] in body
    for key, empty in (
        ("C", "None identified."),
        ("H2", "None."),
        ("I", "None named."),
        ("J", "None: no personal budget"),
        ("K", "None listed."),
    ):
        after = body.split(SECTION_TITLES[key], 1)[1]
        assert after.lstrip().startswith(empty), (key, after[:80])
    assert body.count("None recorded.") >= 4  # the four parts of section A


def test_pages_are_numbered_page_x_of_y_with_name_and_version(final_pdf):
    texts = pages_text(final_pdf)
    count = len(texts)
    assert count >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {count}" in text
        assert "Version 3: Final plan" in text
    for text in texts[1:]:
        assert CHILD_NAME in text
    box = PdfReader(io.BytesIO(final_pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_draft_is_marked_on_every_page(draft_pdf):
    texts = pages_text(draft_pdf)
    assert all("DRAFT" in text for text in texts)
    assert "for you to comment on" in squash(texts[0])


def test_final_has_no_draft_marking(final_pdf):
    assert not any("draft" in text.lower() for text in pages_text(final_pdf))


def test_tagged_pdf_ua_in_british_english(final_pdf):
    reader = PdfReader(io.BytesIO(final_pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    metadata = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in metadata
    assert reader.metadata.title.startswith("Education, Health and Care Plan for")
    assert reader.metadata.author == settings.COUNCIL_NAME


# --- What a render may fetch --------------------------------------------------------------------

HOSTILE = [
    '<img src="http://127.0.0.1:9/x.png">',
    '<img src="file:///etc/passwd">',
    '<link rel=stylesheet href="file:///etc/passwd">',
]


@pytest.fixture
def fetch_log(monkeypatch):
    """Every URL the renderer asked for, and what the static check answered."""
    log = []
    real = pdf.allowed_static_path

    def spy(url):
        try:
            path = real(url)
        except pdf.ResourceRefused:
            log.append((url, None))
            raise
        log.append((url, path))
        return path

    monkeypatch.setattr(safe_pdf, "allowed_static_path", spy)
    return log


def test_plan_text_that_looks_like_markup_is_shown_as_text(fetch_log):
    content = plan_content()
    content["sections"]["A"]["views"] = " ".join(HOSTILE)
    content["sections"]["B"][0]["description"] = HOSTILE[0]

    # Long text may wrap after a "/" as well as at a space: compare without any whitespace.
    text = re.sub(r"\s+", "", "".join(pages_text(render(content))))

    for hostile in HOSTILE:
        assert re.sub(r"\s+", "", hostile) in text
    # The only thing fetched was the stylesheet.
    assert [url for url, _ in fetch_log] == [pdf.stylesheet_url()]
    assert all(path is not None for _, path in fetch_log)


def test_markup_that_asks_for_outside_resources_is_refused_and_skipped(fetch_log):
    """The second wall: even real markup (never produced from plan text) fetches nothing outside
    static; the render still succeeds without the resources."""
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Test</title>'
        '<link rel="stylesheet" href="pdf/plan.css">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="../../../../../../etc/passwd">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        "</head><body><p>Before</p>"
        '<img alt="remote" src="http://127.0.0.1:9/x.png">'
        '<img alt="local" src="file:///etc/passwd">'
        '<img alt="data" src="data:image/png;base64,iVBORw0KGgo=">'
        "<p>After</p></body></html>"
    )

    data = pdf.html_to_pdf(html)

    reader = PdfReader(io.BytesIO(data))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "Before" in text and "After" in text
    assert "root:" not in text
    for page in reader.pages:
        resources = page["/Resources"]
        assert not resources.get("/XObject"), "no image was embedded"
    allowed = [path for _, path in fetch_log if path is not None]
    refused = [url for url, path in fetch_log if path is None]
    assert allowed == [pdf.static_root() / pdf.STYLESHEET]
    assert {
        "file:///etc/passwd",
        "https://example.com/x.css",
        "http://127.0.0.1:9/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
    } <= set(refused)
    assert all(path.is_relative_to(pdf.static_root()) for path in allowed)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/x.css",
        "http://127.0.0.1:9/x.png",
        "data:text/css,body{color:red}",
        "ftp://example.com/x.css",
        "file://evil.example/etc/passwd",
        "file:///nonexistent/static/pdf/plan.css",
        "file:///work/%00/etc/passwd",
        "",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(pdf.ResourceRefused):
        pdf.StaticOnlyFetcher().fetch(url)


def test_fetcher_refuses_escapes_from_static():
    root = pdf.static_root()
    for url in (
        root.as_uri() + "/pdf/../../pyproject.toml",
        root.as_uri() + "/pdf/%2e%2e/%2e%2e/pyproject.toml",
        root.as_uri() + "/../manage.py",
        root.as_uri() + "/pdf/",  # a folder, not a file
        root.as_uri() + "/pdf/no-such-file.css",
    ):
        with pytest.raises(pdf.ResourceRefused):
            pdf.StaticOnlyFetcher().fetch(url)


def test_fetcher_refuses_a_symlink_out_of_static(settings, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (tmp_path / "static" / "pdf").mkdir(parents=True)
    (tmp_path / "static" / "pdf" / "plan.css").write_text("@page { size: A4 }")
    (tmp_path / "static" / "pdf" / "link.css").symlink_to(secret)
    settings.BASE_DIR = tmp_path

    with pytest.raises(pdf.ResourceRefused):
        pdf.StaticOnlyFetcher().fetch((tmp_path / "static" / "pdf" / "link.css").as_uri())
    with pytest.raises(pdf.ResourceRefused):
        pdf.StaticOnlyFetcher().fetch(secret.as_uri())
    pdf.StaticOnlyFetcher().fetch(pdf.stylesheet_url()).close()


def test_fetcher_serves_the_stylesheet():
    response = pdf.StaticOnlyFetcher().fetch(pdf.stylesheet_url())
    try:
        assert response.content_type == "text/css"
        assert b"@page" in response.read()
    finally:
        response.close()


# --- From a stored version ----------------------------------------------------------------------


@pytest.mark.django_db
def test_render_plan_pdf_from_a_plan_version():
    from cases.tests.factories import CaseFactory
    from cases.tests.factories import SettingFactory
    from cases.tests.factories import UserFactory
    from ehcp.content import snapshot
    from ehcp.models import Plan
    from ehcp.models import PlanAdvice
    from ehcp.models import PlanNeed
    from ehcp.models import PlanOutcome
    from ehcp.models import PlanProvision
    from ehcp.models import PlanVersion

    case = CaseFactory(child__first_name="Jordan", child__last_name="Blake")
    plan = Plan.objects.create(
        case=case,
        views="Jordan wants to stay with his friends.",
        placement_setting=SettingFactory(name="Hillside Academy"),
        budget_education=Decimal("3000.00"),
        budget_direct_payment=Decimal("500.00"),
    )
    need = PlanNeed.objects.create(
        plan=plan, section="B", area="communication", description="Speech sound difficulties."
    )
    outcome = PlanOutcome.objects.create(
        plan=plan, description="Jordan will be understood by new adults.", achieve_by="July 2027"
    )
    outcome.needs.add(need)
    provision = PlanProvision.objects.create(
        plan=plan,
        section="F",
        what="Speech therapy",
        by_whom="NHS speech and language therapist",
        frequency="Weekly",
        quantity="45 minutes",
        duration="One year",
    )
    provision.outcomes.add(outcome)
    PlanAdvice.objects.create(plan=plan, title="Speech and language advice", author="NHS SLT")
    version = PlanVersion(
        plan=plan,
        number=1,
        kind="draft",
        issued_on=ISSUED,
        issued_by=UserFactory(),
        content=snapshot(plan),
    )

    texts = pages_text(pdf.render_plan_pdf(version))

    whole = squash(" ".join(texts))
    assert "Jordan Blake" in whole
    assert "Version 1: Draft plan" in whole
    assert "Hillside Academy" in whole
    assert "£3,000.00" in whole
    assert all("DRAFT" in text for text in texts)
    assert f"Page 1 of {len(texts)}" in texts[0]
