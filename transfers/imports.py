"""A legacy file from the manager's screen: kept as a stored file, checked (the dry run's
report kept with it), then imported by a task that reports its progress.

Progress goes to the cache while the import's single transaction runs (nothing written inside it
is visible to the progress page until it commits); the outcome is stored when it ends."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.uploads import MAX_UPLOAD_BYTES

from . import legacy
from . import services
from .models import ImportState
from .models import LegacyImport
from .selectors import require_import

XLSX_MAGIC = b"PK\x03\x04"


def progress_key(import_id: int) -> str:
    return f"transfers:legacy-import:{import_id}:done"


def validate_legacy_upload(upload) -> str:
    """Refuse anything but a CSV or XLSX file under the size limit (the limit of
    `cases.uploads`, whose upload handler stops reading at it); returns the format."""
    if upload is None or upload.size == 0:
        raise ValidationError({"upload": "The selected file is empty"})
    if getattr(upload, "too_large", False) or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"upload": "The selected file must be smaller than 10MB"})
    try:
        fmt = legacy.file_format(upload.name or "")
    except legacy.FileRefused as refused:
        raise ValidationError({"upload": str(refused)}) from None
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if fmt == "xlsx" and not head.startswith(XLSX_MAGIC):
        raise ValidationError({"upload": "The selected file is not a real XLSX (Excel) file"})
    if fmt == "csv" and (b"\x00" in head or head.startswith(XLSX_MAGIC)):
        raise ValidationError({"upload": "The selected file is not a CSV file"})
    return fmt


def _report_of(content: bytes, name: str, today) -> dict:
    try:
        rows = legacy.read_rows(content, name=name)
    except legacy.FileRefused as refused:
        return {"file_errors": [str(refused)], "rows": [], "totals": {"rows": 0}}
    return services.legacy_check(rows=rows, today=today).as_json()


@transaction.atomic
def legacy_upload(*, actor, upload, today=None) -> LegacyImport:
    """Keep the file and run the dry run: its report says every row's outcome or errors."""
    require_import(actor)
    validate_legacy_upload(upload)
    today = today or timezone.localdate()
    content = upload.read()
    report = _report_of(content, upload.name, today)
    found = LegacyImport(
        original_name=upload.name[:200],
        uploaded_by=actor,
        report=report,
        total_rows=report["totals"].get("rows", 0),
    )
    found.file.save(upload.name, ContentFile(content), save=False)
    found.save()
    return found


def legacy_confirm(*, actor, import_id: int) -> LegacyImport:
    """The manager confirms a clean dry run: the import is queued (run after commit)."""
    from .tasks import legacy_import_run

    require_import(actor)
    with transaction.atomic():
        found = LegacyImport.objects.select_for_update().get(pk=import_id)
        if found.state != ImportState.CHECKED:
            raise ValidationError("This file has already been imported or is being imported.")
        if found.error_count:
            raise ValidationError(
                "The file has errors: correct them and upload it again. Nothing was imported."
            )
        found.state = ImportState.QUEUED
        found.save(update_fields=["state"])
        transaction.on_commit(lambda: legacy_import_run.delay(found.pk))
    return found


def legacy_import_run(*, import_id: int) -> str:
    """Run a queued import (the task). Safe to run twice: only a queued import runs."""
    updated = LegacyImport.objects.filter(pk=import_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING
    )
    if not updated:
        return "skipped"
    found = LegacyImport.objects.select_related("uploaded_by").get(pk=import_id)
    key = progress_key(found.pk)

    def progress(done: int, total: int) -> None:
        cache.set(key, done, timeout=3600)

    try:
        with found.file.open("rb") as stored:
            content = stored.read()
        rows = legacy.read_rows(content, name=found.original_name)
        report = services.legacy_import(
            actor=found.uploaded_by,
            rows=rows,
            today=timezone.localdate(),
            legacy_import=found,
            progress=progress,
        )
    except legacy.FileRefused as refused:
        return _finish(found, ImportState.FAILED, failure=str(refused))
    if not report.ok:
        found.report = report.as_json()
        found.save(update_fields=["report"])
        return _finish(
            found,
            ImportState.FAILED,
            failure="The records changed since the check: see the errors. Nothing was imported.",
        )
    return _finish(found, ImportState.DONE, totals=report.totals)


def _finish(found: LegacyImport, state: str, *, failure: str = "", totals=None) -> str:
    found.state = state
    found.failure = failure
    found.totals = totals or {}
    found.done_rows = found.total_rows if state == ImportState.DONE else 0
    found.finished_at = timezone.now()
    found.save(update_fields=["state", "failure", "totals", "done_rows", "finished_at"])
    cache.delete(progress_key(found.pk))
    return state


def import_done_rows(found: LegacyImport) -> int:
    if found.state == ImportState.RUNNING:
        return cache.get(progress_key(found.pk), 0)
    return found.done_rows
