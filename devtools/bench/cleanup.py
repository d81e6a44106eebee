"""Removing the incidents a benchmark or a load test filed, so that repeated runs measure the same data.

Only for throwaway measurement databases (devtools is not installed in production). The roll-ups of every
unit and month touched are recounted afterwards, open cases included, so the dashboards stay exact.
"""

from django.db import transaction
from django.db.models import QuerySet

from units.models import Unit
from violations.models import Incident, IncidentParty, IncidentTransition
from violations.services.stats import open_cases_refresh, stats_refresh


@transaction.atomic
def remove_incidents(incidents: QuerySet[Incident]) -> int:
    touched = set(incidents.values_list("unit_id", "occurred_on"))
    ids = list(incidents.values_list("pk", flat=True))
    IncidentTransition.objects.filter(incident_id__in=ids).delete()
    IncidentParty.objects.filter(incident_id__in=ids).delete()
    Incident.indicators.through.objects.filter(incident_id__in=ids).delete()
    Incident.objects.filter(pk__in=ids).delete()
    units = Unit.objects.in_bulk({unit_id for unit_id, _ in touched})
    for unit_id, day in sorted(touched):
        stats_refresh(units[unit_id], day)
    for unit in units.values():
        open_cases_refresh(unit)
    return len(ids)
