import pytest


@pytest.mark.django_db
def test_healthz_reports_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


@pytest.mark.django_db
def test_readyz_of_the_web_process_does_not_depend_on_the_broker(client, settings):
    """Every page works without the broker, so the web containers stay in the load balancer
    (docker-compose routes on /readyz) while Redis is down."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


@pytest.mark.django_db
def test_readyz_for_workers_without_a_broker_says_tasks_run_eagerly(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz?worker=1")
    assert response.status_code == 200
    assert response.json()["broker"].startswith("not configured")


@pytest.mark.django_db
def test_readyz_for_workers_fails_when_the_configured_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz?worker=1")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unreachable"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from send_portal import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unreachable"}


def test_health_endpoints_refuse_writes(client, db):
    assert client.post("/healthz").status_code == 405
