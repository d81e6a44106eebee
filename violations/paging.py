"""Keyset ("seek") paging: a page starts after (or ends before) the sort key of a row the user has seen.

OFFSET makes the database produce and throw away every earlier row (the last page of a 1M-row list read and
sorted all of them); a keyset page reads its own rows through the sort's index, so the last page costs what
the first does: it is the reversed order's first page, reversed back.

The queryset's own order_by is the sort. Its last key must be the primary key, so that no two rows share a
position and ties in the other keys page without repeats or gaps. Each key is annotated (seek_0, seek_1, …)
so that expressions (a rank CASE) and joined columns (unit__sort_key) page like plain columns, and a page's
boundary values can be read back from its rows. The keys must not be NULL.

The boundary travels in the query string as a cursor, signed (django.core.signing): opaque to the user and
impossible to forge; a cursor that does not verify, or was made for another sort, raises InvalidCursor and the
caller shows the first page. Django 5.2 has no keyset paginator; the published ones did not fit (see
KeysetPaginator).
"""

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)

SALT = "violations.paging.cursor"
ALIAS = "seek_{}"
Direction = Literal["after", "before", "last"]
_PRIMARY_KEY_NAMES = {"pk", "id"}


class InvalidCursor(Exception):
    """A cursor that was tampered with, truncated, or made for another sort."""


@dataclass(frozen=True)
class SortKey:
    alias: str
    expression: Any  # an F or an expression; annotated under alias
    descending: bool


@dataclass
class KeysetPage:
    object_list: list[Any]
    has_previous: bool
    has_next: bool
    previous_cursor: str | None = None
    next_cursor: str | None = None
    last_cursor: str | None = None
    rejected_cursor: bool = False  # the cursor asked for did not verify: this is the first page instead

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)


def sort_keys(qs: QuerySet[Any]) -> list[SortKey]:
    """The queryset's explicit ordering as sort keys; refuses one that cannot page without gaps."""
    ordering = list(qs.query.order_by) or list(qs.model._meta.ordering)
    keys = [_key(index, item) for index, item in enumerate(ordering)]
    last = ordering[-1] if ordering else None
    if not (isinstance(last, str) and last.lstrip("-") in _PRIMARY_KEY_NAMES):
        raise ValueError("keyset paging needs the primary key as the last sort key (the tie-break)")
    return keys


def _key(index: int, item: Any) -> SortKey:
    alias = ALIAS.format(index)
    if isinstance(item, str):
        if item == "?" or "." in item:
            raise ValueError(f"cannot page over ordering {item!r}")
        return SortKey(alias, F(item.lstrip("-")), item.startswith("-"))
    if isinstance(item, OrderBy):
        if item.nulls_first or item.nulls_last:
            raise ValueError("keyset paging needs sort keys without NULLs")
        return SortKey(alias, item.expression, item.descending)
    return SortKey(alias, item, False)


class KeysetPaginator:
    """Pages of `per_page` rows of an ordered queryset, reached through cursors.

    Not a library: django-cursor-pagination (0.3.0) and django-infinite-scroll-pagination (1.3.0) page over
    named fields only (this list sorts by a rank CASE for severity and status), compare with OR-chains where
    PostgreSQL uses the (key, id) index best with a row comparison, and encode cursors as plain base64 that a
    user can edit; django-keyset-pagination was last released in 2020, before Django 4.
    """

    def __init__(self, qs: QuerySet[Any], per_page: int) -> None:
        self.keys = sort_keys(qs)
        self.per_page = per_page
        self.qs = qs.annotate(**{key.alias: key.expression for key in self.keys})
        self.fingerprint = _fingerprint(self.keys)

    def page(self, cursor: str | None) -> KeysetPage:
        """The page a cursor names; the first page for none, and for one that does not verify."""
        if not cursor:
            return self._first()
        try:
            direction, values = self._decode(cursor)
        except InvalidCursor:
            page = self._first()
            page.rejected_cursor = True
            return page
        if direction == "last":
            return self._last()
        if direction == "after":
            return self._after(values)
        return self._before(values)

    def last_cursor(self) -> str:
        return self._encode("last", None)

    # The four kinds of page. Each reads per_page + 1 rows: the extra one says whether more lie beyond.

    def _first(self) -> KeysetPage:
        rows = list(self._ordered(reverse=False)[: self.per_page + 1])
        return self._page(rows[: self.per_page], has_previous=False, has_next=len(rows) > self.per_page)

    def _last(self) -> KeysetPage:
        rows = list(self._ordered(reverse=True)[: self.per_page + 1])
        shown = rows[: self.per_page][::-1]
        return self._page(shown, has_previous=len(rows) > self.per_page, has_next=False)

    def _after(self, values: tuple[Any, ...]) -> KeysetPage:
        rows = list(self._beyond(values, reverse=False)[: self.per_page + 1])
        if not rows:  # everything after it was deleted meanwhile: the end of the list is the last page
            return self._last()
        return self._page(rows[: self.per_page], has_previous=True, has_next=len(rows) > self.per_page)

    def _before(self, values: tuple[Any, ...]) -> KeysetPage:
        rows = list(self._beyond(values, reverse=True)[: self.per_page + 1])
        if len(rows) <= self.per_page:  # back at the start: show a whole first page, not a short one
            return self._first()
        return self._page(rows[: self.per_page][::-1], has_previous=True, has_next=True)

    def _page(self, rows: list[Any], *, has_previous: bool, has_next: bool) -> KeysetPage:
        page = KeysetPage(rows, has_previous=has_previous, has_next=has_next)
        if rows and has_previous:
            page.previous_cursor = self._encode("before", self.position(rows[0]))
        if rows and has_next:
            page.next_cursor = self._encode("after", self.position(rows[-1]))
            page.last_cursor = self.last_cursor()
        return page

    def _ordered(self, reverse: bool) -> QuerySet[Any]:
        return self.qs.order_by(*[_order(key, reverse) for key in self.keys])

    def _beyond(self, values: tuple[Any, ...], reverse: bool) -> QuerySet[Any]:
        return self._ordered(reverse).filter(beyond_q(self.keys, values, reverse))

    def position(self, row: Any) -> tuple[Any, ...]:
        """A row's sort key: from a model instance's annotations, or the tail of a values_list tuple."""
        if isinstance(row, tuple):
            return tuple(row[-len(self.keys) :])
        return tuple(getattr(row, key.alias) for key in self.keys)

    # Cursors.

    def _encode(self, direction: Direction, values: tuple[Any, ...] | None) -> str:
        payload = {"d": direction, "s": self.fingerprint, "v": [_plain(v) for v in values or ()]}
        return signing.dumps(payload, salt=SALT, compress=True)

    def _decode(self, cursor: str) -> tuple[Direction, tuple[Any, ...]]:
        try:
            payload = signing.loads(cursor, salt=SALT)
        except (signing.BadSignature, ValueError, TypeError) as error:  # BadSignature covers a bad base64
            raise InvalidCursor from error
        if not isinstance(payload, dict) or payload.get("s") != self.fingerprint:
            raise InvalidCursor
        direction, raw = payload.get("d"), payload.get("v")
        if direction == "last":
            return "last", ()
        if direction not in ("after", "before") or not isinstance(raw, list) or len(raw) != len(self.keys):
            raise InvalidCursor
        return direction, self._typed(raw)

    def _typed(self, raw: list[Any]) -> tuple[Any, ...]:
        """JSON values back to the keys' Python types (a date travels as its ISO text)."""
        resolved = self.qs.query.annotations
        try:
            return tuple(
                resolved[key.alias].output_field.to_python(value)
                for key, value in zip(self.keys, raw, strict=True)
            )
        except (ValidationError, ValueError, TypeError) as error:
            raise InvalidCursor from error


def beyond_q(
    keys: Sequence[SortKey], values: Sequence[Any], reverse: bool = False, inclusive: bool = False
) -> Q:
    """Rows strictly after `values` in the keys' order (before it, with reverse; or at it, with inclusive).

    Keys all in one direction compare as a row, `(occurred_on, id) < (%s, %s)`, which PostgreSQL answers
    from the index on the first key; SQLite gets Django's expansion into ORs. The first key's own bound,
    implied by the row, is spelt out too: PostgreSQL derives it only when the whole row lies in one index,
    and without it a key in another table (the unit's sort_key) is a filter applied after walking every
    unit before the cursor's. Mixed directions (a sort on several columns) need the expansion everywhere.
    """
    lhs = [F(key.alias) for key in keys]
    directions = {key.descending != reverse for key in keys}
    if len(directions) == 1:
        before = directions.pop()
        lookups = {
            (True, False): TupleLessThan,
            (True, True): TupleLessThanOrEqual,
            (False, False): TupleGreaterThan,
            (False, True): TupleGreaterThanOrEqual,
        }
        leading = Q(**{f"{keys[0].alias}__{'lte' if before else 'gte'}": values[0]})
        return leading & Q(lookups[before, inclusive](Tuple(*lhs), tuple(values)))
    beyond = Q(**{key.alias: value for key, value in zip(keys, values, strict=True)}) if inclusive else Q()
    for index, key in enumerate(keys):
        equal = {earlier.alias: value for earlier, value in zip(keys[:index], values, strict=False)}
        op = "lt" if key.descending != reverse else "gt"
        beyond |= Q(**equal, **{f"{key.alias}__{op}": values[index]})
    return beyond


@dataclass(frozen=True)
class Chunk:
    rows: list[tuple[Any, ...]]  # values_list(*fields, *keys)
    pks: QuerySet[Any]  # the same rows' primary keys, as a subquery


def keyset_chunks(qs: QuerySet[Any], fields: Sequence[str], size: int, most: int) -> Iterator[Chunk]:
    """Every row of an ordered queryset, a chunk at a time, each chunk with its rows' keys as a subquery.

    Each chunk is one LIMIT query that starts after the previous chunk's last key: no OFFSET, no server-side
    cursor holding a sorted million rows open for the length of a download. Chunks start at `size` rows and
    double up to `most`: when no index yields the order (a district, read unit by unit), each chunk sorts
    what is left, and fewer chunks sort it fewer times.

    Related rows are fetched with `pk__in=chunk.pks`, the chunk as a closed key range (after the previous
    chunk's last key, up to its own): the database reads that range again from the index, which costs less
    than Django preparing and PostgreSQL planning thousands of literal ids, per table, per chunk.
    """
    paginator = KeysetPaginator(qs, size)
    keys = paginator.keys
    ordered = paginator._ordered(reverse=False)
    columns = [*fields, *(key.alias for key in keys)]
    window = ordered
    while True:
        rows = list(window[:size].values_list(*columns))
        if not rows:
            return
        last = paginator.position(rows[-1])
        yield Chunk(rows, window.filter(beyond_q(keys, last, reverse=True, inclusive=True)).values("pk"))
        if len(rows) < size:
            return
        window = ordered.filter(beyond_q(keys, last))
        size = min(2 * size, most)


def _order(key: SortKey, reverse: bool) -> OrderBy:
    return F(key.alias).desc() if key.descending != reverse else F(key.alias).asc()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fingerprint(keys: Sequence[SortKey]) -> str:
    """Names the sort a cursor was made for: a cursor of the date sort is refused by the status sort."""
    described = repr([(repr(key.expression), key.descending) for key in keys])
    return hashlib.sha256(described.encode()).hexdigest()[:12]
