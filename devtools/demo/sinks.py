"""Where generated rows go: COPY on PostgreSQL (streamed by a background thread), bulk_create elsewhere.

Rows are tuples of Python values in the order of a TableSpec's attnames. Ids of rows that other rows point
to (officials, incidents, parties) are chosen by the generator from a block reserved by IdBlocks; the other
tables take their ids from the database.
"""

import io
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class TableSpec:
    """One table's columns as the generator fills them; other columns get their model default on every row."""

    def __init__(self, model: type[models.Model], attnames: tuple[str, ...]) -> None:
        self.model = model
        self.attnames = attnames
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(attnames) - fields.keys()
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.extras: dict[str, Any] = {}
        for attname, fld in fields.items():
            if attname in attnames or fld.primary_key:
                continue
            if not fld.has_default() and not fld.null:
                raise ValueError(
                    f"{model.__name__}.{attname} has no default: the demo generator must fill it"
                )
            self.extras[attname] = fld.get_default()
        columns = [fields[a].column for a in attnames] + [fields[a].column for a in self.extras]
        quoted = ", ".join(f'"{c}"' for c in columns)
        self.copy_sql = f'COPY "{model._meta.db_table}" ({quoted}) FROM STDIN'
        self._extra_text = "".join("\t" + pg_text(v) for v in self.extras.values())

    def pg_copy_data(self, rows: list[tuple]) -> bytes:
        extra = self._extra_text + "\n"
        return "".join("\t".join(map(pg_text, row)) + extra for row in rows).encode()

    def instances(self, rows: list[tuple]) -> list[models.Model]:
        model, names, extras = self.model, self.attnames, self.extras
        return [model(**dict(zip(names, row, strict=True)), **extras) for row in rows]


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def pg_text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    return value.isoformat()  # date, datetime (aware), Decimal has no isoformat and is not generated


class Sink(Protocol):
    def write(self, spec: TableSpec, rows: list[tuple]) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class CopySink:
    """PostgreSQL: each write is one COPY, run by a thread so that Python builds the next batch meanwhile.

    The thread uses the same connection, hence the same transaction; the main thread does not touch the
    connection until close() has joined the thread.
    """

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        connection.ensure_connection()
        self._raw = connection.connection
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=3)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="seed-demo-copy", daemon=True)
        self._thread.start()

    def write(self, spec: TableSpec, rows: list[tuple]) -> None:
        if self._error is not None:
            raise self._error
        if rows:
            self._queue.put((spec.copy_sql, spec.pg_copy_data(rows)))

    def _run(self) -> None:
        cursor = self._raw.cursor()
        try:
            while (item := self._queue.get()) is not None:
                if self._error is None:  # after a failure keep draining so that the producer never blocks
                    try:
                        cursor.copy_expert(item[0], io.BytesIO(item[1]), size=1 << 20)
                    except BaseException as exc:  # handed to the main thread
                        self._error = exc
        finally:
            cursor.close()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        self._queue.put(None)
        self._thread.join()


class BulkCreateSink:
    """Other databases (SQLite in development and tests): bulk_create in batches."""

    def write(self, spec: TableSpec, rows: list[tuple]) -> None:
        if rows:
            with preserved_timestamps(spec.model):
                spec.model._default_manager.bulk_create(spec.instances(rows), batch_size=500)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


@contextmanager
def preserved_timestamps(model: type[models.Model]) -> Iterator[None]:
    """bulk_create would stamp auto_now/auto_now_add fields with the current time; generated history needs
    its own dates, so those flags are lifted for the duration of the insert."""
    saved = []
    for fld in model._meta.concrete_fields:
        if isinstance(fld, models.DateField) and (fld.auto_now or fld.auto_now_add):
            saved.append((fld, fld.auto_now, fld.auto_now_add))
            fld.auto_now = fld.auto_now_add = False
    try:
        yield
    finally:
        for fld, auto_now, auto_now_add in saved:
            fld.auto_now, fld.auto_now_add = auto_now, auto_now_add


def make_sink(connection: BaseDatabaseWrapper) -> Sink:
    return CopySink(connection) if connection.vendor == "postgresql" else BulkCreateSink()


class IdBlocks:
    """Reserve the next ids of a table for rows whose ids the generator must know in advance.

    PostgreSQL: the table is locked against other writers until the transaction ends, the block starts after
    both the sequence and the highest id, and the sequence is moved past the block at the end. Elsewhere the
    block starts after the highest id (SQLite serialises writers anyway).
    """

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self._connection = connection
        self._sequences: dict[type[models.Model], tuple[str, int]] = {}

    def start(self, model: type[models.Model]) -> int:
        qn = self._connection.ops.quote_name
        table, pk = model._meta.db_table, model._meta.pk.column
        with self._connection.cursor() as cursor:
            if self._connection.vendor != "postgresql":
                cursor.execute(f"SELECT COALESCE(MAX({qn(pk)}), 0) + 1 FROM {qn(table)}")
                return int(cursor.fetchone()[0])
            cursor.execute(f"LOCK TABLE {qn(table)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT GREATEST(nextval(%s), (SELECT COALESCE(MAX({qn(pk)}), 0) + 1 FROM {qn(table)}))",
                [sequence],
            )
            start = int(cursor.fetchone()[0])
            self._sequences[model] = (sequence, start)
            return start

    def finish(self, model: type[models.Model], last_used: int) -> None:
        """Move the sequence so that the next ordinary insert gets last_used + 1 (or start + 1 if unused)."""
        if model not in self._sequences:
            return
        sequence, start = self._sequences[model]
        with self._connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [sequence, max(start, last_used)])


def analyze(connection: BaseDatabaseWrapper, tables: list[type[models.Model]]) -> None:
    """Give PostgreSQL's planner statistics on freshly loaded tables instead of waiting for autovacuum.

    Inside the loading transaction is fine: ANALYZE samples the rows the transaction itself inserted.
    """
    if connection.vendor != "postgresql":
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(qn(model._meta.db_table) for model in tables))
