"""Amendments to a maintained plan: preparing them, proposing them, issuing the amended plan
or deciding not to amend."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.audit import audit_record
from cases.models import DeadlineKind
from cases.models import Setting
from cases.models import SettingType
from cases.models import User
from cases.rules import check
from cases.services.records import audit_on_case
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from ehcp import notice_kinds
from ehcp.content import NEED_SECTIONS
from ehcp.content import PROVISION_SECTIONS
from ehcp.models import Amendment
from ehcp.models import AmendmentState
from ehcp.models import AnnualReview
from ehcp.models import NeedArea
from ehcp.models import Plan
from ehcp.models import PlanAdvice
from ehcp.models import PlanNeed
from ehcp.models import PlanOutcome
from ehcp.models import PlanProvision
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.models import PreparingForAdulthood
from ehcp.models import VersionKind

from ._common import _freeze
from ._common import _lock_plan
from ._common import _touch
from ._common import check_dates_after
from ._common import check_plan_date
from ._common import setting_follows


@transaction.atomic
def amendment_start(*, actor: User, plan_id: int) -> Plan:
    """Open the working copy for amendments to a maintained plan."""
    plan = _lock_plan(plan_id, None, actor)
    if plan.state != PlanState.FINAL:
        raise ValidationError(f"The plan is {in_a_sentence(plan.get_state_display())}.")
    plan.start_amending()
    _touch(plan, "state")
    audit_on_case(
        plan,
        "plan.amending",
        actor=actor,
    )
    return plan


def _amendment_propose(
    plan: Plan, *, actor: User, review: AnnualReview | None, sent_on: datetime.date, evidence: str
) -> Amendment:
    if plan.state != PlanState.AMENDING:
        raise ValidationError(
            {"decision": 'Prepare the amendments to the plan first ("Prepare amendments").'}
        )
    if not evidence.strip():
        raise ValidationError({"evidence": "Say what evidence the proposed amendments rest on."})
    proposals = _freeze(
        plan, actor=actor, kind=VersionKind.AMENDMENT_DRAFT, issued_on=sent_on, for_final=False
    )
    amendment = Amendment.objects.create(
        plan=plan,
        review=review,
        proposals_sent_on=sent_on,
        proposals=proposals,
        evidence=evidence.strip(),
    )
    # the 8 weeks shown from the letter's date until it goes; the family's 15 days are only
    # stored once it has gone (`amendment_proposals_sent`, the notice's hook)
    case_services.deadline_set(
        case=plan.case,
        obj=amendment,
        kind=DeadlineKind.AMENDED_PLAN,
        due_on=deadlines.amended_plan_due(sent_on),
    )
    return amendment


def amendment_proposals_sent(
    *, actor: User | None, amendment_id: int, sent_on: datetime.date
) -> Amendment | None:
    """The proposed amendments' notice was sent on `sent_on` (its kind's `on_sent` hook, in the
    transaction that records the sending; `actor` None when the system emailed it). The family's
    15 days begin with that day (reg 22(2)), and the amended plan's 8 weeks run from it
    (reg 22(3)): never from the day the decision was recorded. The first sending stands."""
    amendment = (
        Amendment.objects.select_for_update().select_related("plan__case").get(pk=amendment_id)
    )
    if amendment.state != AmendmentState.PROPOSED or proposals_sent(amendment):
        return None
    case = amendment.plan.case
    response_due = deadlines.draft_response_due(sent_on)
    amendment.proposals_sent_on = sent_on
    amendment.save(update_fields=["proposals_sent_on"])
    case_services.deadline_set(
        case=case, obj=amendment, kind=DeadlineKind.AMENDMENT_RESPONSE, due_on=response_due
    )
    # an amendment whose limit is another's (a reassessment's 14 weeks) has its 8 weeks
    # cancelled: left so
    case_services.deadlines_of(amendment, [DeadlineKind.AMENDED_PLAN]).filter(
        cancelled=False, met_on__isnull=True
    ).update(due_on=deadlines.amended_plan_due(sent_on))
    audit_on_case(
        amendment,
        "amendment.proposals_sent",
        actor=actor,
        payload={"sent_on": sent_on, "due_on": response_due},
    )
    return amendment


def proposals_sent(amendment: Amendment) -> bool:
    """The proposals' letter has gone: the family's 15 days are stored from that day."""
    return case_services.deadlines_of(amendment, [DeadlineKind.AMENDMENT_RESPONSE]).exists()


@transaction.atomic
def amendment_propose(
    *,
    actor: User,
    plan_id: int,
    sent_on: datetime.date,
    evidence: str,
    today: datetime.date | None = None,
) -> Amendment:
    """Amendments proposed outside a review (e.g. after a reassessment or on new evidence)."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    check_plan_date(sent_on, plan=plan, field="sent_on", today=today)
    amendment = _amendment_propose(
        plan, actor=actor, review=None, sent_on=sent_on, evidence=evidence
    )
    audit_on_case(
        amendment,
        "amendment.proposed",
        actor=actor,
        payload={"sent_on": sent_on},
    )
    notice_kinds.plan_notify(
        actor=actor,
        plan=plan,
        kind="proposed_amendments",
        decision=amendment,
        on=sent_on,
        today=today,
        **notice_kinds.proposals_facts(sent_on),
    )
    return amendment


def _after_proposals(amendment: Amendment, today, **dated) -> None:
    """Each date of settling the amendments: not before the proposals were sent, not ahead."""
    check_dates_after(
        amendment.proposals_sent_on, before_label="the proposals were sent", today=today, **dated
    )


def _settle(actor: User, amendment_id: int, step: str, *, today, **dated):
    """The amendment and its plan, locked; its step (issue, or not amend after all) checked."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment_id)
    plan = _lock_plan(amendment.plan_id, None, actor)
    amendment.plan = plan
    check(getattr(amendment, step), actor)
    _after_proposals(amendment, today, **dated)
    return amendment, plan


@transaction.atomic
def amendment_issue(
    *,
    actor: User,
    amendment_id: int,
    issued_on: datetime.date,
    family_responded_on: datetime.date | None = None,
    today: datetime.date | None = None,
    notice_kind: str = "amended_plan",
    told_of=None,
) -> PlanVersion:
    """Issue the final amended plan: a new version, within 8 weeks of the proposals (reg 22(3)).

    An amendment that ends something else (a reassessment, reg 27) is told of in that
    decision's own notice (`notice_kind`, telling of `told_of`), whose limit it then meets."""
    today = today or timezone.localdate()
    amendment, plan = _settle(actor, amendment_id, "issue", issued_on=issued_on, today=today)
    if not proposals_sent(amendment):
        raise ValidationError(
            {
                "issued_on": "The proposed amendments have not been sent to the family yet: "
                "their 15 days to comment start the day the letter goes. Send it first (see "
                "the case's letters and notices)."
            }
        )
    if family_responded_on is not None:
        _after_proposals(amendment, today, family_responded_on=family_responded_on)
        case_services.deadline_meet(amendment, DeadlineKind.AMENDMENT_RESPONSE, family_responded_on)
    window = deadlines.draft_response_due(amendment.proposals_sent_on)
    if family_responded_on is None and issued_on <= window:
        raise ValidationError(
            {
                "issued_on": f"The family has until {window:%-d %B %Y} to comment on the proposed "
                "amendments. Record their response, or issue after that day."
            }
        )
    frozen = _freeze(
        plan, actor=actor, kind=VersionKind.AMENDED_FINAL, issued_on=issued_on, for_final=True
    )
    amendment.issue()
    amendment.issued, amendment.closed_on = frozen, issued_on
    # the child moves to the setting the amended plan names; only a plan naming the next
    # setting meets a phase transfer (reg 18), on the day its notice is sent
    amendment.names_next_setting = (
        setting_follows(plan, actor=actor, on=issued_on) and amendment.review_id is not None
    )
    amendment.save(update_fields=["state", "issued", "closed_on", "names_next_setting"])
    plan.finish_amending()
    _touch(plan, "state")
    # the amended plan goes with the rights of reg 22 (to the setting it names, with a copy);
    # its 8 weeks (reg 22(3)), and reg 18 for a phase transfer, are met the day that notice is
    # sent (the kind's hook)
    notice_kinds.plan_notify(
        actor=actor,
        plan=plan,
        kind=notice_kind,
        decision=told_of or amendment,
        on=issued_on,
        today=today,
        setting=plan.placement_setting,
        issued_on=issued_on,
    )
    case_services.deadlines_cancel(amendment, [DeadlineKind.AMENDMENT_RESPONSE])
    audit_record(
        actor=actor,
        action="amendment.issued",
        obj=frozen,
        case=plan.case,
        payload={"version": frozen.number, "issued_on": issued_on},
    )
    return frozen


@transaction.atomic
def amendment_withdraw(
    *,
    actor: User,
    amendment_id: int,
    notified_on: datetime.date,
    reasons: str,
    today: datetime.date | None = None,
) -> Amendment:
    """Decide not to amend after all: the family is told within 8 weeks, by a notice that
    carries the rights of appeal and mediation (reg 22)."""
    today = today or timezone.localdate()
    amendment, plan = _settle(actor, amendment_id, "withdraw", notified_on=notified_on, today=today)
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for not amending the plan."})
    step_take(
        amendment.withdraw,
        actor=actor,
        values={"closed_on": notified_on, "reasons": reasons.strip()},
    )
    plan.finish_amending()
    _touch(plan, "state")
    # told with appeal rights; the 8 weeks are met the day that notice is sent (its hook)
    notice_kinds.plan_notify(
        actor=actor,
        plan=plan,
        kind="not_amending",
        decision=amendment,
        on=notified_on,
        today=today,
        decided_on=notified_on,
    )
    case_services.deadlines_cancel(amendment, [DeadlineKind.AMENDMENT_RESPONSE])
    audit_on_case(
        amendment,
        "amendment.withdrawn",
        actor=actor,
        payload={"notified_on": notified_on},
    )
    return amendment


@transaction.atomic
def amendment_abandon(*, actor: User, plan_id: int, version: int | None = None) -> Plan:
    """Abandon amendments being prepared that were never proposed to the family (a review or a
    reassessment that ends with the plan kept as it is): the working copy goes back to the plan
    as last issued and the plan is in force as it was. Nothing was sent, so nobody is told.
    Proposals already sent are settled only by issuing the amended plan or deciding not to
    amend (reg 22), which carries the family's rights."""
    plan = _lock_plan(plan_id, version, actor)
    if plan.state != PlanState.AMENDING:
        raise ValidationError(
            f"The plan is {in_a_sentence(plan.get_state_display())}: not being amended."
        )
    if plan.amendments.filter(state=AmendmentState.PROPOSED).exists():
        raise ValidationError(
            "The proposed amendments have been sent to the family: issue the amended plan, or "
            'decide not to amend ("Decide not to amend"), which tells them with their rights.'
        )
    issued = (
        plan.versions.filter(kind__in=[VersionKind.FINAL, VersionKind.AMENDED_FINAL])
        .order_by("-number")
        .first()
    )
    # a plan recorded as issued outside this service has no version here: its working copy
    # was empty until the amendments were prepared, so it is emptied again
    _restore_working_copy(plan, issued.content if issued else {})
    plan.finish_amending()
    _touch(plan, *RESTORED_FIELDS, "state")
    audit_on_case(
        plan,
        "plan.amendments_abandoned",
        actor=actor,
        payload={
            "issued": f"version {issued.number}" if issued else "recorded outside this service"
        },
    )
    return plan


RESTORED_FIELDS = (
    "views",
    "interests",
    "aspirations",
    "one_page_profile",
    "placement_setting",
    "placement_type",
    "placement_notes",
    "budget_education",
    "budget_health",
    "budget_social_care",
    "budget_direct_payment",
    "budget_arrangements",
)


def _choice(choices, label: str) -> str:
    """The stored value of a choice from the label the frozen content shows ("" if none)."""
    return next((value for value, text in choices if text == label), "")


def _money(text: str):
    return Decimal(text) if text else None


def _restore_working_copy(plan: Plan, content: dict) -> None:
    """Write the frozen content of an issued version (`ehcp.content`, schema 1) back into the
    plan's working copy: sections A to K, with the links between needs, outcomes and
    provision. Section K's advice still listed keeps its link to its advice request."""
    sections = content.get("sections", {})
    a = sections.get("A", {})
    for name in ("views", "interests", "aspirations", "one_page_profile"):
        setattr(plan, name, a.get(name, ""))
    plan.provisions.all().delete()
    plan.outcomes.all().delete()
    plan.needs.all().delete()
    needs = {}
    for key in NEED_SECTIONS:
        for order, row in enumerate(sections.get(key, [])):
            needs[row["ref"]] = PlanNeed.objects.create(
                plan=plan,
                section=key,
                area=_choice(NeedArea.choices, row["area"]),
                description=row["description"],
                order=order,
            )
    outcomes = {}
    for order, row in enumerate(sections.get("E", [])):
        outcome = PlanOutcome.objects.create(
            plan=plan,
            description=row["description"],
            achieve_by=row["achieve_by"],
            steps=row.get("steps", ""),
            preparing_for_adulthood=_choice(
                PreparingForAdulthood.choices, row.get("preparing_for_adulthood", "")
            ),
            order=order,
        )
        outcome.needs.set([needs[ref] for ref in row.get("needs", []) if ref in needs])
        outcomes[row["ref"]] = outcome
    for key in PROVISION_SECTIONS:
        for order, row in enumerate(sections.get(key, [])):
            item = PlanProvision.objects.create(
                plan=plan,
                section=key,
                what=row["what"],
                by_whom=row["by_whom"],
                frequency=row.get("frequency", ""),
                quantity=row.get("quantity", ""),
                duration=row.get("duration", ""),
                order=order,
            )
            item.outcomes.set([outcomes[ref] for ref in row.get("outcomes", []) if ref in outcomes])
    placement = sections.get("I", {})
    setting = None
    if placement.get("urn"):
        setting = Setting.objects.filter(urn=placement["urn"]).first()
    elif placement.get("setting"):
        setting = Setting.objects.filter(name=placement["setting"]).order_by("pk").first()
    plan.placement_setting = setting
    # the frozen type is the plan's own, or the school's when the plan names none
    own_type = setting.get_setting_type_display() if setting else None
    label = placement.get("type", "")
    plan.placement_type = "" if label == own_type else _choice(SettingType.choices, label)
    plan.placement_notes = placement.get("notes", "")
    budget = sections.get("J", {})
    plan.budget_education = _money(budget.get("education", ""))
    plan.budget_health = _money(budget.get("health", ""))
    plan.budget_social_care = _money(budget.get("social_care", ""))
    plan.budget_direct_payment = _money(budget.get("direct_payment", ""))
    plan.budget_arrangements = budget.get("arrangements", "")
    kept = {(r["title"], r["author"], r["dated"]) for r in sections.get("K", [])}
    present = set()
    for advice in plan.advice.all():
        key = (advice.title, advice.author, advice.dated.isoformat() if advice.dated else "")
        if key in kept and key not in present:
            present.add(key)
        else:
            advice.delete()
    for title, author, dated in sorted(kept - present):
        PlanAdvice.objects.create(
            plan=plan,
            title=title,
            author=author,
            dated=datetime.date.fromisoformat(dated) if dated else None,
        )
