"""Production settings fail fast without real secrets, and pass Django's deployment checks."""

import os
from pathlib import Path

from tests.kit import run_fresh

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-grade-secret-key-0123456789"


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.pop("REDIS_URL", None)
    environment.update(DJANGO_SETTINGS_MODULE="send_portal.settings.prod", **env)
    return run_fresh("manage.py", *args, env=environment)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="send.example.gov.uk")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_production_passes_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="send.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_is_london_time_and_british_english(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.USE_TZ is True


# --- development settings only where asked for (issue 17) ---------------------------------------


def _environment(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SEND_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(env)
    return environment


def run_python(script, **env):
    return run_fresh("-c", script, env=_environment(**env))


def test_manage_py_defaults_to_the_production_settings_against_a_real_database():
    result = run_fresh(
        "manage.py",
        "check",
        env={**_environment(), "DATABASE_URL": "postgres://someone@db.example:5432/send"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "send_portal.settings.dev" in result.stderr  # and says how to run the demo


def test_manage_py_on_a_bare_machine_uses_the_embedded_development_settings(tmp_path):
    script = (
        "import os, runpy, sys\n"
        "sys.argv = ['manage.py', 'diffsettings', '--all']\n"
        "runpy.run_path('manage.py', run_name='__main__')\n"
    )
    env = {**_environment(), "SEND_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = run_fresh("-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert "ENVIRONMENT = 'development'" in result.stdout
    assert "sqlite3" in result.stdout


def test_celery_and_wsgi_default_to_the_production_settings():
    script = "import os\nimport send_portal.celery\nprint(os.environ['DJANGO_SETTINGS_MODULE'])\n"
    assert run_python(script).stdout.strip() == "send_portal.settings.prod"
    for module in ("wsgi", "asgi"):
        source = (ROOT / "send_portal" / f"{module}.py").read_text()
        assert '"DJANGO_SETTINGS_MODULE", "send_portal.settings.prod"' in source


def test_the_demo_targets_ask_for_the_development_settings():
    makefile = (ROOT / "Makefile").read_text()
    assert "DEV := DJANGO_SETTINGS_MODULE=send_portal.settings.dev" in makefile
    for command in (
        "$(DEV) $(PY) manage.py migrate",
        "$(DEV) $(PY) manage.py seed_demo",
        "$(DEV) $(PY) manage.py runserver",
    ):
        assert command in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    boot = ci[ci.index("the embedded default boots") :]
    assert boot.index("export DJANGO_SETTINGS_MODULE=send_portal.settings.dev") < boot.index(
        "manage.py migrate"
    )


# Imports one settings module with `.env` made to look present, and reports whether a `.env`
# file was read: so the test holds whatever the working copy has in its own `.env`.
ENV_FILE_PROBE = """
import pathlib, environ
read = []
environ.Env.read_env = classmethod(lambda cls, path=None, **kw: read.append(str(path)))
real_exists = pathlib.Path.exists
pathlib.Path.exists = lambda self, *a, **k: self.name == ".env" or real_exists(self, *a, **k)
import importlib
try:
    importlib.import_module("send_portal.settings.{name}")
except Exception:
    pass
print("read" if any(p.endswith(".env") for p in read) else "not read")
"""


def test_only_the_production_settings_read_dot_env():
    """Issue 17: `.env` was read by every settings module, so a `.env` holding a real
    DATABASE_URL reached the development settings (and seed_demo wrote the demo logins there)."""
    outcome = {
        name: run_python(ENV_FILE_PROBE.format(name=name)).stdout.strip()
        for name in ("dev", "test", "prod")
    }
    assert outcome == {"dev": "not read", "test": "not read", "prod": "read"}


def test_the_production_settings_read_the_env_file_without_overriding_the_environment(tmp_path):
    env_file = tmp_path / "production.env"
    env_file.write_text(f"SECRET_KEY={GOOD_KEY}\nALLOWED_HOSTS=from-file.example\n")
    script = "from send_portal.settings import prod; print(','.join(prod.ALLOWED_HOSTS))"
    assert run_python(script, SEND_ENV_FILE=str(env_file)).stdout.strip() == "from-file.example"
    result = run_python(script, SEND_ENV_FILE=str(env_file), ALLOWED_HOSTS="from-env.example")
    assert result.stdout.strip() == "from-env.example"


DEMO_ERROR_PAGES = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import clear_url_caches, path
import send_portal.urls

def broken(request):
    raise RuntimeError("a fault")

send_portal.urls.urlpatterns.append(path("broken/", broken))
clear_url_caches()
setup_test_environment()
client = Client(raise_request_exception=False)
print(settings.DEBUG)
for url, title in (("/no-such-page/", "Page not found"), ("/broken/", "there is a problem")):
    response = client.get(url)
    page = response.content.decode()
    print(response.status_code,
          "Content-Security-Policy" in response,
          title in page and "govuk-template" in page,
          "Django" not in page and "Traceback" not in page)
"""


def test_the_demos_error_pages_are_the_services_own_under_the_csp(tmp_path):
    """Issue 17: the demo's 404 was Django's debug page, without the content security policy."""
    result = run_python(
        DEMO_ERROR_PAGES,
        DJANGO_SETTINGS_MODULE="send_portal.settings.dev",
        SEND_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.splitlines() == [
        "False",
        "404 True True True",
        "500 True True True",
    ], result.stderr[-2000:]


def test_debug_pages_only_when_asked_for(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    dev = {"DJANGO_SETTINGS_MODULE": "send_portal.settings.dev", "SEND_VAR_DIR": str(tmp_path)}
    assert run_python(script, **dev).stdout.strip() == "False"
    assert run_python(script, DEBUG="true", **dev).stdout.strip() == "True"


# --- short timeouts on Redis, tasks re-delivered when their worker dies ---------------------------


def test_the_cache_and_the_broker_give_up_on_a_hung_redis_quickly():
    from send_portal.settings import base

    options = base.redis_cache("redis://redis:6379/0")["default"]["OPTIONS"]
    assert 0 < options["socket_timeout"] <= 0.5
    assert 0 < options["socket_connect_timeout"] <= 0.5
    transport = base.CELERY_BROKER_TRANSPORT_OPTIONS
    assert 0 < transport["socket_timeout"] <= 1 and 0 < transport["socket_connect_timeout"] <= 1
    assert base.CELERY_BROKER_CONNECTION_TIMEOUT <= 1
    assert base.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] <= 1


def test_a_task_whose_worker_dies_goes_back_on_the_queue():
    from send_portal import tasks
    from send_portal.celery import app
    from send_portal.settings import base

    assert base.CELERY_TASK_ACKS_LATE and base.CELERY_TASK_REJECT_ON_WORKER_LOST
    task = app.tasks[tasks.nightly_deadline_jobs.name]
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
