"""Hanoi's real unit tree and the framework, loaded once per test module and rolled back after it.

Importing 683 units takes a second or two; doing it once per module keeps the seed tests fast. The data lives
in an outer transaction that each test's own (savepoint) transaction nests in, and is rolled back at the end
of the module so that other test modules see an empty database.
"""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def hanoi_tree(django_db_setup, django_db_blocker) -> Iterator[None]:
    from violations.services.framework import framework_load_default

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("import_units", stdout=StringIO(), stderr=StringIO())
            framework_load_default()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
