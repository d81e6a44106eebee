"""Reading the change history across models, within the viewer's scope (violations.access)."""

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from officials.models import Assignment, Official
from units.history_display import (
    Change,
    ChangeReader,
    Names,
    attach_previous,
    kind,
    who,
    with_previous_id,
)
from units.models import Role, RoleGrant, Unit, UnitSuccession
from violations.access import Action, User, covers_whole_city, scoped_officials, unit_filter
from violations.models import (
    Framework,
    Incident,
    IncidentParty,
    Indicator,
    IndicatorGroup,
    IndicatorMapping,
    PartyRole,
    Sanction,
    SanctionTrack,
)

MAX_MERGED_ROWS = 10_000  # newest rows across all models; past this, filter by model or date
EXPORT_CHUNK = 1000  # rows whose predecessors and names are fetched together in the export


@dataclass(frozen=True)
class AuditedModel:
    key: str
    model: type[Model]
    label: Promise
    scope: Callable[[User], Q]  # which historical rows the viewer may read
    describe: Callable[[Any, Names], str]  # a short name for the record, from the names fetched in bulk
    refs: tuple[str, ...] = ()  # the foreign keys whose names describe() uses


def _by_unit(path: str) -> Callable[[User], Q]:
    return lambda user: unit_filter(user, Action.VIEW_AUDIT, field=path)


def _city_level(user: User) -> Q:
    return Q() if covers_whole_city(user, Action.VIEW_AUDIT) else Q(pk__in=[])


def _officials_in_scope(user: User) -> Q:
    return Q(id__in=scoped_officials(user, Action.VIEW_AUDIT).values("pk"))


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _party(r: Any, names: Names) -> str:
    who = names.name(Official, r.official_id) if r.official_id else r.collective_name
    return f"#{r.incident_id} · {who} ({_label(PartyRole, r.role)})"


def _sanction(r: Any, names: Names) -> str:
    return f"{r.decision_number} · {_label(SanctionTrack, r.track)}"


def _assignment(r: Any, names: Names) -> str:
    return f"{names.name(Official, r.official_id)} — {r.post_title}, {names.name(Unit, r.unit_id)}"


def _succession(r: Any, names: Names) -> str:
    return f"{names.name(Unit, r.predecessor_id)} → {names.name(Unit, r.successor_id)}"


def _grant(r: Any, names: Names) -> str:
    """Whose role over which unit: the user by name, the role by its label, the unit by name."""
    user = names.name(get_user_model(), r.user_id)
    return f"{user} · {_label(Role, r.role)} · {names.name(Unit, r.unit_id)}"


def _indicator_code(names: Names, pk: int) -> str:
    indicator = names.get(Indicator, pk)
    return indicator.code if isinstance(indicator, Indicator) else f"#{pk}"


def _mapping(r: Any, names: Names) -> str:
    return f"{_indicator_code(names, r.from_indicator_id)} → {_indicator_code(names, r.to_indicator_id)}"


AUDITED: list[AuditedModel] = [
    AuditedModel("incident", Incident, _("Vụ việc"), _by_unit("unit"), lambda r, n: f"#{r.id} {r.title}"),
    AuditedModel(
        "party", IncidentParty, _("Đối tượng liên quan"), _by_unit("incident__unit"), _party, ("official",)
    ),
    AuditedModel("sanction", Sanction, _("Quyết định kỷ luật"), _by_unit("party__incident__unit"), _sanction),
    AuditedModel(
        "official", Official, _("Cán bộ"), _officials_in_scope, lambda r, n: f"{r.full_name} ({r.staff_code})"
    ),
    AuditedModel(
        "assignment", Assignment, _("Quá trình công tác"), _by_unit("unit"), _assignment, ("official", "unit")
    ),
    AuditedModel("unit", Unit, _("Đơn vị"), _city_level, lambda r, n: r.name),
    AuditedModel(
        "succession",
        UnitSuccession,
        _("Kế thừa đơn vị"),
        _city_level,
        _succession,
        ("predecessor", "successor"),
    ),
    AuditedModel("role", RoleGrant, _("Phân quyền"), _city_level, _grant, ("user", "unit")),
    AuditedModel(
        "framework", Framework, _("Khung nhận diện"), _city_level, lambda r, n: f"{r.code} v{r.version}"
    ),
    AuditedModel(
        "group", IndicatorGroup, _("Nhóm biểu hiện"), _city_level, lambda r, n: f"{r.number}. {r.name_vi}"
    ),
    AuditedModel("indicator", Indicator, _("Biểu hiện"), _city_level, lambda r, n: r.code),
    AuditedModel(
        "mapping",
        IndicatorMapping,
        _("Ánh xạ biểu hiện"),
        _city_level,
        _mapping,
        ("from_indicator", "to_indicator"),
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
class AuditEntry:
    when: dt.datetime
    who: str
    model: str
    object_id: int
    object: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""  # why an edit lists no change
    history_type: str = ""


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
    """One page of entries, newest first, merged across the chosen models; and whether more follow.

    The page's rows, their predecessors and the names they mention are read per model, not per row."""
    wanted = min(offset + limit + 1, MAX_MERGED_ROWS)
    heads: list[tuple[dt.datetime, int, str]] = []
    for audited in _models(filters):
        rows = history_rows(user, audited, filters).order_by("-history_date", "-history_id")
        heads += [
            (when, hid, audited.key) for when, hid in rows.values_list("history_date", "history_id")[:wanted]
        ]
    chosen = heapq.nlargest(offset + limit + 1, heads)[offset:]
    more = len(chosen) > limit and offset + limit < MAX_MERGED_ROWS
    return _entries([(key, hid) for _, hid, key in chosen[:limit]]), more


def _entries(page: list[tuple[str, int]]) -> list[AuditEntry]:
    """The entries for (model key, history_id) pairs, in their order: one read per model, not per row."""
    reader = ChangeReader()
    records: dict[tuple[str, int], Any] = {}
    for key in dict.fromkeys(key for key, _hid in page):
        audited = BY_KEY[key]
        history = audited.model.history  # type: ignore[attr-defined]
        rows = _rows_with_previous(history.filter(history_id__in=[hid for k, hid in page if k == key]))
        _read(audited, rows, reader)
        records |= {(key, row.history_id): row for row in rows}
    return [to_entry(BY_KEY[key], records[(key, hid)], reader) for key, hid in page]


def _rows_with_previous(rows: QuerySet[Any]) -> list[Any]:
    return list(with_previous_id(rows.select_related("history_user")))


def _read(audited: AuditedModel, rows: list[Any], reader: ChangeReader) -> None:
    """Queue the rows' changes and the names their descriptions need; fetched together later."""
    reader.add(attach_previous(rows))
    for row in rows:
        reader.names.want_fields(row, audited.model, audited.refs)


def export_entries(user: User, filters: AuditFilters) -> Iterator[AuditEntry]:
    """Every entry, record by record in time order, read in chunks (predecessors and names per chunk)."""
    for audited in _models(filters):
        rows = with_previous_id(
            history_rows(user, audited, filters)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        for chunk in _chunks(rows.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
            reader = ChangeReader()
            _read(audited, chunk, reader)
            yield from (to_entry(audited, row, reader) for row in chunk)


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def to_entry(audited: AuditedModel, record: Any, reader: ChangeReader) -> AuditEntry:
    """One historical row (added to the reader with its predecessor), as the audit log and the incident page
    show it."""
    changes = reader.changes(record)  # fetches the names wanted so far, description included
    return AuditEntry(
        when=record.history_date,
        who=who(record),
        model=str(audited.label),
        object_id=record.id,
        object=audited.describe(record, reader.names),
        kind=kind(record),
        reason=record.history_change_reason or "",
        changes=changes,
        note=reader.note(record),
        history_type=record.history_type,
    )
