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
from violations.models.stats import (
    RepeatOfficialStat,
    RepeatWindow,
    UnitMonthIndicatorStat,
    UnitMonthSanctionStat,
    UnitMonthStat,
)

__all__ = [
    "RepeatOfficialStat",
    "RepeatWindow",
    "UnitMonthIndicatorStat",
    "UnitMonthSanctionStat",
    "UnitMonthStat",
    "Attachment",
    "Framework",
    "FrameworkStatus",
    "Incident",
    "IncidentParty",
    "IncidentTransition",
    "Indicator",
    "IndicatorGroup",
    "PartyRole",
    "Provenance",
    "Sanction",
    "SanctionTrack",
    "Severity",
    "Source",
    "Status",
]
