"""Each statutory step of the request makes its notice, in the step's own transaction: to the
right person (the parent, the young person in their own name, the person acting for one who
lacks capacity, the adviser), by their channel, with copies where the law says, naming the
child, the decision, its date, the rights and the deadline. Its limit is met on the day the
notice is sent: the next day's email, or the day the letter is posted."""

import pytest

from cases.models import Deadline
from cases.models import DeadlineKind
from cases.notices import selectors
from cases.notices import services
from cases.notices.models import Channel
from cases.notices.models import DeliveryStatus
from cases.notices.models import Notice
from cases.notices.models import RecipientRole
from cases.tests.factories import advice_received
from cases.tests.factories import decide_to_assess
from cases.tests.factories import decide_to_issue
from cases.tests.factories import family_has_nothing_more_to_add
from cases.tests.factories import issue_draft
from cases.tests.factories import issue_final
from cases.tests.factories import received_request
from cases.tests.factories import send_advice
from cases.tests.factories import tell_family
from tests.kit import emails_sent
from tests.kit import letter_words
from tests.kit import letters_posted

from .kit import SCHOOL_EMAIL
from .kit import D
from .kit import acting_for
from .kit import family_case
from .kit import young_person_case

pytestmark = pytest.mark.django_db
COPIES = {RecipientRole.SETTING, RecipientRole.HEALTH, RecipientRole.SOCIAL_CARE}


def _who(notice: Notice) -> dict:
    return {d.role: (d.name, d.channel) for d in notice.deliveries.all()}


def _decide(panel, request, *, agreed, on="2026-02-10"):
    """The panel's decision whether to assess, the family not yet told."""
    reason = "The evidence shows needs not met at SEN support."
    return decide_to_assess(
        panel, request, agreed=agreed, decided_on=on, reason=reason, told_on=None, today=D(on)
    )


def _assessing(officer, panel, case, *, ask_on="2026-02-11", **advice):
    """A request for `case` the panel agreed to assess on 10 February (the family told that
    day), with advice asked for (`advice`: of whom; by default the SENCo)."""
    request = received_request(officer, child=case.child)
    decide_to_assess(panel, request)
    request.refresh_from_db()
    send_advice(officer, request, requested_on=ask_on, today=D(ask_on), **advice)
    request.refresh_from_db()
    return request


def test_a_decision_to_assess_goes_to_the_parent_with_copies_and_is_met_when_emailed_next_day(
    officer, panel, pdf_renders
):
    case = family_case(officer)
    request = received_request(officer, child=case.child)
    _decide(panel, request, agreed=True)

    notice = Notice.objects.get(case=case, kind="assess")
    assert notice.facts == {"decided_on": "2026-02-10"} and notice.sent_on is None
    school = f"The head teacher or principal, {case.child.current_setting.name}"
    assert _who(notice) == {
        RecipientRole.PARENT: ("Rachel Okafor", Channel.EMAIL),
        RecipientRole.SETTING: (school, Channel.EMAIL),
        RecipientRole.HEALTH: ("Demo Integrated Care Board", Channel.EMAIL),
        RecipientRole.SOCIAL_CARE: ("Demo County Council children's social care", Channel.EMAIL),
    }
    letter = letter_words(pdf_renders, notice.title)
    assert "Maya" in letter and "10 February 2026" in letter
    assert "decided to carry out an education, health and care (EHC) needs assessment" in letter
    assert "information, advice and support" in letter
    limit = Deadline.objects.get(case=case, kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert limit.met_on is None  # decided, not yet told

    emails_sent(notice, "2026-02-11")

    assert notice.sent_on == D("2026-02-11") and notice.appeal_by is None
    limit.refresh_from_db()
    assert limit.met_on == D("2026-02-11")
    assert request.panel_decisions.get().told_on == D("2026-02-11")


def test_a_refusal_carries_the_appeal_date_and_mediation_and_a_posted_letter_meets_it_when_posted(
    officer, panel, pdf_renders
):
    case = family_case(officer, wants_post=True)
    request = received_request(officer, child=case.child)
    _decide(panel, request, agreed=False)

    notice = Notice.objects.get(case=case, kind="not_assess")
    family = notice.deliveries.get(role=RecipientRole.PARENT)
    assert family.channel == Channel.POST and "EX1 1AA" in family.postal_address
    assert set(_who(notice)) == {RecipientRole.PARENT} | COPIES
    letter = letter_words(pdf_renders, notice.title)
    assert "decided not to carry out an education, health and care (EHC) needs assessment" in letter
    assert "Maya" in letter and "10 February 2026" in letter
    assert "You must appeal by 10 April 2026" in letter  # from the letter's date, until posted
    assert "Demo Mediation Service" in letter and "Disagreement resolution" in letter
    queue = list(selectors.post_queue(officer, today=D("2026-02-12")))
    assert family in queue

    letters_posted(officer, family, on="2026-02-12")

    notice.refresh_from_db()
    assert notice.sent_on == D("2026-02-12") and notice.appeal_by == D("2026-04-13")
    limit = Deadline.objects.get(case=case, kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert limit.met_on == D("2026-02-12")
    assert request.panel_decisions.get().told_on == D("2026-02-12")


def test_the_officers_told_form_records_the_sending_on_the_notice(officer, panel):
    """One way a decision is told: recording that the letter went outside this service marks
    the notice sent that day, and the notice's hook keeps the decision's told date."""
    case = family_case(officer)
    request = received_request(officer, child=case.child)
    _decide(panel, request, agreed=True)
    notice = Notice.objects.get(case=case, kind="assess")

    tell_family(officer, request, told_on="2026-02-13", today="2026-02-20")

    notice.refresh_from_db()
    assert notice.sent_on == D("2026-02-13")
    assert set(notice.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert request.panel_decisions.get().told_on == D("2026-02-13")
    limit = Deadline.objects.get(case=case, kind=DeadlineKind.DECIDE_TO_ASSESS)
    assert limit.met_on == D("2026-02-13")
    # nothing is emailed or posted again
    assert services.delivery_send(delivery_id=notice.deliveries.first().pk) == "skipped"
    assert not list(selectors.post_queue(officer, today=D("2026-02-20")))


def test_a_young_person_receives_the_notice_in_their_own_name(officer, panel, pdf_renders):
    case = young_person_case(officer)  # a young person from 27 June 2026
    request = received_request(officer, child=case.child, arrived="2026-07-06")
    _decide(panel, request, agreed=True, on="2026-07-20")

    notice = Notice.objects.get(case=case, kind="assess")
    main = [d for d in notice.deliveries.all() if not d.is_copy]
    assert [(d.role, d.name) for d in main] == [(RecipientRole.YOUNG_PERSON, "Ade Okafor")]
    assert main[0].channel == Channel.POST and "EX1 1AA" in main[0].postal_address
    assert "Dear Ade Okafor" in letter_words(pdf_renders, notice.title)  # not their mother


def test_the_person_acting_for_a_young_person_who_lacks_capacity_receives_it(
    officer, panel, pdf_renders
):
    case = young_person_case(officer)
    acting_for(case, officer, email="tom.deputy@example.net")
    request = received_request(officer, child=case.child, arrived="2026-07-06")
    _decide(panel, request, agreed=False, on="2026-07-20")

    notice = Notice.objects.get(case=case, kind="not_assess")
    main = [d for d in notice.deliveries.all() if not d.is_copy]
    assert [(d.role, d.name, d.channel, d.email) for d in main] == [
        (RecipientRole.ACTING, "Tom Deputy", Channel.EMAIL, "tom.deputy@example.net")
    ]
    assert "Dear Tom Deputy" in letter_words(pdf_renders, notice.title)


def test_not_issuing_a_plan_the_draft_and_the_final_plan_each_have_their_notice(
    officer, panel, pdf_renders
):
    case = family_case(officer)
    request = _assessing(officer, panel, case)
    # told the same day (outside this service)
    assert Notice.objects.get(case=case, kind="assess").sent_on == D("2026-02-10")

    decide_to_issue(panel, request)
    request.refresh_from_db()
    assert not Notice.objects.filter(case=case, kind="not_issue").exists()  # "yes": no letter
    issue_draft(officer, request, issued_on="2026-04-08")
    request.refresh_from_db()
    draft = Notice.objects.get(case=case, kind="draft_plan")
    assert draft.facts == {"served_on": "2026-04-08", "response_due": "2026-04-22"}
    assert set(_who(draft)) == {RecipientRole.PARENT}  # no copies of a draft
    letter = letter_words(pdf_renders, draft.title)
    assert "You have until 22 April 2026" in letter and "Maya" in letter
    assert "does not name a school or college" in letter and "/local-offer/" in letter

    family_has_nothing_more_to_add(officer, request.pk, on="2026-04-20")
    issue_final(officer, request, issued_on="2026-05-18")
    final = Notice.objects.get(case=case, kind="final_plan")
    assert set(_who(final)) == {RecipientRole.PARENT, RecipientRole.SETTING, RecipientRole.HEALTH}
    assert final.sent_on == D("2026-05-18")  # issued outside this service that day
    assert final.appeal_by == D("2026-07-20")  # 18 July is a Saturday
    letter = letter_words(pdf_renders, final.title)
    assert "final education, health and care (EHC) plan" in letter and "18 May 2026" in letter
    assert "Demo Mediation Service" in letter and "appeal" in letter
    limit = Deadline.objects.get(case=case, kind=DeadlineKind.FINAL_PLAN)
    assert limit.met_on == D("2026-05-18")


def test_a_decision_not_to_issue_goes_with_appeal_rights_and_copies(officer, panel, pdf_renders):
    case = family_case(officer)
    request = _assessing(officer, panel, case)
    advice = request.advice.get()
    advice_received(officer, advice, on="2026-03-10", today=D("2026-03-20"))
    request.refresh_from_db()
    decide_to_issue(panel, request, agreed=False, told_on=None)

    notice = Notice.objects.get(case=case, kind="not_issue")
    assert set(_who(notice)) == {RecipientRole.PARENT, RecipientRole.SETTING, RecipientRole.HEALTH}
    letter = letter_words(pdf_renders, notice.title)
    assert "decided not to issue an education, health and care (EHC) plan" in letter
    assert "30 March 2026" in letter and "You must appeal by" in letter


def test_each_adviser_is_asked_in_a_notice_with_their_6_week_due_date(officer, panel, pdf_renders):
    case = family_case(officer)
    request = _assessing(
        officer,
        panel,
        case,
        kind="psychological",
        addressee_name="Dr Lee",
        addressee_organisation="Educational Psychology Service",
        addressee_email="ep@example.gov.uk",
    )
    send_advice(
        officer,
        request,
        requested_on="2026-02-11",
        today=D("2026-02-11"),
        kind="medical",
        addressee_name="Dr Khan",
        addressee_organisation="Community Paediatrics",
    )

    by_email, by_post = Notice.objects.filter(case=case, kind="advice_request").order_by("id")
    assert _who(by_email) == {RecipientRole.ADDRESSEE: ("Dr Lee", Channel.EMAIL)}
    assert by_email.facts["advice_due"] == "2026-03-25"
    assert by_email.facts["advice_kind"] == "psychological advice"
    assert _who(by_post) == {RecipientRole.ADDRESSEE: ("Dr Khan", Channel.POST)}
    assert by_post.deliveries.get().postal_address == "Dr Khan\nCommunity Paediatrics"
    letter = letter_words(pdf_renders, by_email.title, to="Dr Lee")
    assert "paragraph" not in letter and "'lines'" not in letter  # words, not a list
    assert "Maya Okafor" in letter and "psychological advice" in letter
    assert "25 March 2026" in letter


def test_a_decision_on_a_family_with_no_contact_is_recorded_and_its_letter_held(officer, panel):
    case = family_case(officer)
    request = received_request(officer, child=case.child)
    case.child.family.all().delete()
    _decide(panel, request, agreed=False)

    request.refresh_from_db()
    assert request.state == "refused" and request.panel_decisions.get().told_on is None
    summary = selectors.case_notices_panel(case=case)
    assert [row.notice.held for row in summary.waiting] == [True]
    assert SCHOOL_EMAIL not in {d.email for d in Notice.objects.get(case=case).deliveries.all()}
