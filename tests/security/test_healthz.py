"""GET /healthz: database, Redis and worker status, without a login, without data, within about 2 s."""

import json
import os
import time

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.conftest import require_service

pytestmark = pytest.mark.django_db

URL = reverse("healthz")


def _get(client):
    began = time.monotonic()
    response = client.get(URL)
    return response, json.loads(response.content), time.monotonic() - began


def test_it_answers_anyone_with_only_statuses(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.WORKER_PIDFILE = tmp_path / "celery-worker.pid"
    response, body, _ = _get(client)
    assert response.status_code == 200
    assert body == {"status": "ok", "database": "ok", "redis": "not_configured", "worker": "none"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_without_redis_the_local_worker_is_found_by_its_pid_file(client, settings, tmp_path):
    """`make run`'s worker (filesystem broker, no broadcast) is reported by its pid file."""
    settings.REDIS_URL = ""
    settings.WORKER_PIDFILE = pidfile = tmp_path / "celery-worker.pid"
    pidfile.write_text(f"{os.getpid()}\n")
    assert _get(client)[1]["worker"] == "ok"
    pidfile.write_text("999999999\n")  # no such process: the worker died without removing its file
    assert _get(client)[1]["worker"] == "none"
    pidfile.write_text("garbage")
    assert _get(client)[1]["worker"] == "none"


def test_it_is_503_when_the_database_is_down(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("config.health.connection.cursor", broken)
    response, body, _ = _get(client)
    assert response.status_code == 503
    assert body["database"] == "error" and body["status"] == "error"


def test_an_unreachable_redis_is_reported_quickly_without_failing_the_check(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response, body, elapsed = _get(client)
    assert response.status_code == 200
    assert (body["redis"], body["worker"]) == ("error", "unknown")
    assert elapsed < 2.5


def test_with_redis_up_the_worker_is_pinged_within_two_seconds(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the worker is reached through Redis")
    require_service("Redis", "127.0.0.1", 6379)
    response, body, elapsed = _get(client)
    assert response.status_code == 200
    assert body["redis"] == "ok"
    assert body["worker"] in ("ok", "none")
    assert elapsed < 2.5


def test_it_only_answers_get(client):
    assert client.post(URL).status_code == 405
