import os

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import connection
from django.db import transaction

from send_portal import dbroles


class Command(BaseCommand):
    help = (
        "Grant the app's database role what it needs, and on the audit trail and the access log "
        "only SELECT and INSERT (PostgreSQL; docs/decisions/0012). Run by the owner of the tables "
        "after every `migrate`. With --create, make the role first (LOGIN, nothing more), with "
        "the password in the environment variable named by --password-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the app's role, e.g. send_app")
        parser.add_argument("--create", action="store_true", help="create the role if missing")
        parser.add_argument(
            "--password-env",
            default="APP_DATABASE_PASSWORD",
            help="environment variable holding the role's password (with --create)",
        )

    def handle(self, *args, role, create, password_env, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are PostgreSQL's; the embedded SQLite has none.")
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if create:
                    password = os.environ.get(password_env, "")
                    if not password and not dbroles.role_exists(cursor, role):
                        raise CommandError(f"Set {password_env} to the app role's password.")
                    dbroles.app_role_create(cursor, role, password or None)
                dbroles.app_role_grant(cursor, role)
        except dbroles.RoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{role}: granted; on the audit trail and the access log SELECT and INSERT only."
            )
        )
