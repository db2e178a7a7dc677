import datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from send_portal.returns import sen2
from send_portal.returns.files import report_path
from send_portal.returns.files import sen2_return_files


class Command(BaseCommand):
    help = (
        "Write the DfE SEN2 person-level return for a census day, built from the casework, and "
        "beside it a validation report (CSV) of each missing or invalid item, child by child."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--census-date",
            required=True,
            help="the collection's census day (ReferenceDate), e.g. 2027-01-21",
        )
        parser.add_argument("--output", required=True, help="where to write the XML file")

    def handle(self, *args, census_date, output, **options):
        try:
            census_day = datetime.date.fromisoformat(census_date)
        except ValueError as error:
            raise CommandError(f"--census-date must be a date like 2027-01-21: {error}") from None
        expected = sen2.CENSUS_DAYS.get(census_day.year)
        if expected is not None and expected != census_day:
            self.stderr.write(
                f"Note: the {census_day.year} census day is {expected:%-d %B %Y}, not "
                f"{census_day:%-d %B %Y}."
            )
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write the return into.")
        files = sen2_return_files(census_day)
        path.write_bytes(files.xml)
        report = report_path(path)
        report.write_text(files.report, encoding="utf-8")
        errors = sum(1 for p in files.problems if p.severity == "error")
        queries = len(files.problems) - errors
        self.stdout.write(f"{files.people} children and young people written to {path}")
        self.stdout.write(f"Validation report: {report} ({errors} errors, {queries} queries)")
        if files.schema_errors:
            for line in files.schema_errors[:20]:
                self.stderr.write(line)
            raise CommandError(
                f"The file does not match the SEN2 schema ({len(files.schema_errors)} places)."
            )
        self.stdout.write(self.style.SUCCESS("The file matches the SEN2 schema."))
