"""Panels on the case page, filled by the apps built on cases (an extension point).

`cases` never imports those apps: each registers its panel in its `AppConfig.ready()` with what
the panel shows (`build`, read once by `selectors.case_page`, so nothing is queried from the
template), the template that shows it, and, if it changes what can be done next with a request
(e.g. "Start drafting the plan" once a plan can be written here), how.

Cheap by design, so that panels added by more apps keep the case page within its query budget
(cases/tests/test_views_queries.py): `build` gets the case the page already read, with its
relations loaded (`case.deadlines.all()`, `case.requests.all()`, `case.documents.all()` and
`case.child.family.all()` cost nothing), and a panel that needs more names it in `prefetch`
(lookups on the case, e.g. `Prefetch("plans", ...)`, "plans__reviews"). The page gathers every
panel's lookups and loads them together before any panel is built, once each whoever asked.

Most cases hold nothing for most panels (no disagreement, no move, no held letter), so a panel
names the case's reverse relations it lists in `records`: the page asks in one query which of
them hold any rows, for every panel together, in the query that reads the case
(`records_presence`, `panel_records_seed`), and an empty one is loaded as empty, so the
panel's `case.<name>.all()` and `records_absent` cost nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from .registry import Registry


@dataclass(frozen=True)
class CasePanel:
    name: str  # its key in `CasePage.extension` ("plan", "reviews")
    template: str  # included with `summary` = what `build` returned
    build: Callable[..., object]  # (case=, user=, requests=) -> what the panel shows
    order: int = 100
    # (request, its next actions, what this panel built) -> the request's next actions
    adjust_request_actions: Callable[[object, list, object], list] | None = None
    # lookups on the case to load before `build` (strings or `Prefetch`), shared between panels
    prefetch: tuple = ()
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


def panel_prefetches(panels: list[CasePanel]) -> list:
    """Every panel's lookups, each once (the first panel to name a lookup decides its query)."""
    lookups = {}
    for panel in panels:
        for lookup in panel.prefetch:
            key = getattr(lookup, "prefetch_to", lookup)
            lookups.setdefault(key, lookup)
    return list(lookups.values())


def records_presence(model, names) -> dict:
    """`has_<name>` annotations: whether a case holds any rows of each reverse relation named,
    to be asked in the query that reads the case (the gateway's, on the case page)."""
    presence = {}
    for name in names:
        relation = model._meta.get_field(name)
        rows = relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
        presence[f"has_{name}"] = Exists(rows)
    return presence


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
            cache[name] = model._meta.get_field(name).related_model._base_manager.none()


def records_absent(case, name: str) -> bool:
    """True when the case page found no rows of this relation (`panel_records_seed`)."""
    cached = getattr(case, "_prefetched_objects_cache", {}).get(name)
    return cached is not None and not cached
