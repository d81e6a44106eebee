"""The incident search document: one folded text per incident that the list's search box matches.

It joins three sources that live in different rows: the incident's own folded title and description
(Incident.search_folded, filled on save), its unit's folded name, and the folded names of the officials
answerable for it. Each write to any of them refreshes the documents it affects with one UPDATE computed by
the database (signals below), so the document is never stale and a bulk rebuild of a million incidents is a
single statement. On PostgreSQL a trigram index over the column (migration 0016) serves `LIKE '%word%'`.
"""

from typing import Any

from django.db.models import Aggregate, F, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat

from officials.models import Official
from units.models import Unit
from violations.models import Incident, IncidentParty


class JoinedNames(Aggregate):
    """Each value prefixed by a space and joined: ' an nguyen van' (NULL when there are none)."""

    function = "STRING_AGG"
    template = "%(function)s(' ' || %(expressions)s, '')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def search_document(folded_text: str, unit_name_folded: str, party_names_folded: list[str]) -> str:
    """The document as the database computes it, for loaders that write rows without the ORM."""
    return " ".join([folded_text, unit_name_folded, *party_names_folded])


def document_expression(
    unit_model: type[Unit] = Unit, party_model: type[IncidentParty] = IncidentParty
) -> Concat:
    """The document as an SQL expression over an incident row (the models are parameters for migrations)."""
    unit_name = unit_model.objects.filter(pk=OuterRef("unit_id")).values("name_folded")[:1]
    names = (
        party_model.objects.filter(incident_id=OuterRef("pk"), official__isnull=False)
        .order_by()
        .values("incident_id")
        .annotate(joined=JoinedNames("official__name_folded"))
        .values("joined")
    )
    # Concat turns NULL into "": an incident without named officials ends with its unit's name.
    return Concat(
        F("search_folded"), Value(" "), Subquery(unit_name), Subquery(names), output_field=TextField()
    )


def search_documents_refresh(incidents: QuerySet[Incident]) -> int:
    """Recompute the documents of these incidents in the database; returns how many rows were written."""
    return incidents.update(search_document=document_expression())


def refresh_for_incident(incident_id: int) -> None:
    search_documents_refresh(Incident.objects.filter(pk=incident_id))


def refresh_for_official(official: Official) -> None:
    search_documents_refresh(Incident.objects.filter(parties__official=official))


def refresh_for_unit(unit: Unit) -> None:
    search_documents_refresh(Incident.objects.filter(unit=unit))
