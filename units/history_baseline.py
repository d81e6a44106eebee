"""A first version in the change history for records that were written without one.

Bulk loads (the demo and benchmark seeders' COPY and bulk_create) bypass django-simple-history, which only
listens to save() and delete(): a seeded incident, official or sanction has no historical row. The first
change later made to it then had nothing to be compared with, and the audit log showed an edit ("Sửa") with
no content — a workflow step on a seeded incident said nothing about its status.

So before the first recorded change to such a record is saved, the stored row (with its many-to-many links)
is written as its first version: type "+", no user (no one signed in loaded it), the record's own creation
time when it has one, and a reason saying where it came from. One indexed query per save of an audited
record checks for it; the instance remembers the answer for its later saves.
"""

from typing import Any

from django.db.models import Model
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

BASELINE_REASON = "Dữ liệu nạp sẵn (không qua biểu mẫu): trạng thái trước lần sửa đầu tiên được ghi nhật ký"
_CHECKED = "_history_baseline_checked"


def is_audited(model: type[Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def before_save(sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
    if raw or not is_audited(sender) or hasattr(instance, "skip_history_when_saving"):
        return
    if instance._state.adding or instance.pk is None:
        setattr(instance, _CHECKED, True)  # its first version is the one simple_history is about to write
        return
    ensure_baseline(instance)


def before_m2m_change(sender: type[Model], instance: Model, action: str, reverse: bool, **_: Any) -> None:
    if action in ("pre_add", "pre_remove", "pre_clear") and not reverse and is_audited(type(instance)):
        ensure_baseline(instance)


def ensure_baseline(instance: Model) -> None:
    if getattr(instance, _CHECKED, False):
        return
    model = type(instance)
    history = getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]
    if not history.filter(**{model._meta.pk.attname: instance.pk}).exists():
        stored = model._default_manager.filter(pk=instance.pk).first()
        if stored is not None:
            write_baseline(history.model, stored)
    setattr(instance, _CHECKED, True)


def write_baseline(history_model: Any, stored: Model) -> Any:
    """The stored row as the record's first version, as simple_history would have written it on creation."""
    when = getattr(stored, "created_at", None) or timezone.now()
    row = history_model(
        history_date=when,
        history_type="+",
        history_user=None,
        history_change_reason=BASELINE_REASON,
        **{tracked.attname: getattr(stored, tracked.attname) for tracked in history_model.tracked_fields},
    )
    # Receivers fill columns of their own (officials: the masked national ID).
    pre_create_historical_record.send(
        sender=history_model,
        instance=stored,
        history_date=when,
        history_user=None,
        history_change_reason=BASELINE_REASON,
        history_instance=row,
        using=None,
    )
    row.save()
    for m2m_field in history_model._history_m2m_fields:
        snapshot = HistoricalRecords.m2m_models[m2m_field]
        through = m2m_field.remote_field.through
        links = through._default_manager.filter(**{m2m_field.m2m_column_name(): stored.pk})
        columns = [f.attname for f in through._meta.concrete_fields]
        snapshot.objects.bulk_create(
            [snapshot(history=row, **{c: getattr(link, c) for c in columns}) for link in links]
        )
    return row
