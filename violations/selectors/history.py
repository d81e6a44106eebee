"""The change history of one incident, as its page shows it: the audit log's entries for that record.

One diff for the whole application (violations.audit.selectors: the same hidden and masked fields, the same
display of values), so the incident page and the audit log never disagree about what changed.
"""

from violations.audit.selectors import BY_KEY, AuditEntry, to_entry
from violations.models import Incident


def incident_history(incident: Incident) -> list[AuditEntry]:
    """Newest first; edits that changed only hidden (derived) fields are left out."""
    audited = BY_KEY["incident"]
    records = list(incident.history.select_related("history_user").order_by("history_date", "history_id"))
    entries: list[AuditEntry] = []
    previous = None
    for record in records:
        entry = to_entry(audited, record, previous)
        if record.history_type != "~" or entry.changes:
            entries.append(entry)
        previous = record
    return list(reversed(entries))
