"""Production settings pass Django's deployment checklist and send the security headers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k7#Qz1-not-a-real-secret-but-long-and-varied-enough-for-the-check-9fA2",
    "ALLOWED_HOSTS": "kycuong.hanoi.gov.vn",
}


def test_check_deploy_prints_no_warning():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE_SSL_REDIRECT")} | PRODUCTION_ENV
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_the_development_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
# PDF and email templates are never served to a browser (WeasyPrint and mail clients need inline styles).
NOT_SERVED = {"pdf", "email", "emails", "mail"}
SERVED = sorted(
    path
    for folder in TEMPLATE_DIRS
    for path in folder.rglob("*.html")
    if not NOT_SERVED & set(path.relative_to(folder).parts)
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=|javascript:", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


@pytest.mark.parametrize("template", SERVED, ids=str)
def test_no_template_needs_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js"
    assert not INLINE_HANDLER.search(text), "inline event handler: bind it in static/js"
    assert not INLINE_STYLE.search(text), "inline style: move it to static/css"


def _setting_under(module: str, expression: str, **extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DB_CONN_MAX_AGE"} | PRODUCTION_ENV | extra
    env["DJANGO_SETTINGS_MODULE"] = module
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    "module,age",
    [("config.settings.dev", "0"), ("config.settings.test", "0"), ("config.settings.production", "60")],
)
def test_persistent_database_connections_are_for_production_only(module, age):
    """runserver starts a thread per request; each kept its connection for a minute and a probe saw 71
    connections to one database. gunicorn's fixed workers keep one each."""
    assert _setting_under(module, 'settings.DATABASES["default"]["CONN_MAX_AGE"]') == age


@pytest.mark.parametrize("raw", ["-1", "6", "un"])
def test_a_malformed_trusted_proxy_count_stops_start_up(raw):
    env = {k: v for k, v in os.environ.items()} | PRODUCTION_ENV | {"TRUSTED_PROXY_COUNT": raw}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
