"""What the apps built on cases do when details of a case they read change (an extension point,
filled from each app's `extensions.py`; `cases` never imports them). Today: the school phases
(a middle-school area, a college move), which ehcp reads to time a plan's phase transfer."""

from collections.abc import Callable

from .registry import Registry

_ON_SCHOOL_PHASES = Registry("school phases hook")


def register_school_phases_changed(name: str, hook: Callable[..., object]) -> None:
    """`hook(case=, actor=)` runs in the transaction that saved the case's new school phases."""
    _ON_SCHOOL_PHASES.add(name, hook)


def school_phases_changed(*, case, actor) -> None:
    for hook in _ON_SCHOOL_PHASES.values():
        hook(case=case, actor=actor)
