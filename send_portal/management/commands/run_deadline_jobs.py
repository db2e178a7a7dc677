import datetime

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from send_portal.jobs import run_deadline_jobs


class Command(BaseCommand):
    help = (
        "Run the nightly deadline job now: refresh deadline statuses, schedule reviews, queue the "
        "officers' digests, managers' escalations and family reminders, and send them. "
        "Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this date (YYYY-MM-DD)")
        parser.add_argument("--no-send", action="store_true", help="queue but do not send")

    def handle(self, *args, date=None, no_send=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"--date must be a date like 2026-11-23: {error}") from error
        run = run_deadline_jobs(today=today, send=not no_send)
        for key, value in run.stats.items():
            self.stdout.write(f"{key:<28} {value}")
        self.stdout.write(self.style.SUCCESS(f"Deadline job for {run.run_on} finished."))
