"""An incident's deadlines from the rules (violations.rules) and its facts: which tracks apply to its parties,
the later violations that restarted a person's limitation, the periods that do not count towards the handling
time. The services store what these compute; the incident page explains it."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from officials.models import Official
from violations import rules
from violations.models import HandlingSuspension, Incident, IncidentParty, PartyRole, SanctionTrack
from violations.models.incident import OPEN_STATUSES

DUE_SOON_DAYS = 30

# Whose own act an incident records: a later one of theirs restarts their limitation (not a collective's).
ANSWERABLE_ROLES = (PartyRole.INDIVIDUAL, PartyRole.HEAD_RESPONSIBLE)


def later_violation_days(official_ids: Iterable[int], incident: Incident) -> dict[int, list[dt.date]]:
    """Per official, the days of their concluded violations after this incident's act."""
    ids = [pk for pk in official_ids if pk is not None]
    if not ids:
        return {}
    rows = (
        IncidentParty.objects.filter(
            official_id__in=ids,
            role__in=ANSWERABLE_ROLES,
            incident__is_substantiated=True,
            incident__occurred_on__gt=incident.occurred_on,
        )
        .exclude(incident_id=incident.pk)
        .values_list("official_id", "incident__occurred_on")
    )
    days: dict[int, list[dt.date]] = defaultdict(list)
    for official_id, day in rows:
        days[official_id].append(day)
    return days


def subjects_of(
    incident: Incident, parties: Sequence[tuple[Official | None, str]] | None = None
) -> list[rules.Subject]:
    """The incident's parties as the limitation rules see them, each with their later concluded violations.
    `parties` (official, role) stand for the stored ones while a form is being saved."""
    if parties is None:
        parties = [(p.official, p.role) for p in incident.parties.select_related("official")]
    restarting = later_violation_days(
        (o.pk for o, role in parties if o is not None and role in ANSWERABLE_ROLES), incident
    )
    return [
        rules.Subject(
            official.category if official else None,
            bool(official and official.is_party_member),
            tuple(restarting.get(official.pk, [])) if official and role in ANSWERABLE_ROLES else (),
        )
        for official, role in parties
    ]


def party_limitations(incident: Incident) -> list[rules.Limitation]:
    subjects = subjects_of(incident)
    pairs = rules.subject_limitations(
        subjects, incident.occurred_on, incident.warranted_form, incident.no_limitation_ground
    )
    return [limitation for _subject, limitation in pairs]


def track_limitations(items: Iterable[rules.Limitation]) -> dict[str, rules.Limitation]:
    """The longest-running limitation of each track (no limitation beats any date)."""
    by_track: dict[str, rules.Limitation] = {}
    for item in items:
        current = by_track.get(item.track)
        by_track[item.track] = item if current is None else max(current, item, key=rules.lasting)
    return by_track


def incident_pauses(incident: Incident) -> list[rules.Pause]:
    if incident.pk is None:
        return []
    return [
        rules.Pause(s.starts_on, s.ends_on)
        for s in HandlingSuspension.objects.filter(incident=incident).only("starts_on", "ends_on")
    ]


def party_limitation(incident: Incident, party: IncidentParty, track: str) -> rules.Limitation:
    """One party's limitation on one track: what a sanction decision for them must fall within."""
    (subject,) = subjects_of(incident, [(party.official, party.role)])
    return rules.limitation_for(
        track,
        incident.occurred_on,
        incident.warranted_form,
        incident.no_limitation_ground,
        subject.later_violations,
    )


# --- as a person reads them ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: dt.date | None
    days_left: int | None
    basis: str
    applies: bool
    details: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        if not self.applies or self.days_left is None:
            return "done"
        if self.days_left < 0:
            return "overdue"
        return "due" if self.days_left <= DUE_SOON_DAYS else "ok"


def _days_left(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else (due - today).days


def _limitation_row(limitation: rules.Limitation, is_open: bool, today: dt.date) -> Deadline:
    track = dict(SanctionTrack.choices)[limitation.track]
    details = []
    if limitation.unlimited_because:
        details.append(limitation.unlimited_because)
    else:
        details.append(
            _("Tính từ %(day)s (%(why)s).")
            % {
                "day": rules.format_day(limitation.counted_from),
                "why": _("ngày có vi phạm mới của cùng người, thời hiệu được tính lại")
                if limitation.restarted
                else _("ngày xảy ra hành vi"),
            }
        )
    if limitation.restarted:
        details.append(str(rules.RESTART_RULE.cited))
    return Deadline(
        str(_("Thời hiệu xử lý kỷ luật — %(track)s") % {"track": track}),
        limitation.ends_on,
        _days_left(limitation.ends_on, today),
        limitation.rule.cited,
        is_open,
        details,
    )


def _handling_row(incident: Incident, is_open: bool, today: dt.date) -> Deadline:
    rule = rules.handling_rule_for(incident.detected_on)
    suspensions = list(HandlingSuspension.objects.filter(incident=incident))
    details = [
        _("Tính từ ngày phát hiện %(day)s: %(days)s ngày, gia hạn một lần tối đa %(max)s ngày.")
        % {"day": rules.format_day(incident.detected_on), "days": rule.days, "max": rule.max_days}
    ]
    for s in suspensions:
        details.append(
            _("Không tính thời gian từ %(start)s đến %(end)s: %(reason)s")
            % {
                "start": rules.format_day(s.starts_on),
                "end": rules.format_day(s.ends_on) if s.ends_on else _("nay (đang tạm dừng)"),
                "reason": s.reason,
            }
        )
    if incident.handling_extended_to:
        details.append(
            _("Đã gia hạn đến %(day)s.") % {"day": rules.format_day(incident.handling_extended_to)}
        )
    return Deadline(
        str(_("Thời hạn xử lý kỷ luật")),
        incident.handling_deadline,
        _days_left(incident.handling_deadline, today),
        rule.cited,
        is_open,
        details,
    )


def incident_deadlines(incident: Incident, today: dt.date) -> list[Deadline]:
    """Each deadline with the rule that produced it, its basis, where it counts from, what it leaves out."""
    is_open = incident.status in OPEN_STATUSES
    rows = [_handling_row(incident, is_open, today)]
    by_track = track_limitations(party_limitations(incident))
    for track in sorted(by_track):
        rows.append(_limitation_row(by_track[track], is_open, today))
    return rows
