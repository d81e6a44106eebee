"""The handling workflow of an incident: which step may follow which, and what each state allows.

reported → verifying → substantiated | unsubstantiated; substantiated → sanctioned (once a sanction is
recorded) → closed; unsubstantiated → closed; any open case → time_barred with a required reason.

Who may take a step is not decided here but in violations.access (the handlers of the incident's units,
minus anyone with a conflict of interest); this module says what the incident's state permits.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from violations.models import Incident, Status
from violations.models.incident import OPEN_STATUSES


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str | Promise
    note_required: bool = False


# Steps (buttons), said in the same Vietnamese words as the statuses they lead to, but not in English.
CONCLUDE_VIOLATION = pgettext_lazy("bước xử lý", "Kết luận có vi phạm")
CLOSE_TIME_BARRED = pgettext_lazy("bước xử lý", "Đóng do hết thời hiệu")

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.REPORTED, Status.VERIFYING, _("Bắt đầu xác minh")),
    Transition(Status.VERIFYING, Status.SUBSTANTIATED, CONCLUDE_VIOLATION, note_required=True),
    Transition(Status.VERIFYING, Status.UNSUBSTANTIATED, _("Kết luận không vi phạm"), note_required=True),
    Transition(Status.SUBSTANTIATED, Status.SANCTIONED, _("Xác nhận đã quyết định kỷ luật")),
    Transition(Status.SANCTIONED, Status.CLOSED, _("Đóng vụ việc")),
    Transition(Status.UNSUBSTANTIATED, Status.CLOSED, _("Đóng vụ việc")),
    Transition(Status.REPORTED, Status.TIME_BARRED, CLOSE_TIME_BARRED, note_required=True),
    Transition(Status.VERIFYING, Status.TIME_BARRED, CLOSE_TIME_BARRED, note_required=True),
    Transition(Status.SUBSTANTIATED, Status.TIME_BARRED, CLOSE_TIME_BARRED, note_required=True),
)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def find_transition(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def accepts_sanctions(incident: Incident) -> bool:
    """A disciplinary decision is recorded once the case is concluded with a violation found."""
    return incident.status in (Status.SUBSTANTIATED, Status.SANCTIONED)


def limitation_passed(incident: Incident, day: dt.date) -> bool:
    """Whether the limitation period (thời hiệu) had ended by `day`: only then may a case close as
    time-barred. An incident with no limitation (None) never does."""
    return incident.limitation_deadline is not None and incident.limitation_deadline < day


def accepts_extension(incident: Incident) -> bool:
    """Handling may be extended once while the case is open (Nghị định 112/2020 Điều 5 khoản 4, kept by
    172/2025: ≤ 90 days from detection, extendable once to ≤ 150)."""
    return incident.status in OPEN_STATUSES and incident.handling_extended_to is None
