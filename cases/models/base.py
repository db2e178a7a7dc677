"""What the records a workflow acts on share, in every app: the case they belong to (access to
one is access to its case) and, for those a person edits in a form, a version.

Abstract: each app's table keeps its own columns; nothing here needs a migration."""

from operator import attrgetter
from typing import ClassVar

from django.db import models

from .case import Case


class OnCase(models.Model):
    """A record on a child's case. `case_path` says how its case is reached ("case", or through
    what it belongs to: "plan.case", "disagreement.case"); `access_case()` follows it, for the
    access checks of its workflow steps (`cases.rules.NeedsAccess`) and its audit entries."""

    case_path: ClassVar[str] = "case"

    class Meta:
        abstract = True

    def access_case(self) -> Case:
        return attrgetter(self.case_path)(self)


class Versioned(models.Model):
    """A record edited through forms: every change moves its version on
    (`cases.services.records.record_save`), and a form loaded before a change is refused
    ("changed by someone else")."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
