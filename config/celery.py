"""Celery wiring. With REDIS_URL set the broker is Redis; otherwise the filesystem transport under var/
lets a real worker run on a laptop with nothing else installed."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("kycuong")
app.config_from_object("django.conf:settings", namespace="CELERY")


def _broker_settings() -> dict:
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if redis_url:
        return {"broker_url": redis_url, "result_backend": redis_url}
    root = Path(os.environ.get("KYCUONG_VAR_DIR", Path(__file__).resolve().parent.parent / "var")) / "celery"
    for sub in ("out", "processed", "control"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    folder = str(root / "out")
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": folder,
            "data_folder_out": folder,
            "processed_folder": str(root / "processed"),
            "control_folder": str(root / "control"),
        },
        "result_backend": None,
    }


app.conf.update(_broker_settings())
app.autodiscover_tasks()
