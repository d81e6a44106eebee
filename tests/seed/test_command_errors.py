"""seed_demo refuses clearly, in Vietnamese, when what it builds on is missing."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.factories import UnitFactory, city
from units.models import UnitKind
from violations.models import Incident

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY_IMPORT = r"^\s*(from|import) (django\.test|aiosmtpd|devtools|hypothesis|factory)\b"


def seed(*args: str) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize("command", ["seed_demo", "ensure_demo_totp", "load_test", "bench_prepare"])
def test_demo_commands_refuse_to_run_outside_debug(command):
    """The test settings, like production, have DEBUG off: the database might be a real one."""
    args = ["--incidents", "1", "--officials", "1"] if command == "bench_prepare" else []
    with pytest.raises(CommandError, match="DEBUG"):
        call_command(command, *args, stdout=StringIO(), stderr=StringIO())
    assert not Incident.objects.exists()


def test_demo_commands_do_not_exist_under_production_settings():
    env = {k: v for k, v in os.environ.items()} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k7#Qz1-not-a-real-secret-but-long-and-varied-enough-9fA2",
    }
    for command in ("seed_demo", "ensure_demo_totp", "load_test", "mail_sink", "bench"):
        result = subprocess.run(
            [sys.executable, "manage.py", command, "--help"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0 and f"Unknown command: '{command}'" in result.stderr, command


def test_production_modules_import_no_test_tooling():
    """Production installs no devtools; nothing it runs may import django.test or the dev-only packages."""
    offenders = []
    for app in ("config", "units", "officials", "violations", "reports", "accounts"):
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if re.search(
                r"^\s*(from|import) (django\.test|aiosmtpd|devtools|hypothesis|factory)\b", text, re.M
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_without_units_it_asks_for_import_units():
    with pytest.raises(CommandError, match="import_units"):
        seed("--officials", "5", "--incidents", "5")


def test_without_a_framework_it_asks_for_load_framework():
    UnitFactory(name="Xã Thử", kind=UnitKind.COMMUNE, parent=city())

    with pytest.raises(CommandError, match="load_framework"):
        seed("--officials", "5", "--incidents", "5")
    assert not Incident.objects.exists()


def test_negative_counts_are_refused():
    with pytest.raises(CommandError, match="--incidents"):
        seed("--incidents", "-1")


def test_a_small_tree_of_its_own_is_enough(framework):
    """Without Hanoi's names the demo logins get no scope, but the data is still written."""
    hanoi = city()
    for number in range(3):
        UnitFactory(name=f"Xã Thử {number}", kind=UnitKind.COMMUNE, parent=hanoi)

    out = seed("--officials", "20", "--incidents", "30", "--seed", "3")

    assert Incident.objects.count() == 30
    assert "Đã tạo 20 cán bộ" in out.splitlines()[-1]
