"""Panels on the case page, filled by the apps built on cases (an extension point).

`cases` never imports those apps: each registers its panel in its `AppConfig.ready()` with what
the panel shows (`build`, read once by `selectors.case_page`, so nothing is queried from the
template), the template that shows it, and, if it changes what can be done next with a request
(e.g. "Start drafting the plan" once a plan can be written here), how.

Cheap by design, so that panels added by more apps keep the case page within its query budget
(cases/tests/test_views_queries.py): `build` gets the case the page already read, with its
relations loaded (`case.deadlines.all()`, `case.requests.all()`, `case.documents.all()` and
`case.child.family.all()` cost nothing), and a panel that needs more of the case's lists names
them in `lists` (`{"plans": NestedRows(Plan, parent="case", ...)}`, `cases.nested_rows`): they
are read inside the case's own row, in the gateway's one query, and given to
`case.<name>.all()` before any panel is built, once each whoever asked.

Most cases hold nothing for most panels (no disagreement, no move, no held letter), so a panel
names the case's reverse relations it lists in `records`: the page asks in one query which of
them hold any rows, for every panel together, in the query that reads the case
(`records_presence`, `panel_records_seed`), and an empty one is loaded as empty, so the
panel's `case.<name>.all()` and `records_absent` cost nothing.
"""

import functools
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .registry import Registry


@dataclass(frozen=True)
class CasePanel:
    name: str  # its key in `CasePage.extension` ("plan", "reviews")
    template: str  # included with `summary` = what `build` returned
    build: Callable[..., object]  # (case=, user=, requests=) -> what the panel shows
    order: int = 100
    # (request, its next actions, what this panel built) -> the request's next actions
    adjust_request_actions: Callable[[object, list, object], list] | None = None
    # the case's lists to read in its row before `build` ({relation: NestedRows}), shared
    lists: Mapping[str, object] = field(default_factory=dict)
    # the case's reverse relations this panel lists ("disagreements"): asked for all at once
    records: tuple = ()


@dataclass(frozen=True)
class PanelView:
    name: str
    template: str
    summary: object


_PANELS = Registry("case page panel")


def register_case_panel(panel: CasePanel) -> None:
    _PANELS.add(panel.name, panel)


def case_panels() -> list[CasePanel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name))


def panel_lists(panels: list[CasePanel]) -> dict:
    """Every panel's lists, each once (the first panel to name a list decides its read)."""
    lists = {}
    for panel in panels:
        for name, read in panel.lists.items():
            lists.setdefault(name, read)
    return lists


def records_presence(model, names) -> dict:
    """`has_<name>` annotations: whether a row holds any rows of each reverse relation named
    (or path of them, "requests__advice"), to be asked in the query that reads it (the
    gateway's, on the case and plan pages). Keys are `has_` and the path's last name."""
    return {f"has_{name.rsplit('__', 1)[-1]}": exists_sql(model, name) for name in names}


def exists_sql(model, path: str) -> RawSQL:
    """EXISTS over a chain of reverse foreign keys from `model`'s table, written as SQL from the
    models' metadata. The ORM's `Exists(...OuterRef...)` says the same, but resolving and
    compiling a dozen of them cost the case page more than all its queries took to run; this
    text is the query the database receives either way."""
    sql = _exists_text(model, path, connection.vendor)
    # Table and column names only, from the models, quoted: nothing from a request.
    return RawSQL(sql, (), output_field=BooleanField())  # noqa: S611


@functools.cache
def _exists_text(model, path: str, vendor: str) -> str:
    """The text of `exists_sql`, written once a process for each database vendor."""
    quote = connection.ops.quote_name
    parent = f"{quote(model._meta.db_table)}"  # the outer query's own table, unaliased
    sql, where, current = "", "", model
    for number, name in enumerate(path.split("__")):
        relation = current._meta.get_field(name)
        if not (relation.one_to_many or relation.one_to_one) or relation.concrete:
            raise ValueError(f"{current.__name__}.{name} is not a reverse foreign key")
        current = relation.related_model
        alias = quote(f"presence{number}")
        table = f"{quote(current._meta.db_table)} {alias}"
        link = (
            f"{alias}.{quote(relation.field.column)} = "
            f"{parent}.{quote(relation.field.target_field.column)}"
        )
        if number == 0:
            sql, where = f"SELECT 1 FROM {table}", link  # noqa: S608 (names from metadata)
        else:
            sql += f" INNER JOIN {table} ON {link}"
        parent = alias
    return f"EXISTS ({sql} WHERE {where})"


def records_present(case, presence: dict) -> dict[str, bool]:
    """Each `has_<name>` of `presence`: read off the case when the query that read it asked
    (`records_presence`), else asked now, all in one query."""
    if all(hasattr(case, key) for key in presence):
        return {key: getattr(case, key) for key in presence}
    return type(case)._base_manager.filter(pk=case.pk).values(**presence).get()


def panel_records(panels: list[CasePanel]) -> list[str]:
    return sorted({name for panel in panels for name in panel.records})


def panel_records_seed(case, panels: list[CasePanel], present: dict[str, bool]) -> None:
    """Each panel relation the case holds no rows of is loaded onto it as empty, so reading it
    (`case.<name>.all()`, `records_absent`) queries nothing."""
    model = type(case)
    cache = case.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in panel_records(panels):
        if not present[f"has_{name}"]:
            empty = model._meta.get_field(name).related_model._base_manager.none()
            empty._result_cache = []  # read as a prefetched list: no query compiled to learn it
            empty._prefetch_done = True
            cache[name] = empty


def records_absent(case, name: str) -> bool:
    """True when the case page found no rows of this relation (`panel_records_seed`)."""
    cached = getattr(case, "_prefetched_objects_cache", {}).get(name)
    return cached is not None and not cached
