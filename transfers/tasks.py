"""Celery tasks of transfers: thin, take ids, call the service, safe to run twice.

`legacy_import_run` imports a confirmed file. The import is one transaction (all or nothing),
so its progress cannot be read from the database while it runs: it goes to the cache, which the
progress page reads; the outcome is stored on the `LegacyImport` once the transaction ends."""

from celery import shared_task

from . import imports


@shared_task(name="transfers.legacy_import_run", acks_late=True)
def legacy_import_run(import_id: int) -> str:
    return imports.legacy_import_run(import_id=import_id)
