"""The Celery app: one per project, tasks autodiscovered from each app's tasks.py.

Production settings unless DJANGO_SETTINGS_MODULE says otherwise (as manage.py and wsgi)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings.prod")

app = Celery("send_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
