"""Reading the change history across models, within the viewer's scope (violations.access)."""

import datetime as dt
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from officials.models import Assignment, Official
from units.models import RoleGrant, Unit, UnitSuccession
from violations.access import Action, User, covers_whole_city, scoped_officials, unit_filter
from violations.models import (
    Framework,
    Incident,
    IncidentParty,
    Indicator,
    IndicatorGroup,
    IndicatorMapping,
    Sanction,
)

# Derived or technical columns: they change with every save and tell an auditor nothing.
# Bookkeeping and values derived from others (the deadlines follow the dates and the law): not changes a
# person made. The one list for the audit log and the incident page (violations.selectors.history).
HIDDEN_FIELDS = {
    "version", "updated_at", "search_folded", "search_document", "name_folded", "sort_key", "path", "level",
    "limitation_deadline", "handling_deadline", "next_deadline",
}  # fmt: skip
MASKED_NATIONAL_ID = "national_id_masked"  # officials.models.MaskedNationalIdHistory
MAX_MERGED_ROWS = 10_000  # newest rows across all models; past this, filter by model or date
KINDS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}


@dataclass(frozen=True)
class AuditedModel:
    key: str
    model: type[Model]
    label: Promise
    scope: Callable[[User], Q]  # which historical rows the viewer may read
    describe: Callable[[Any], str]  # a short name for the record, without queries


def _by_unit(path: str) -> Callable[[User], Q]:
    return lambda user: unit_filter(user, Action.VIEW_AUDIT, field=path)


def _city_level(user: User) -> Q:
    return Q() if covers_whole_city(user, Action.VIEW_AUDIT) else Q(pk__in=[])


def _officials_in_scope(user: User) -> Q:
    return Q(id__in=scoped_officials(user, Action.VIEW_AUDIT).values("pk"))


AUDITED: list[AuditedModel] = [
    AuditedModel("incident", Incident, _("Vụ việc"), _by_unit("unit"), lambda r: f"#{r.id} {r.title}"),
    AuditedModel(
        "party",
        IncidentParty,
        _("Đối tượng liên quan"),
        _by_unit("incident__unit"),
        lambda r: f"#{r.incident_id}",
    ),
    AuditedModel(
        "sanction",
        Sanction,
        _("Quyết định kỷ luật"),
        _by_unit("party__incident__unit"),
        lambda r: r.decision_number,
    ),
    AuditedModel(
        "official", Official, _("Cán bộ"), _officials_in_scope, lambda r: f"{r.full_name} ({r.staff_code})"
    ),
    AuditedModel("assignment", Assignment, _("Quá trình công tác"), _by_unit("unit"), lambda r: r.post_title),
    AuditedModel("unit", Unit, _("Đơn vị"), _city_level, lambda r: r.name),
    AuditedModel(
        "succession",
        UnitSuccession,
        _("Kế thừa đơn vị"),
        _city_level,
        lambda r: f"#{r.predecessor_id} → #{r.successor_id}",
    ),
    AuditedModel("role", RoleGrant, _("Phân quyền"), _city_level, lambda r: f"{r.role} #{r.user_id}"),
    AuditedModel(
        "framework", Framework, _("Khung nhận diện"), _city_level, lambda r: f"{r.code} v{r.version}"
    ),
    AuditedModel(
        "group", IndicatorGroup, _("Nhóm biểu hiện"), _city_level, lambda r: f"{r.number}. {r.name_vi}"
    ),
    AuditedModel("indicator", Indicator, _("Biểu hiện"), _city_level, lambda r: r.code),
    AuditedModel(
        "mapping",
        IndicatorMapping,
        _("Ánh xạ biểu hiện"),
        _city_level,
        lambda r: f"#{r.from_indicator_id} → #{r.to_indicator_id}",
    ),
]
BY_KEY = {audited.key: audited for audited in AUDITED}


@dataclass(frozen=True)
class AuditFilters:
    model: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    username: str = ""


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: dt.datetime
    who: str
    model: str
    object_id: int
    object: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_rows(user: User, audited: AuditedModel, filters: AuditFilters) -> QuerySet[Any]:
    qs = audited.model.history.filter(audited.scope(user))  # type: ignore[attr-defined]
    zone = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(history_date__gte=dt.datetime.combine(filters.since, dt.time.min, zone))
    if filters.until:
        qs = qs.filter(
            history_date__lt=dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, zone)
        )
    if filters.username:
        qs = qs.filter(history_user__username__iexact=filters.username)
    return qs


def _models(filters: AuditFilters) -> list[AuditedModel]:
    return [BY_KEY[filters.model]] if filters.model in BY_KEY else AUDITED


def newest_entries(
    user: User, filters: AuditFilters, offset: int, limit: int
) -> tuple[list[AuditEntry], bool]:
    """One page of entries, newest first, merged across the chosen models; and whether more follow."""
    wanted = min(offset + limit + 1, MAX_MERGED_ROWS)
    heads: list[tuple[dt.datetime, int, str]] = []
    for audited in _models(filters):
        rows = history_rows(user, audited, filters).order_by("-history_date", "-history_id")
        heads += [
            (when, hid, audited.key) for when, hid in rows.values_list("history_date", "history_id")[:wanted]
        ]
    chosen = heapq.nlargest(offset + limit + 1, heads)[offset:]
    more = len(chosen) > limit and offset + limit < MAX_MERGED_ROWS
    entries = [_entry_by_id(BY_KEY[key], hid) for _, hid, key in chosen[:limit]]
    return entries, more


def _entry_by_id(audited: AuditedModel, history_id: int) -> AuditEntry:
    record = audited.model.history.select_related("history_user").get(history_id=history_id)  # type: ignore[attr-defined]
    return to_entry(audited, record, record.prev_record)


def export_entries(user: User, filters: AuditFilters) -> Iterator[AuditEntry]:
    """Every entry, record by record in time order, so each row's predecessor is the row before it."""
    for audited in _models(filters):
        rows = (
            history_rows(user, audited, filters)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        # Rows skipped by a date or user filter may sit between two shown rows: then ask for the real one.
        gaps = bool(filters.since or filters.username)
        previous = None
        for record in rows.iterator(chunk_size=2000):
            if gaps or previous is None or previous.id != record.id:
                previous = record.prev_record if record.history_type == "~" else None
            yield to_entry(audited, record, previous)
            previous = record


def to_entry(audited: AuditedModel, record: Any, previous: Any) -> AuditEntry:
    who = record.history_user.get_username() if record.history_user_id and record.history_user else "—"
    entry = AuditEntry(
        when=record.history_date,
        who=who,
        model=str(audited.label),
        object_id=record.id,
        object=audited.describe(record),
        kind=str(KINDS.get(record.history_type, record.history_type)),
        reason=record.history_change_reason or "",
    )
    if previous is not None and record.history_type == "~":
        entry.changes = field_changes(audited.model, record, previous)
    return entry


def field_changes(model: type[Model], record: Any, previous: Any) -> list[Change]:
    changes = []
    for delta in record.diff_against(previous, excluded_fields=HIDDEN_FIELDS).changes:
        model_field = model._meta.get_field(delta.field)
        label = str(getattr(model_field, "verbose_name", delta.field))
        changes.append(Change(label, display(model_field, delta.old), display(model_field, delta.new)))
    if hasattr(record, MASKED_NATIONAL_ID):
        old, new = getattr(previous, MASKED_NATIONAL_ID), getattr(record, MASKED_NATIONAL_ID)
        if old != new:
            label = str(type(record)._meta.get_field(MASKED_NATIONAL_ID).verbose_name)
            changes.append(Change(label, old or "—", new or "—"))
    return changes


def display(model_field: Any, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, list):  # a many-to-many snapshot, e.g. the indicators of an incident
        return _many_to_many(model_field, value)
    if getattr(model_field, "many_to_one", False):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    choices = dict(getattr(model_field, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    return str(value)


def _many_to_many(model_field: Any, rows: list[Any]) -> str:
    target = model_field.related_model
    name = target._meta.model_name
    ids = [row.get(name) for row in rows if isinstance(row, dict)]
    labels = {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=ids)}
    return ", ".join(sorted(labels.get(pk, f"#{pk}") for pk in ids)) or "—"
