"""The change history in plain Vietnamese: which field changed, from what to what, and who did it.

django-simple-history keeps one historical row per save (the whole record) or delete. This module turns a row
and its predecessor into labelled changes as users see the values: a field by its verbose name, a choice by
its label, a boolean as Có/Không, a date as dd/mm/yyyy, a related record by its name, a many-to-many field
by the names of its members. It is the one place that does so: the audit log, the incident page and the
admin's history pages all read through it.

It is built for pages of rows, not one row at a time: predecessors, many-to-many snapshots and the names of
related records are fetched in bulk (one query per model per page), never per row.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Field, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Bookkeeping and values derived from others (the deadlines follow the dates and the law): not changes a
# person made, so no list of changes shows them.
HIDDEN_FIELDS = frozenset(
    {
        "version", "updated_at", "search_folded", "search_document", "name_folded", "sort_key", "path",
        "level", "limitation_deadline", "limitation_from", "handling_deadline", "next_deadline",
    }
)  # fmt: skip
MASKED_NATIONAL_ID = "national_id_masked"  # officials.models.MaskedNationalIdHistory: compared like a field
KINDS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
EMPTY = _("(trống)")
# A row written with no signed-in user: by a management command (import, seed, load_framework) or the shell.
SYSTEM_ACTOR = _("Hệ thống (lệnh quản trị)")
NO_PREDECESSOR = _("Không có phiên bản trước để so sánh (bản ghi được nạp sẵn trước khi có nhật ký).")
NOTHING_CHANGED = _("Lưu lại, không thay đổi dữ liệu.")
DERIVED_ONLY = _("Chỉ cập nhật các giá trị hệ thống tự tính (thời hạn, khóa tìm kiếm).")
# Fields declared without a Vietnamese verbose name (their default would be the English attribute name).
FALLBACK_LABELS = {
    "user": _("người dùng"),
    "incident": _("vụ việc"),
    "created_by": _("người tạo"),
    "created_at": _("thời điểm tạo"),
    "predecessor": _("đơn vị cũ"),
    "successor": _("đơn vị kế thừa"),
    "framework": _("khung nhận diện"),
    "group": _("nhóm biểu hiện"),
}

Labeller = Callable[[Any], str]
# How the apps above this one name their records and values (registered from their AppConfig.ready(), since
# this app may not import them): e.g. an indicator by its code and text, a sanction form by its label.
LABELLERS: dict[type[Model], Labeller] = {}
VALUE_LABELS: dict[tuple[type[Model], str], Labeller] = {}


def register(
    model: type[Model], *, label: Labeller | None = None, values: dict[str, Labeller] | None = None
) -> None:
    """Name `model`'s records with `label`; show the stored values of the named fields through `values`."""
    if label is not None:
        LABELLERS[model] = label
    for name, labeller in (values or {}).items():
        VALUE_LABELS[(model, name)] = labeller


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def actor_label(user: Any) -> str:
    """A person as the history names them: full name and username, or the username alone."""
    full_name = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    username = user.get_username()
    return f"{full_name} ({username})" if full_name else username


def who(record: Any) -> str:
    """Who wrote a historical row (its history_user is expected to be select_related)."""
    if record.history_user_id is None or record.history_user is None:
        return str(SYSTEM_ACTOR)
    return actor_label(record.history_user)


def kind(record: Any) -> str:
    return str(KINDS.get(record.history_type, record.history_type))


class Names:
    """The names of related records for a page of history: wanted first, then fetched once per model.

    A record is named by its model's registered labeller, a user by actor_label, anything else by str().
    """

    def __init__(self) -> None:
        self._labellers: dict[type[Model], Labeller] = {get_user_model(): actor_label, **LABELLERS}
        self._wanted: dict[type[Model], set[Any]] = defaultdict(set)
        self._objects: dict[tuple[type[Model], Any], Model] = {}
        self._fetched: dict[type[Model], set[Any]] = defaultdict(set)

    def want(self, model: type[Model], pk: Any) -> None:
        if pk is not None and pk not in self._fetched[model]:
            self._wanted[model].add(pk)

    def want_fields(self, record: Any, model: type[Model], names: Iterable[str]) -> None:
        """Want the records that `record` (a model or historical instance) points to through these fields."""
        for name in names:
            model_field: Any = model._meta.get_field(name)
            self.want(model_field.related_model, getattr(record, model_field.attname))

    def fetch(self) -> None:
        for model, pks in self._wanted.items():
            if pks:
                for obj in model._default_manager.filter(pk__in=pks):
                    self._objects[(model, obj.pk)] = obj
                self._fetched[model] |= pks
        self._wanted.clear()

    def get(self, model: type[Model], pk: Any) -> Model | None:
        return self._objects.get((model, pk))

    def name(self, model: type[Model], pk: Any) -> str:
        """The record's name; a record deleted since is shown by its number."""
        if pk is None:
            return str(EMPTY)
        obj = self.get(model, pk)
        if obj is None:
            return f"#{pk}"
        return self._labellers.get(model, str)(obj)


# --- predecessors ------------------------------------------------------------------------------------------


def with_previous_id(rows: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate each historical row with the history_id of the same record's version just before it.

    Ordered by (history_date, history_id): rows written in the same instant keep the order they were written.
    """
    history = rows.model._default_manager
    pk_name = rows.model.instance_type._meta.pk.attname
    earlier = history.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        **{pk_name: OuterRef(pk_name)},
    ).order_by("-history_date", "-history_id")
    return rows.annotate(previous_history_id=Subquery(earlier.values("history_id")[:1]))


def attach_previous(rows: Sequence[Any]) -> list[tuple[Any, Any | None]]:
    """Pair each row (annotated by with_previous_id) with its predecessor, fetched in one query for those
    not already among the rows."""
    if not rows:
        return []
    by_id = {row.history_id: row for row in rows}
    missing = {row.previous_history_id for row in rows} - by_id.keys() - {None}
    if missing:
        by_id |= {
            row.history_id: row for row in type(rows[0])._default_manager.filter(history_id__in=missing)
        }
    return [(row, by_id.get(row.previous_history_id)) for row in rows]


# --- changes -----------------------------------------------------------------------------------------------


@dataclass
class _Delta:
    model_field: Any
    old: Any
    new: Any


@dataclass
class _Pending:
    record: Any
    previous: Any | None
    deltas: list[_Delta] = field(default_factory=list)
    derived_only: bool = False


class ChangeReader:
    """Labelled changes for many (row, predecessor) pairs of any models, with names fetched once for all.

    add() every pair first (the reader collects the related records it will name), then changes() for each.
    """

    def __init__(self, names: Names | None = None) -> None:
        self.names = names or Names()
        self._pending: dict[int, _Pending] = {}
        self._m2m: dict[tuple[Any, int], frozenset[Any]] = {}

    def add(self, pairs: Sequence[tuple[Any, Any | None]]) -> None:
        """Pairs of historical rows of one model; the predecessor is None for a first version."""
        if not pairs:
            return
        self._load_m2m(type(pairs[0][0]), [row for pair in pairs for row in pair if row is not None])
        for record, previous in pairs:
            pending = _Pending(record, previous)
            if previous is not None and record.history_type == "~":
                pending.deltas, pending.derived_only = self._deltas(record, previous)
            self._pending[id(record)] = pending

    def changes(self, record: Any) -> list[Change]:
        self.names.fetch()  # a no-op once everything wanted has been fetched
        pending = self._pending[id(record)]
        return [
            Change(
                field_label(d.model_field),
                self.display(d.model_field, d.old),
                self.display(d.model_field, d.new),
            )
            for d in pending.deltas
        ]

    def note(self, record: Any) -> str:
        """Why an edit lists no change: nothing to compare it with, or nothing a person changed."""
        pending = self._pending[id(record)]
        if record.history_type != "~" or pending.deltas:
            return ""
        if pending.previous is None:
            return str(NO_PREDECESSOR)
        return str(DERIVED_ONLY if pending.derived_only else NOTHING_CHANGED)

    def unchanged(self, record: Any) -> bool:
        """An edit compared with its predecessor that changed nothing a person entered."""
        pending = self._pending[id(record)]
        return record.history_type == "~" and pending.previous is not None and not pending.deltas

    def _load_m2m(self, history_model: Any, rows: list[Any]) -> None:
        ids = {row.history_id for row in rows}
        for m2m_field in getattr(history_model, "_history_m2m_fields", []):
            snapshot = HistoricalRecords.m2m_models[m2m_field]
            target = m2m_field.m2m_reverse_name()  # the column pointing at the member, e.g. indicator_id
            members: dict[int, set[Any]] = {hid: set() for hid in ids}
            for hid, member in snapshot.objects.filter(history_id__in=ids).values_list("history_id", target):
                members[hid].add(member)
            for hid, chosen in members.items():
                self._m2m[(m2m_field, hid)] = frozenset(chosen)

    def _deltas(self, record: Any, previous: Any) -> tuple[list[_Delta], bool]:
        model = record.instance_type
        deltas, derived = [], False
        for tracked in record.tracked_fields:
            if tracked.primary_key:
                continue
            old, new = getattr(previous, tracked.attname), getattr(record, tracked.attname)
            if old == new:
                continue
            if tracked.name in HIDDEN_FIELDS:
                derived = True
                continue
            deltas.append(self._delta(model._meta.get_field(tracked.name), old, new))
        for m2m_field in getattr(record, "_history_m2m_fields", []):
            old, new = self._m2m[(m2m_field, previous.history_id)], self._m2m[(m2m_field, record.history_id)]
            if old != new:
                deltas.append(self._delta(m2m_field, old, new))
        if hasattr(record, MASKED_NATIONAL_ID):
            old, new = getattr(previous, MASKED_NATIONAL_ID), getattr(record, MASKED_NATIONAL_ID)
            if old != new:
                deltas.append(_Delta(type(record)._meta.get_field(MASKED_NATIONAL_ID), old, new))
        return deltas, derived and not deltas

    def _delta(self, model_field: Field, old: Any, new: Any) -> _Delta:
        if model_field.is_relation:
            for value in (old, new):
                for pk in value if isinstance(value, frozenset) else (value,):
                    self.names.want(model_field.related_model, pk)  # type: ignore[arg-type]
        return _Delta(model_field, old, new)

    def display(self, model_field: Any, value: Any) -> str:
        """A stored value as users see it."""
        if value is None or value == "" or value == frozenset():
            return str(EMPTY)
        if isinstance(value, frozenset):
            target = model_field.related_model
            return "; ".join(sorted(self.names.name(target, pk) for pk in value))
        if model_field.is_relation:
            return self.names.name(model_field.related_model, value)
        if isinstance(value, bool):
            return gettext("Có") if value else gettext("Không")
        labeller = VALUE_LABELS.get((getattr(model_field, "model", None), model_field.name))  # type: ignore[arg-type]
        if labeller is not None:
            return labeller(value)
        choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else {}
        if value in choices:
            return str(choices[value])
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return str(value)


def field_label(model_field: Any) -> str:
    """The field's Vietnamese name, capitalised as a label."""
    label = str(getattr(model_field, "verbose_name", model_field.name))
    if label == model_field.name.replace("_", " ") and model_field.name in FALLBACK_LABELS:
        label = str(FALLBACK_LABELS[model_field.name])
    return label[:1].upper() + label[1:]
