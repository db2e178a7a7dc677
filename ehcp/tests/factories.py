"""Plans built the way the service builds them: through the request journey and plan services."""

from django.test import TestCase

from cases.tests.factories import ChildFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import advice_received
from cases.tests.factories import agreed_request
from cases.tests.factories import ask_for_advice
from cases.tests.factories import decide_to_issue
from ehcp import services
from tests.kit import TODAY
from tests.kit import D

__all__ = [
    "LATER",
    "TODAY",
    "D",
    "add_need",
    "add_outcome",
    "add_provision",
    "ask_for_budget",
    "consult",
    "notify_cessation",
    "setting_answers",
    "write_section_a",
    "complete_plan",
    "decide_review",
    "hold_review",
    "invite_review",
    "issue_amendment",
    "issue_plan",
    "issue_version",
    "issued_plan",
    "name_setting",
    "propose_amendments",
    "decide_not_to_amend",
    "amend_to_name_secondary_school",
    "request_decided_to_issue",
    "start_cessation",
]

LATER = D("2030-12-31")  # "today" for the review steps below: every date they get is before it


def request_decided_to_issue(officer, panel, *, child=None, received="2026-01-05"):
    """A request received on `received`, agreed on 10 February 2026, with educational advice
    received, and the decision to issue made on 30 March 2026."""
    request = agreed_request(
        officer,
        panel,
        child=child or ChildFactory(date_of_birth=D("2016-03-14"), first_name="Maya"),
        arrived=received,
        decided_on=D("2026-02-10"),
        decision_reason="Agreed.",
    )
    advice = ask_for_advice(
        officer,
        request,
        addressee_name="Ms Jones",
        addressee_organisation="Riverside Primary",
        requested_on=D("2026-02-11"),
    )
    advice_received(officer, advice, on="2026-03-10", today=TODAY)
    request.refresh_from_db()
    # not told here: the decision's notice tells the family
    return decide_to_issue(panel, request, reason="A plan is necessary.", told_on=None, today=TODAY)


def complete_plan(officer, plan, *, with_placement=False, pfa=None):
    """Fill every section a draft needs: A, B, E linked to B, F quantified (section I stays
    empty in a draft: `with_placement` consults and names Riverside Primary, for a plan whose
    draft is out). From year 9 the outcome is tagged with a preparing-for-adulthood area unless
    `pfa` says otherwise."""
    from cases.deadlines import year_group

    if pfa is None:
        pfa = "independent_living" if year_group(plan.case.child.date_of_birth, TODAY) >= 9 else ""

    write_section_a(officer, plan)
    need = add_need(officer, plan)
    outcome = add_outcome(officer, plan, need_ids=[need.pk], preparing_for_adulthood=pfa)
    add_provision(officer, plan, duration="until the next review", outcome_ids=[outcome.pk])
    if with_placement:
        name_setting(officer, plan)
    plan.refresh_from_db()
    return plan


# --- one part of a plan being written, with Maya's usual words (any can be given) -------------

SECTION_A = {
    "views": "Maya loves drawing and wants friends.",
    "interests": "Drawing, swimming",
    "aspirations": "To be a vet.",
}
NEED = {
    "section": "B",
    "area": "communication",
    "description": "Maya finds it hard to follow spoken instructions.",
}
OUTCOME = {"description": "Maya follows two-step instructions in class.", "achieve_by": "July 2027"}
PROVISION = {
    "section": "F",
    "what": "Speech and language therapy",
    "by_whom": "NHS speech and language therapist",
    "frequency": "weekly",
    "quantity": "30 minutes",
}


def _write(service, officer, plan, usual, words):
    return service(actor=officer, plan_id=plan.pk, **{**usual, **words})


def write_section_a(officer, plan, **words):
    """Section A: what Maya says of herself (`words`: views, interests, aspirations)."""
    return _write(services.plan_section_a_update, officer, plan, SECTION_A, words)


def add_need(officer, plan, **words):
    """A need (by default in section B, communication; `words`: section, area, description)."""
    return _write(services.plan_need_save, officer, plan, NEED, words)


def add_outcome(officer, plan, *, need_ids, **words):
    """An outcome in section E addressing the needs `need_ids` (`words`: description,
    achieve_by, steps, preparing_for_adulthood)."""
    return _write(
        services.plan_outcome_save, officer, plan, OUTCOME, {"need_ids": need_ids, **words}
    )


def add_provision(officer, plan, **words):
    """Provision (by default in section F: speech and language therapy, weekly; `words`: section,
    what, by_whom, frequency, quantity, duration, outcome_ids)."""
    return _write(services.plan_provision_save, officer, plan, PROVISION, words)


# --- the placement, consultation and budget ----------------------------------------------------


def consult(officer, plan, setting, *, on, **extra):
    """`setting` consulted on `on` about being named in `plan` (`extra`: requested_by_family,
    today: by default LATER)."""
    extra.setdefault("today", LATER)
    return services.consultation_send(
        actor=officer, plan_id=plan.pk, setting_id=setting.pk, consulted_on=D(str(on)), **extra
    )


def setting_answers(officer, consultation, *, on, **extra):
    """The consulted setting's answer, received on `on`: by default it can meet the needs
    (`extra`: response, notes, today: by default LATER)."""
    extra.setdefault("response", "can_meet")
    extra.setdefault("today", LATER)
    return services.consultation_record_response(
        actor=officer, consultation_id=consultation.pk, responded_on=D(str(on)), **extra
    )


def name_setting(officer, plan, setting=None, *, consulted_on="2026-04-09"):
    """Consult `setting` (by default a new Riverside Primary School) on `consulted_on`, after
    the draft, and name it in section I."""
    setting = setting or SettingFactory(name="Riverside Primary School")
    consult(officer, plan, setting, on=consulted_on)
    services.plan_placement_set(actor=officer, plan_id=plan.pk, setting_id=setting.pk)
    plan.refresh_from_db()
    return plan


def ask_for_budget(officer, case, *, on="2026-04-09", by="Rachel Okafor", **extra):
    """The family's request for a personal budget, recorded by `officer` on `on` (by default
    9 April 2026, after the decision to issue; `extra`: details, today: by default `on`)."""
    extra.setdefault("today", D(on))
    return services.budget_request_record(
        actor=officer, case_id=case.pk, requested_on=D(on), requested_by=by, **extra
    )


def issue_version(officer, plan, *, issued_on="2026-04-08", final=False, version=None, today=TODAY):
    """Issue `plan` (the draft, or the final if `final`) on `issued_on` (by default 8 April 2026),
    at `plan`'s version unless `version` is given. Its PDF's task waits for the commit, which
    a test's transaction never makes: `issue_plan` runs it."""
    issue = services.plan_issue_final if final else services.plan_issue_draft
    return issue(
        actor=officer,
        plan_id=plan.pk,
        version=plan.version if version is None else version,
        issued_on=D(str(issued_on)),
        today=today,
    )


def issue_plan(officer, plan, **issue):
    """`issue_version`, committed: its PDF is rendered by a task (eagerly here), as in
    production."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return issue_version(officer, plan, **issue)


# --- a plan after issue, and each step of its reviews (through the services) -------------------


def issued_plan(officer, panel, child, *, setting=None):
    """A complete plan for `child`, draft issued 8 April 2026 and final issued 20 May 2026
    (version 2), naming `setting` if given (else the Riverside Primary placement)."""
    request = request_decided_to_issue(officer, panel, child=child)
    plan = services.plan_start(actor=officer, request_id=request.pk)
    plan = complete_plan(officer, plan)
    issue_plan(officer, plan, issued_on="2026-04-08", today=LATER)
    plan.refresh_from_db()
    name_setting(officer, plan, setting)
    issue_plan(officer, plan, issued_on="2026-05-20", final=True, today=LATER)
    plan.refresh_from_db()
    return plan


def invite_review(officer, review, *, meeting, sent, version=None):
    """Invitations sent on `sent` to a review meeting on `meeting`."""
    return services.review_invite(
        actor=officer,
        review_id=review.pk,
        version=review.version if version is None else version,
        meeting_on=D(str(meeting)),
        invitations_sent_on=D(str(sent)),
        today=LATER,
    )


def hold_review(officer, review, *, meeting, sent):
    """The review invited (see `invite_review`) and its meeting held on `meeting`."""
    review = invite_review(officer, review, meeting=meeting, sent=sent)
    return services.review_hold_meeting(
        actor=officer,
        review_id=review.pk,
        version=review.version,
        held_on=D(str(meeting)),
        today=LATER,
    )


def decide_review(
    officer, review, *, sent_on, decision="maintain", reasons="x", decided_on=None, **extra
):
    """The council's decision after a review, made on `decided_on` (by default `sent_on`) and
    its letter sent outside this service on `sent_on` (None: it goes out through this service
    on `today`, by default `LATER`). `extra`: evidence, version, today..."""
    extra.setdefault("version", review.version)
    extra.setdefault("today", LATER)
    return services.review_decide(
        actor=officer,
        review_id=review.pk,
        decision=decision,
        decided_on=D(str(decided_on or sent_on)),
        sent_on=D(str(sent_on)) if sent_on else None,
        reasons=reasons,
        **extra,
    )


def amend_to_name_secondary_school(officer, plan):
    """Amendments to `plan` started, naming Kingsway High School in section I (a phase
    transfer); returns the school."""
    services.amendment_start(actor=officer, plan_id=plan.pk)
    secondary = SettingFactory(name="Kingsway High School", phase="secondary")
    services.plan_placement_set(actor=officer, plan_id=plan.pk, setting_id=secondary.pk)
    return secondary


def propose_amendments(officer, plan, *, sent_on, evidence="New EP report.", today=LATER):
    """Amendments to `plan` outside a review: started, and the proposals sent on `sent_on`."""
    services.amendment_start(actor=officer, plan_id=plan.pk)
    return services.amendment_propose(
        actor=officer, plan_id=plan.pk, sent_on=D(str(sent_on)), evidence=evidence, today=today
    )


def issue_amendment(officer, amendment, *, issued_on, **extra):
    """The amended plan issued on `issued_on` (`extra`: family_responded_on, today: by default
    LATER)."""
    extra.setdefault("today", LATER)
    return services.amendment_issue(
        actor=officer, amendment_id=amendment.pk, issued_on=D(str(issued_on)), **extra
    )


def decide_not_to_amend(
    officer, amendment, *, notified_on, reasons="Needs met by current provision.", today=LATER
):
    """The proposed amendments withdrawn: the family told on `notified_on` the plan stays as it
    is."""
    return services.amendment_withdraw(
        actor=officer,
        amendment_id=amendment.pk,
        notified_on=D(str(notified_on)),
        reasons=reasons,
        today=today,
    )


def start_cessation(officer, plan, *, family_informed_on, reason="moved_away", **extra):
    """The council considers ceasing `plan` and tells the family on `family_informed_on`; the
    school or college is consulted the same day unless `setting_consulted_on` says otherwise
    (None: not yet). `extra`: notes, today (by default LATER)."""
    consulted = extra.pop("setting_consulted_on", family_informed_on)
    extra["setting_consulted_on"] = D(str(consulted)) if consulted else None
    extra.setdefault("today", LATER)
    return services.cessation_start(
        actor=officer,
        plan_id=plan.pk,
        reason=reason,
        family_informed_on=D(str(family_informed_on)),
        **extra,
    )


def notify_cessation(officer, cessation, *, on, today=LATER):
    """The decision to cease the plan sent to the family on `on`."""
    return services.cessation_notify(
        actor=officer, cessation_id=cessation.pk, notified_on=D(str(on)), today=today
    )
