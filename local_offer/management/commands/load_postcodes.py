"""Load the council's postcode table from a CSV (e.g. the ONS Postcode Directory, cut to the
area): columns `postcode`, `latitude`, `longitude` (other columns are ignored). Safe to run
again: a postcode already held gets the new coordinates."""

import csv

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import transaction

from local_offer.models import Postcode
from local_offer.models import normalise_postcode

BATCH = 5000


class Command(BaseCommand):
    help = "Load postcode coordinates from a CSV with postcode, latitude and longitude columns."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        points, skipped = [], 0
        for number, row in enumerate(rows, start=2):
            try:
                points.append(
                    Postcode(
                        postcode=normalise_postcode(row["postcode"]),
                        latitude=float(row["latitude"]),
                        longitude=float(row["longitude"]),
                    )
                )
            except (KeyError, TypeError, ValueError):
                skipped += 1
                self.stderr.write(f"Line {number}: not a postcode with coordinates, skipped")
        with transaction.atomic():
            Postcode.objects.bulk_create(
                points,
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["latitude", "longitude"],
            )
        self.stdout.write(f"Loaded {len(points)} postcodes ({skipped} lines skipped).")
