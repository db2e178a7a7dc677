"""The notification email: it names the child (by first name), says what changed and what the
reader must do by when, and links to where the letter is read. No more personal data than that:
the letter itself, with the rest, is attached (or, through Notify, a link to it)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from cases import deadlines
from cases.pdf import long_date

from .kinds import notice_kind
from .letters import fact_words
from .letters import fill
from .models import Delivery
from .models import RecipientRole

FAMILY_ROLES = (RecipientRole.PARENT, RecipientRole.YOUNG_PERSON, RecipientRole.ACTING)


def email_for(delivery: Delivery) -> tuple[str, str]:
    """(subject, body) of the email telling `delivery`'s reader of its notice."""
    notice = delivery.notice
    kind = notice_kind(notice.kind)
    child = notice.case.child
    first_name = child.preferred_name or child.first_name
    values = {
        "child_first_name": first_name,
        "child_name": first_name,  # the email names the child by first name only
        **fact_words(kind, notice.facts),
    }
    lines = [f"Dear {delivery.name},", ""]
    if delivery.is_copy:
        lines += ["This is a copy for your information.", ""]
    lines += [fill(kind.decision, values), ""]
    if kind.action:
        lines += [f"What you need to do: {fill(kind.action, values)}", ""]
    if kind.carries_appeal:
        appeal_by = notice.appeal_by or deadlines.appeal_deadline(notice.dated_on)
        lines += [
            f"If you disagree, you can ask for mediation or appeal. You must appeal by "
            f"{long_date(appeal_by)}. The letter explains how.",
            "",
        ]
    if delivery.role in FAMILY_ROLES:
        link = settings.SITE_URL + reverse("portal:home")
        lines += [f"Read the letter, attached, or sign in to see it: {link}", ""]
    else:
        lines += ["The letter is attached.", ""]
    lines += [
        f"If you have questions, email {settings.SEND_TEAM_EMAIL}.",
        "",
        settings.COUNCIL_NAME,
    ]
    subject = f"{kind.title}: {first_name}"
    return subject, "\n".join(lines)
