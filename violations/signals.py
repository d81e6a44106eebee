"""Receivers that keep incidents' search documents exact when a row they are built from changes.

The documents (violations.services.search) join the incident's text, its unit's name and its officials'
names; any of the three can change through a service, the admin or an import, so the refresh hangs on the
models' signals rather than on each caller. A rename is detected against the stored folded name, so the
many saves that change nothing searchable (posts, paths, statuses) write no document.
"""

from typing import Any

from officials.models import Official
from units.models import Unit
from violations.models import Incident, IncidentParty
from violations.services import search

# The incident's own columns that enter its document (search_folded is derived from title and description).
DOCUMENT_FIELDS = frozenset({"title", "description", "search_folded", "unit", "unit_id"})


def incident_saved(instance: Incident, update_fields: frozenset[str] | None = None, **_: Any) -> None:
    if update_fields is None or DOCUMENT_FIELDS & set(update_fields):
        search.refresh_for_incident(instance.pk)


def party_changed(instance: IncidentParty, **_: Any) -> None:
    if instance.official_id is not None:
        search.refresh_for_incident(instance.incident_id)


def remember_stored_name(instance: Official | Unit, **_: Any) -> None:
    """Before a save: note whether the folded name differs from the stored one (None for a new row)."""
    stored = type(instance).objects.filter(pk=instance.pk).values_list("name_folded", flat=True).first()
    instance._search_name_changed = stored is not None and stored != instance.name_folded  # type: ignore[union-attr]


def official_saved(instance: Official, **_: Any) -> None:
    if getattr(instance, "_search_name_changed", False):
        search.refresh_for_official(instance)


def unit_saved(instance: Unit, **_: Any) -> None:
    if getattr(instance, "_search_name_changed", False):
        search.refresh_for_unit(instance)


def unit_names_changed(unit_ids: list[int], **_: Any) -> None:
    search.search_documents_refresh(Incident.objects.filter(unit_id__in=unit_ids))
