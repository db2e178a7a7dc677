"""Who a notice goes to, and by which channel: one function, `notice_recipients`.

The family: until the child becomes a young person (the day `becomes_young_person_on` gives,
CFA 2014 s.83), the parents recorded as receiving correspondence (the main contacts; if none is
marked, everyone with parental responsibility). From that day, the young person, or, while one
is recorded, the person acting for a young person who lacks capacity (SEND Regulations 2014
Schedule 3), and only them: nobody else is written to instead because they have no email.

The channel is the person's own: email for a parent whose preference is email and who has an
address; post otherwise (a preference for post or phone: a decision is told in writing), and post
for anyone with no email address. Copies go to the school or college, the health commissioner and social
care where the kind says (DOMAIN.md, "Notices").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from cases import deadlines
from cases.models import Case
from cases.models import ContactPreference
from cases.models import Setting

from .kinds import Audience
from .kinds import Copy
from .kinds import NoticeKind
from .models import Channel
from .models import RecipientRole


@dataclass(frozen=True)
class Recipient:
    role: str  # RecipientRole
    name: str
    channel: str  # Channel
    email: str = ""
    postal_address: str = ""
    user_id: int | None = None
    key: str = ""  # who this is, stably ("member:12", "acting:3", "child:7"): for deduplication


def _channel(email: str, *, wants_post: bool = False) -> str:
    return Channel.POST if wants_post or not email else Channel.EMAIL


def child_address(child) -> str:
    return "\n".join(
        part
        for part in (child.address_line_1, child.address_line_2, child.town, child.postcode)
        if part
    )


def family_recipients(case: Case, *, on: datetime.date) -> list[Recipient]:
    child = case.child
    if deadlines.becomes_young_person_on(child.date_of_birth) <= on:
        acting = next((p for p in child.alternative_people.all() if p.ended_on is None), None)
        if acting is not None:
            return [
                Recipient(
                    RecipientRole.ACTING,
                    acting.full_name,
                    _channel(acting.email),
                    email=acting.email,
                    postal_address=acting.address,
                    key=f"acting:{acting.pk}",
                )
            ]
        return [
            Recipient(
                RecipientRole.YOUNG_PERSON,
                child.full_name,
                _channel(child.email),
                email=child.email,
                postal_address=child_address(child),
                key=f"child:{child.pk}",
            )
        ]
    family = list(child.family.all())
    parents = [m for m in family if m.is_main_contact] or [
        m for m in family if m.parental_responsibility
    ]
    return [
        Recipient(
            RecipientRole.PARENT,
            member.full_name,
            _channel(member.email, wants_post=member.contact_preference != ContactPreference.EMAIL),
            email=member.email,
            postal_address=member.address or child_address(child),
            user_id=member.user_id,
            key=f"member:{member.pk}",
        )
        for member in parents
    ]


def copy_recipients(kind: NoticeKind, case: Case, *, setting: Setting | None) -> list[Recipient]:
    copies = []
    setting = setting or case.child.current_setting
    if Copy.SETTING in kind.copies and setting is not None:
        copies.append(
            Recipient(
                RecipientRole.SETTING,
                f"The head teacher or principal, {setting.name}",
                _channel(setting.email),
                email=setting.email,
                postal_address="\n".join(p for p in (setting.name, setting.postcode) if p),
            )
        )
    for code, role, name, email in (
        (
            Copy.HEALTH,
            RecipientRole.HEALTH,
            settings.SEND_HEALTH_COMMISSIONER,
            settings.SEND_HEALTH_COMMISSIONER_EMAIL,
        ),
        (
            Copy.SOCIAL_CARE,
            RecipientRole.SOCIAL_CARE,
            settings.SEND_SOCIAL_CARE,
            settings.SEND_SOCIAL_CARE_EMAIL,
        ),
    ):
        if code in kind.copies:
            copies.append(Recipient(role, name, _channel(email), email=email))
    return copies


def notice_recipients(
    kind: NoticeKind,
    case: Case,
    *,
    on: datetime.date,
    addressee: Recipient | None = None,
    setting: Setting | None = None,
) -> list[Recipient]:
    """Everyone a notice of `kind` on `case`, dated `on`, goes to: the family (or, for a notice
    addressed to someone, `addressee`) first, then the copies. `setting`: the school or college
    a copy goes to, when not the child's current one (e.g. the one a final plan names)."""
    if kind.audience == Audience.ADDRESSEE:
        if addressee is None:
            raise ValueError(f"A {kind.code} notice needs the person it is addressed to.")
        main = [addressee]
    else:
        main = family_recipients(case, on=on)
    return main + copy_recipients(kind, case, setting=setting)
