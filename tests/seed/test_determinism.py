"""The same seed gives the same data, whatever ids the rows get; another seed gives other data."""

import pytest
from django.db import transaction

from devtools.demo.seed import seed_demo
from officials.models import Official
from tests.seed.fingerprints import fingerprint

pytestmark = pytest.mark.django_db


def seeded_fingerprint(seed: int) -> dict[str, list[tuple]]:
    """Seed into a savepoint, read it back and roll it back, so every run starts from the same database."""
    with transaction.atomic():
        seed_demo(officials=300, incidents=400, seed=seed, progress=False)
        found = fingerprint()
        transaction.set_rollback(True)
    return found


def test_same_seed_gives_identical_rows(hanoi_tree):
    first = seeded_fingerprint(5)
    second = seeded_fingerprint(5)  # ids differ now: sequences are not rolled back

    assert len(first["officials"]) == 300
    assert len(first["incidents"]) == 400
    assert first == second


def test_another_seed_gives_other_rows(hanoi_tree):
    assert seeded_fingerprint(5)["incidents"] != seeded_fingerprint(6)["incidents"]


def test_staff_codes_start_at_hn0000001_on_an_empty_database(hanoi_tree):
    seed_demo(officials=50, incidents=0, seed=1, progress=False)

    codes = sorted(Official.objects.values_list("staff_code", flat=True))
    assert codes[0] == "HN0000001"
    assert codes[49] == "HN0000050"
