"""The change history of one incident, as its page shows it: the audit log's entries for that record.

One reading of the history for the whole application (units.history_display, through the audit log's
to_entry): the same hidden and masked fields, the same labels and values, so the incident page and the audit
log never disagree about what changed.
"""

from django.utils.translation import gettext as _

from units.history_baseline import BASELINE_REASON
from units.history_display import ChangeReader, actor_label
from violations.audit.selectors import BY_KEY, AuditEntry, to_entry
from violations.models import Incident


def incident_history(incident: Incident) -> list[AuditEntry]:
    """Newest first; saves that changed only derived fields (deadlines, search keys) are left out."""
    audited = BY_KEY["incident"]
    rows = list(incident.history.select_related("history_user").order_by("history_date", "history_id"))
    reader = ChangeReader()
    reader.add([(row, rows[index - 1] if index else None) for index, row in enumerate(rows)])
    return [to_entry(audited, row, reader) for row in reversed(rows) if not reader.unchanged(row)]


def incident_recorder(incident: Incident, history: list[AuditEntry]) -> str:
    """Who filed the incident. Without a recorded user it was either loaded with the demo data (no history of
    its own, or a first version written for it later) or filed by an account deleted since."""
    if incident.created_by is not None:
        return actor_label(incident.created_by)
    first = history[-1] if history else None
    if first is None or (first.history_type == "+" and first.reason == BASELINE_REASON):
        return _("Nhập từ dữ liệu mẫu")
    return _("Tài khoản đã bị xóa")
