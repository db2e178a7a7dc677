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
"""

from collections.abc import Callable
from dataclasses import dataclass

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
