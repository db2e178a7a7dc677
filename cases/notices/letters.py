"""Letters: the council's wording of each kind (a manager's `LetterTemplate`, or the kind's
default), filled in for one case and laid out as a PDF by the safe renderer (`cases.pdf`).

A letter text is plain text with `{name}` fields (`kinds.LETTER_FIELDS` and the kind's facts),
nothing else: no attribute or index access, no format specs, so a template can only ever say
what the case's fields say. The text is then shown, autoescaped, in `notices/letter.html`,
paragraph by paragraph ("- " lines become a list), followed by the rights the kind carries:
the appeal-by date (`cases.deadlines.appeal_deadline`), the mediation adviser, disagreement
resolution and the information, advice and support service, each named from the council's
settings.
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass
from dataclasses import field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from cases import deadlines
from cases.pdf import html_to_pdf
from cases.pdf import long_date

from .kinds import LETTER_FIELDS
from .kinds import NoticeKind
from .kinds import Right
from .models import LetterTemplate
from .models import LetterTemplateVersion

TEMPLATE = "notices/letter.html"
_FORMATTER = string.Formatter()


def check_letter_text(kind: NoticeKind, text: str) -> None:
    """A ValidationError, in words a manager understands, unless every field is one this kind
    of letter knows and none has anything but its name."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as error:
        raise ValidationError(
            {"body": f"The letter has a curly bracket that is not part of a field ({error})."}
        ) from error
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in kind.fields:
            raise ValidationError(
                {
                    "body": f"{{{name}}} is not a field this letter can use. Use one of: "
                    + ", ".join(f"{{{f}}}" for f in sorted(kind.fields))
                    + "."
                }
            )
        if spec or conversion:
            raise ValidationError(
                {"body": f"Write the field as {{{name}}}, with nothing after it."}
            )


def letter_text(kind: NoticeKind) -> tuple[str, int]:
    """The wording in use for this kind, and its version (0 for the kind's own default)."""
    template = LetterTemplate.objects.filter(kind=kind.code).first()
    if template is None:
        return kind.letter, 0
    return template.body, template.version


def letter_text_version(kind: NoticeKind, version: int) -> str:
    """The wording of one version (0: the kind's own default), kept when a manager changes it."""
    if version == 0:
        return kind.letter
    return LetterTemplateVersion.objects.get(template__kind=kind.code, version=version).body


@dataclass
class LetterFacts:
    """What a letter is filled in from (no database reads: the caller has it all)."""

    kind: NoticeKind
    case_reference: str
    child_first_name: str
    child_name: str
    officer_name: str
    facts: dict
    dated_on: datetime.date
    reader_names: list[str]
    postal_address: str = ""
    copies: list[str] = field(default_factory=list)

    @property
    def appeal_by(self) -> datetime.date | None:
        return deadlines.appeal_deadline(self.dated_on) if self.kind.carries_appeal else None

    def values(self) -> dict[str, str]:
        """Every field a letter of this kind may use, as the words shown."""
        fact_values = fact_words(self.kind, self.facts)
        return {
            "child_first_name": self.child_first_name,
            "child_name": self.child_name,
            "reader_name": " and ".join(self.reader_names) or "Sir or Madam",
            "letter_date": long_date(self.dated_on),
            "case_reference": self.case_reference,
            "council_name": settings.COUNCIL_NAME,
            "officer_name": self.officer_name or "your SEN case officer",
            "team_email": settings.SEND_TEAM_EMAIL,
            "local_offer_url": settings.SEND_LOCAL_OFFER_URL,
            **fact_values,
        }


def fact_words(kind: NoticeKind, facts: dict) -> dict[str, str]:
    """A notice's facts as a letter shows them: dates as "11 February 2026", text as it is."""
    return {
        fact.name: long_date(facts.get(fact.name))
        if fact.type == "date"
        else str(facts.get(fact.name, ""))
        for fact in kind.facts
    }


def fill(text: str, values: dict[str, str]) -> str:
    return _FORMATTER.vformat(text, (), {**dict.fromkeys(LETTER_FIELDS, ""), **values})


def blocks(text: str) -> list[dict]:
    """Paragraphs and lists: a blank line separates blocks; lines starting "- " are a list."""
    out = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        items = [line[2:].strip() for line in lines if line.startswith("- ")]
        lead = [line for line in lines if not line.startswith("- ")]
        # both keys, always: a template's `block.items` on a dict without "items" would be
        # the dict's own items() method, and show the paragraph as a list of pairs
        if lead:
            out.append({"lines": lead, "items": []})
        if items:
            out.append({"lines": [], "items": items})
    return out


def rights_shown(letter: LetterFacts) -> list[dict]:
    """The rights the kind carries, in the words of the letter, with their dates and contacts."""
    kind, appeal_by = letter.kind, letter.appeal_by
    shown = []
    if Right.APPEAL in kind.rights:
        shown.append(
            {
                "title": f"Appeal: by {long_date(appeal_by)}",
                "text": "You can appeal against this decision to the First-tier Tribunal (Special "
                "Educational Needs and Disability). You must appeal by "
                f"{long_date(appeal_by)}. If you get a mediation certificate after "
                f"{long_date(deadlines.certificate_extends_appeal_after(letter.dated_on))}, you have 1 month from "
                "the date on the certificate instead. Before you appeal you must contact the "
                "mediation adviser below, unless your appeal is only about the school or "
                "college named.",
            }
        )
    if Right.MEDIATION in kind.rights:
        shown.append(
            {
                "title": "Mediation",
                "text": "Mediation is a free meeting with an independent mediator to try to "
                "settle a disagreement with us. To ask for it, or for the certificate you need "
                "before appealing, contact the mediation adviser within 2 months of the date of "
                f"this letter: {settings.SEND_MEDIATION_ADVISER}.",
            }
        )
    if Right.DISAGREEMENT in kind.rights:
        shown.append(
            {
                "title": "Disagreement resolution",
                "text": "An independent, free service can help you and us, or you and your "
                "child's school or college, settle a disagreement. You can use it at any time, "
                f"and it does not affect your right to appeal: {settings.SEND_DISAGREEMENT_RESOLUTION}.",
            }
        )
    if Right.IASS in kind.rights:
        shown.append(
            {
                "title": "Free information, advice and support",
                "text": "For free, impartial information, advice and support about special "
                f"educational needs, contact {settings.SEND_IASS}.",
            }
        )
    return shown


def letter_context(letter: LetterFacts, text: str) -> dict:
    values = letter.values()
    kind = letter.kind
    return {
        "title": f"{kind.title}: {letter.child_first_name}",
        "kind": kind,
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "team_email": settings.SEND_TEAM_EMAIL,
        "team_phone": settings.SEND_TEAM_PHONE,
        "reader": values["reader_name"],
        "postal_address": letter.postal_address,
        "letter_date": values["letter_date"],
        "case_reference": letter.case_reference,
        "child_name": letter.child_name,
        "decision": fill(kind.decision, values),
        "action": fill(kind.action, values) if kind.action else "",
        "blocks": blocks(fill(text, values)),
        "rights": rights_shown(letter),
        "copies": letter.copies,
    }


def render_letter_html(letter: LetterFacts, text: str | None = None) -> str:
    text = letter_text(letter.kind)[0] if text is None else text
    return render_to_string(TEMPLATE, letter_context(letter, text))


def render_letter_pdf(letter: LetterFacts, text: str | None = None) -> bytes:
    return html_to_pdf(render_letter_html(letter, text))


def render_address_sheets(deliveries) -> bytes:
    """One page per posted delivery: the name and address that show through the envelope."""
    html = render_to_string(
        "notices/address_sheets.html",
        {
            "title": "Letters to post",
            "council_name": settings.COUNCIL_NAME,
            "deliveries": deliveries,
        },
    )
    return html_to_pdf(html)
