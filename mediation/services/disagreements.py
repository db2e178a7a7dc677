"""A disagreement from the decision letter to the certificate: recording it, the family's
contact with the mediation adviser, mediation (arranged, not arranged in time, held), the
mediation certificate (a notice), agreed actions, and closing without an appeal."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from cases import deadlines
from cases.models import Case
from cases.models import User
from cases.notices.models import Channel
from cases.notices.models import RecipientRole
from cases.notices.recipients import Recipient
from cases.notices.services import already_sent
from cases.notices.services import decision_notices
from cases.notices.services import notice_create
from cases.notices.services import notice_for_decision
from cases.permissions import require
from cases.rules import Need
from cases.rules import proceed
from cases.services import deadline_meet
from cases.services import deadline_set
from cases.services import deadlines_cancel
from cases.services import deadlines_of
from cases.services.records import audit_on_case
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from mediation import kinds
from mediation.models import ORDER_KIND_FOR
from mediation.models import ArrangedBy
from mediation.models import DecisionKind
from mediation.models import Disagreement
from mediation.models import DisagreementState
from mediation.models import Mediation
from mediation.models import MediationOutcome
from mediation.models import OrderKind
from mediation.models import OrderSource
from mediation.models import Section

from ._common import check_on
from ._common import lock_disagreement
from ._common import required_text
from ._common import today_or
from .orders import order_create

# What the mediation's own dates follow.
WANTS_MEDIATION = "the family told the council they want mediation"


def _appeal_deadline_set(disagreement: Disagreement, certificate_on=None) -> datetime.date:
    due = deadlines.appeal_deadline(disagreement.decision_letter_on, certificate_on=certificate_on)
    deadline_set(
        case=disagreement.case,
        obj=disagreement,
        kind=kinds.APPEAL_DEADLINE,
        due_on=due,
        label="The family's last day to appeal to the Tribunal",
    )
    return due


def _certificate_due_set(
    disagreement: Disagreement,
    on: datetime.date,
    *,
    kind: str = kinds.MEDIATION_CERTIFICATE,
    label: str,
) -> datetime.date:
    """The mediation certificate, due within 3 working days of `on` (no mediation wanted, none
    arranged in time, or the mediation's end), stored on the disagreement."""
    due = deadlines.mediation_certificate_due(on)
    deadline_set(case=disagreement.case, obj=disagreement, kind=kind, due_on=due, label=label)
    return due


@transaction.atomic
def disagreement_record(
    *,
    actor: User,
    case_id: int,
    decision: str,
    decision_letter_on: datetime.date,
    sections: list[str] | tuple[str, ...] = (),
    health_issues: bool = False,
    social_care_issues: bool = False,
    summary: str = "",
    today: datetime.date | None = None,
) -> Disagreement:
    """The family disagree with a decision whose letter was sent on `decision_letter_on`.

    A disagreement about the school or college named alone needs no mediation certificate: the
    family can appeal at once. Any other appealable one waits for the family's contact with the
    mediation adviser; the appeal deadline from the clock is stored either way."""
    today = today_or(today)
    case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
    require(actor, case, Need.WORK)
    if decision not in DecisionKind.values:
        raise ValidationError({"decision": "Select the decision the family disagree with"})
    check_on(decision_letter_on, case=case, field="decision_letter_on", today=today)
    unknown = set(sections) - set(Section.values)
    if unknown:
        raise ValidationError({"sections": "Select the parts of the plan from the list"})
    if decision == DecisionKind.PLAN_CONTENTS and not sections:
        raise ValidationError(
            {"sections": "Select the sections of the plan the family disagree with"}
        )
    if decision == DecisionKind.HEALTH_SOCIAL_CARE and not (health_issues or social_care_issues):
        raise ValidationError(
            {"health_issues": "Select health care, social care or both as the issues"}
        )
    disagreement = Disagreement.objects.create(
        case=case,
        decision=decision,
        sections=",".join(s for s in Section.values if s in sections),
        health_issues=health_issues,
        social_care_issues=social_care_issues,
        decision_letter_on=decision_letter_on,
        summary=summary.strip(),
        recorded_on=today,
        created_by=actor,
        state=DisagreementState.APPEAL_OPEN
        if decision == DecisionKind.PLACEMENT
        else DisagreementState.ADVICE,
    )
    appeal_by = _appeal_deadline_set(disagreement) if disagreement.appealable else None
    if disagreement.appealable and not disagreement.placement_only:
        # The family's own window (reg 33): shown to them in the portal with the appeal date.
        deadline_set(
            case=case,
            obj=disagreement,
            kind=kinds.MEDIATION_CONTACT,
            due_on=deadlines.mediation_contact_due(decision_letter_on),
            label="Before an appeal the family contact the mediation adviser",
        )
    audit_on_case(
        disagreement,
        "disagreement.recorded",
        actor=actor,
        payload={
            "decision": in_a_sentence(disagreement.get_decision_display()),
            "letter_on": decision_letter_on,
            "appeal_by": appeal_by or "no appeal to the Tribunal",
        },
    )
    return disagreement


@transaction.atomic
def advice_record(
    *,
    actor: User,
    disagreement_id: int,
    adviser_contacted_on: datetime.date,
    wants_mediation: bool,
    council_informed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Disagreement:
    """The family contacted the mediation adviser (within 2 months of the letter, reg 33) and
    said whether they want mediation. No: the certificate is due in 3 working days (reg 34).
    Yes, once they tell the council: mediation within 30 days (reg 36), and the health
    commissioner told within 3 working days when health care is among the issues (reg 35)."""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    case = disagreement.case
    step = disagreement.want_mediation if wants_mediation else disagreement.decline_mediation
    check_on(
        adviser_contacted_on,
        case=case,
        field="adviser_contacted_on",
        today=today,
        after=disagreement.decision_letter_on,
    )
    last_day = deadlines.mediation_contact_due(disagreement.decision_letter_on)
    if adviser_contacted_on > last_day:
        raise ValidationError(
            {
                "adviser_contacted_on": "The family must contact the mediation adviser within 2 "
                f"months of the decision letter, by {last_day:%-d %B %Y}. Close the disagreement "
                "instead, or record a new decision."
            }
        )
    if wants_mediation:
        if council_informed_on is None:
            raise ValidationError(
                {
                    "council_informed_on": "Enter the date the family told the council they want mediation"
                }
            )
        check_on(
            council_informed_on,
            case=case,
            field="council_informed_on",
            today=today,
            after=adviser_contacted_on,
            after_label="the family contacted the mediation adviser",
        )
    step_take(
        step,
        actor=actor,
        values={
            "adviser_contacted_on": adviser_contacted_on,
            "wants_mediation": wants_mediation,
            "council_informed_on": council_informed_on if wants_mediation else None,
        },
    )
    deadline_meet(disagreement, kinds.MEDIATION_CONTACT, adviser_contacted_on)
    if not wants_mediation:
        due = _certificate_due_set(
            disagreement, adviser_contacted_on, label="The family do not want mediation"
        )
        audit_on_case(
            disagreement,
            "disagreement.no_mediation",
            actor=actor,
            payload={"contacted_on": adviser_contacted_on, "certificate_due": due},
        )
        return disagreement
    mediation = Mediation.objects.create(
        disagreement=disagreement,
        arranged_by=ArrangedBy.HEALTH if disagreement.health_only else ArrangedBy.COUNCIL,
    )
    mediation_due = None
    if not disagreement.health_only:
        mediation_due = deadlines.mediation_due(council_informed_on)
        deadline_set(case=case, obj=mediation, kind=kinds.MEDIATION_DUE, due_on=mediation_due)
    commissioner_due = None
    if disagreement.health_issues:
        commissioner_due = deadlines.health_commissioner_told_due(council_informed_on)
        deadline_set(
            case=case,
            obj=disagreement,
            kind=kinds.COMMISSIONER_TOLD,
            due_on=commissioner_due,
        )
    audit_on_case(
        disagreement,
        "disagreement.mediation_wanted",
        actor=actor,
        payload={
            "informed_on": council_informed_on,
            "mediation_by": mediation_due or "30 days after the health commissioner is told",
            "commissioner_by": commissioner_due or "not needed",
        },
    )
    return disagreement


@transaction.atomic
def commissioner_told(
    *,
    actor: User,
    disagreement_id: int,
    told_on: datetime.date,
    told_outside: bool = False,
    today: datetime.date | None = None,
) -> Disagreement:
    """The health commissioner is told of the mediation issues in writing (reg 35), by a notice
    addressed to it. Dated today, the letter goes out through this service now (email, or the
    print queue) and the commissioner is told on the day it is sent; dated earlier, or
    `told_outside` (by phone or its own email), it was told outside this service on `told_on`.
    Either way `commissioner_notice_sent` meets the 3 working days on the sent date."""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    check_on(
        told_on,
        case=disagreement.case,
        field="told_on",
        today=today,
        after=disagreement.council_informed_on,
        after_label=WANTS_MEDIATION,
    )
    proceed(disagreement.tell_commissioner, actor)
    if any(n.sent_on is None for n in decision_notices(disagreement, [COMMISSIONER_NOTICE])):
        raise ValidationError(
            {
                "told_on": "The letter to the health commissioner is waiting to go out (see the "
                "case's letters and notices): it is told on the day it is sent"
            }
        )
    notice_for_decision(
        actor=actor,
        case=disagreement.case,
        kind=COMMISSIONER_NOTICE,
        facts={
            "informed_on": disagreement.council_informed_on,
            "issues": _issue_words(disagreement),
            "arrangements": (
                "Health care is the only issue, so you arrange the mediation, within 30 days "
                "of this letter."
                if disagreement.health_only
                else "We will arrange the mediation, within 30 days of the family telling us, "
                "and invite you to it."
            ),
        },
        decision=disagreement,
        today=today,
        sent_on=told_on if told_outside else already_sent(told_on, today),
        addressee=Recipient(
            RecipientRole.ADDRESSEE,
            settings.SEND_HEALTH_COMMISSIONER,
            Channel.EMAIL if settings.SEND_HEALTH_COMMISSIONER_EMAIL else Channel.POST,
            email=settings.SEND_HEALTH_COMMISSIONER_EMAIL,
            postal_address=settings.SEND_HEALTH_COMMISSIONER,
        ),
    )
    disagreement.refresh_from_db(fields=["commissioner_told_on"])
    return disagreement


COMMISSIONER_NOTICE = "mediation_health_commissioner"


def _issue_words(disagreement: Disagreement) -> str:
    words = in_a_sentence(disagreement.get_decision_display())
    if disagreement.section_list:
        words += f" (sections {', '.join(disagreement.section_list)})"
    return words


def commissioner_notice_sent(
    *, disagreement_id: int, sent_on: datetime.date, actor: User | None
) -> None:
    """The health commissioner's notice was sent on `sent_on` (its `on_sent` hook, inside the
    transaction that recorded the sending): it was told that day. When health is the only
    issue, it arranges the mediation within 30 days of being told."""
    disagreement = (
        Disagreement.objects.select_for_update()
        .select_related("case")
        .filter(pk=disagreement_id, commissioner_told_on__isnull=True)
        .first()
    )
    if disagreement is None:  # told already: a second letter changes nothing
        return
    disagreement.commissioner_told_on = sent_on
    disagreement.save(update_fields=["commissioner_told_on"])
    deadline_meet(disagreement, kinds.COMMISSIONER_TOLD, sent_on)
    mediation_due = None
    mediation = disagreement.current_mediation
    if disagreement.health_only and mediation is not None and mediation.arranged_on is None:
        mediation_due = deadlines.mediation_due(sent_on)
        deadline_set(
            case=disagreement.case,
            obj=mediation,
            kind=kinds.MEDIATION_DUE,
            due_on=mediation_due,
            label="Arranged by the health commissioner",
        )
    audit_on_case(
        disagreement,
        "disagreement.commissioner_told",
        actor=actor,
        payload={"told_on": sent_on, "mediation_by": mediation_due or "the council arranges it"},
    )


def _open_mediation(disagreement: Disagreement) -> Mediation:
    mediation = disagreement.mediations.select_for_update().order_by("pk").last()
    if mediation is None:  # pragma: no cover - made with the choice to mediate
        raise ValidationError("Record that the family want mediation first.")
    return mediation


def _lock_mediation(
    disagreement_id: int, actor, on: datetime.date, *, field: str, today: datetime.date
) -> tuple[Disagreement, Mediation]:
    """The disagreement and its mediation, locked, for a step dated `on`: not before the family
    told the council they want mediation."""
    disagreement = lock_disagreement(disagreement_id, actor)
    mediation = _open_mediation(disagreement)
    check_on(
        on,
        case=disagreement.case,
        field=field,
        today=today,
        after=disagreement.council_informed_on,
        after_label=WANTS_MEDIATION,
    )
    return disagreement, mediation


@transaction.atomic
def mediation_arrange(
    *,
    actor: User,
    disagreement_id: int,
    arranged_on: datetime.date,
    meeting_on: datetime.date,
    mediator: str = "",
    today: datetime.date | None = None,
) -> Mediation:
    """The mediation meeting fixed (or moved): the family are sent its arrangements."""
    today = today_or(today)
    disagreement, mediation = _lock_mediation(
        disagreement_id, actor, arranged_on, field="arranged_on", today=today
    )
    case = disagreement.case
    check_on(
        meeting_on,
        case=case,
        field="meeting_on",
        today=today,
        after=arranged_on,
        after_label="it was arranged",
        future=True,
    )
    proceed(disagreement.arrange_mediation, actor)
    step_take(
        mediation.arrange,
        actor=actor,
        values={"arranged_on": arranged_on, "meeting_on": meeting_on, "mediator": mediator.strip()},
    )
    notice_create(
        actor=actor,
        case=case,
        kind="mediation_arrangements",
        facts={"meeting_on": meeting_on, "mediator": mediation.mediator or "the mediation service"},
        decision=mediation,
        dated_on=arranged_on,
    )
    audit_on_case(
        mediation,
        "mediation.arranged",
        actor=actor,
        payload={"meeting_on": meeting_on, "arranged_on": arranged_on},
    )
    return mediation


@transaction.atomic
def mediation_not_arranged(
    *,
    actor: User,
    disagreement_id: int,
    adviser_told_on: datetime.date,
    today: datetime.date | None = None,
) -> Disagreement:
    """Mediation could not be arranged within 30 days: the mediation adviser was told, and the
    certificate is due within 3 working days."""
    today = today_or(today)
    disagreement, mediation = _lock_mediation(
        disagreement_id, actor, adviser_told_on, field="adviser_told_on", today=today
    )
    step_take(
        mediation.not_arranged,
        actor=actor,
        values={"not_arranged_on": adviser_told_on},
    )
    step_take(disagreement.mediation_not_arranged, actor=actor)
    deadlines_cancel(mediation, [kinds.MEDIATION_DUE])
    due = _certificate_due_set(
        disagreement, adviser_told_on, label="Mediation not arranged within 30 days"
    )
    audit_on_case(
        mediation,
        "mediation.not_arranged",
        actor=actor,
        payload={"told_on": adviser_told_on, "certificate_due": due},
    )
    return disagreement


@transaction.atomic
def mediation_hold(
    *,
    actor: User,
    disagreement_id: int,
    held_on: datetime.date,
    attendees: str,
    outcome: str,
    agreement: str = "",
    today: datetime.date | None = None,
) -> Mediation:
    """The mediation held: who came and what was agreed. The certificate is due within 3
    working days of its end (reg 39); an agreement becomes actions the council must carry out
    as if it were the matching Tribunal order, or within 2 weeks (reg 42)."""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    mediation = _open_mediation(disagreement)
    case = disagreement.case
    check_on(
        held_on,
        case=case,
        field="held_on",
        today=today,
        after=mediation.arranged_on,
        after_label="the mediation was arranged",
    )
    attendees = required_text(
        attendees, field="attendees", message="Enter who attended the mediation"
    )
    if outcome not in MediationOutcome.values:
        raise ValidationError({"outcome": "Select the outcome of the mediation"})
    agreed = outcome != MediationOutcome.NOT_AGREED
    if agreed:
        agreement = required_text(
            agreement, field="agreement", message="Enter what was agreed at the mediation"
        )
    step_take(
        mediation.hold,
        actor=actor,
        values={
            "held_on": held_on,
            "attendees": attendees,
            "outcome": outcome,
            "agreement": agreement.strip() if agreed else "",
        },
    )
    step_take(disagreement.hold_mediation, actor=actor)
    deadline_meet(mediation, kinds.MEDIATION_DUE, held_on)
    due = _certificate_due_set(
        disagreement,
        held_on,
        kind=kinds.MEDIATION_CERTIFICATE_AFTER,
        label=f"Mediation held {held_on:%-d %B %Y}",
    )
    audit_on_case(
        mediation,
        "mediation.held",
        actor=actor,
        payload={
            "held_on": held_on,
            "outcome": in_a_sentence(mediation.get_outcome_display()),
            "certificate_due": due,
        },
    )
    if agreed:
        order_create(
            actor=actor,
            disagreement=disagreement,
            source=OrderSource.AGREEMENT,
            kind=ORDER_KIND_FOR.get(disagreement.decision, OrderKind.OTHER),
            from_on=held_on,
            description=mediation.agreement,
        )
    return mediation


@transaction.atomic
def agreed_action_add(
    *,
    actor: User,
    disagreement_id: int,
    kind: str,
    description: str,
    agreed_due_on: datetime.date | None = None,
    agreed_due_reason: str = "",
    today: datetime.date | None = None,
):
    """Another action agreed at the mediation, from the date of the agreement (reg 42): within
    the limits of the matching Tribunal order, or 2 weeks for anything else, unless the parties
    agreed a different date for it (reg 42(5)), recorded with why."""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    proceed(disagreement.add_agreed_action, actor)
    description = required_text(
        description, field="description", message="Enter what the council agreed to do"
    )
    if kind not in OrderKind.values:
        raise ValidationError({"kind": "Select what kind of action was agreed"})
    appealable_kind = ORDER_KIND_FOR.get(disagreement.decision)
    if kind not in (OrderKind.OTHER, appealable_kind):
        raise ValidationError(
            {
                "kind": "An agreement on this decision is carried out as the matching Tribunal "
                "order or as another action within 2 weeks"
            }
        )
    agreed_on = disagreement.current_mediation.held_on
    if agreed_due_on is not None:
        check_on(
            agreed_due_on,
            case=disagreement.case,
            field="agreed_due_on",
            today=today,
            after=agreed_on,
            after_label="the mediation was held",
            future=True,
        )
        if len(deadlines.ORDER_STEPS[kind]) != 1:
            raise ValidationError(
                {
                    "agreed_due_on": "A different date can be agreed for an action done in one "
                    "step; this one has the steps of a Tribunal order, each with its own limit"
                }
            )
        agreed_due_reason = required_text(
            agreed_due_reason,
            field="agreed_due_reason",
            message="Enter why the parties agreed a different date",
        )[:200]
    return order_create(
        actor=actor,
        disagreement=disagreement,
        source=OrderSource.AGREEMENT,
        kind=kind,
        from_on=agreed_on,
        description=description,
        agreed_due_on=agreed_due_on,
        agreed_due_reason=agreed_due_reason,
    )


@transaction.atomic
def certificate_issue(
    *,
    actor: User,
    disagreement_id: int,
    issued_on: datetime.date,
    today: datetime.date | None = None,
) -> Disagreement:
    """The mediation certificate issued (a notice to the family, dated): the family may now
    appeal, until the later of 2 months from the letter and 1 month from the certificate."""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    mediation = disagreement.current_mediation
    after, label = disagreement.adviser_contacted_on, "the family contacted the mediation adviser"
    if mediation is not None and mediation.held_on:
        after, label = mediation.held_on, "the mediation was held"
    elif mediation is not None and mediation.not_arranged_on:
        after, label = mediation.not_arranged_on, "the adviser was told it was not arranged"
    check_on(
        issued_on,
        case=disagreement.case,
        field="issued_on",
        today=today,
        after=after,
        after_label=label,
    )
    step_take(disagreement.issue_certificate, actor=actor)
    for kind in (kinds.MEDIATION_CERTIFICATE, kinds.MEDIATION_CERTIFICATE_AFTER):
        deadline_meet(disagreement, kind, issued_on)
    appeal_by = (
        _appeal_deadline_set(disagreement, certificate_on=issued_on)
        if disagreement.appealable
        else None
    )
    notice_create(
        actor=actor,
        case=disagreement.case,
        kind="mediation_certificate",
        facts={
            "issued_on": issued_on,
            "decision_letter_on": disagreement.decision_letter_on,
            "appeal_by": f"{appeal_by:%-d %B %Y}" if appeal_by else "",
        },
        decision=disagreement,
        dated_on=issued_on,
    )
    audit_on_case(
        disagreement,
        "disagreement.certificate_issued",
        actor=actor,
        payload={"issued_on": issued_on, "appeal_by": appeal_by or "no appeal to the Tribunal"},
    )
    return disagreement


@transaction.atomic
def disagreement_close(
    *,
    actor: User,
    disagreement_id: int,
    closed_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> Disagreement:
    """Closed without an appeal: resolved, or the family did not appeal in time. Its open
    limits no longer apply. (A plan whose cessation was disputed stays in force until the
    appeal period from the clock has passed all the same: `ehcp.appeals`.)"""
    today = today_or(today)
    disagreement = lock_disagreement(disagreement_id, actor)
    check_on(
        closed_on,
        case=disagreement.case,
        field="closed_on",
        today=today,
        after=disagreement.decision_letter_on,
    )
    reason = required_text(reason, field="reason", message="Enter why the disagreement is closed")
    step_take(
        disagreement.close,
        actor=actor,
        values={"closed_on": closed_on, "close_reason": reason[:200]},
        audit="disagreement.closed",
        payload={"closed_on": closed_on, "reason": reason[:200]},
    )
    deadlines_cancel(disagreement, kinds.DISAGREEMENT_KINDS)
    for mediation in disagreement.mediations.all():
        deadlines_cancel(mediation, [kinds.MEDIATION_DUE])
    return disagreement


APPEAL_WINDOW_PASSED = "The appeal period passed with no appeal registered"
NO_ADVISER_CONTACTED = (
    "The appeal period passed with no mediation adviser contacted and no appeal registered"
)
# Closed by the nightly job once the last day to appeal has passed: a family who can appeal
# (certificate issued, or the school named alone), and one who never contacted the mediation
# adviser (their 2 months end before that day, so no certificate can move it any more).
LAPSING_STATES = (DisagreementState.APPEAL_OPEN, DisagreementState.ADVICE)


@transaction.atomic
def disagreement_appeal_window_pass(
    *, disagreement_id: int, today: datetime.date
) -> Disagreement | None:
    """The family's appeal window passed with no appeal registered (the nightly job, as the
    system): the disagreement is closed on the day after its last day to appeal, and its open
    limits no longer apply, so the family's appeal date stops showing as overdue.

    Only a disagreement whose family can appeal now (certificate issued, or the school named
    alone), or who never contacted the mediation adviser, is closed: once the family have made
    contact, the appeal date still moves to a month after the certificate. Nothing happens (None) for one already closed, appealed, or whose date has not passed, so
    a second run, or a run after the officer acted, changes nothing."""
    disagreement = (
        Disagreement.objects.select_for_update().select_related("case").get(pk=disagreement_id)
    )
    appeal_by = (
        deadlines_of(disagreement, [kinds.APPEAL_DEADLINE])
        .filter(met_on__isnull=True, cancelled=False, due_on__lt=today)
        .first()
    )
    if disagreement.state not in LAPSING_STATES or appeal_by is None:
        return None
    reason = (
        NO_ADVISER_CONTACTED
        if disagreement.state == DisagreementState.ADVICE
        else APPEAL_WINDOW_PASSED
    )
    closed_on = appeal_by.due_on + datetime.timedelta(days=1)
    step_take(
        disagreement.close,
        actor=None,
        values={"closed_on": closed_on, "close_reason": reason},
        audit="disagreement.appeal_window_passed",
        payload={"appeal_by": appeal_by.due_on, "closed_on": closed_on},
    )
    deadlines_cancel(disagreement, kinds.DISAGREEMENT_KINDS)
    return disagreement


def appeal_deadline_of(disagreement: Disagreement):
    """The stored appeal deadline (the family's last day), or None when it cannot be appealed."""
    return deadlines_of(disagreement, [kinds.APPEAL_DEADLINE]).first()
