"""The handling workflow of an incident: which step may follow which, and who may take it.

reported → verifying → substantiated | unsubstantiated; substantiated → sanctioned (once a sanction is
recorded) → closed; unsubstantiated → closed; any open case → time_barred with a required reason.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from units.models import Role
from violations.models import Status

HANDLERS = frozenset({Role.INSPECTOR, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str | Promise
    roles: frozenset[str] = HANDLERS
    note_required: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.REPORTED, Status.VERIFYING, _("Bắt đầu xác minh")),
    Transition(Status.VERIFYING, Status.SUBSTANTIATED, _("Kết luận có vi phạm"), note_required=True),
    Transition(Status.VERIFYING, Status.UNSUBSTANTIATED, _("Kết luận không vi phạm"), note_required=True),
    Transition(Status.SUBSTANTIATED, Status.SANCTIONED, _("Xác nhận đã quyết định kỷ luật")),
    Transition(Status.SANCTIONED, Status.CLOSED, _("Đóng vụ việc")),
    Transition(Status.UNSUBSTANTIATED, Status.CLOSED, _("Đóng vụ việc")),
    Transition(Status.REPORTED, Status.TIME_BARRED, _("Đóng do hết thời hiệu"), note_required=True),
    Transition(Status.VERIFYING, Status.TIME_BARRED, _("Đóng do hết thời hiệu"), note_required=True),
    Transition(Status.SUBSTANTIATED, Status.TIME_BARRED, _("Đóng do hết thời hiệu"), note_required=True),
)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def find_transition(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)
