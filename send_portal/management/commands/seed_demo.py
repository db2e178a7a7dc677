import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from send_portal.demo import cases as demo
from send_portal.demo import local_offer as local_offer_demo
from send_portal.demo import mediation as mediation_demo
from send_portal.demo import moves as moves_demo
from send_portal.demo import notices as notices_demo
from send_portal.demo import placements as placement_demo
from send_portal.demo import plans as plan_demo
from send_portal.demo import portal as portal_demo
from send_portal.demo import second_family
from send_portal.demo import transfers as transfers_demo
from send_portal.demo_guard import seed_refusal


class Command(BaseCommand):
    help = (
        "Create demo users (one per role), schools and a small believable set of cases and "
        "plans; with --cases N, also generate N cases (with their requests, deadlines, plans "
        "and reviews) for scale testing. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=0, help="generate N more cases")
        parser.add_argument("--seed", type=int, default=1, help="random seed for --cases")

    def handle(self, *args, cases, seed, **options):
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise CommandError("seed_demo refuses to run with production settings.")
        if refusal := seed_refusal():  # real people's accounts: never add the demo logins
            raise CommandError(refusal)
        if cases < 0:
            raise CommandError("--cases must be 0 or more.")
        today = timezone.localdate()
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # demo data can be made again: do not wait for each batch to reach the disk
                cursor.execute("SET synchronous_commit TO OFF")
        result = demo.seed_demo(today=today)
        if result.cases:
            demo_cases = demo.demo_case_ids()
            plans = plan_demo.seed_plans(today=today, case_ids=demo_cases, full_content=True)
            moves_demo.seed_moves(today=today)  # a move out, a move in, a reassessment request
            # statements and LDAs brought in from the old system, at each step of their review
            transfers_demo.seed_transfers(today=today)
            portal_demo.seed_portal(today=today)
            letters = notices_demo.seed_notices(case_ids=demo_cases, today=today)
            self.stdout.write(
                f"Demo set: {result.cases} new cases, {plans} plans, {letters} letters."
            )
        mediation_demo.seed_mediation(today=today)
        second_family.seed_second_family(today=today)  # parent2 and adviser2 (the advice portal)
        directory = local_offer_demo.seed_local_offer(today=today)
        if directory.services:
            self.stdout.write(
                f"Local offer: {directory.services} services, "
                f"{directory.waiting} waiting for moderation."
            )
        if cases:
            made = demo.seed_cases(count=cases, today=today, seed=seed)
            plans = plan_demo.seed_plans(today=today, seed=seed)
            self.stdout.write(f"Generated {made.cases} cases and {plans} plans.")
        placement_demo.seed_placements(today=today)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics after bulk inserts
        self.stdout.write(
            self.style.SUCCESS(f"Seeded in {time.perf_counter() - started:.1f}s. Demo logins:")
        )
        for email, _name, role, *_team in (*demo.DEMO_USERS, *second_family.DEMO_USERS):
            self.stdout.write(f"  {role.label:<24} {email:<28} password: {demo.DEMO_PASSWORD}")
