#!/usr/bin/env python
import os
import sys


def main():
    # Production settings unless told otherwise: they refuse to start without a real secret key
    # and allowed hosts, and nothing demo-only (seed_demo) runs under them. The demo asks for
    # send_portal.settings.dev (`make run`); the tests for send_portal.settings.test.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings.prod")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
