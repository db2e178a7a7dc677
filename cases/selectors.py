"""Reads of the case file for views, tasks and reports, already filtered by who may see them.

Object access goes through one gateway, `case_get_for_user`: it answers 404 for a case that does
not exist and for one the user may not see alike. Every other read of one case's records takes
the case the gateway returned, so it can never reach another case's rows.
"""

import datetime
import functools
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case as CaseWhen
from django.db.models import CharField
from django.db.models import Count
from django.db.models import DateField
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Value as V
from django.db.models import When
from django.db.models import prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import deadlines
from .deadline_kinds import due_soon_q
from .models import OPEN_STAGES
from .models import AdviceRequest
from .models import AlternativePerson
from .models import AssessmentRequest
from .models import AuditEntry
from .models import Case
from .models import CaseStage
from .models import Child
from .models import Deadline
from .models import DeadlineKind
from .models import Document
from .models import FamilyMember
from .models import PanelDecision
from .models import RequestState
from .models import Setting
from .models import TimeLimitException
from .models import User
from .nested_rows import NestedRows
from .nested_rows import list_columns
from .nested_rows import preload
from .panels import PanelView
from .panels import case_panels
from .panels import panel_lists
from .panels import panel_records
from .panels import panel_records_seed
from .panels import records_presence
from .panels import records_present
from .permissions import Ability
from .permissions import has_ability
from .permissions import mark_visible
from .permissions import may
from .permissions import portal_cases
from .permissions import require
from .permissions import staff_cases
from .roles import Role
from .rules import Need
from .workflow import next_actions

# The case page shows the latest entries of its timeline, and links to the whole history, which
# shows them a page at a time (`case_history`).
TIMELINE_LENGTH = 20
# What a timeline entry shows is its sentence, when, and by whom: not what changed, nor the
# actor's account, whatever it holds (an entry reads 9 columns, not 21).
TIMELINE_DEFERRED = (
    "changes",
    "content_type",
    "object_id",
    *(f"actor__{f.name}" for f in User._meta.concrete_fields if f.name not in ("id", "full_name")),
)

# The caseload's deadline filter.
DUE_OVERDUE = "overdue"
DUE_THIS_WEEK = "week"
UNALLOCATED = "none"


def caseload_summary(user) -> list[dict]:
    """Open cases the user can see, counted by stage, in the order of the statutory journey."""
    counts = dict(
        staff_cases(user)
        .filter(stage__in=OPEN_STAGES)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("id"))
    )
    return [
        {"stage": stage, "label": stage.label, "count": counts.get(stage, 0)}
        for stage in OPEN_STAGES
    ]


def recent_cases_for_officer(user, *, limit: int = 10):
    return (
        staff_cases(user)
        .filter(officer=user)
        .select_related("child", "team")
        .order_by("-opened_on", "reference")[:limit]
    )


def family_cases(user):
    """The family's open cases, each with `open_deadlines` (statutory and council targets, the
    earliest first): the family's home page says what happens next and by when."""
    return (
        portal_cases(user)
        .exclude(stage=CaseStage.CEASED)
        .select_related("child", "officer")
        .prefetch_related(
            Prefetch(
                "deadlines", queryset=_open_deadlines().order_by("due_on"), to_attr="open_deadlines"
            )
        )
        .order_by("child__last_name", "reference")
    )


# --- the caseload ----------------------------------------------------------------------------


def _open_deadlines():
    return Deadline.objects.filter(met_on__isnull=True, cancelled=False)


# --- the stored deadlines of the outer query's rows, for any app's lists ------------------------


def deadlines_of_outer(model, *kinds: str, **conditions) -> QuerySet[Deadline]:
    """The stored deadlines of these kinds that belong to the outer query's row (a `model`),
    for a correlated subquery (`Exists(...)`). A column of one of them: `deadline_value`."""
    of_kind = {"kind": kinds[0]} if len(kinds) == 1 else {"kind__in": kinds}
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        **of_kind,
        **conditions,
    )


def stored_deadline(deadlines, model, object_id: int, kind: str) -> Deadline | None:
    """The stored deadline of this kind that belongs to the `model` row `object_id`, picked from
    deadlines read already (a case's, read with the case): no query. None when it has none."""
    content_type = ContentType.objects.get_for_model(model).pk
    return next(
        (
            d
            for d in deadlines
            if (d.kind, d.content_type_id, d.object_id) == (kind, content_type, object_id)
        ),
        None,
    )


def deadline_value(model, kind: str, column: str = "due_on", *, open_only: bool = False) -> RawSQL:
    """`column` of the outer row's stored deadline of this kind (one a row has at most; with
    `open_only`, while it is neither met nor cancelled), in a query of `model` itself.

    Written as SQL text from the models' metadata, as `cases.panels.exists_sql` is: the ORM's
    correlated `Subquery` says the same, but building and compiling the review list's four cost
    its page about 2 ms, more than they took to run. The outer row is `model`'s own table,
    unaliased: a query of `model`, not of a model joined to it."""
    field = Deadline._meta.get_field(column)
    sql = _deadline_value_text(model, column, open_only, connection.vendor)
    content_type = ContentType.objects.get_for_model(model).pk
    # Names from the models' metadata; the values (content type, kind) are parameters.
    return RawSQL(sql, (content_type, kind), output_field=type(field)())  # noqa: S611


@functools.cache
def _deadline_value_text(model, column: str, open_only: bool, vendor: str) -> str:
    """The text of `deadline_value`, written once a process for each database vendor."""
    quote = connection.ops.quote_name
    deadline = Deadline._meta
    outer = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    still_open = " AND d.met_on IS NULL AND NOT d.cancelled" if open_only else ""
    value = f"d.{quote(deadline.get_field(column).column)}"
    return (
        f"(SELECT {value} FROM {quote(deadline.db_table)} d"  # noqa: S608 (names from metadata)
        f" WHERE d.content_type_id = %s AND d.object_id = {outer} AND d.kind = %s{still_open}"
        " LIMIT 1)"
    )


def caseload(
    user,
    *,
    today: datetime.date,
    officer: str = "",
    stage: str = "",
    due: str = "",
    q: str = "",
) -> QuerySet[Case]:
    """The cases the user may see, filtered, each with its earliest open deadline.

    `officer` is a user id or `UNALLOCATED`; `due` is `DUE_OVERDUE` or `DUE_THIS_WEEK` (an open
    deadline due soon: `cases.deadline_kinds`); `q` matches the child's name, UPN or the case
    reference (`case_search_q`). Ordered by the next deadline (cases without one last), then
    reference: the case's stored `next_due_on` (kept by `case_next_due_refresh`), so the order
    and the overdue filter come from an index, not from each case's deadlines. Only the columns
    the list shows are read (`CASELOAD_COLUMNS`).
    """
    cases = (
        staff_cases(user)
        .select_related("child", "officer")
        .only(*CASELOAD_COLUMNS)
        .annotate(next_kind=F("next_due_kind"), next_label=F("next_due_label"))
    )
    if officer == UNALLOCATED:
        cases = cases.filter(officer__isnull=True)
    elif officer:
        cases = cases.filter(officer_id=officer)
    if stage:
        cases = cases.filter(stage=stage)
    if due == DUE_OVERDUE:
        cases = cases.filter(next_due_on__lt=today)  # the earliest open deadline has passed
    elif due == DUE_THIS_WEEK:  # "due soon", by each kind's own rule
        cases = cases.filter(
            Exists(_open_deadlines().filter(due_soon_q(today), case=OuterRef("pk")))
        )
    cases = cases.filter(case_search_q(q))
    return cases.order_by(F("next_due_on").asc(nulls_last=True), "reference")


# What a list of cases shows (the caseload's table, the dashboard's drill-downs): no more.
CASELOAD_COLUMNS = (
    "reference",
    "stage",
    "team",
    "opened_on",
    "next_due_on",
    "next_due_kind",
    "next_due_label",
    "child__first_name",
    "child__last_name",
    "child__preferred_name",
    "child__date_of_birth",
    "officer__full_name",
)


def case_search_q(q: str) -> Q:
    """Cases matching every word of `q`. A word with a digit in it is part of a case reference
    (SEN-000123) or a whole UPN; any other word is part of the child's first, last or preferred
    name, as the case carries them (`Case.search_names`, kept by the database). Trigram indexes
    on PostgreSQL serve the parts (made by the cases migration).

    A word of letters is never looked for in references: they are all "SEN-" and a number, so it
    would match every case or none, and asking forced the database to read every case the user
    may see. Names are matched on the case's own column, so a common surname costs no read of
    each child it matches.
    """
    match = Q()
    # A reference copied from a page shows its hyphen as a non-breaking one (U+2011).
    for term in q.replace("\u2011", "-").split():
        if any(character.isdigit() for character in term):
            by_upn = Child.objects.filter(upn=term.upper())  # stored upper case: its own index
            match &= Q(reference__icontains=term) | Q(child_id__in=by_upn.values("pk"))
        else:
            match &= Q(search_names__icontains=term)
    return match


def caseload_officers(user) -> QuerySet[User]:
    """Case officers to filter the caseload by: the user's team, or everyone for a manager."""
    officers = User.objects.filter(role=Role.CASE_OFFICER, is_active=True).order_by("full_name")
    if not has_ability(user, Ability.SEE_ALL_CASES):
        return (
            officers.filter(team_id=user.team_id) if user.team_id else officers.filter(pk=user.pk)
        )
    return officers


def setting_choices() -> QuerySet[Setting]:
    return Setting.objects.order_by("name")


# --- one case --------------------------------------------------------------------------------


def case_get_for_user(
    user, reference: str, need: Need = Need.VIEW, *, annotate: dict | None = None
) -> Case:
    """The gateway: the case with this reference if the user may see it, else 404; and 403
    when they may see it but not at the level needed (work on it, decide on it).

    "Does not exist" and "not yours" get the same answer, so a reference cannot be probed. The
    case remembers what was proved, so later checks in the same request cost no query. A page
    that needs more of the case row (`case_page_presence`) asks for it in `annotate`.
    """
    found = (
        staff_cases(user)
        .select_related("child", "child__current_setting", "team", "officer")
        .annotate(**(annotate or {}))
        .filter(reference=reference)
        # A reference is unique: no ORDER BY (`first()` would add one, and matching it against
        # a page's twenty annotations cost the case page half a millisecond of compiling).
        .order_by()[:1]
    )
    case = next(iter(found), None)
    if case is None:
        raise Http404("No such case.")
    mark_visible(user, case)
    require(user, case, need)
    return case


def request_get_for_case(case: Case, request_id: int) -> AssessmentRequest:
    request = get_object_or_404(case.requests, pk=request_id)
    request.case = case
    return request


def alternative_person_get_for_case(case: Case, person_id: int) -> AlternativePerson:
    return get_object_or_404(AlternativePerson, pk=person_id, child_id=case.child_id)


def advice_get_for_case(case: Case, advice_id: int) -> AdviceRequest:
    advice = get_object_or_404(
        AdviceRequest.objects.select_related("request"), pk=advice_id, request__case=case
    )
    advice.request.case = case
    return advice


def document_get_for_case(case: Case, document_id: int) -> Document:
    return get_object_or_404(case.documents, pk=document_id)


@dataclass
class CasePage:
    """Everything the case page shows, read with a fixed number of queries."""

    case: Case
    child: Child
    age: int | None
    becomes_young_person_on: datetime.date
    is_young_person: bool
    acting_for_young_person: AlternativePerson | None  # who acts for them, lacking capacity
    family: list[FamilyMember]
    deadlines: list[Deadline]
    requests: list[AssessmentRequest]
    timeline: list[AuditEntry]
    timeline_has_more: bool
    documents: list[Document]
    user_can_decide: bool
    user_can_work: bool
    panels: list[PanelView] = field(default_factory=list)  # the apps' panels, in order
    extension: dict[str, object] = field(default_factory=dict)  # each panel's data, by name


def case_page_presence() -> dict:
    """Whether the case holds any rows of each list the case page may show but most cases lack
    (the panels' records, documents, panel decisions, advice requests, exceptions): asked with
    the case itself (`case_get_for_user(annotate=...)`), so an empty list costs no query."""
    return _presence(tuple(panel_records(case_panels())))


@functools.cache
def _presence(panel_records: tuple[str, ...]) -> dict:
    """Written once for the panels registered (expressions are copied, never changed, by the
    queries that use them)."""
    return records_presence(Case, [*panel_records, "documents", "requests__exceptions"])


@functools.cache
def case_file_rows() -> dict:
    """The case file the case page shows, read inside the case's own row
    (`cases.nested_rows`), each list in the order shown: the family, the deadlines, the
    requests (each with its panel decisions and advice in its own row), the latest entries of
    the timeline (one more than shown, to know whether there are older ones without counting
    them), and the lists the panels show (`CasePanel.lists`, e.g. the plans). Each column is
    named for the case's relation it fills, "<relation>_rows"."""
    return {
        **list_columns(panel_lists(case_panels())),
        "family_rows": NestedRows(
            FamilyMember, parent="child", outer="child", order_by=("-is_main_contact", "full_name")
        ),
        "deadlines_rows": NestedRows(Deadline, parent="case", order_by=("due_on", "id")),
        "requests_rows": NestedRows(
            AssessmentRequest,
            parent="case",
            order_by=("-received_on", "-id"),
            lists={
                "panel_decisions": NestedRows(
                    PanelDecision,
                    parent="request",
                    related=("decided_by",),
                    defer=("decided_by__password",),
                    order_by=("decided_on", "recorded_at"),
                ),
                "advice": NestedRows(
                    AdviceRequest,
                    parent="request",
                    related=("document",),
                    order_by=("due_on", "kind", "id"),
                ),
            },
        ),
        "timeline_rows": NestedRows(
            AuditEntry,
            parent="case",
            related=("actor",),
            defer=TIMELINE_DEFERRED,
            order_by=("-at", "-id"),
            limit=TIMELINE_LENGTH + 1,
        ),
    }


def case_page_reads() -> dict:
    """What the case page reads with the case, in the gateway's one query
    (`case_get_for_user(annotate=...)`): which lists it holds rows of, and the case file
    itself (`case_file_rows`)."""
    return {**case_page_presence(), **case_file_rows()}


def _preload_case_file_rows(case: Case) -> list[AuditEntry]:
    """The case file from the case's row (or, for a case read without it, from one query):
    the family given to `child.family.all()`, each other list to `case.<relation>.all()`; and
    the timeline's entries returned."""
    wanted = case_file_rows()
    if all(hasattr(case, name) for name in wanted):
        rows = {name: getattr(case, name) for name in wanted}
    else:  # read now, not kept on the case: a case shown again is read afresh
        rows = Case.objects.filter(pk=case.pk).annotate(**wanted).values(*wanted).get()
    for name, read in wanted.items():
        if name == "family_rows":
            preload(case.child, "family", read.rows(rows[name], attach={"child": case.child}))
        elif name != "timeline_rows":
            relation = name.removesuffix("_rows")
            preload(case, relation, read.rows(rows[name], attach={read.parent: case}))
    return wanted["timeline_rows"].rows(rows["timeline_rows"], attach={"case": case})


def _case_file_lookups(present: dict[str, bool]) -> list:
    """What the case page reads of one case beside its row, loaded onto it in one go with the
    panels' own: its documents, when it has any."""
    if not present["has_documents"]:
        return []
    documents = Document.objects.select_related("uploaded_by")
    return [Prefetch("documents", documents.order_by("-uploaded_at", "-id"))]


def _preload_exceptions(case: Case, present: dict[str, bool]) -> None:
    """The exceptions to the time limits, on the requests and on the deadlines they excuse, from
    one query of the links (every exception excuses at least one limit of its request:
    `services.exception_record`), or from none when the case has no exception."""
    links = (
        TimeLimitException.deadlines.through.objects.filter(timelimitexception__request__case=case)
        .select_related("timelimitexception__recorded_by")
        .order_by("timelimitexception__starts_on", "timelimitexception_id", "deadline_id")
        if present["has_exceptions"]
        else ()
    )
    by_deadline, by_request = {}, {}
    for link in links:
        exception = link.timelimitexception
        by_deadline.setdefault(link.deadline_id, []).append(exception)
        by_request.setdefault(exception.request_id, {}).setdefault(exception.pk, exception)
    for deadline in case.deadlines.all():
        preload(deadline, "exceptions", by_deadline.get(deadline.pk, []))
    for request in case.requests.all():
        preload(request, "exceptions", by_request.get(request.pk, {}).values())


def case_page(case: Case, *, user, today: datetime.date) -> CasePage:
    """The case file of one case (from the gateway) as the case page shows it.

    The number of queries does not depend on how many deadlines, requests, advice requests,
    documents or audit entries the case has, nor on how many apps add a panel: the case's
    records and every panel's `lists` are read in the case's own row by the gateway
    (`case_page_reads`, `cases.panels`), and each panel's `build` gets that case.
    """
    child = case.child
    becomes_young_person_on = deadlines.becomes_young_person_on(child.date_of_birth)
    panels = case_panels()
    for loaded in (case, child):  # read afresh (a case object may be shown more than once)
        loaded._prefetched_objects_cache = {}
    present = records_present(case, case_page_presence())
    panel_records_seed(case, panels, present)
    if not present["has_documents"]:
        preload(case, "documents", [])
    timeline = _preload_case_file_rows(case)
    prefetch_related_objects([case], *_case_file_lookups(present))
    _preload_exceptions(case, present)
    family = list(child.family.all())
    case_deadlines = list(case.deadlines.all())
    requests = list(case.requests.all())
    documents = list(case.documents.all())

    user_can_decide = may(user, case, Need.DECIDE)
    user_can_work = may(user, case, Need.WORK)

    built = [(panel, panel.build(case=case, user=user, requests=requests)) for panel in panels]
    for request in requests:
        request.remember_draft_response(
            stored_deadline(
                case_deadlines, AssessmentRequest, request.pk, DeadlineKind.DRAFT_RESPONSE
            )
        )
        # Shown next to the request: what this user may do with it next.
        actions = next_actions(request, user)
        for panel, summary in built:
            if panel.adjust_request_actions is not None:
                actions = panel.adjust_request_actions(request, actions, summary)
        request.next_actions = actions
        # Each advice still awaited carries its own step, shown on its row.
        for advice in request.advice.all():
            for action in next_actions(advice, user):
                advice.next_action = action

    return CasePage(
        case=case,
        child=child,
        age=deadlines.age_on(child.date_of_birth, today) if today >= child.date_of_birth else None,
        becomes_young_person_on=becomes_young_person_on,
        is_young_person=becomes_young_person_on <= today,
        acting_for_young_person=(
            child.alternative_people.filter(ended_on__isnull=True).first()
            if becomes_young_person_on <= today
            else None
        ),
        family=family,
        deadlines=case_deadlines,
        requests=requests,
        timeline=timeline[:TIMELINE_LENGTH],
        timeline_has_more=len(timeline) > TIMELINE_LENGTH,
        documents=documents,
        user_can_decide=user_can_decide,
        user_can_work=user_can_work,
        panels=[PanelView(panel.name, panel.template, summary) for panel, summary in built],
        extension={panel.name: summary for panel, summary in built},
    )


def case_history(case: Case) -> QuerySet[AuditEntry]:
    """Everything that has happened on the case, newest first, as its timeline shows it."""
    return (
        AuditEntry.objects.filter(case=case)
        .select_related("actor")
        .defer(*TIMELINE_DEFERRED)
        .order_by("-at", "-id")
    )


def request_open_deadline(request: AssessmentRequest, kind: str) -> Deadline | None:
    """The request's open deadline of this kind, if it has one (for the forms' hints)."""
    return (
        _open_deadlines()
        .filter(
            content_type=ContentType.objects.get_for_model(AssessmentRequest),
            object_id=request.pk,
            kind=kind,
        )
        .first()
    )


# --- a new request: is this child already known? ---------------------------------------------


def possible_duplicate_children(
    first_name: str, last_name: str, date_of_birth: datetime.date, upn: str = ""
) -> list[Child]:
    """Children already on record who may be this one: same name (any case) and date of birth,
    or the same UPN. Each comes with its cases (`child.cases.all()`, newest first).

    Council-wide on purpose: a second record of a child, in any team, is the mistake this
    prevents. Callers show only what the user may open (see `visible_case_ids`).
    """
    match = Q(
        first_name_lower=first_name.strip().lower(),
        last_name_lower=last_name.strip().lower(),
        date_of_birth=date_of_birth,
    )
    if upn.strip():
        match |= Q(upn=upn.strip().upper())
    return list(
        Child.objects.annotate(
            first_name_lower=Lower("first_name"), last_name_lower=Lower("last_name")
        )
        .filter(match)
        .prefetch_related(
            Prefetch("cases", queryset=Case.objects.select_related("team").order_by("-opened_on"))
        )
        .order_by("last_name", "first_name", "pk")
    )


def duplicates_as_seen_by(user, children: list[Child]) -> list[Child]:
    """Mark what `user` may learn of each possible duplicate: `known_to_user` when one of its
    cases is theirs to open (then its details are shown); otherwise only that a record exists
    and who holds it (`holders`, the teams of its cases), so a UPN cannot be used to find out
    who another team's child is."""
    visible = visible_case_ids(user, [c.pk for child in children for c in child.cases.all()])
    for child in children:
        cases = list(child.cases.all())
        child.known_to_user = any(c.pk in visible for c in cases)
        child.holders = sorted({str(c.team) for c in cases})
    return children


def visible_case_ids(user, case_ids) -> set[int]:
    return set(staff_cases(user).filter(pk__in=list(case_ids)).values_list("pk", flat=True))


# --- the panel agenda ------------------------------------------------------------------------

PANEL_ASSESS_STATES = (RequestState.RECEIVED,)
PANEL_ISSUE_STATES = (RequestState.AGREED, RequestState.ADVICE_GATHERING)


PANEL_DECISIONS = {"assess": PANEL_ASSESS_STATES, "issue": PANEL_ISSUE_STATES}
PANEL_DEADLINES = {"assess": DeadlineKind.DECIDE_TO_ASSESS, "issue": DeadlineKind.DECIDE_TO_ISSUE}


def panel_agenda(
    user, *, today: datetime.date, decision: str = "", due: str = ""
) -> QuerySet[AssessmentRequest]:
    """Requests awaiting the panel: whether to assess (received) and whether to issue (agreed or
    gathering advice), on cases the user may see, by the due date of that decision.

    `decision` ("assess" or "issue") keeps one of the two; `due` = `DUE_OVERDUE` keeps those
    whose decision is overdue. Each carries `decision`, `decision_due_on` and counts of advice
    received and outstanding, all annotated (one query for a page, whatever its length).

    Ordered by the decision (assess first), then the day the request was received: each
    decision's due date is a fixed time from that day (`cases.deadlines`, an exception never
    moves it), so this is the due-date order, read from the (state, received_on) index rather
    than computed for every request waiting.
    """

    def limit(kind):
        return deadlines_of_outer(AssessmentRequest, kind)

    def advice(received: bool):
        return Coalesce(
            Subquery(
                AdviceRequest.objects.filter(
                    request=OuterRef("pk"), received_on__isnull=not received
                )
                .order_by()
                .values("request")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            V(0),
        )

    states = PANEL_DECISIONS.get(decision) or (*PANEL_ASSESS_STATES, *PANEL_ISSUE_STATES)
    items = AssessmentRequest.objects.filter(state__in=states)
    cases = staff_cases(user)
    if cases.query.has_filters():  # not every case: only those the user may see
        items = items.filter(case__in=cases)
    if due == DUE_OVERDUE:
        items = items.filter(
            Q(
                Exists(limit(DeadlineKind.DECIDE_TO_ASSESS).filter(due_on__lt=today)),
                state__in=PANEL_ASSESS_STATES,
            )
            | Q(
                Exists(limit(DeadlineKind.DECIDE_TO_ISSUE).filter(due_on__lt=today)),
                state__in=PANEL_ISSUE_STATES,
            )
        )
    # One decision's list: its index order. Both: the decision whether to assess first.
    order = (
        ()
        if decision in PANEL_DECISIONS
        else (CaseWhen(When(state__in=PANEL_ASSESS_STATES, then=V(0)), default=V(1)),)
    )
    return (
        items.select_related("case", "case__child", "case__officer")
        .only(
            "received_on",
            "state",
            "case__reference",
            "case__child__first_name",
            "case__child__last_name",
            "case__officer__full_name",
        )
        .annotate(
            decision=CaseWhen(
                When(state__in=PANEL_ASSESS_STATES, then=V("assess")),
                default=V("issue"),
                output_field=CharField(),
            ),
            decision_due_on=CaseWhen(
                When(
                    state__in=PANEL_ASSESS_STATES,
                    then=Subquery(limit(DeadlineKind.DECIDE_TO_ASSESS).values("due_on")[:1]),
                ),
                default=Subquery(limit(DeadlineKind.DECIDE_TO_ISSUE).values("due_on")[:1]),
                output_field=DateField(),
            ),
            advice_received=advice(received=True),
            advice_outstanding=advice(received=False),
        )
        .order_by(*order, "received_on", "pk")
    )


# --- timeliness (statutory reporting) -------------------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    """Final plans issued in a period against their 20 weeks (reg 13(2)), reported as the SEN2
    return asks: over every plan ("including exceptions") and over the plans whose limit had no
    recorded exception ("excluding exceptions")."""

    issued: int
    within_20_weeks: int
    with_exceptions: int  # plans whose 20 weeks had at least one recorded exception
    issued_excluding_exceptions: int
    within_20_weeks_excluding_exceptions: int


def final_plan_timeliness(
    cases: QuerySet[Case], *, issued_from: datetime.date, issued_to: datetime.date
) -> Timeliness:
    """The 20-week measure of the final plans issued from `issued_from` to `issued_to` on these
    cases (e.g. `staff_cases(user)`), with and without exceptions. The nominal due date is
    always the one counted: an exception never moves it. One query."""
    excepted = Exists(
        TimeLimitException.deadlines.through.objects.filter(deadline_id=OuterRef("pk"))
    )
    on_time = Q(met_on__lte=F("due_on"))
    counts = Deadline.objects.filter(
        kind=DeadlineKind.FINAL_PLAN,
        case__in=cases,
        met_on__gte=issued_from,
        met_on__lte=issued_to,
    ).aggregate(
        issued=Count("pk"),
        within=Count("pk", filter=on_time),
        excepted=Count("pk", filter=Q(excepted)),
        within_plain=Count("pk", filter=on_time & ~Q(excepted)),
    )
    return Timeliness(
        issued=counts["issued"],
        within_20_weeks=counts["within"],
        with_exceptions=counts["excepted"],
        issued_excluding_exceptions=counts["issued"] - counts["excepted"],
        within_20_weeks_excluding_exceptions=counts["within_plain"],
    )
