#!/usr/bin/env python
import os
import sys


def main():
    # Against a real database (DATABASE_URL set), production settings unless told otherwise: they
    # refuse to start without a real secret key and allowed hosts, and nothing demo-only
    # (seed_demo) runs under them. With no DATABASE_URL the only database is the embedded SQLite
    # file under var/, so the development settings serve the README's commands on a bare machine
    # (they never read .env, so a DATABASE_URL kept there cannot reach them).
    real_database = bool(os.environ.get("DATABASE_URL"))
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE",
        "send_portal.settings.prod" if real_database else "send_portal.settings.dev",
    )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
