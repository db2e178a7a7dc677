"""Plain English: each notice names the child, the decision, the date, the rights and the
deadline; the notification email names the child by first name, says what changed and what to
do by when, links to the letter, and holds no more personal data than that."""

import datetime

import pytest
from django.core import mail

from cases.notices.kinds import Audience
from cases.notices.kinds import Right
from cases.notices.kinds import notice_kinds
from cases.notices.letters import render_letter_html
from cases.notices.recipients import Recipient
from cases.notices.recipients import notice_recipients
from cases.notices.services import letter_facts_for
from tests.kit import words

from .kit import D
from .kit import family_case
from .kit import not_assess_notice

pytestmark = pytest.mark.django_db
DATED = D("2026-02-11")


def _facts(kind):
    return {
        fact.name: (DATED + datetime.timedelta(days=14)).isoformat()
        if fact.type == "date"
        else "educational advice"
        for fact in kind.facts
    }


def test_each_notice_names_the_child_the_decision_the_date_the_rights_and_the_deadline(officer):
    case = family_case(officer)
    adviser = Recipient("addressee", "Dr Lee", "email", email="ep@example.gov.uk")
    for kind in notice_kinds():
        recipients = notice_recipients(
            kind, case, on=DATED, addressee=adviser if kind.audience == Audience.ADDRESSEE else None
        )
        letter = letter_facts_for(
            kind=kind, case=case, facts=_facts(kind), dated_on=DATED, recipients=recipients
        )
        text = words(render_letter_html(letter))

        assert "Maya" in text, kind.code
        assert kind.title in text, kind.code
        assert "11 February 2026" in text, kind.code  # the date of the letter
        if Right.APPEAL in kind.rights:
            assert "You must appeal by 13 April 2026" in text, kind.code
            assert "Demo Mediation Service" in text, kind.code  # the mediation adviser, named
            assert "Disagreement resolution" in text, kind.code
        if Right.IASS in kind.rights:
            assert "Demo SENDIASS" in text, kind.code
        if kind.action:
            assert "What you need to do:" in text and "25 February 2026" in text, kind.code
        if kind.code == "draft_plan":
            assert "local offer" in text and "/local-offer/" in text


def test_the_email_names_the_child_the_change_what_to_do_by_when_and_links_to_the_letter(
    officer, django_capture_on_commit_callbacks
):
    case = family_case(officer)
    case.child.upn = "A123456789012"
    case.child.save()
    with django_capture_on_commit_callbacks(execute=True):
        not_assess_notice(officer, case, dated_on="2026-02-11")

    message = next(m for m in mail.outbox if m.to == ["rachel@example.net"])
    assert message.subject == "Decision not to carry out an EHC needs assessment: Maya"
    assert (
        "We have decided not to carry out an education, health and care (EHC) needs assessment for Maya."
        in message.body
    )
    assert "You must appeal by" in message.body
    assert "http://testserver" in message.body or "/portal/" in message.body
    for personal in ("Okafor Maya", "Maya Okafor", "A123456789012", "2016", "High Street", "EX1"):
        assert personal not in message.body, personal
    copy = next(m for m in mail.outbox if m.to != ["rachel@example.net"])
    assert "This is a copy for your information." in copy.body
