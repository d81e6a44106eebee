"""seed_demo refuses clearly, in Vietnamese, when what it builds on is missing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UnitFactory, city
from units.models import UnitKind
from violations.models import Incident

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


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
