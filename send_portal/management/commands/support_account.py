import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from send_portal.support.services import support_account_save


class Command(BaseCommand):
    help = (
        "Make a support account for the Django admin (/admin/): staff status and no role in the "
        "service, so it reaches the admin's support tools and none of the casework pages. Asks "
        "for the password twice. (createsuperuser makes a SEN manager, which the admin refuses.)"
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="e.g. 'IT service desk (Jo Bloggs)'")

    def handle(self, *args, email, name, **options):
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        try:
            user = support_account_save(email=email, full_name=name, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Support account {user.email} is ready."))
