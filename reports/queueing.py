"""Queueing Celery tasks from inside a transaction: only once it commits.

A task queued before the commit may run before the rows it reads exist (or after they were rolled back);
every queue call in the reports app goes through here so none can forget.
"""

from collections.abc import Iterable
from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, calls: Iterable[tuple[Any, ...]]) -> None:
    """Queue `task` once per argument tuple after the current transaction commits (at once outside one)."""
    pending = [tuple(args) for args in calls]
    transaction.on_commit(lambda: [task.delay(*args) for args in pending])
