"""Deadlines of one incident as a person reads them: date, days left and the legal basis."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from violations import rules
from violations.models import Incident
from violations.models.incident import OPEN_STATUSES

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: dt.date
    days_left: int
    basis: str
    applies: bool

    @property
    def state(self) -> str:
        if not self.applies:
            return "done"
        if self.days_left < 0:
            return "overdue"
        return "due" if self.days_left <= DUE_SOON_DAYS else "ok"


def incident_deadlines(incident: Incident, today: dt.date) -> list[Deadline]:
    is_open = incident.status in OPEN_STATUSES
    result = []
    if incident.limitation_deadline:
        result.append(
            Deadline(
                str(_("Thời hiệu xử lý kỷ luật")),
                incident.limitation_deadline,
                (incident.limitation_deadline - today).days,
                str(rules.limitation_rule_for(incident.occurred_on).basis),
                is_open,
            )
        )
    if incident.handling_deadline:
        result.append(
            Deadline(
                str(_("Thời hạn xử lý kỷ luật")),
                incident.handling_deadline,
                (incident.handling_deadline - today).days,
                str(rules.handling_rule_for(incident.handling_started_on or today).basis),
                is_open,
            )
        )
    return result
