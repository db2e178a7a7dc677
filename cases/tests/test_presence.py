"""Which lists a case holds, asked in the gateway's own query (`cases.panels.records_presence`,
plain EXISTS text from the models' metadata): true exactly when the case has such rows, through
one relation or a chain of them, and the same answer whether read off the gateway's case or
asked afterwards."""

import pytest

from cases import selectors
from cases.models import Case
from cases.models import Document
from cases.panels import exists_sql
from cases.panels import records_presence
from cases.panels import records_present
from cases.tests.viewkit import gathering_request
from cases.tests.viewkit import received_request
from tests.kit import letters_written

pytestmark = pytest.mark.django_db


def test_a_case_holds_the_lists_it_has_rows_of_and_no_others(staff):
    officer, panel = staff["officer"], staff["panel"]
    quiet = received_request(officer).case
    busy = gathering_request(officer, panel)  # agreed, with advice asked for
    letters_written()  # the decision's letter, a case document
    presence = records_presence(
        Case, ["documents", "requests__advice", "requests__panel_decisions"]
    )
    assert set(presence) == {"has_documents", "has_advice", "has_panel_decisions"}

    read = {case.pk: case for case in Case.objects.annotate(**presence)}
    assert records_present(read[quiet.pk], presence) == {
        "has_documents": False,
        "has_advice": False,
        "has_panel_decisions": False,
    }
    # The same as the ORM's own answer, relation by relation (the decision's letter is a document).
    assert records_present(read[busy.case_id], presence) == {
        "has_documents": Document.objects.filter(case_id=busy.case_id).exists(),
        "has_advice": True,
        "has_panel_decisions": True,
    }
    assert Document.objects.filter(case_id=busy.case_id).exists()
    # Asked afterwards of a case read without them: the same answers, in one query.
    assert records_present(Case.objects.get(pk=busy.case_id), presence)["has_advice"] is True


def test_the_gateway_reads_the_case_pages_answers_with_the_case(staff, django_assert_num_queries):
    officer = staff["officer"]
    case = received_request(officer).case
    read = selectors.case_get_for_user(
        officer, case.reference, annotate=selectors.case_page_presence()
    )
    with django_assert_num_queries(0):
        present = records_present(read, selectors.case_page_presence())
    assert present["has_documents"] is False and present["has_exceptions"] is False


def test_only_reverse_foreign_keys_make_presence():
    with pytest.raises(ValueError, match="not a reverse foreign key"):
        exists_sql(Case, "child")
