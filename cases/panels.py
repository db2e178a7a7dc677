"""Panels on the case page, filled by the apps built on cases (an extension point).

`cases` never imports those apps: each registers its panel in its `AppConfig.ready()` with what
the panel shows (`build`, read once by `selectors.case_page`, so nothing is queried from the
template), the template that shows it, and, if it changes what can be done next with a request
(e.g. "Start drafting the plan" once a plan can be written here), how.
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
