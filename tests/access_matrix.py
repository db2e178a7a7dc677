"""Who may reach which address: the access matrix of every URL, and the world it is tested on.

`MATRIX` is the one place that says who gets each page. tests/test_url_matrix.py checks it both
ways (every named URL pattern must be in it; every address is requested as each person below),
and tests/browser/test_every_page.py opens each page in Chromium as someone it lets in.

A "world" holds one case at each step of the casework, so that each address answers about a real
object in the state its action needs: an allowed person gets the page itself (200), not a redirect
saying the action no longer applies.

Outcomes:
- ``OK``: the page (200; a download counts as a page).
- ``SIGN_IN``: sent to sign in (302 to the login page, with ``next``).
- ``REFUSED``: 403, or 404 where the gateway answers "no such case" and "not yours" alike.
- ``HOME``: sent to their own home (the root address, the sign-in page when signed in).
- ``"→ /path/"``: sent to that page (e.g. the security page when there is no app to act on).

A POST to a page that only answers GET gets 405: counted as refused, since nothing can be written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field

from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from cases import services as case_services
from cases.models import AdviceRequest
from cases.notices.services import notice_create
from cases.permissions import case_grant_portal_access
from cases.roles import Role
from cases.tests.factories import ChildFactory
from cases.tests.factories import SettingFactory
from cases.tests.factories import UserFactory
from cases.tests.factories import acting_for_young_person
from cases.tests.factories import contact_logged
from cases.tests.factories import decide_to_assess
from cases.tests.viewkit import gathering_request
from cases.tests.viewkit import pdf
from cases.tests.viewkit import received_request
from ehcp import services as plan_services
from ehcp.tests import test_review_views_kit as review_kit
from ehcp.tests import viewkit as plan_kit
from ehcp.tests.factories import add_need
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.factories import consult
from ehcp.tests.factories import notify_cessation
from ehcp.tests.factories import request_decided_to_issue
from ehcp.tests.factories import start_cessation
from local_offer.tests.factories import OrganisationFactory
from local_offer.tests.factories import access_world as local_offer_world
from mediation.tests.world import access_world as mediation_world
from tests.kit import letters_written
from tests.kit import travel
from transfers.moves.tests.kit import moves_world
from transfers.tests.factories import access_matrix as transfers_matrix
from transfers.tests.factories import access_world as transfers_world

OK, SIGN_IN, REFUSED, HOME = "ok", "sign in", "refused", "home"

# Who is asked. "officer" works in the team that holds every case of the world; "other officer"
# in another team. The portal users were given access to every case of the world, so a refusal
# is the URL space's doing, not a missing grant.
WHO = (
    "stranger",
    "officer",
    "other officer",
    "manager",
    "panel",
    "moderator",
    "parent",
    "young person",
    "professional",
    "provider",
    "other provider",
    "other parent",
    "other professional",
)
STAFF = {"officer", "other officer", "manager", "panel", "moderator"}
# "other parent" and "other professional" (the demo's parent2 and adviser2) have a case and an
# advice request of their own, outside the world's: they never see the world's.
PORTAL = set(WHO) - STAFF - {"stranger"}
PROFESSIONALS = {"professional", "other professional"}
PROVIDERS = {"provider", "other provider"}
SIGNED_IN = STAFF | PORTAL
CASEWORK = {"officer", "manager"}
FAMILY = {"parent", "young person"}


@dataclass(frozen=True)
class Entry:
    """One named URL: the object its address is built for, and who gets the page."""

    target: str | None  # a key of the world's addresses, or None for an address without parts
    ok: frozenset[str]
    home: frozenset[str] = frozenset()
    post_only: bool = False
    anonymous: str = SIGN_IN  # what a stranger gets
    allowed: str = OK  # what those in `ok` get
    kwargs: dict = field(default_factory=dict)
    # Staff whose visit is a read of a child's record, logged (special category data). By
    # default everyone on staff let into an address about a case; lists say whom they show.
    reads: frozenset[str] | None = None

    def readers(self) -> frozenset[str]:
        if self.reads is not None:
            return self.reads
        if self.post_only or self.target is None or self.target in NOT_A_CHILDS_RECORD:
            return frozenset()
        return self.ok & STAFF


# The local offer's objects (local_offer.tests.factories.access_world).
LOCAL_OFFER_TARGETS = ("listing", "provider service", "submitted service", "comment", "review")
# Addresses built for something that is not a child's record.
NOT_A_CHILDS_RECORD = {"reset link", "officer user"} | set(LOCAL_OFFER_TARGETS)


def entry(
    target=None,
    ok=(),
    *,
    home=(),
    post_only=False,
    anonymous=SIGN_IN,
    allowed=OK,
    reads=None,
    **kwargs,
):
    return Entry(
        target,
        frozenset(ok),
        frozenset(home),
        post_only,
        anonymous,
        allowed,
        kwargs,
        frozenset(reads) if reads is not None else None,
    )


SECURITY_PAGE = "→ /accounts/security/"


PUBLIC = WHO  # everybody, strangers included

MATRIX: dict[str, Entry] = {
    # Open to everybody.
    "home": entry(  # a professional's home is the advice asked of them
        home=SIGNED_IN - PROFESSIONALS, ok=PROFESSIONALS, allowed="→ /portal/advice/"
    ),
    "favicon": entry(
        ok=PUBLIC,
        anonymous="→ /static/build/images/favicon.svg",
        allowed="→ /static/build/images/favicon.svg",
    ),
    "healthz": entry(ok=PUBLIC, anonymous=OK),
    "readyz": entry(ok=PUBLIC, anonymous=OK),
    "accessibility": entry(ok=PUBLIC, anonymous=OK),
    "privacy": entry(ok=PUBLIC, anonymous=OK),
    "cookies": entry(ok=PUBLIC, anonymous=OK),
    "login": entry(home=SIGNED_IN, anonymous=OK),
    "logout": entry(ok=PUBLIC, post_only=True, allowed=SIGN_IN),
    "password_reset": entry(ok=PUBLIC, anonymous=OK),
    "password_reset_done": entry(ok=PUBLIC, anonymous=OK),
    "password_reset_confirm": entry("reset link", ok=PUBLIC, anonymous=OK),
    "password_reset_complete": entry(ok=PUBLIC, anonymous=OK),
    # Anyone signed in: their own password and second factor. Nobody in the world has an
    # authenticator app yet, so the pages that act on one send them to the security page, the
    # sign-in step has nothing to ask (home), and new backup codes are refused until verified.
    "accounts:password_change": entry(ok=SIGNED_IN),
    "accounts:password_change_done": entry(ok=SIGNED_IN),
    "accounts:security": entry(ok=SIGNED_IN),
    "accounts:two_factor_setup": entry(ok=SIGNED_IN),
    "accounts:two_factor_verify": entry(home=SIGNED_IN),
    "accounts:backup_codes": entry(ok=SIGNED_IN, allowed=SECURITY_PAGE),
    "accounts:backup_codes_renew": entry(post_only=True),
    "accounts:two_factor_turn_off": entry(ok=SIGNED_IN, allowed=SECURITY_PAGE),
    "accounts:session_extend": entry(ok=SIGNED_IN, post_only=True, anonymous=REFUSED),
    # The two homes.
    "staff:home": entry(ok=STAFF),
    "portal:home": entry(ok=PORTAL),
    # The family portal: only the family the council linked ("other parent" is linked to no
    # case). The young person's own case: theirs, and their parent's only because the council
    # recorded that they lack capacity (someone acts for them); every other case is a child's,
    # not yet the young person's.
    **{
        f"portal:{name}": entry(target, ok=who, **kwargs)
        for name, target, who, kwargs in (
            ("case", "young person", FAMILY, {}),
            ("request_new", "received", {"parent"}, {}),
            ("request_received", "received request", {"parent"}, {}),
            ("views", "received", {"parent"}, {"purpose": "assessment"}),
            ("draft", "draft issued plan", {"parent"}, {}),
            ("documents", "young person", FAMILY, {}),
            ("notice", "family letter", FAMILY, {}),
            ("document_download", "family letter document", FAMILY, {}),
            ("plan_download", "final plan", {"parent"}, {"number": 1}),
            ("budget", "draft issued plan", {"parent"}, {}),
            ("mediation", "received", {"parent"}, {}),
        )
    },
    # Managers unlock accounts.
    "staff_accounts:locked": entry(ok={"manager"}),
    # What was sent after the idle limit, offered again; with nothing kept, home.
    "staff_accounts:kept_submission": entry(home=STAFF),
    "staff_accounts:unlock": entry(  # with nobody chosen, back to the list
        ok={"manager"}, post_only=True, allowed="→ /staff/accounts/locked/"
    ),
    # Who in the family sees the case in the portal: casework gives access.
    "family_access:case": entry("young person", ok=CASEWORK),
    # The case file and the request.
    "cases:caseload": entry(ok=CASEWORK | {"other officer"}, reads=CASEWORK),
    "cases:request_new": entry(ok=CASEWORK | {"other officer"}),
    "cases:case": entry("young person", ok=CASEWORK | {"panel"}),
    "cases:case_history": entry("young person", ok=CASEWORK | {"panel"}),
    "cases:document_upload": entry("received", ok=CASEWORK),
    "cases:alternative_person_record": entry("young person", ok=CASEWORK),
    "cases:school_phases": entry("received", ok=CASEWORK),
    "cases:alternative_person_end": entry("acting for young person", ok=CASEWORK),
    "cases:document_download": entry("document", ok=CASEWORK | {"panel"}),
    "cases:advice_received": entry("advice", ok=CASEWORK),
    "cases:decide_to_assess": entry("received request", ok={"manager", "panel"}),
    "cases:decision_told": entry("untold decision request", ok=CASEWORK),
    "cases:advice_send": entry("gathering request", ok=CASEWORK),
    "cases:advice_reuse": entry("gathering request", ok=CASEWORK),
    "cases:exception_record": entry("received request", ok=CASEWORK),
    "cases:decide_to_issue": entry("gathering request", ok={"manager", "panel"}),
    "cases:issue_draft": entry("drafting request", ok=CASEWORK),
    "cases:family_response": entry("draft issued request", ok=CASEWORK),
    "cases:issue_final": entry("draft issued request", ok=CASEWORK),
    "cases:withdraw": entry("received request", ok=CASEWORK),
    # Notes and contacts, and allocation (the officer's desk).
    "desk:my_work": entry(ok=CASEWORK | {"other officer"}, reads=CASEWORK),
    # The manager's pipeline and caseloads: managers only.
    "dashboard:home": entry(ok={"manager"}),
    "dashboard:cases": entry(ok={"manager"}, reads={"manager"}),
    "dashboard:unallocated": entry(ok={"manager"}, reads=()),
    "dashboard:needs": entry(ok={"manager"}, reads=()),
    "dashboard:needs_csv": entry(ok={"manager"}, reads=()),
    "cases:notes": entry("young person", ok=CASEWORK | {"panel"}),
    "cases:note_new": entry("young person", ok=CASEWORK),
    "cases:contact_new": entry("young person", ok=CASEWORK),
    "cases:note_correct": entry("note", ok=CASEWORK),
    "cases:allocate": entry("young person", ok={"manager"}),
    "cases:child_details": entry("young person", ok=CASEWORK),
    "panel:agenda": entry(ok={"manager", "panel"}, reads={"manager", "panel"}),
    # The plan.
    "ehcp:plan": entry("drafting plan", ok=CASEWORK),
    "ehcp:start": entry("drafting request case", ok=CASEWORK),
    "ehcp:section": entry("drafting plan", ok=CASEWORK, section="b"),
    "ehcp:section_item": entry("need", ok=CASEWORK),
    "ehcp:item_remove": entry("need removal", ok=CASEWORK),
    "ehcp:issue_draft": entry("drafting plan", ok=CASEWORK),
    "ehcp:issue_final": entry("draft issued plan", ok=CASEWORK),
    "ehcp:family_response": entry("draft issued plan", ok=CASEWORK),
    "ehcp:record_existing": entry("received", ok=CASEWORK),
    "ehcp:consultation_send": entry("draft issued plan", ok=CASEWORK),
    "ehcp:consultation_response": entry("consultation", ok=CASEWORK),
    "ehcp:version_pdf": entry("draft issued plan", ok=CASEWORK, number=1),
    "ehcp:compare": entry("final plan", ok=CASEWORK),
    "ehcp:budget_request_new": entry("draft issued plan", ok=CASEWORK),
    "ehcp:budget_request_decide": entry("budget request", ok=CASEWORK),
    # Reviews, amendments and ceasing.
    "reviews:list": entry(ok=CASEWORK | {"other officer"}, reads=CASEWORK),
    "reviews:review": entry("scheduled review", ok=CASEWORK),
    "reviews:invite": entry("scheduled review", ok=CASEWORK),
    "reviews:advice_circulated": entry("invited review", ok=CASEWORK),
    "reviews:hold_meeting": entry("invited review", ok=CASEWORK),
    "reviews:record_report": entry("held review", ok=CASEWORK),
    "reviews:decide": entry("held review", ok=CASEWORK),
    "reviews:amendment_start": entry("second held review", ok=CASEWORK),
    "reviews:amendment_issue": entry("amendment", ok=CASEWORK),
    "reviews:amendment_withdraw": entry("amendment", ok=CASEWORK),
    "reviews:cessation_start": entry("second held review", ok=CASEWORK),
    "reviews:amendment_abandon": entry("amending review", ok=CASEWORK),
    "reviews:cessation_setting_consulted": entry("cessation", ok=CASEWORK),
    "reviews:cessation_notify": entry("cessation", ok=CASEWORK),
    "reviews:cessation_complete": entry("notified cessation", ok=CASEWORK),
    # Disagreements, mediation, appeals and orders; resolution and complaints: casework.
    **{
        f"mediation:{name}": entry(target, ok=CASEWORK)
        for name, target in (
            ("list", "disagreement case"),
            ("new", "disagreement case"),
            ("resolution_new", "disagreement case"),
            ("complaint_new", "disagreement case"),
            ("detail", "won appeal disagreement"),
            ("advice", "advice disagreement"),
            ("close", "advice disagreement"),
            ("commissioner_told", "mediation disagreement"),
            ("arrange", "mediation disagreement"),
            ("not_arranged", "mediation disagreement"),
            ("held", "arranged disagreement"),
            ("certificate", "certificate disagreement"),
            ("agreed_action", "certificate disagreement"),
            ("appeal", "appeal open disagreement"),
            ("appeal_dates", "appealed disagreement"),
            ("appeal_decision", "appealed disagreement"),
            ("appeal_not_opposed", "appealed disagreement"),
            ("appeal_withdrawn", "appealed disagreement"),
            ("recommendation_new", "appealed disagreement"),
            ("order_new", "won appeal disagreement"),
            ("order_step", "order"),
            ("recommendation_response", "recommendation"),
            ("resolution_conclude", "resolution"),
            ("complaint_response", "complaint"),
        )
    },
    # Data protection: SEN managers only.
    "dataprotection:home": entry(ok={"manager"}),
    "dataprotection:case_audit": entry("received", ok={"manager"}),
    "dataprotection:user_activity": entry("officer user", ok={"manager"}),
    "dataprotection:subject_access": entry(ok={"manager"}),
    "returns:sen2": entry(ok={"manager"}),
    "dataprotection:retention": entry(ok={"manager"}),
    "dataprotection:erase": entry("child", ok={"manager"}),
    # The local offer: public pages and the Open Referral UK feed, for everybody.
    **{
        name: entry(target, ok=PUBLIC, anonymous=OK, **kwargs)
        for name, target, kwargs in (
            ("local_offer:home", None, {}),
            ("local_offer:search", None, {}),
            ("local_offer:service", "listing", {}),
            ("local_offer:review_new", "listing", {}),
            ("local_offer:page", None, {"slug": "personal-budget"}),
            ("local_offer:you_said_we_did", None, {}),
            ("local_offer:comment_new", None, {}),
            ("oruk:root", None, {}),
            ("oruk:services", None, {}),
            ("oruk:service", "listing", {}),
            ("oruk:service_at_locations", None, {}),
            ("oruk:taxonomies", None, {}),
            ("oruk:taxonomy_terms", None, {}),
        )
    },
    # A provider's own services: never another provider's.
    "local_offer_provider:services": entry(ok=PROVIDERS),
    "local_offer_provider:service_new": entry(ok=PROVIDERS),
    "local_offer_provider:service_edit": entry("provider service", ok={"provider"}),
    # The council's moderator.
    "local_offer_moderation:queue": entry(ok={"moderator"}),
    "local_offer_moderation:service": entry("submitted service", ok={"moderator"}),
    "local_offer_moderation:comment": entry(
        "comment", ok={"moderator"}, post_only=True, allowed="→ /staff/local-offer/"
    ),
    "local_offer_moderation:review": entry(
        "review", ok={"moderator"}, post_only=True, allowed="→ /staff/local-offer/"
    ),
    "local_offer_moderation:response": entry(ok={"moderator"}, theme="finding"),
    "local_offer_moderation:page_edit": entry(ok={"moderator"}, slug="personal-budget"),
    "local_offer_moderation:export": entry(ok={"moderator"}),
    "local_offer_moderation:import": entry(ok={"moderator"}),
    # Letters: the print queue (casework; each sees the letters of the cases they may see, and
    # there is nothing to print for another team's officer), the letters' wording (managers).
    "notices:post_queue": entry(ok=CASEWORK | {"other officer"}, reads=CASEWORK),
    "notices:post_queue_print": entry(ok=CASEWORK, reads=CASEWORK),
    "notices:delivery_by_post": entry(
        "failed email", ok=CASEWORK, post_only=True, allowed="→ /staff/letters/to-post/"
    ),
    "notices:notice_prepare": entry(
        "held notice", ok=CASEWORK, post_only=True, allowed="→ /staff/letters/to-post/"
    ),
    "notices:letter_templates": entry(ok={"manager"}),
    "notices:letter_template": entry(ok={"manager"}, kind="assess"),
    # Transfers: managers import legacy records; officers run transfer reviews.
    **transfers_matrix(entry, CASEWORK),
    # Moves between councils and reassessment (transfers.moves).
    "moves:open_work": entry(ok=CASEWORK | {"other officer"}, reads=CASEWORK),
    "moves:in_new": entry(ok=CASEWORK | {"other officer"}),
    "moves:out_new": entry("plan to move", ok=CASEWORK),
    "moves:reassessment_new": entry("plan to move", ok=CASEWORK),
    "moves:out_handover": entry("move out", ok=CASEWORK),
    "moves:in_tell": entry("move in", ok=CASEWORK),
    "moves:in_health": entry("move in", ok=CASEWORK),
    "moves:reassessment_decide": entry("requested reassessment", ok={"manager"}),
    "moves:reassessment_letter": entry("agreed reassessment", ok=CASEWORK),
    "moves:reassessment_amend": entry("agreed reassessment", ok=CASEWORK),
    "moves:reassessment_draft": entry("agreed reassessment", ok=CASEWORK),
    "moves:reassessment_outcome": entry("agreed reassessment", ok=CASEWORK),
    # The advice portal: each professional their own list; a request only to its addressee.
    "advice_portal:list": entry(ok=PROFESSIONALS),
    "advice_portal:detail": entry("awaited advice", ok={"professional"}),
    "advice_portal:submit": entry("awaited advice", ok={"professional"}),
    "advice_portal:reuse": entry("awaited advice", ok={"professional"}),
    "advice_portal:document": entry("sent advice document", ok={"professional"}),
}
# The addresses about one advice request, for the leak checks (tests/test_url_matrix.py).
ADVICE_PORTAL_ROWS = [name for name in MATRIX if name.startswith("advice_portal:")]


def project_url_names() -> set[str]:
    """Every named URL pattern outside the Django admin, namespaced as `reverse` wants it."""
    names: set[str] = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(
                    pattern.url_patterns,
                    f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def admin_url_names() -> set[str]:
    return {
        f"admin:{p.name}"
        for p in _admin_patterns(get_resolver().url_patterns)
        if isinstance(p, URLPattern) and p.name
    }


def _admin_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield from _flatten(pattern.url_patterns)
            else:
                yield from _admin_patterns(pattern.url_patterns)


def _flatten(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _flatten(pattern.url_patterns)
        else:
            yield pattern


# --- the world ---------------------------------------------------------------------------------


def build_world() -> tuple[dict, dict]:
    """People, and one case at each step, returning (people, the URL kwargs of each target)."""
    staff = review_kit.people()
    officer, manager, panel = staff["officer"], staff["manager"], staff["panel"]
    users = {
        "officer": officer,
        "manager": manager,
        "panel": panel,
        "other officer": UserFactory(role=Role.CASE_OFFICER, team__name="South locality"),
        "moderator": UserFactory(role=Role.MODERATOR),
        "parent": UserFactory(role=Role.PARENT),
        "young person": UserFactory(role=Role.YOUNG_PERSON),
        "professional": UserFactory(role=Role.PROFESSIONAL),
        "provider": UserFactory(role=Role.PROVIDER),
        "other provider": UserFactory(role=Role.PROVIDER),
        "other parent": UserFactory(role=Role.PARENT),
        "other professional": UserFactory(role=Role.PROFESSIONAL),
    }

    received = received_request(officer)
    document = case_services.document_upload(
        actor=officer, case=received.case, upload=pdf(), kind="other", title="Letter"
    )
    # Names no other person of the world can have (the leak tests look for them on pages).
    gathering = gathering_request(
        officer, panel, child=ChildFactory(first_name="Ottoline", last_name="Brackenbury")
    )
    untold = decide_to_assess(panel, received_request(officer), told_on=None)
    young = received_request(officer, child=ChildFactory(date_of_birth=datetime.date(2007, 5, 1)))
    acting = acting_for_young_person(
        officer, young.case, address="4 Mill Lane\nExeter\nEX2 4AB", today=datetime.date(2026, 4, 1)
    )
    # A letter to post: the person acting for the young person has no email.
    # A letter to post (the person acting for the young person has no email), and a copy by
    # email that could not be sent.
    notice = notice_create(
        actor=officer, case=young.case, kind="assess", facts={"decided_on": young.received_on}
    )
    failed = notice.deliveries.filter(channel="email").order_by("id").first()
    type(failed).objects.filter(pk=failed.pk).update(status="failed", last_error="Refused")
    # A letter nobody could receive yet (no family recorded): held, to prepare.
    untold.case.child.family.all().delete()
    held = notice_create(
        actor=officer, case=untold.case, kind="assess", facts={"decided_on": untold.received_on}
    )
    note = contact_logged(
        officer,
        young.case,
        with_whom="Pat Ward (deputy)",
        text="Asked about the next review.",
        on="2026-03-31",
        today=datetime.date(2026, 4, 1),
    )
    advice = AdviceRequest.objects.get(request=gathering)
    to_draft = request_decided_to_issue(officer, panel)

    drafting = plan_kit.complete_drafting_plan(officer, panel)
    need = drafting.needs.first()
    spare_need = add_need(
        officer, drafting, area="sensory_physical", description="Needs a quiet space."
    )

    draft_issued = plan_kit.draft_issued_plan(officer, panel)
    consultation = consult(
        officer, draft_issued, SettingFactory(), on="2026-04-09", today=datetime.date(2026, 4, 9)
    )
    budget = ask_for_budget(officer, draft_issued.case, on="2026-04-10", by="parent")

    final = review_kit.final_plan(officer, panel, first_name="Ada")
    scheduled = review_kit.open_review(final)
    invited_plan = review_kit.final_plan(officer, panel, first_name="Ben")
    invited = review_kit.invited(officer, review_kit.open_review(invited_plan))
    held_plan = review_kit.final_plan(officer, panel, first_name="Cal")
    held = review_kit.held(officer, review_kit.open_review(held_plan))
    second_held_plan = review_kit.final_plan(officer, panel, first_name="Eve")
    second_held = review_kit.held(officer, review_kit.open_review(second_held_plan))
    plan_services.amendment_start(actor=officer, plan_id=held_plan.pk)
    # amendments being prepared, never proposed: they can be abandoned
    amending_plan = review_kit.final_plan(officer, panel, first_name="Fay")
    amending = review_kit.held(officer, review_kit.open_review(amending_plan))
    plan_services.amendment_start(actor=officer, plan_id=amending_plan.pk)
    amendment = plan_services.amendment_propose(
        actor=officer,
        plan_id=held_plan.pk,
        sent_on=datetime.date(2027, 3, 16),
        evidence="New report from the speech therapist.",
        today=review_kit.LATER,
    )
    cessation = start_cessation(officer, held_plan, family_informed_on="2027-03-20")
    ceasing_plan = review_kit.final_plan(officer, panel, first_name="Dee")
    notified = start_cessation(officer, ceasing_plan, family_informed_on="2027-03-20")
    notified = notify_cessation(officer, notified, on="2027-04-20")

    cases = [
        received.case,
        young.case,
        gathering.case,
        to_draft.case,
        drafting.case,
        draft_issued.case,
    ]
    cases += [final.case, invited_plan.case, held_plan.case, second_held_plan.case]
    cases += [amending_plan.case]
    cases += [ceasing_plan.case]
    moves = moves_world(officer, manager, panel)
    cases += [item.case for item in moves.values()]
    for case in cases:
        for who in ("parent", "young person", "professional"):
            case_grant_portal_access(user=users[who], case=case)

    def on_case(case):
        return {"reference": case.reference}

    def on_request(request):
        return {"reference": request.case.reference, "request_id": request.pk}

    letters_written()  # what the queue does once each decision commits
    notice.refresh_from_db()

    def on_review(review, **kwargs):
        return {"review_id": review.pk, **kwargs}

    targets = {
        None: {},
        "reset link": {"uidb64": "MQ", "token": "set-password"},
        "received": on_case(received.case),
        "received request": on_request(received),
        "young person": on_case(young.case),
        "acting for young person": {**on_case(young.case), "person_id": acting.pk},
        "note": {**on_case(young.case), "note_id": note.pk},
        "gathering request": on_request(gathering),
        "untold decision request": on_request(untold),
        "drafting request": on_request(to_draft),
        "drafting request case": on_case(to_draft.case),
        "draft issued request": on_request(draft_issued.request),
        "document": {**on_case(received.case), "document_id": document.pk},
        "advice": {**on_case(gathering.case), "advice_id": advice.pk},
        "drafting plan": on_case(drafting.case),
        "need": {**on_case(drafting.case), "section": "b", "item_id": need.pk},
        "need removal": {
            **on_case(drafting.case),
            "kind": "need",
            "item_id": spare_need.pk,
        },
        "draft issued plan": on_case(draft_issued.case),
        "consultation": {**on_case(draft_issued.case), "consultation_id": consultation.pk},
        "budget request": {**on_case(draft_issued.case), "budget_request_id": budget.pk},
        "final plan": on_case(final.case),
        "scheduled review": on_review(scheduled),
        "invited review": on_review(invited),
        "held review": on_review(held),
        "second held review": on_review(second_held),
        "amending review": on_review(amending),
        "amendment": on_review(held, amendment_id=amendment.pk),
        "cessation": on_review(held, cessation_id=cessation.pk),
        "notified cessation": on_review(
            review_kit.open_review(ceasing_plan), cessation_id=notified.pk
        ),
        "failed email": {**on_case(young.case), "delivery_id": failed.pk},
        "plan to move": on_case(moves["plan to move"].case),
        **{
            name: {"reference": item.case.reference, "item_id": item.pk}
            for name, item in moves.items()
            if name != "plan to move"
        },
        "family letter": {**on_case(young.case), "notice_id": notice.pk},
        "family letter document": {**on_case(young.case), "document_id": notice.letter_id},
        "held notice": {**on_case(untold.case), "notice_id": held.pk},
        "officer user": {"user_id": officer.pk},
        "child": {"child_id": received.case.child_id},
        **local_offer_world(users["provider"], users["moderator"]),
        **transfers_world(officer),
        **mediation_world(officer, users),
    }
    # Another provider, with an organisation of their own: still refused the provider's.
    OrganisationFactory().members.add(users["other provider"])
    targets.update(advice_portal_world(officer, panel, users, gathering))
    return users, targets


def every_address_as_everyone(client):
    """The world built on 1 April 2026; then, on 1 April 2027, each address of the matrix as
    each person of WHO: yields (URL name, its row, the address, who) with `client` signed in as
    that person (signed out for the stranger)."""
    with travel("2026-04-01"):
        users, targets = build_world()
    with travel("2027-04-01"):
        for name, row in sorted(MATRIX.items()):
            address = reverse(name, kwargs={**targets[row.target], **row.kwargs})
            for who in WHO:
                # Signing in replaces the client's session; signing out (a stranger) is the only
                # switch that needs a logout, which also writes a row of django-axes' log.
                if who == "stranger":
                    client.logout()
                else:
                    client.force_login(users[who])
                yield name, row, address, who


def every_address_as_the_first_let_in(client):
    """The world built on 1 April 2026; then, on 1 April 2027, each address of the matrix as the
    first person its row lets in (in name order; the stranger when it lets in nobody else):
    yields (URL name, its row, the address, the address's named parts, who) with `client`
    signed in as that person."""
    with travel("2026-04-01"):
        users, targets = build_world()
    with travel("2027-04-01"):
        for name, row in sorted(MATRIX.items()):
            kwargs = {**targets[row.target], **row.kwargs}
            let_in = sorted(row.ok - {"stranger"})
            client.logout()
            if let_in:
                client.force_login(users[let_in[0]])
            who = let_in[0] if let_in else "stranger"
            yield name, row, reverse(name, kwargs=kwargs), kwargs, who


def advice_portal_world(officer, panel, users, gathering) -> dict:
    """Advice asked of the world's professional (one awaited, one sent with a document), and,
    on another family's case, of the other professional; the other parent's own child."""
    from cases.services.advice_portal import advice_submit

    def ask(request, kind, who, requested_on=datetime.date(2026, 3, 20)):
        return case_services.advice_request_send(
            actor=officer,
            request_id=request.pk,
            kind=kind,
            addressee_name=users[who].full_name,
            adviser=users[who],
            requested_on=requested_on,
            today=datetime.date(2026, 4, 1),
        )

    awaited = ask(gathering, "psychological", "professional")
    sent = advice_submit(
        actor=users["professional"],
        advice_id=ask(gathering, "medical", "professional").pk,
        sections={"health_needs": "Epilepsy, well controlled."},
        upload=pdf(),
        today=datetime.date(2026, 4, 1),
    )
    theirs = gathering_request(  # the other professional's: a name unlike any other
        officer, panel, child=ChildFactory(first_name="Zeb", last_name="Quillfeather")
    )
    ask(theirs, "social_care", "other professional", datetime.date(2026, 3, 24))
    case_grant_portal_access(user=users["other parent"], case=theirs.case)
    document = sent.submission.attachment
    return {
        "awaited advice": {"advice_id": awaited.pk},
        "sent advice": {"advice_id": sent.pk},
        "sent advice document": {"advice_id": sent.pk, "document_id": document.pk},
    }


def outcome(response) -> str:
    code = response.status_code
    if code == 200:
        return OK
    if code in (403, 404, 405):
        return REFUSED
    if code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return SIGN_IN
        if location in ("/staff/", "/portal/", "/"):
            return HOME
        return f"→ {location}"
    return str(code)


def expected(row: Entry, who: str) -> str:
    if who == "stranger":
        return row.anonymous
    if who in row.ok:
        return row.allowed
    if who in row.home:
        return HOME
    return REFUSED


ROLE_OF = {
    "officer": Role.CASE_OFFICER,
    "manager": Role.SEN_MANAGER,
    "panel": Role.PANEL_MEMBER,
    "moderator": Role.MODERATOR,
    "parent": Role.PARENT,
    "young person": Role.YOUNG_PERSON,
    "professional": Role.PROFESSIONAL,
    "provider": Role.PROVIDER,
    "other provider": Role.PROVIDER,
    "other parent": Role.PARENT,
    "other professional": Role.PROFESSIONAL,
}


def admin_kwargs(name: str) -> dict | None:
    from django.urls import NoReverseMatch

    for kwargs in ({}, {"object_id": "1"}, {"app_label": "cases"}):
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return kwargs
    return None
