"""Documents on the case file."""

from django.db import transaction

from cases.models import Case
from cases.models import Document
from cases.models import User
from cases.permissions import require
from cases.rules import Need

from ._common import _store_document


@transaction.atomic
def document_upload(*, actor: User, case: Case, upload, kind: str, title: str) -> Document:
    require(actor, case, Need.WORK)
    return _store_document(case=case, actor=actor, upload=upload, kind=kind, title=title)
