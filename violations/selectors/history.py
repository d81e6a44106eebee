"""Field-level change history of an incident (who, when, old → new), read from django-simple-history."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from violations.models import Incident

HIDDEN_FIELDS = {"version", "updated_at", "limitation_deadline", "handling_deadline"}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def incident_history(incident: Incident) -> list[HistoryEntry]:
    records = list(incident.history.select_related("history_user").order_by("history_date", "history_id"))
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        who = record.history_user.get_username() if record.history_user else "—"
        entry = HistoryEntry(record.history_date, who, record.get_history_type_display())
        if previous is not None:
            entry.changes = _changes(record, previous)
            if not entry.changes:
                previous = record
                continue
        entries.append(entry)
        previous = record
    return list(reversed(entries))


def _changes(record: Any, previous: Any) -> list[Change]:
    delta = record.diff_against(previous)
    result = []
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS:
            continue
        model_field = Incident._meta.get_field(change.field)
        label = str(getattr(model_field, "verbose_name", change.field))
        result.append(Change(label, _display(model_field, change.old), _display(model_field, change.new)))
    return result


def _display(model_field: Any, value: Any) -> Any:
    choices = dict(getattr(model_field, "choices", None) or [])
    if isinstance(value, list):  # many-to-many snapshot
        return ", ".join(sorted(str(v.get("indicator", v)) for v in value if isinstance(v, dict))) or "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return choices.get(value, value if value not in (None, "") else "—")
