"""GET /healthz: are the database, Redis and a Celery worker reachable? No login, no data: "ok" or why not.

200 while the database answers (the app can serve pages); 503 otherwise. Redis and the worker are reported
but do not fail the check: without them pages still work and reports wait in the queue. Bounded to ~2 s.
"""

import os
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

TIMEOUT_SECONDS = 0.5
WORKER_PING_SECONDS = 1.0


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means the same to a probe: not usable now
        return "error"
    return "ok"


def redis_status() -> str:
    if not settings.REDIS_URL:
        return "not_configured"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        client.ping()
    except redis.RedisError:
        return "error"
    return "ok"


def worker_status(broker: str) -> str:
    """A worker answers a broadcast ping. The filesystem broker of the laptop set-up (`make run`) cannot
    broadcast, but its worker runs on this machine and writes its pid file (WORKER_PIDFILE): alive is "ok"."""
    if broker == "not_configured":
        return local_worker_status(settings.WORKER_PIDFILE)
    if broker != "ok":
        return "unknown"
    from config.celery import app

    try:
        replies = app.control.ping(timeout=WORKER_PING_SECONDS)
    except Exception:  # the broker went away between the two checks
        return "unknown"
    return "ok" if replies else "none"


def local_worker_status(pidfile: Path) -> str:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except (OSError, ValueError):
        return "none"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    broker = redis_status()
    worker = worker_status(broker)
    healthy = database == "ok"
    body = {"status": "ok" if healthy else "error", "database": database, "redis": broker, "worker": worker}
    return JsonResponse(body, status=200 if healthy else 503)
