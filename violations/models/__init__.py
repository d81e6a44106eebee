from violations.models.framework import Framework, FrameworkStatus, Indicator, IndicatorGroup, Provenance
from violations.models.incident import (
    Attachment,
    Incident,
    IncidentParty,
    IncidentTransition,
    PartyRole,
    Sanction,
    SanctionTrack,
    Severity,
    Source,
    Status,
)

__all__ = [
    "Attachment", "Framework", "FrameworkStatus", "Incident", "IncidentParty", "IncidentTransition", "Indicator",
    "IndicatorGroup", "PartyRole", "Provenance", "Sanction", "SanctionTrack", "Severity", "Source", "Status",
]
