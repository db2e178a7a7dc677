"""`manage.py import_legacy PATH [--dry-run]`: bring in a CSV or XLSX file of legacy records.

The dry run prints every row's outcome and every error (row, column, what is wrong) and writes
nothing. The real import checks the same way first; with any error it writes nothing and says
why; otherwise it writes every row in one transaction, with a progress bar."""

import pathlib

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone

from transfers import legacy
from transfers import services


class Command(BaseCommand):
    help = "Import legacy EHC plans, statements and LDAs from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and write nothing"
        )

    def handle(self, *args, path, dry_run, **options):
        file = pathlib.Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            rows = legacy.read_rows(file.read_bytes(), name=file.name)
        except legacy.FileRefused as refused:
            raise CommandError(str(refused)) from None
        today = timezone.localdate()
        if dry_run:
            report = services.legacy_check(rows=rows, today=today)
            self._report(report, every_row=True)
            if not report.ok:
                raise CommandError(f"{len(report.errors)} errors: nothing would be imported.")
            self.stdout.write(self.style.SUCCESS("Dry run: nothing was written."))
            return
        report = services.legacy_import(actor=None, rows=rows, today=today, progress=self._progress)
        self._report(report, every_row=not report.ok)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} errors: nothing was imported.")
        totals = report.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {totals['create']} new, {totals['update']} updated, "
                f"{totals['unchanged']} unchanged."
            )
        )

    def _report(self, report, *, every_row: bool) -> None:
        for message in report.file_errors:
            self.stderr.write(message)
        for row in report.rows:
            for column, message in row.errors:
                self.stderr.write(f"Row {row.number}, {column}: {message}")
            if every_row and not row.errors:
                self.stdout.write(f"Row {row.number}: {row.outcome}")
        totals = report.totals
        self.stdout.write(
            f"{totals['rows']} rows: {totals['create']} to create, {totals['update']} to "
            f"update, {totals['unchanged']} unchanged, {totals['errors']} with errors."
        )

    def _progress(self, done: int, total: int) -> None:
        width = 40
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        out = self.stdout
        out.write(f"\r[{bar}] {done}/{total}", ending="")
        if done >= total:
            out.write("")
        if hasattr(out, "flush"):
            out.flush()
